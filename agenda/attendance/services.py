"""Check-in rules: the roster tap, the personal QR code and the session's self check-in code all land here,
in one Attendance row per registration and session (recording it twice changes nothing).

Only confirmed registrations of the session's event can be marked present (waitlisted or cancelled ones get
a clear refusal); cancelled events take no attendance. Services flush, never commit: the view commits.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from ..database import MAX_ID
from ..domain import DomainError, Forbidden, NotFound
from ..domain_events import AttendanceRecorded, publish
from ..events.models import Event, EventSession
from ..events.services import can_edit
from ..registration.models import Registration
from ..timeutil import utcnow
from . import codes
from .meeting_reports import MAX_SESSION_MINUTES
from .models import METHODS, Attendance
from .presence import present_clause

SELF_CHECKIN_EARLY = timedelta(minutes=30)  # self check-in opens this long before a session starts
SELF_CHECKIN_LATE = timedelta(minutes=30)  # ... and closes this long after it ends


def get_session(session: Session, session_id: int) -> EventSession:
    event_session = session.get(EventSession, session_id, options=[selectinload(EventSession.event)])
    if event_session is None:
        raise NotFound(_("La sesión no existe."))
    return event_session


def managed_session(session: Session, session_id: int, user) -> EventSession:
    """The session, if `user` may take attendance for its event (admins; organizers of the event's bodies)."""
    event_session = get_session(session, session_id)
    check_manager(user, event_session.event)
    return event_session


def check_manager(user, event: Event) -> None:
    if not can_edit(user, event):
        raise Forbidden(_("Solo quienes organizan este evento pueden tomar asistencia."))


@dataclass
class CheckIn:
    """The outcome of one check-in: the row, whether it is new, and who it is (for the page's message)."""

    attendance: Attendance
    created: bool
    name: str


def check_in(session: Session, event_session: EventSession, registration: Registration, method: str,
             actor=None, minutes: int | None = None, import_id: int | None = None,
             announce: bool = True) -> CheckIn:
    """Mark `registration` present at `event_session`. Idempotent: a second check-in keeps the first one.
    A new import replaces the minutes an earlier import set; a manual check-in is never overwritten. An import
    stores the minutes also under the event's minimum (presence.py decides whether the row counts).
    Publishes AttendanceRecorded when something changed (`announce=False`: the caller publishes one fact
    for a whole batch, as an import does)."""
    if method not in METHODS:
        raise DomainError(_("Método de registro no válido."), "invalid_method", status=400)
    if registration.event_id != event_session.event_id:
        raise DomainError(_("Ese registro es de otro evento."), "other_event", status=409)
    if event_session.event.status == "cancelled":
        raise DomainError(_("El evento está cancelado: no se toma asistencia."), "event_cancelled", status=409)
    if registration.status != "confirmed":
        message = (_("%(name)s está en lista de espera: confirme su lugar antes de registrar su asistencia.",
                     name=registration.name) if registration.status == "waitlisted"
                   else _("El registro de %(name)s está cancelado.", name=registration.name))
        raise DomainError(message, "not_confirmed", status=409)
    check_minutes(minutes, registration.name)
    existing = existing_attendance(session, registration.id, event_session.id)
    if existing is not None:
        if method == "import" and existing.method == "import" and minutes is not None:
            changed = existing.minutes != minutes
            existing.minutes = minutes
            existing.import_id = import_id
            if changed and announce:
                _announce(session, event_session, [registration.id], method, actor)
        elif method != "import" and existing.method == "import":
            # The organizer marks present someone an import stored (perhaps under the minimum): from now on a
            # manual check-in, which no later import or undo touches; the report's minutes stay visible.
            existing.method, existing.import_id = method, None
            existing.recorded_by_id = getattr(actor, "id", None)
            session.flush()
            if announce:
                _announce(session, event_session, [registration.id], method, actor)
            return CheckIn(existing, True, registration.name)
        return CheckIn(existing, False, registration.name)
    attendance = Attendance(registration_id=registration.id, session_id=event_session.id, method=method,
                            checked_in_at=utcnow(), minutes=minutes, import_id=import_id,
                            recorded_by_id=getattr(actor, "id", None))
    nested = session.begin_nested()  # two taps racing: the unique constraint decides, the loser reads
    try:
        session.add(attendance)
        session.flush()
    except IntegrityError:  # the unique pair: someone else recorded it between our check and our insert
        nested.rollback()
        existing = existing_attendance(session, registration.id, event_session.id)
        if existing is None:
            raise
        return CheckIn(existing, False, registration.name)
    nested.commit()
    if announce:
        _announce(session, event_session, [registration.id], method, actor)
    return CheckIn(attendance, True, registration.name)


def _announce(session: Session, event_session: EventSession, registration_ids, method: str, actor=None,
              removed=()) -> None:
    publish(session, AttendanceRecorded(event_id=event_session.event_id, session_id=event_session.id,
                                        registration_ids=tuple(registration_ids), removed=tuple(removed),
                                        method=method, actor_id=getattr(actor, "id", None)))


def check_minutes(minutes: int | None, name: str) -> None:
    """Connected minutes are at most MAX_SESSION_MINUTES: an import previewed before durations were checked
    may carry absurd ones, which would overflow the column; the whole import is refused instead."""
    if minutes is not None and not 0 <= minutes <= MAX_SESSION_MINUTES:
        message = _("El reporte le da a %(name)s más de %(hours)s horas de conexión en una sesión: no se "
                    "guardó nada. Descarte esta importación y revise el archivo.",
                    name=name, hours=MAX_SESSION_MINUTES // 60)
        raise DomainError(message, "invalid_minutes", status=422)


def existing_attendance(session: Session, registration_id: int, session_id: int) -> Attendance | None:
    return session.scalar(select(Attendance).where(Attendance.registration_id == registration_id,
                                                   Attendance.session_id == session_id))


def registration_for(session: Session, event_session: EventSession, registration_id: int) -> Registration:
    """The registration the organizer's form names (any int, as typed); 404 if it is not one of this event's."""
    registration = session.get(Registration, registration_id) if 1 <= registration_id <= MAX_ID else None
    if registration is None or registration.event_id != event_session.event_id:
        raise NotFound(_("No encontramos ese registro en este evento."))
    return registration


def check_in_on_roster(session: Session, event_session: EventSession, registration_id: int, actor) -> CheckIn:
    return check_in(session, event_session, registration_for(session, event_session, registration_id),
                    "roster", actor)


def undo_check_in(session: Session, event_session: EventSession, registration_id: int) -> bool:
    """Remove a mistaken check-in; True if there was one."""
    attendance = session.scalar(select(Attendance).where(Attendance.registration_id == registration_id,
                                                         Attendance.session_id == event_session.id))
    if attendance is None:
        return False
    session.delete(attendance)
    session.flush()
    _announce(session, event_session, (), "undo", removed=[registration_id])
    return True


def check_in_by_code(session: Session, event_session: EventSession, code: str, actor) -> CheckIn:
    """The personal code read from a confirmation's QR (or typed in) by an organizer."""
    registration_id = codes.registration_id_from_code(code)
    if registration_id is None:
        raise DomainError(_("El código no es válido. Revíselo o búsquelo en la lista."), "invalid_code",
                          status=422, field="code")
    registration = session.get(Registration, registration_id)
    if registration is None:
        raise DomainError(_("Ese registro ya no existe."), "invalid_code", status=422, field="code")
    if registration.event_id != event_session.event_id:
        raise DomainError(_("Ese código es de otro evento."), "other_event", status=409, field="code")
    return check_in(session, event_session, registration, "qr", actor)


def self_check_in_open(event_session: EventSession, now: datetime | None = None) -> bool:
    now = now or utcnow()
    return (event_session.starts_at - SELF_CHECKIN_EARLY <= now <= event_session.ends_at + SELF_CHECKIN_LATE
            and event_session.event.status != "cancelled")


def self_check_in(session: Session, event_session: EventSession, email: str, code: str,
                  now: datetime | None = None) -> CheckIn:
    """A registered person marks themselves present with the code shown in the room."""
    if not self_check_in_open(event_session, now):
        raise DomainError(_("El registro de asistencia de esta sesión no está abierto ahora."),
                          "self_checkin_closed", status=409)
    if not codes.session_code_valid(event_session.id, code):
        raise DomainError(_("El código de la sesión no es correcto o ya cambió. Revise el que se muestra "
                            "en la sala."), "invalid_code", status=422, field="code")
    email = (email or "").strip().lower()
    registration = session.scalar(select(Registration).where(Registration.event_id == event_session.event_id,
                                                             Registration.email == email))
    if registration is None or registration.status != "confirmed":
        raise DomainError(_("No encontramos un registro confirmado con ese correo para este evento."),
                          "not_registered", status=422, field="email")
    return check_in(session, event_session, registration, "self")


@dataclass
class RosterRow:
    registration_id: int
    name: str
    email: str
    institution: str
    state: str
    present: bool
    method: str | None


def roster(session: Session, event_session: EventSession, q: str | None = None) -> list[RosterRow]:
    """Confirmed registrations of the session's event, by name, with whether each is present."""
    present = {a.registration_id: a.method for a in session.scalars(
        select(Attendance).where(Attendance.session_id == event_session.id, present_clause()))}
    query = (select(Registration).options(selectinload(Registration.state))
             .where(Registration.event_id == event_session.event_id, Registration.status == "confirmed")
             .order_by(func.lower(Registration.name), Registration.id))
    q = (q or "").strip()
    if q:
        pattern = f"%{q.lower()}%"
        query = query.where(or_(func.lower(Registration.name).like(pattern),
                                func.lower(Registration.email).like(pattern),
                                func.lower(Registration.institution).like(pattern)))
    return [RosterRow(r.id, r.name, r.email, r.institution, r.state.name if r.state else "",
                      r.id in present, present.get(r.id)) for r in session.scalars(query)]


def present_count(session: Session, session_id: int) -> int:
    return session.scalar(select(func.count(Attendance.id)).where(Attendance.session_id == session_id,
                                                                  present_clause())) or 0


def confirmed_count(session: Session, event_id: int) -> int:
    return session.scalar(select(func.count(Registration.id)).where(
        Registration.event_id == event_id, Registration.status == "confirmed")) or 0
