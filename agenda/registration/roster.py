"""The organizers' registrant list: who may see it, search and filters, counts, CSV and XLSX exports,
and the event's own questions."""
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from ..catalog.services import state_by_code
from ..domain import DomainError, Forbidden, NotFound
from ..events.models import Event
from ..events.services import can_edit
from ..spreadsheets import Sheet
from ..timeutil import to_local
from .models import (
    GENDER_LABELS,
    QUESTION_KINDS,
    REGISTRATION_STATUSES,
    SECTOR_LABELS,
    SECTORS,
    SOURCE_LABELS,
    STATUS_LABELS,
    Registration,
    RegistrationQuestion,
)
from .seats import SeatCounts, seat_counts


def managed_event(session: Session, event_id: int, user) -> Event:
    """The event, if `user` organizes it (its body or a co-organizer) or is an admin; else Forbidden."""

    event = session.scalar(select(Event).where(Event.id == event_id).options(
        selectinload(Event.sessions), selectinload(Event.organization), selectinload(Event.co_organizers)))
    if event is None:
        raise NotFound(_("El evento no existe."))
    if not can_edit(user, event):
        raise Forbidden(_("Solo quien organiza este evento puede ver sus registros."))
    return event


@dataclass
class RosterFilters:
    q: str = ""
    status: str = ""
    state: str = ""
    sector: str = ""

    @classmethod
    def from_args(cls, args) -> "RosterFilters":
        """Unknown filter values are ignored (the page shows everything) rather than refused."""
        status = args.get("status", "")
        sector = args.get("sector", "")
        return cls(q=(args.get("q") or "").strip()[:100],
                   status=status if status in REGISTRATION_STATUSES else "",
                   state=(args.get("state") or "").strip().upper()[:6],
                   sector=sector if sector in SECTORS else "")


def registrants(session: Session, event: Event, filters: RosterFilters) -> list[Registration]:
    query = (select(Registration).where(Registration.event_id == event.id)
             .options(selectinload(Registration.state), selectinload(Registration.organization),
                      selectinload(Registration.answers))
             .order_by(Registration.status != "confirmed", Registration.status == "cancelled",
                       Registration.waitlist_position, Registration.created_at, Registration.id))
    if filters.q:
        pattern = f"%{filters.q.lower()}%"
        query = query.where(or_(func.lower(Registration.name).like(pattern),
                                Registration.email.like(pattern),
                                func.lower(Registration.institution).like(pattern)))
    if filters.status:
        query = query.where(Registration.status == filters.status)
    if filters.state:
        state = state_by_code(session, filters.state)
        query = query.where(Registration.state_id == (state.id if state else -1))
    if filters.sector:
        query = query.where(Registration.sector == filters.sector)
    return list(session.scalars(query))


def counts(session: Session, event: Event) -> SeatCounts:
    return seat_counts(session, [event])[event.id]


def questions(session: Session, event_id: int) -> list[RegistrationQuestion]:
    return list(session.scalars(select(RegistrationQuestion).where(RegistrationQuestion.event_id == event_id)
                                .order_by(RegistrationQuestion.position, RegistrationQuestion.id)))


def export_rows(event: Event, rows: list[Registration], event_questions: list[RegistrationQuestion]):
    """Header and rows of the export (same columns in CSV and XLSX)."""
    header = [_("Estado"), _("Lugar en lista de espera"), _("Nombre"), _("Correo electrónico"), _("Institución"),
              _("Cargo"), _("Entidad"), _("Organismo"), _("Sector"), _("Género"), _("Accesibilidad"),
              _("Origen"), _("Registrado el"), _("Consentimiento"), _("Cancelado el")]
    header += [q.label for q in event_questions]
    zone = event.timezone
    lines = []
    for r in rows:
        answers = {a.question_id: a.value for a in r.answers}
        lines.append([
            str(STATUS_LABELS[r.status]), r.waitlist_position or "", r.name, r.email, r.institution, r.position,
            r.state.code if r.state else "", r.organization.acronym if r.organization else "",
            str(SECTOR_LABELS.get(r.sector, r.sector or "")), str(GENDER_LABELS.get(r.gender, r.gender or "")),
            r.accessibility, str(SOURCE_LABELS.get(r.source, r.source)), _local(r.created_at, zone),
            _local(r.consent_at, zone), _local(r.cancelled_at, zone),
        ] + [answers.get(q.id, "") for q in event_questions])
    return header, lines


def _local(instant, zone: str) -> str:
    return to_local(instant, zone).strftime("%Y-%m-%d %H:%M") if instant else ""


def export_sheet(event: Event, rows, event_questions) -> Sheet:
    """The registrants as one sheet for spreadsheets.download (CSV or XLSX)."""
    header, lines = export_rows(event, rows, event_questions)
    return Sheet(title=_("Registros"), headers=header, rows=lines)


def save_question(session: Session, event: Event, values: dict) -> RegistrationQuestion:
    """Add a question to the event's form: label, kind (text | choice | yes_no), choices, is_required."""
    label = " ".join((values.get("label") or "").split())
    kind = values.get("kind") or "text"
    if not label:
        raise DomainError(_("Escriba la pregunta."), "invalid", field="label")
    if len(label) > 300:
        raise DomainError(_("Escriba como máximo %(n)d caracteres.", n=300), "invalid", field="label")
    if kind not in QUESTION_KINDS:
        raise DomainError(_("Tipo de respuesta no válido."), "invalid", field="kind")
    choices = None
    if kind == "choice":
        choices = [c.strip()[:200] for c in (values.get("choices") or "").splitlines() if c.strip()]
        choices = list(dict.fromkeys(choices))
        if len(choices) < 2:
            raise DomainError(_("Escriba al menos dos opciones, una por renglón."), "invalid", field="choices")
    position = session.scalar(select(func.coalesce(func.max(RegistrationQuestion.position), 0))
                              .where(RegistrationQuestion.event_id == event.id)) + 1
    question = RegistrationQuestion(event_id=event.id, label=label, kind=kind, choices=choices,
                                    is_required=bool(values.get("is_required")), position=position)
    session.add(question)
    session.flush()
    return question


def delete_question(session: Session, event: Event, question_id: int) -> None:
    """Remove a question and its answers."""
    from sqlalchemy import delete

    from .models import RegistrationAnswer

    question = session.get(RegistrationQuestion, question_id)
    if question is None or question.event_id != event.id:
        raise NotFound(_("La pregunta no existe."))
    session.execute(delete(RegistrationAnswer).where(RegistrationAnswer.question_id == question.id))
    session.delete(question)
    session.flush()
