"""Organizers' pages for one event (its organizers and admins only): registrants with search, filters and
counts, exports, manual add, cancel, promote, and the event's own questions."""
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..catalog.services import organizations, states
from ..domain import DomainError
from ..extensions import db
from ..forms import EmptyForm
from ..spreadsheets import download
from . import roster, services
from .blueprint import bp
from .forms import PersonForm, QuestionForm, put_errors_on_form, values_from_form
from .locking import commit_or_busy
from .models import SECTOR_LABELS, STATUS_LABELS, Registration
from .validation import RegistrationValidationError


@bp.get("/eventos/<int:event_id>/registros")
@login_required
def roster_page(event_id: int):
    event = roster.managed_event(db.session, event_id, current_user)
    filters = roster.RosterFilters.from_args(request.args)
    rows = roster.registrants(db.session, event, filters)
    return render_template(
        "registration/roster.html", event=event, rows=rows, filters=filters,
        counts=roster.counts(db.session, event), states=states(db.session), statuses=STATUS_LABELS,
        sectors=SECTOR_LABELS, form=EmptyForm(), export_args={k: v for k, v in vars(filters).items() if v})


@bp.get("/eventos/<int:event_id>/registros.<any(csv, xlsx):kind>")
@login_required
def roster_export(event_id: int, kind: str):
    event = roster.managed_event(db.session, event_id, current_user)
    rows = roster.registrants(db.session, event, roster.RosterFilters.from_args(request.args))
    event_questions = roster.questions(db.session, event.id)
    return download([roster.export_sheet(event, rows, event_questions)], f"registros-evento-{event.id}", kind)


@bp.route("/eventos/<int:event_id>/registros/nuevo", methods=["GET", "POST"])
@login_required
def manual_add(event_id: int):
    event = roster.managed_event(db.session, event_id, current_user)
    event_questions = roster.questions(db.session, event.id)
    form = PersonForm()
    form.fill_choices(states(db.session), organizations(db.session))
    status, question_errors, form_error = 200, {}, None
    answers = {f"q_{q.id}": request.form.get(f"q_{q.id}", "") for q in event_questions}
    if form.is_submitted():
        if not form.validate():
            abort(400)
        try:
            result = services.register(db.session, event.id, values_from_form(form, request.form, event_questions),
                                       source="manual", actor=current_user, require_consent=False,
                                       check_window=False)
            commit_or_busy(db.session)
        except RegistrationValidationError as error:
            db.session.rollback()
            question_errors, status = put_errors_on_form(form, error.errors), 422
        except DomainError as error:
            if error.status not in (409, 410):
                raise
            db.session.rollback()
            form_error, status = error.message, error.status
        else:
            message = (_("Registro agregado: lugar confirmado.") if result.status == "confirmed" else
                       _("Registro agregado en la lista de espera (lugar %(n)d).", n=result.waitlist_position))
            flash(message, "success")
            return redirect(url_for("registration.roster_page", event_id=event.id))
        event = roster.managed_event(db.session, event_id, current_user)
    return render_template("registration/manual_add.html", event=event, form=form, questions=event_questions,
                           answers=answers, question_errors=question_errors, form_error=form_error), status


def _registration_action(event_id: int, registration_id: int, action) -> Response:
    event = roster.managed_event(db.session, event_id, current_user)
    if not EmptyForm().validate_on_submit():
        abort(400)
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event.id:
        abort(404)
    try:
        message = action(registration)
        commit_or_busy(db.session)
    except DomainError as error:
        if error.status not in (409, 422):  # a refused action (or a missing reason) is told on the roster
            raise
        db.session.rollback()
        flash(error.message, "error")
    else:
        flash(message, "success")
    return redirect(request.form.get("back") if _is_roster_url(request.form.get("back"), event_id)
                    else url_for("registration.roster_page", event_id=event_id))


def _is_roster_url(target: str | None, event_id: int) -> bool:
    base = url_for("registration.roster_page", event_id=event_id)
    return bool(target) and (target == base or target.startswith(base + "?"))


@bp.post("/eventos/<int:event_id>/registros/<int:registration_id>/cancelar")
@login_required
def organizer_cancel(event_id: int, registration_id: int):
    def action(registration):
        services.cancel(db.session, registration.id, by_organizer=True)
        return _("Registro cancelado. Si había lista de espera, el primer lugar recibió el asiento.")

    return _registration_action(event_id, registration_id, action)


@bp.post("/eventos/<int:event_id>/registros/<int:registration_id>/confirmar")
@login_required
def organizer_promote(event_id: int, registration_id: int):
    def action(registration):
        capacity_before = registration.event.capacity
        services.promote(db.session, registration.id, request.form.get("reason"), current_user)
        if registration.event.capacity != capacity_before:
            return _("Registro confirmado. No había lugares libres: el cupo pasó a %(n)d.",
                     n=registration.event.capacity)
        return _("Registro confirmado desde la lista de espera.")

    return _registration_action(event_id, registration_id, action)


@bp.route("/eventos/<int:event_id>/preguntas", methods=["GET", "POST"])
@login_required
def questions(event_id: int):
    event = roster.managed_event(db.session, event_id, current_user)
    form = QuestionForm()
    status = 200
    if form.is_submitted():
        if not form.validate():
            abort(400)
        try:
            roster.save_question(db.session, event, {"label": form.label.data, "kind": form.kind.data,
                                                     "choices": form.choices.data,
                                                     "is_required": form.is_required.data})
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            getattr(form, error.field or "label").errors = [error.message]
            status = 422
            event = roster.managed_event(db.session, event_id, current_user)
        else:
            flash(_("Pregunta agregada al formulario."), "success")
            return redirect(url_for("registration.questions", event_id=event.id))
    return render_template("registration/questions.html", event=event, form=form,
                           questions=roster.questions(db.session, event.id), delete_form=EmptyForm()), status


@bp.post("/eventos/<int:event_id>/preguntas/<int:question_id>/eliminar")
@login_required
def delete_question(event_id: int, question_id: int):
    event = roster.managed_event(db.session, event_id, current_user)
    if not EmptyForm().validate_on_submit():
        abort(400)
    roster.delete_question(db.session, event, question_id)
    db.session.commit()
    flash(_("Pregunta eliminada, con sus respuestas."), "success")
    return redirect(url_for("registration.questions", event_id=event.id))
