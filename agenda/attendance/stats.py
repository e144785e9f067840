"""Counts for one event: per session (registered, present, rate), per event (unique attendees, completion),
breakdowns of the attendees by state, region, organization, sector and gender, and the attendance matrix
(people × sessions). Every figure is one aggregate query; nothing is counted in templates."""
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..catalog.models import Organization, Region, State
from ..events.models import Event, EventSession
from ..registration.models import GENDER_LABELS, SECTOR_LABELS, STATUS_LABELS, Registration
from .certificates import attended_counts
from .models import Attendance, Certificate
from .presence import counts_as_present, present_clause
from .settings import required_sessions, settings_for


@dataclass
class SessionCount:
    session: EventSession
    registered: int  # confirmed registrations of the event
    present: int
    rate: float | None  # present / registered (None with nobody registered)


@dataclass
class EventSummary:
    registered: int  # confirmed registrations
    attendees: int  # registrations present at one session or more
    completed: int  # registrations meeting the completion rule
    completion_rate: float | None  # completed / registered
    required: int  # sessions needed to complete
    certificates: int  # certificates issued (not revoked)
    sessions: list[SessionCount]


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def event_summary(session: Session, event: Event) -> EventSummary:
    registered = session.scalar(select(func.count(Registration.id)).where(
        Registration.event_id == event.id, Registration.status == "confirmed")) or 0
    present = dict(session.execute(
        select(Attendance.session_id, func.count(Attendance.id))
        .join(Registration, Registration.id == Attendance.registration_id)
        .where(Attendance.session_id.in_([s.id for s in event.sessions]), Registration.status == "confirmed",
               present_clause())
        .group_by(Attendance.session_id)).all()) if event.sessions else {}
    counts = attended_counts(session, event)
    required = required_sessions(settings_for(session, event), len(event.sessions))
    completed = sum(1 for count in counts.values() if required and count >= required)
    certificates = session.scalar(select(func.count(Certificate.id)).where(
        Certificate.event_id == event.id, Certificate.revoked_at.is_(None))) or 0
    sessions = [SessionCount(s, registered, present.get(s.id, 0), _rate(present.get(s.id, 0), registered))
                for s in event.sessions]
    return EventSummary(registered=registered, attendees=len(counts), completed=completed,
                        completion_rate=_rate(completed, registered), required=required,
                        certificates=certificates, sessions=sessions)


def _attendee_ids(event: Event):
    return (select(Attendance.registration_id).join(EventSession, EventSession.id == Attendance.session_id)
            .where(EventSession.event_id == event.id, present_clause()).distinct())


def breakdowns(session: Session, event: Event) -> dict[str, list[tuple[str, int]]]:
    """Attendees (present at least once) grouped five ways; each list sorted by count, largest first."""
    attendees = _attendee_ids(event)
    base = Registration.id.in_(attendees)
    no_data = "Sin dato"

    def grouped(label_column, *joins):
        query = select(label_column, func.count(Registration.id)).select_from(Registration)
        for target, condition in joins:
            query = query.outerjoin(target, condition)
        rows = session.execute(query.where(base).group_by(label_column)).all()
        return sorted(((label or no_data, count) for label, count in rows), key=lambda r: (-r[1], r[0]))

    by_sector = [(str(SECTOR_LABELS.get(code, no_data)) if code else no_data, n)
                 for code, n in grouped(Registration.sector)]
    by_gender = [(str(GENDER_LABELS.get(code, no_data)) if code else no_data, n)
                 for code, n in grouped(Registration.gender)]
    return {
        "state": grouped(State.name, (State, State.id == Registration.state_id)),
        "region": grouped(Region.name, (State, State.id == Registration.state_id),
                          (Region, Region.id == State.region_id)),
        "organization": grouped(Organization.acronym, (Organization, Organization.id == Registration.organization_id)),
        "sector": by_sector,
        "gender": by_gender,
    }


@dataclass
class Matrix:
    headers: list[str]
    rows: list[list]


def attendance_matrix(session: Session, event: Event) -> Matrix:
    """One row per confirmed registration (or anyone with attendance), one column per session: "Sí"/"" or
    the imported minutes ("(bajo el mínimo)" when under the event's minimum: stored, not present); then sessions
    attended and whether the person completed the event."""
    sessions = list(event.sessions)
    marks = {}
    for attendance in session.scalars(select(Attendance).where(
            Attendance.session_id.in_([s.id for s in sessions]))) if sessions else []:
        marks[(attendance.registration_id, attendance.session_id)] = attendance
    attended = {rid for rid, _sid in marks}
    registrations = session.scalars(
        select(Registration).where(Registration.event_id == event.id)
        .order_by(func.lower(Registration.name), Registration.id)).all()
    settings = settings_for(session, event)
    required = required_sessions(settings, len(sessions))
    headers = ["Nombre", "Correo", "Institución", "Estado", "Sector", "Género", "Registro"]
    for index, s in enumerate(sessions, start=1):
        headers.append(s.title or f"Sesión {index}")
    headers += ["Sesiones asistidas", "Cumple la regla"]
    states = {s.id: s.name for s in session.scalars(select(State))}
    rows = []
    for registration in registrations:
        if registration.status != "confirmed" and registration.id not in attended:
            continue
        row = [registration.name, registration.email, registration.institution,
               states.get(registration.state_id, ""), str(SECTOR_LABELS.get(registration.sector, "")),
               str(GENDER_LABELS.get(registration.gender, "")), str(STATUS_LABELS.get(registration.status, ""))]
        count = 0
        for s in sessions:
            mark = marks.get((registration.id, s.id))
            if mark is None:
                row.append("")
            else:
                present = counts_as_present(mark, settings.min_minutes)
                count += int(present)
                label = f"{mark.minutes} min" if mark.minutes is not None else "Sí"
                row.append(label if present else f"{label} (bajo el mínimo)")
        row += [count, "Sí" if required and count >= required and registration.status == "confirmed" else "No"]
        rows.append(row)
    return Matrix(headers=headers, rows=rows)
