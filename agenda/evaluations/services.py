"""Evaluation rules, callable without a request: templates, attaching them, who may answer and when, saving
answers (identified or anonymous), and the certificate condition "answered the event's evaluation".

How an anonymous evaluation keeps "each person answers once" without tying answers to anyone:

* When a person answers, two rows are written in the same transaction, in two tables:
  - `evaluation_markers(evaluation_id, marker)` where marker = HMAC-SHA256(key, "<evaluation id>:<registration
    id>") and the key is derived from SECRET_KEY. It lets the app answer "has registration R answered?" (compute
    the marker, look it up) so a second answer is refused and the certificate rule can be checked;
  - `evaluation_responses(id, evaluation_id, registration_id=NULL, answers, updated_at=NULL)` with a random id.
* The two rows share only the evaluation id. There is no registration id, no shared key, no timestamp and no
  sequence in either: the response's id is random and the marker is a hash, so neither their values nor their
  order (both tables are WITHOUT ROWID on SQLite, ordered by those random keys) says which marker goes with
  which response. Someone holding the tables — and even SECRET_KEY — can tell who answered but not what.
* Consequence: an anonymous answer cannot be changed after it is sent (finding it again would need exactly
  the link we refuse to keep). Identified evaluations keep registration_id and are editable until closing.
* Residual channels, outside the tables: PostgreSQL's physical heap order and WAL, and database logs, follow
  write order; anonymity against a database administrator who reads those needs more than one answer per
  evaluation (results show nothing per person anyway).
"""
import hashlib
import hmac
import secrets
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..attendance.certificates import CERTIFICATE_CONDITIONS, CertificateCondition
from ..attendance.models import Attendance
from ..domain import DomainError, Forbidden, NotFound
from ..events.models import Event, EventSession
from ..registration.models import Registration
from ..timeutil import utcnow
from ..web_input import clean_text
from .models import QUESTION_KINDS, Evaluation, EvaluationMarker, EvaluationResponse, EvaluationTemplate

MAX_QUESTIONS = 30
MAX_TEXT = 2000
SCALE = ("1", "2", "3", "4", "5")


# --- templates -------------------------------------------------------------------------------------------

def clean_questions(rows: list[dict]) -> list[dict]:
    """Validate the organizer's question rows (label, kind, choices text, required); empty labels are skipped.
    Raises DomainError 422 naming the row at fault."""
    questions = []
    for index, row in enumerate(rows, start=1):
        label = clean_text(row.get("label") or "").strip()[:300]
        if not label:
            continue
        kind = row.get("kind") or "scale"
        if kind not in QUESTION_KINDS:
            raise DomainError(_("Pregunta %(n)s: elija un tipo válido.", n=index), "invalid", field=f"kind_{index}")
        choices = None
        if kind == "choice":
            choices = [c.strip()[:200] for c in (row.get("choices") or "").splitlines() if c.strip()]
            if len(choices) < 2:
                raise DomainError(_("Pregunta %(n)s: escriba al menos dos opciones, una por línea.", n=index),
                                  "invalid", field=f"choices_{index}")
        questions.append({"key": f"q{len(questions) + 1}", "label": label, "kind": kind, "choices": choices,
                          "required": bool(row.get("required"))})
    if not questions:
        raise DomainError(_("Escriba al menos una pregunta."), "invalid", field="label_1")
    if len(questions) > MAX_QUESTIONS:
        raise DomainError(_("Una evaluación admite hasta %(n)s preguntas.", n=MAX_QUESTIONS), "invalid")
    return questions


def save_template(session: Session, organization_id: int, title: str, rows: list[dict],
                  template: EvaluationTemplate | None = None) -> EvaluationTemplate:
    title = clean_text(title or "").strip()[:200]
    if not title:
        raise DomainError(_("Escriba el título de la plantilla."), "invalid", field="title")
    questions = clean_questions(rows)
    if template is None:
        template = EvaluationTemplate(organization_id=organization_id)
        session.add(template)
    template.title, template.questions = title, questions
    session.flush()
    return template


