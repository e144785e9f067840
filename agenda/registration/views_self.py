"""The person's own pages, opened by their secret self-service link (/mi-registro/<token>) or from a
"Mis registros" link (/mis-registros/<token>/<id>): see, correct, cancel, .ics, data download and deletion."""
import json

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..catalog.services import organizations, states
from ..domain import NotFound
from ..extensions import db
from ..forms import EmptyForm
from . import privacy, services
from .blueprint import bp
from .forms import PersonForm, put_errors_on_form, values_from_form
from .ical import registration_calendar
from .links import self_service_url
from .locking import commit_or_busy
from .mails import session_lines
from .models import Registration
from .validation import RegistrationValidationError


def _registration(token: str, registration_id: int | None) -> Registration:
    if registration_id is None:
        return services.by_token(db.session, token)
    return privacy.registration_for_link(db.session, token, registration_id)


def _link_args(token: str, registration_id: int | None) -> dict:
    return {"token": token} if registration_id is None else {"token": token, "registration_id": registration_id}


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/mi-registro/<token>")
@bp.get("/mis-registros/<token>/<int:registration_id>")
def manage(token: str, registration_id: int | None = None):
    registration = _registration(token, registration_id)
    event = registration.event
    questions = {q.id: q for q in services.event_questions(db.session, event.id)}
    return _no_store(Response(render_template(
        "registration/manage.html", registration=registration, event=event, sessions=session_lines(event),
        link=_link_args(token, registration_id), form=EmptyForm(), questions=questions,
        meeting_url=event.meeting_url if registration.status == "confirmed" else None)))


@bp.get("/mi-registro/<token>/confirmacion")
def confirmation(token: str):
    """Where the registration form redirects: the outcome, the personal link to copy, add-to-calendar buttons."""
    registration = services.by_token(db.session, token)
    event = registration.event
    return _no_store(Response(render_template(
        "registration/confirmation.html", event=event, registration=registration, sessions=session_lines(event),
        manage_url=self_service_url(token), manage_path=url_for("registration.manage", token=token),
        ics_path=url_for("registration.download_ics", token=token),
        meeting_url=event.meeting_url if registration.status == "confirmed" else None)))


@bp.route("/mi-registro/<token>/corregir", methods=["GET", "POST"])
@bp.route("/mis-registros/<token>/<int:registration_id>/corregir", methods=["GET", "POST"])
def edit(token: str, registration_id: int | None = None):
    registration = _registration(token, registration_id)
    questions = services.event_questions(db.session, registration.event_id)
    form = PersonForm(obj=None if request.method == "POST" else _form_data(registration))
    form.fill_choices(states(db.session), organizations(db.session))
    answers = {f"q_{a.question_id}": a.value for a in registration.answers}
    status, question_errors = 200, {}
    if form.is_submitted():
        if not form.validate():
            abort(400)
        answers = {f"q_{q.id}": request.form.get(f"q_{q.id}", "") for q in questions}
        email_before = registration.email
        try:
            services.update_details(db.session, registration, values_from_form(form, request.form, questions))
            commit_or_busy(db.session)
        except NotFound:
            raise _link_gone() from None
        except RegistrationValidationError as error:
            db.session.rollback()
            question_errors, status = put_errors_on_form(form, error.errors), 422
        except services.DuplicateRegistration as error:
            db.session.rollback()
            form.email.errors = [error.message]
            status = 409
        else:
            if registration_id is not None and registration.email != email_before:
                return _moved_to_another_address(token)
            flash(_("Sus datos quedaron corregidos."), "success")
            return redirect(url_for("registration.manage", **_link_args(token, registration_id)))
    registration = _registration(token, registration_id)
    return _no_store(Response(render_template(
        "registration/edit.html", registration=registration, event=registration.event, form=form,
        questions=questions, answers=answers, question_errors=question_errors,
        link=_link_args(token, registration_id)), status))


def _link_gone() -> NotFound:
    """The registration was erased by a parallel request (the person's other tab) while this one waited."""
    return NotFound(_("El enlace no es válido o ya no está vigente."))


def _moved_to_another_address(token: str) -> Response:
    """After a "Mis registros" link changed the registration's e-mail: the link opens only its own address's
    registrations, so the person goes back to its list, told how to reach the registration now."""
    flash(_("Sus datos quedaron corregidos. Como cambió el correo, este registro ya no aparece en esta lista: "
            "para abrirlo, pida un enlace en «Mis registros» con el correo nuevo."), "success")
    return redirect(url_for("registration.my_registrations_list", token=token))


def _form_data(registration: Registration):
    class Data:
        pass

    data = Data()
    for key in ("name", "email", "institution", "position", "sector", "gender", "accessibility"):
        setattr(data, key, getattr(registration, key) or "")
    data.state = registration.state.code if registration.state else ""
    data.organization = registration.organization.acronym if registration.organization else ""
    return data


@bp.post("/mi-registro/<token>/cancelar")
@bp.post("/mis-registros/<token>/<int:registration_id>/cancelar")
def cancel(token: str, registration_id: int | None = None):
    registration = _registration(token, registration_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        services.cancel(db.session, registration.id)
    except NotFound:
        raise _link_gone() from None
    commit_or_busy(db.session)
    flash(_("Su registro quedó cancelado. Le enviamos un correo de confirmación."), "success")
    return redirect(url_for("registration.manage", **_link_args(token, registration_id)))


@bp.get("/mi-registro/<token>/evento.ics")
@bp.get("/mis-registros/<token>/<int:registration_id>/evento.ics")
def download_ics(token: str, registration_id: int | None = None):
    registration = _registration(token, registration_id)
    text = registration_calendar(registration.event, registration, method="PUBLISH")
    response = Response(text, mimetype="text/calendar")
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="evento-{registration.event_id}.ics"'
    return _no_store(response)


@bp.get("/mi-registro/<token>/datos.json")
@bp.get("/mis-registros/<token>/<int:registration_id>/datos.json")
def download_data(token: str, registration_id: int | None = None):
    registration = _registration(token, registration_id)
    body = json.dumps(privacy.export_data(registration), ensure_ascii=False, indent=2)
    response = Response(body, mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="mis-datos-registro-{registration.id}.json"'
    return _no_store(response)


@bp.post("/mi-registro/<token>/eliminar")
@bp.post("/mis-registros/<token>/<int:registration_id>/eliminar")
def erase(token: str, registration_id: int | None = None):
    registration = _registration(token, registration_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if request.form.get("confirm") != "si":
        flash(_("Para eliminar sus datos marque la casilla de confirmación."), "error")
        return redirect(url_for("registration.manage", **_link_args(token, registration_id)), 303)
    title = registration.event.title
    if privacy.erase(db.session, registration.id):
        commit_or_busy(db.session)
    else:  # a parallel request erased it first: the data is gone, as the person asked
        db.session.rollback()
    return _no_store(Response(render_template("registration/erased.html", title=title)))
