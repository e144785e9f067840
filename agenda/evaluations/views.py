"""Evaluation pages: templates (organizers of a body), an event's evaluations and results (its organizers),
and answering (the person, from the personal link or the signed link of the follow-up mail)."""
import hmac
from datetime import datetime

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.access import organizer_required
from ..domain import DomainError, NotFound
from ..events.models import Event, EventSession
from ..extensions import db
from ..forms import EmptyForm
from ..registration import roster
from ..registration.locking import commit_or_busy
from ..registration.models import Registration
from ..registration.services import by_token
from ..reports.charts import bar_chart
from ..spreadsheets import download
from ..timeutil import to_local, to_utc
from . import followup as followup_mail
from . import results as evaluation_results
from . import services
from .links import link_signature
from .models import QUESTION_KIND_LABELS, EvaluationTemplate

bp = Blueprint("evaluations", __name__)
TEMPLATE_ROWS = 12


# --- the person's side -----------------------------------------------------------------------------------

@bp.app_context_processor
def evaluation_helpers():
    return {"evaluation_box_for": evaluation_box_for}


def evaluation_box_for(registration, token: str | None) -> list[dict]:
    """For the personal page: the evaluations this person may answer, with their state and link."""
    if registration is None or token is None or getattr(registration, "status", None) != "confirmed":
        return []
    items = []
    for evaluation in services.event_evaluations(db.session, registration.event_id):
        if not services.may_answer(db.session, evaluation, registration):
            continue
        items.append({"evaluation": evaluation, "state": services.state(evaluation),
                      "answered": services.has_answered(db.session, evaluation, registration),
                      "url": url_for("evaluations.answer", token=token, evaluation_id=evaluation.id)})
    return items


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


def _answer_page(evaluation, registration, back_url: str | None):
    if evaluation.event_id != registration.event_id:
        raise NotFound(_("La evaluación no existe."))
    values, errors, status = {}, {}, 200
    own = services.own_response(db.session, evaluation, registration)
    if own is not None:
        values = {k: str(v) for k, v in (own.answers or {}).items()}
    if request.method == "POST":
        if not EmptyForm().validate_on_submit():
            abort(400)
        values = {q["key"]: request.form.get(q["key"], "") for q in evaluation.questions}
        try:
            services.submit(db.session, evaluation, registration, request.form)
            commit_or_busy(db.session)
        except services.AnswerErrors as failure:
            db.session.rollback()
            errors, status = failure.errors, 422
        except DomainError as failure:
            db.session.rollback()
            errors, status = {"_": failure.message}, failure.status
        else:
            flash(_("Gracias: sus respuestas quedaron guardadas."), "success")
            return redirect(request.path, 303)
    answered = services.has_answered(db.session, evaluation, registration)
    return _no_store(Response(render_template(
        "evaluations/answer.html", evaluation=evaluation, event=evaluation.event, state=services.state(evaluation),
        allowed=services.may_answer(db.session, evaluation, registration), answered=answered,
        locked=answered and evaluation.is_anonymous, values=values, errors=errors, back_url=back_url,
        form=EmptyForm()), status))


@bp.route("/mi-registro/<token>/evaluaciones/<int:evaluation_id>", methods=["GET", "POST"])
def answer(token: str, evaluation_id: int):
    registration = by_token(db.session, token)
    evaluation = services.evaluation_for(db.session, evaluation_id)
    return _answer_page(evaluation, registration, url_for("registration.manage", token=token))


@bp.route("/evaluaciones/<int:evaluation_id>/responder/<int:registration_id>/<signature>",
          methods=["GET", "POST"])
def answer_signed(evaluation_id: int, registration_id: int, signature: str):
    registration = db.session.get(Registration, registration_id)
    if registration is None or not hmac.compare_digest(link_signature(evaluation_id, registration), signature):
        raise NotFound(_("El enlace no es válido o ya no está vigente."))
    return _answer_page(services.evaluation_for(db.session, evaluation_id), registration, None)


# --- organizers ------------------------------------------------------------------------------------------

def _rows_from_form() -> list[dict]:
    return [{"label": request.form.get(f"label_{i}", ""), "kind": request.form.get(f"kind_{i}", "scale"),
             "choices": request.form.get(f"choices_{i}", ""), "required": request.form.get(f"required_{i}") == "1"}
            for i in range(1, TEMPLATE_ROWS + 1)]


def _rows_from_template(template: EvaluationTemplate | None) -> list[dict]:
    rows = [{"label": q["label"], "kind": q["kind"], "choices": "\n".join(q.get("choices") or []),
             "required": q.get("required")} for q in (template.questions if template else [])]
    return rows + [{"label": "", "kind": "scale", "choices": "", "required": False}] * (TEMPLATE_ROWS - len(rows))