def templates_for(session: Session, user) -> list[EvaluationTemplate]:
    query = select(EvaluationTemplate).order_by(EvaluationTemplate.title)
    if not user.is_admin:
        query = query.where(EvaluationTemplate.organization_id == user.organization_id)
    return list(session.scalars(query))


def check_template_owner(user, template: EvaluationTemplate) -> None:
    if not (user.is_admin or template.organization_id == user.organization_id):
        raise Forbidden(_("Esta plantilla es de otro organismo."))


# --- evaluations -----------------------------------------------------------------------------------------

def attach(session: Session, event: Event, template: EvaluationTemplate, closes_at: datetime,
           session_id: int | None = None, anonymous: bool = False) -> Evaluation:
    """Attach a copy of the template's questions to the event (or one of its sessions)."""
    target = None
    if session_id is not None:
        target = session.get(EventSession, session_id)
        if target is None or target.event_id != event.id:
            raise DomainError(_("Esa sesión no es de este evento."), "invalid", field="session_id")
    evaluation = Evaluation(event_id=event.id, session_id=session_id, template_id=template.id,
                            title=template.title, questions=list(template.questions), is_anonymous=anonymous,
                            closes_at=closes_at)
    evaluation.event, evaluation.session = event, target
    opens = evaluation.opens_at
    if opens is not None and closes_at <= opens:
        raise DomainError(_("El cierre debe ser posterior al final de la sesión o del evento."), "invalid",
                          field="closes_at")
    session.add(evaluation)
    session.flush()
    return evaluation


def event_evaluations(session: Session, event_id: int) -> list[Evaluation]:
    return list(session.scalars(select(Evaluation).where(Evaluation.event_id == event_id)
                                .order_by(Evaluation.session_id.is_not(None), Evaluation.id)))


def state(evaluation: Evaluation, now: datetime | None = None) -> str:
    """"pending" (the session has not ended), "open" or "closed"."""
    now = now or utcnow()
    opens = evaluation.opens_at
    if opens is None or now < opens:
        return "pending"
    return "open" if now < evaluation.closes_at else "closed"


def may_answer(session: Session, evaluation: Evaluation, registration: Registration) -> bool:
    """Confirmed registrations of the event who attended the session (or, for the event's evaluation, any
    of its sessions)."""
    if registration.event_id != evaluation.event_id or registration.status != "confirmed":
        return False
    query = select(Attendance.id).where(Attendance.registration_id == registration.id)
    if evaluation.session_id is not None:
        query = query.where(Attendance.session_id == evaluation.session_id)
    return session.scalar(query.limit(1)) is not None


def _marker_key() -> bytes:
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, b"agenda-evaluations:answered", hashlib.sha256).digest()


def marker_for(evaluation_id: int, registration_id: int) -> str:
    return hmac.new(_marker_key(), f"{evaluation_id}:{registration_id}".encode(), hashlib.sha256).hexdigest()


def own_response(session: Session, evaluation: Evaluation, registration: Registration) -> EvaluationResponse | None:
    """The person's identified answers (None for anonymous evaluations: they cannot be found again)."""
    if evaluation.is_anonymous:
        return None
    return session.scalar(select(EvaluationResponse).where(EvaluationResponse.evaluation_id == evaluation.id,
                                                           EvaluationResponse.registration_id == registration.id))


def has_answered(session: Session, evaluation: Evaluation, registration: Registration) -> bool:
    if evaluation.is_anonymous:
        return session.scalar(select(exists().where(
            EvaluationMarker.evaluation_id == evaluation.id,
            EvaluationMarker.marker == marker_for(evaluation.id, registration.id)))) or False
    return own_response(session, evaluation, registration) is not None


def clean_answers(evaluation: Evaluation, form) -> tuple[dict, dict]:
    """(answers, errors) from submitted values keyed by question key; errors key -> Spanish message."""
    answers, errors = {}, {}
    for question in evaluation.questions:
        key, kind = question["key"], question["kind"]
        value = clean_text(form.get(key) or "").strip()
        if not value:
            if question.get("required"):
                errors[key] = _("Responda esta pregunta.")
            continue
        if kind == "scale" and value not in SCALE:
            errors[key] = _("Elija un valor del 1 al 5.")
        elif kind == "yes_no" and value not in ("si", "no"):
            errors[key] = _("Elija sí o no.")
        elif kind == "choice" and value not in (question.get("choices") or []):
            errors[key] = _("Elija una de las opciones.")
        elif kind == "text" and len(value) > MAX_TEXT:
            errors[key] = _("Escriba como máximo %(n)s caracteres.", n=MAX_TEXT)
        else:
            answers[key] = int(value) if kind == "scale" else value
    return answers, errors


