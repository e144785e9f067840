"""Materials pages: the organizer's list and upload form per event, downloads (public, from the personal
link, or from the signed link of the follow-up mail), and the boxes on the event page and the personal page."""
import hmac
from urllib.parse import quote

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.access import organizer_required
from ..domain import DomainError, NotFound
from ..events.models import Event
from ..extensions import db
from ..forms import EmptyForm
from ..registration import roster
from ..registration.models import Registration
from ..registration.services import by_token
from ..uploads import max_bytes
from . import services
from .links import link_signature
from .models import LINK_KIND_LABELS, VISIBILITY_LABELS

bp = Blueprint("materials", __name__)


@bp.app_context_processor
def material_helpers():
    return {"materials_for_page": materials_for_page, "material_visibility_labels": VISIBILITY_LABELS,
            "material_link_labels": LINK_KIND_LABELS}


def materials_for_page(event, registration=None, token: str | None = None) -> list[dict]:
    """The materials this visitor may see, each with the href to open it."""
    items = []
    user = current_user if registration is None else None
    for material in services.visible_materials(db.session, event, user, registration):
        if material.kind == "link":
            href = material.url
        elif token:
            href = url_for("materials.personal_download", token=token, material_id=material.id)
        else:
            href = url_for("materials.download", material_id=material.id)
        items.append({"material": material, "href": href})
    return items


def _file_response(material, private: bool) -> Response:
    if material.kind != "file":
        return redirect(material.url)
    response = Response(material.data, mimetype=material.content_type)
    response.headers["Content-Disposition"] = (f'attachment; filename="{material.filename}"; '
                                               f"filename*=UTF-8''{quote(material.filename)}")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store" if private else "public, max-age=300"
    return response


@bp.get("/materiales/<int:material_id>")
def download(material_id: int):
    material = services.material_for(db.session, material_id)
    services.check_may_see(db.session, material, current_user)
    return _file_response(material, material.visibility != "public")


@bp.get("/mi-registro/<token>/materiales/<int:material_id>")
def personal_download(token: str, material_id: int):
    registration = by_token(db.session, token)
    material = services.material_for(db.session, material_id)
    services.check_may_see(db.session, material, None, registration)
    return _file_response(material, True)


@bp.get("/materiales/<int:material_id>/r/<int:registration_id>/<signature>")
def signed_download(material_id: int, registration_id: int, signature: str):
    registration = db.session.get(Registration, registration_id)
    if registration is None or not hmac.compare_digest(link_signature(material_id, registration), signature):
        raise NotFound(_("El enlace no es válido o ya no está vigente."))
    material = services.material_for(db.session, material_id)
    services.check_may_see(db.session, material, None, registration)
    return _file_response(material, True)


def managed_event(event_id: int) -> Event:
    """The event, if the current user organizes it (404 / 403 otherwise): registration.roster's rule."""
    return roster.managed_event(db.session, event_id, current_user)


@bp.route("/materiales/eventos/<int:event_id>", methods=["GET", "POST"])
@organizer_required
def event_page(event_id: int):
    event = managed_event(event_id)
    errors, status = {}, 200
    if request.method == "POST":
        if not EmptyForm().validate_on_submit():
            abort(400)
        session_id = request.form.get("session_id", type=int) or None
        visibility = request.form.get("visibility", "public")
        try:
            if request.form.get("kind") == "link":
                services.add_link(db.session, event, request.form.get("url", ""), request.form.get("title", ""),
                                  visibility, session_id, request.form.get("link_kind"), current_user)
            else:
                upload = request.files.get("file")
                services.add_file(db.session, event, upload.stream if upload else None,
                                  upload.filename if upload else "", request.form.get("title", ""), visibility,
                                  session_id, current_user)
            db.session.commit()
        except DomainError as failure:
            db.session.rollback()
            errors, status = {failure.field or "file": failure.message}, failure.status
        else:
            flash(_("Material agregado."), "success")
            return redirect(url_for("materials.event_page", event_id=event.id), 303)
    return render_template("materials/event.html", event=event,
                           materials=services.event_materials(db.session, event.id), errors=errors,
                           max_mb=f"{max_bytes() / 1024 / 1024:g}", form=EmptyForm()), status


@bp.post("/materiales/<int:material_id>/eliminar")
@organizer_required
def delete(material_id: int):
    if not EmptyForm().validate_on_submit():
        abort(400)
    material = services.material_for(db.session, material_id)
    event_id = material.event_id
    services.delete_material(db.session, material, current_user)
    db.session.commit()
    flash(_("Material quitado."), "success")
    return redirect(url_for("materials.event_page", event_id=event_id), 303)
