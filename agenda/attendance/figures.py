"""Figures per event and per period, callable without a request: what the report page, the API, the open
figures, the activity-report documents and each event's attendance page show.

Definitions (per event, over the whole event, whatever the period):
- sessions = the event's sessions; sessions_held = those already over;
- registrations = confirmed registrations;
- participants = confirmed registrations present at one session or more (`present_attendances`);
- public_servants = participants from the government sector;
- completed = participants who met the event's attendance rule (attendance/settings.py);
- certificates = certificates issued and not revoked;
- bodies = distinct OGL (catalog bodies of kind "ogl") the participants work at;
- institutions = distinct institutions the participants wrote, after registration.institutions'
  `normalize_institution` and the organizers' merges (InstitutionAlias);
- states / regions = distinct states and SNT regions the participants work in;
- per session: participants present at that session.
Every figure is an SQL aggregate grouped by event (or session); Python only adds up a few small results (the
histogram of sessions attended per event, distinct institution spellings per event).
"""
from dataclasses import dataclass, field

from sqlalchemy import and_, case, distinct, func, select
from sqlalchemy.orm import Session

from ..catalog.models import Organization, State
from ..events.models import Event, EventSession
from ..registration.institutions import canonical_institution, institution_keys
from ..registration.models import Registration
from ..timeutil import utcnow
from .models import Attendance, AttendanceSettings, Certificate
from .presence import present_clause
from .settings import DEFAULT_MIN_PERCENT, required_sessions


def present_attendances():
    """The attendance rows that make a person present at a session: the one rule of presence.py (an imported
    row under the event's minimum is kept, with its minutes, but does not count)."""
    return present_clause()


@dataclass
class SessionFigures:
    id: int
    title: str | None
    starts_at: object
    present: int


@dataclass
class EventFigures:
    id: int
    title: str
    type: str
    organization: str  # organizer's acronym
    visibility: str = "public"
    sessions: int = 0
    sessions_held: int = 0
    registrations: int = 0
    participants: int = 0
    public_servants: int = 0
    completed: int = 0
    certificates: int = 0
    bodies: int = 0
    institutions: int = 0
    states: int = 0
    regions: int = 0
    required: int = 0  # sessions needed to complete
    per_session: list[SessionFigures] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "type": self.type, "organization": self.organization,
                "sessions": self.sessions, "registrations": self.registrations,
                "participants": self.participants, "public_servants": self.public_servants,
                "completed": self.completed, "certificates": self.certificates, "bodies": self.bodies,
                "institutions": self.institutions, "states": self.states, "regions": self.regions}


def _in(column, ids):
    return column.in_(ids)