class AnswerErrors(DomainError):
    def __init__(self, errors: dict):
        super().__init__(_("Revise las respuestas marcadas."), "invalid", status=422)
        self.errors = errors


def submit(session: Session, evaluation: Evaluation, registration: Registration, form) -> EvaluationResponse:
    """Save the person's answers. Raises DomainError: 403 not an attendee, 409 not open / already answered
    (anonymous), AnswerErrors (422) for bad or missing answers."""
    if not may_answer(session, evaluation, registration):
        raise Forbidden(_("Esta evaluación es para quienes asistieron a la sesión."))
    current = state(evaluation)
    if current == "pending":
        raise DomainError(_("La evaluación se abre al terminar la sesión."), "not_open", status=409)
    if current == "closed":
        raise DomainError(_("La evaluación ya cerró."), "closed", status=409)
    answers, errors = clean_answers(evaluation, form)
    if errors:
        raise AnswerErrors(errors)
    if not evaluation.is_anonymous:
        response = own_response(session, evaluation, registration)
        if response is None:
            response = EvaluationResponse(id=secrets.token_hex(16), evaluation_id=evaluation.id,
                                          registration_id=registration.id)
            session.add(response)
        response.answers, response.updated_at = answers, utcnow()
        try:
            with session.begin_nested():
                session.flush()
        except IntegrityError:  # the person's other tab saved first: update that one
            response = own_response(session, evaluation, registration)
            response.answers, response.updated_at = answers, utcnow()
            session.flush()
        return response
    already = DomainError(_("Ya respondió esta evaluación. Las respuestas anónimas no se pueden cambiar."),
                          "already_answered", status=409)
    if has_answered(session, evaluation, registration):
        raise already
    try:
        with session.begin_nested():
            session.add(EvaluationMarker(evaluation_id=evaluation.id,
                                         marker=marker_for(evaluation.id, registration.id)))
            session.flush()
    except IntegrityError:
        raise already from None
    response = EvaluationResponse(id=secrets.token_hex(16), evaluation_id=evaluation.id, registration_id=None,
                                  answers=answers, updated_at=None)
    session.add(response)
    session.flush()
    return response


def evaluation_for(session: Session, evaluation_id: int) -> Evaluation:
    evaluation = session.get(Evaluation, evaluation_id)
    if evaluation is None:
        raise NotFound(_("La evaluación no existe."))
    return evaluation


def answered_ids(session: Session, evaluation: Evaluation, ids: set[int]) -> set[int]:
    if not ids:
        return set()
    if evaluation.is_anonymous:
        markers = set(session.scalars(select(EvaluationMarker.marker)
                                      .where(EvaluationMarker.evaluation_id == evaluation.id)))
        return {rid for rid in ids if marker_for(evaluation.id, rid) in markers}
    return set(session.scalars(select(EvaluationResponse.registration_id).where(
        EvaluationResponse.evaluation_id == evaluation.id, EvaluationResponse.registration_id.in_(ids))))


# --- the certificate condition ---------------------------------------------------------------------------

def _keep_answered(session: Session, event: Event, settings, ids: set[int]) -> set[int]:
    """With the event's rule "evaluation required", only those who answered every evaluation of the whole
    event (session_id None) keep their certificate. No such evaluation: nothing to require."""
    if not getattr(settings, "evaluation_required", False):
        return ids
    for evaluation in session.scalars(select(Evaluation).where(Evaluation.event_id == event.id,
                                                               Evaluation.session_id.is_(None))):
        ids = answered_ids(session, evaluation, ids)
    return ids


def _refusal() -> str:
    return _("Para recibir la constancia, primero responda la evaluación del evento.")


CERTIFICATE_CONDITIONS.append(CertificateCondition(keep=_keep_answered, refusal=_refusal))
