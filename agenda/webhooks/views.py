"""Pages: an organizer's (their body) or admin's (all) webhook endpoints, the secret shown once on creation,
each endpoint's delivery log, switching on and off, deleting."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from ..accounts.access import organizer_required
from ..catalog.models import Organization
from ..domain import DomainError
from ..extensions import db
from ..timeutil import to_local
from . import services
from .models import WEBHOOK_FACTS, WebhookDelivery

bp = Blueprint("webhooks", __name__)

FACT_LABELS = {
    "event.created": _l("Evento creado"), "event.changed": _l("Evento modificado"),
    "event.cancelled": _l("Evento cancelado"), "registration.created": _l("Registro creado"),
    "registration.cancelled": _l("Registro cancelado"),
    "registration.promoted": _l("Confirmado desde la lista de espera"),
    "attendance.recorded": _l("Asistencia registrada"), "certificate.issued": _l("Constancia emitida"),
}
STATUS_LABELS = {"pending": _l("En cola"), "sending": _l("Enviando"), "delivered": _l("Entregado"),
                 "failed": _l("Fallido"), "skipped": _l("Omitido (webhook desactivado)")}


def _when(instant):
    return to_local(instant, current_app.config["AGENDA_TIMEZONE"]).strftime("%Y-%m-%d %H:%M") if instant else ""


def _page(errors=None, secret=None, values=None, status=200):
    organizations = list(db.session.scalars(select(Organization).order_by(Organization.acronym))) \
        if current_user.is_admin else []
    return render_template("webhooks/list.html", endpoints=services.visible_endpoints(db.session, current_user),
                           facts=FACT_LABELS, organizations=organizations, errors=errors or {}, secret=secret,
                           values=values or {"facts": list(WEBHOOK_FACTS)}, when=_when), status


@bp.get("/webhooks")
@organizer_required
def index():
    return _page()


@bp.post("/webhooks")
@organizer_required
def create():
    values = {"url": request.form.get("url", ""), "description": request.form.get("description", ""),
              "facts": request.form.getlist("facts"), "organization": request.form.get("organization", "")}
    organization_id = None
    if current_user.is_admin and values["organization"]:
        if not values["organization"].isdigit() or db.session.get(Organization, int(values["organization"])) is None:
            return _page({"organization": _("Elija un organismo de la lista.")}, values=values, status=422)
        organization_id = int(values["organization"])
    try:
        endpoint = services.create_endpoint(db.session, current_user, values["url"], values["facts"],
                                            organization_id, values["description"])
    except DomainError as error:
        db.session.rollback()
        if error.status != 422:
            raise
        return _page({error.field or "url": error.message}, values=values, status=422)
    secret = endpoint.secret
    db.session.commit()
    flash(_("Webhook registrado."), "success")
    return _page(secret=secret, status=201)


@bp.get("/webhooks/<int:endpoint_id>")
@organizer_required
def detail(endpoint_id: int):
    endpoint = services.managed_endpoint(db.session, current_user, endpoint_id)
    deliveries = list(db.session.scalars(select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint.id)
                                         .order_by(WebhookDelivery.id.desc()).limit(200)))
    return render_template("webhooks/detail.html", endpoint=endpoint, deliveries=deliveries, facts=FACT_LABELS,
                           statuses=STATUS_LABELS, when=_when)


@bp.post("/webhooks/<int:endpoint_id>/<any(activar, desactivar):action>")
@organizer_required
def switch(endpoint_id: int, action: str):
    endpoint = services.managed_endpoint(db.session, current_user, endpoint_id)
    services.set_active(db.session, endpoint, action == "activar")
    db.session.commit()
    flash(_("Webhook activado.") if action == "activar" else _("Webhook desactivado."), "success")
    return redirect(url_for("webhooks.detail", endpoint_id=endpoint_id))


@bp.post("/webhooks/<int:endpoint_id>/eliminar")
@organizer_required
def remove(endpoint_id: int):
    endpoint = services.managed_endpoint(db.session, current_user, endpoint_id)
    db.session.delete(endpoint)
    db.session.commit()
    flash(_("Webhook eliminado con su registro de entregas."), "success")
    return redirect(url_for("webhooks.index"))