def event_figures(session: Session, event_ids, now=None, with_sessions: bool = True) -> list[EventFigures]:
    """Figures of the events whose ids `event_ids` gives (a list or a SELECT of ids), ordered by first session."""
    now = now or utcnow()
    rows = session.execute(
        select(Event.id, Event.title, Event.type, Organization.acronym, Event.visibility)
        .join(Organization, Organization.id == Event.organization_id)
        .where(_in(Event.id, event_ids)).order_by(Event.first_starts_at, Event.id)).all()
    figures = {row[0]: EventFigures(id=row[0], title=row[1], type=row[2], organization=row[3], visibility=row[4])
               for row in rows}
    if not figures:
        return []
    for event_id, total, held in session.execute(
            select(EventSession.event_id, func.count(EventSession.id),
                   func.sum(case((EventSession.ends_at <= now, 1), else_=0)))
            .where(_in(EventSession.event_id, event_ids)).group_by(EventSession.event_id)):
        figures[event_id].sessions, figures[event_id].sessions_held = total, int(held or 0)
    for event_id, count in session.execute(
            select(Registration.event_id, func.count(Registration.id))
            .where(_in(Registration.event_id, event_ids), Registration.status == "confirmed")
            .group_by(Registration.event_id)):
        figures[event_id].registrations = count

    present = and_(_in(Registration.event_id, event_ids), Registration.status == "confirmed")  # confirmed, in scope
    attendee = (select(Registration.event_id, Registration.id, Registration.sector, Registration.organization_id,
                       Registration.state_id)
                .where(present, Registration.id.in_(select(Attendance.registration_id)
                                                    .where(present_attendances())))).subquery()
    for event_id, participants, servants, bodies, states, regions in session.execute(
            select(attendee.c.event_id, func.count(attendee.c.id),
                   func.count(case((attendee.c.sector == "gobierno", attendee.c.id))),
                   func.count(distinct(case((Organization.kind == "ogl", attendee.c.organization_id)))),
                   func.count(distinct(attendee.c.state_id)), func.count(distinct(State.region_id)))
            .select_from(attendee)
            .outerjoin(Organization, Organization.id == attendee.c.organization_id)
            .outerjoin(State, State.id == attendee.c.state_id)
            .group_by(attendee.c.event_id)):
        item = figures[event_id]
        item.participants, item.public_servants, item.bodies = participants, servants, bodies
        item.states, item.regions = states, regions

    # Completion: a histogram (event, sessions attended) -> people; the rule differs per event.
    per_person = (select(Registration.event_id.label("event_id"), func.count(Attendance.id).label("attended"))
                  .join(Attendance, and_(Attendance.registration_id == Registration.id, present_attendances()))
                  .where(present).group_by(Registration.event_id, Registration.id)).subquery()
    histogram = session.execute(
        select(per_person.c.event_id, per_person.c.attended, func.count())
        .group_by(per_person.c.event_id, per_person.c.attended)).all()
    saved = {s.event_id: s for s in session.scalars(
        select(AttendanceSettings).where(_in(AttendanceSettings.event_id, event_ids)))}
    default = AttendanceSettings(min_sessions=None, min_percent=DEFAULT_MIN_PERCENT)
    for item in figures.values():
        item.required = required_sessions(saved.get(item.id, default), item.sessions)
    for event_id, attended, people in histogram:
        item = figures[event_id]
        if item.required and attended >= item.required:
            item.completed += people

    for event_id, count in session.execute(
            select(Certificate.event_id, func.count(Certificate.id))
            .where(_in(Certificate.event_id, event_ids), Certificate.revoked_at.is_(None))
            .group_by(Certificate.event_id)):
        figures[event_id].certificates = count

    aliases = institution_keys(session)
    seen: dict[int, set[str]] = {}
    for event_id, institution in session.execute(
            select(attendee.c.event_id, Registration.institution).join(Registration, Registration.id == attendee.c.id)
            .where(Registration.institution != "").group_by(attendee.c.event_id, Registration.institution)):
        key = canonical_institution(institution, aliases)
        if key:
            seen.setdefault(event_id, set()).add(key)
    for event_id, keys in seen.items():
        figures[event_id].institutions = len(keys)

    if with_sessions:
        counts = dict(session.execute(
            select(Attendance.session_id, func.count(distinct(Attendance.registration_id)))
            .join(Registration, Registration.id == Attendance.registration_id)
            .where(present, present_attendances()).group_by(Attendance.session_id)).all())
        for s in session.execute(select(EventSession.id, EventSession.event_id, EventSession.title,
                                        EventSession.starts_at)
                                 .where(_in(EventSession.event_id, event_ids))
                                 .order_by(EventSession.starts_at, EventSession.id)):
            figures[s.event_id].per_session.append(SessionFigures(s.id, s.title, s.starts_at, counts.get(s.id, 0)))
    return list(figures.values())


def figures_for_event(session: Session, event: Event) -> EventFigures:
    return event_figures(session, [event.id])[0]


@dataclass
class PeriodTotals:
    """The period's distinct people-based counts over all its events (a person in two events counts once)."""
    bodies: int = 0
    institutions: int = 0
    states: int = 0
    regions: int = 0


def period_totals(session: Session, event_ids) -> PeriodTotals:
    present = and_(_in(Registration.event_id, event_ids), Registration.status == "confirmed",
                   Registration.id.in_(select(Attendance.registration_id).where(present_attendances())))
    bodies, states, regions = session.execute(
        select(func.count(distinct(case((Organization.kind == "ogl", Registration.organization_id)))),
               func.count(distinct(Registration.state_id)), func.count(distinct(State.region_id)))
        .select_from(Registration)
        .outerjoin(Organization, Organization.id == Registration.organization_id)
        .outerjoin(State, State.id == Registration.state_id).where(present)).one()
    aliases = institution_keys(session)
    keys = {canonical_institution(name, aliases) for (name,) in session.execute(
        select(Registration.institution).where(present, Registration.institution != "")
        .group_by(Registration.institution))}
    keys.discard("")
    return PeriodTotals(bodies=bodies or 0, institutions=len(keys), states=states or 0, regions=regions or 0)
