"""The public registration form, the duplicate "send me my link again", and "Mis registros"."""

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..catalog.services import organizations, states
from ..domain import DomainError
from ..events.models import Event
from ..events.services import can_view
from ..extensions import db, limiter
from ..forms import EmptyForm
from . import privacy, services
from .blueprint import bp, notice_html
from .forms import HONEYPOT_FIELD, LookupForm, RegistrationForm, put_errors_on_form, values_from_form
from .locking import commit_or_busy
from .mails import session_lines
from .seats import registration_window, seat_counts
from .typos import DOMAIN_FIXES, suggest_address
from .validation import RegistrationValidationError, clean_email


def registration_limit() -> str:
    return current_app.config["RATELIMIT_REGISTRATION"]


# One budget per client address for the form and the API together (POST only).
limit_registrations = limiter.shared_limit(registration_limit, scope="registration", methods=["POST"])
limit_lookups = limiter.shared_limit(registration_limit, scope="registration-lookup", methods=["POST"])


def public_event(event_id: int) -> Event:
    """The event as its public page shows it, or 404 (drafts, members-only events for visitors)."""

    event = db.session.scalar(select(Event).where(Event.id == event_id).options(
        selectinload(Event.sessions), selectinload(Event.organization)))
    if event is None or not can_view(current_user, event):
        abort(404)
    return event


def _form_page(event: Event, form: RegistrationForm, questions, status: int = 200, **extra):
    counts = seat_counts(db.session, [event])[event.id]
    return render_template(
        "registration/form.html", event=event, form=form, questions=questions, counts=counts,
        window=registration_window(event), sessions=session_lines(event),
        notice=notice_html(privacy.privacy_notice(event)), honeypot=HONEYPOT_FIELD, domain_fixes=DOMAIN_FIXES,
        question_errors=extra.pop("question_errors", {}), answers=extra.pop("answers", {}), **extra), status


@bp.route("/eventos/<int:event_id>/registro", methods=["GET", "POST"])
@limit_registrations
def register(event_id: int):
    event = public_event(event_id)
    questions = services.event_questions(db.session, event.id)
    form = RegistrationForm()
    form.fill_choices(states(db.session), organizations(db.session))
    if not form.is_submitted():
        window = registration_window(event)
        return _form_page(event, form, questions, 200 if window.is_open else 410)
    if not form.validate():  # CSRF only: the rules are the service's
        abort(400)
    answers = {f"q_{q.id}": request.form.get(f"q_{q.id}", "") for q in questions}
    if request.form.get(HONEYPOT_FIELD):
        return _form_page(event, form, questions, 400, answers=answers,
                          form_error=_("No pudimos procesar el formulario. Si usted es una persona, deje vacío "
                                       "el campo «Deje este campo vacío» y envíelo de nuevo."))
    values = values_from_form(form, request.form, questions)
    try:
        result = services.register(db.session, event.id, values, source="form", actor=current_user)
        commit_or_busy(db.session)
    except RegistrationValidationError as error:
        db.session.rollback()
        question_errors = put_errors_on_form(form, error.errors)
        return _form_page(event, form, questions, 422, question_errors=question_errors, answers=answers,
                          form_error=_("Revise los datos marcados."))
    except services.DuplicateRegistration as error:
        db.session.rollback()
        return _form_page(event, form, questions, 409, answers=answers, duplicate=True,
                          form_error=error.message, resend_form=EmptyForm())
    except DomainError as error:
        if error.status not in (409, 410):
            raise
        db.session.rollback()
        return _form_page(event, form, questions, error.status, answers=answers, form_error=error.message)
    # Post/Redirect/Get: the confirmation is a page of its own, safe to reload and bookmark.
    return redirect(url_for("registration.confirmation", token=result.token), 303)


@bp.post("/eventos/<int:event_id>/registro/reenviar")
@limit_lookups
def resend_link(event_id: int):
    """After a duplicate: mail a fresh link to the address (same answer whether or not it is registered)."""
    event = public_event(event_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.resend_link(db.session, event.id, request.form.get("email", ""))
    commit_or_busy(db.session)
    return render_template("registration/link_sent.html", event=event)


@bp.route("/mis-registros", methods=["GET", "POST"])
@limit_lookups
def my_registrations():
    form = LookupForm()
    if form.validate_on_submit():
        if clean_email(form.email.data or "") is None:  # "nada" is no address: say so instead of "sent"
            form.email.errors = [_("Escriba un correo electrónico completo, por ejemplo nombre@dominio.gob.mx.")]
            return render_template("registration/lookup.html", form=form, sent=False), 422
        privacy.request_lookup(db.session, form.email.data or "")
        commit_or_busy(db.session)
        return render_template("registration/lookup.html", form=LookupForm(formdata=None), sent=True,
                               suggestion=suggest_address(form.email.data or ""))
    status = 400 if form.is_submitted() else 200
    return render_template("registration/lookup.html", form=form, sent=False), status


@bp.get("/mis-registros/<token>")
def my_registrations_list(token: str):
    email, registrations = privacy.lookup(db.session, token)
    page = render_template("registration/lookup_list.html", email=email, registrations=registrations, token=token)
    return page, {"Cache-Control": "no-store"}  # someone's e-mail and registrations: no shared cache keeps it