@bp.route("/evaluaciones/plantillas", methods=["GET", "POST"])
@bp.route("/evaluaciones/plantillas/<int:template_id>", methods=["GET", "POST"])
@organizer_required
def templates(template_id: int | None = None):
    template = None
    if template_id is not None:
        template = db.session.get(EvaluationTemplate, template_id)
        if template is None:
            raise NotFound(_("La plantilla no existe."))
        services.check_template_owner(current_user, template)
    title, rows, errors, status = (template.title if template else ""), _rows_from_template(template), {}, 200
    if request.method == "POST":
        if not EmptyForm().validate_on_submit():
            abort(400)
        title, rows = request.form.get("title", ""), _rows_from_form()
        organization_id = template.organization_id if template else current_user.organization_id
        if organization_id is None:
            errors, status = {"title": _("Su cuenta no pertenece a un organismo.")}, 422
        else:
            try:
                saved = services.save_template(db.session, organization_id, title, rows, template)
                db.session.commit()
            except DomainError as failure:
                db.session.rollback()
                errors, status = {failure.field or "title": failure.message}, failure.status
            else:
                flash(_("Plantilla guardada."), "success")
                return redirect(url_for("evaluations.templates", template_id=saved.id), 303)
    return render_template("evaluations/templates.html", template=template, title=title, rows=rows,
                           errors=errors, kinds=QUESTION_KIND_LABELS,
                           existing=services.templates_for(db.session, current_user), form=EmptyForm()), status


def managed_event(event_id: int) -> Event:
    """The event, if the current user organizes it (404 / 403 otherwise): registration.roster's rule."""
    return roster.managed_event(db.session, event_id, current_user)


def _parse_local(value: str, zone: str) -> datetime:
    try:
        return to_utc(datetime.fromisoformat((value or "").strip()), zone)
    except ValueError:
        raise DomainError(_("Escriba la fecha y hora de cierre."), "invalid", field="closes_at") from None


@bp.route("/evaluaciones/eventos/<int:event_id>", methods=["GET", "POST"])
@organizer_required
def event_page(event_id: int):
    event = managed_event(event_id)
    errors, status = {}, 200
    if request.method == "POST":
        if not EmptyForm().validate_on_submit():
            abort(400)
        try:
            template = db.session.get(EvaluationTemplate, request.form.get("template_id", type=int) or 0)
            if template is None:
                raise DomainError(_("Elija una plantilla."), "invalid", field="template_id")
            services.check_template_owner(current_user, template)
            services.attach(db.session, event, template, _parse_local(request.form.get("closes_at"), event.timezone),
                            session_id=request.form.get("session_id", type=int) or None,
                            anonymous=request.form.get("anonymous") == "1")
            db.session.commit()
        except DomainError as failure:
            db.session.rollback()
            errors, status = {failure.field or "template_id": failure.message}, failure.status
        else:
            flash(_("Evaluación agregada."), "success")
            return redirect(url_for("evaluations.event_page", event_id=event.id), 303)
    return render_template("evaluations/event.html", event=event,
                           evaluations=services.event_evaluations(db.session, event.id),
                           templates=services.templates_for(db.session, current_user), state=services.state,
                           errors=errors, form=EmptyForm(), to_local=to_local), status


def _managed_evaluation(evaluation_id: int):
    evaluation = services.evaluation_for(db.session, evaluation_id)
    managed_event(evaluation.event_id)
    return evaluation


@bp.get("/evaluaciones/<int:evaluation_id>/resultados")
@organizer_required
def results(evaluation_id: int):
    evaluation = _managed_evaluation(evaluation_id)
    outcome = evaluation_results.results_for(db.session, evaluation)
    charts = {q.key: bar_chart([(label, count) for label, count in q.distribution],
                               _("Distribución: %(q)s", q=q.label)) for q in outcome.questions if q.distribution}
    return render_template("evaluations/results.html", evaluation=evaluation, event=evaluation.event,
                           results=outcome, charts=charts, min_cell=evaluation_results.MIN_CELL)


@bp.get("/evaluaciones/<int:evaluation_id>/resultados.<fmt>")
@organizer_required
def results_download(evaluation_id: int, fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise NotFound(_("Formato no disponible."))
    evaluation = _managed_evaluation(evaluation_id)
    sheets = evaluation_results.sheets(evaluation_results.results_for(db.session, evaluation))
    return download(sheets, f"evaluacion-{evaluation.id}-resultados", fmt)



# --- the follow-up mail ----------------------------------------------------------------------------------

@bp.route("/evaluaciones/sesiones/<int:session_id>/seguimiento", methods=["GET", "POST"])
@organizer_required
def followup(session_id: int):
    event_session = db.session.get(EventSession, session_id)
    if event_session is None:
        raise NotFound(_("La sesión no existe."))
    event = managed_event(event_session.event_id)
    if request.method == "POST":
        if not EmptyForm().validate_on_submit():
            abort(400)
        queued = followup_mail.send(db.session, event_session)
        commit_or_busy(db.session)
        flash(_("Correos de seguimiento en cola: %(n)s (nadie lo recibe dos veces).", n=queued), "success")
        return redirect(url_for("evaluations.followup", session_id=session_id), 303)
    return render_template("evaluations/followup.html", event=event, event_session=event_session,
                           preview=followup_mail.preview(db.session, event_session), form=EmptyForm())
