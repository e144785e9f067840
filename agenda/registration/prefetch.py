"""What registering reads of an event before taking its lock, in one plain query.

A registration burst reads the same event for every person. Loading it as an ORM Event with its sessions,
organization and form questions cost more CPU than the rest of the registration together, so registering
reads just the columns it uses into small frozen values instead: the seat rules (`SEAT_FIELDS`, refreshed
under the lock), what the first mail shows, and the form's questions. Attribute names are the ORM models'
(Event, EventSession, RegistrationQuestion), so the seat rules, the mail templates and validation take either.
"""
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from ..catalog.models import Organization, State
from ..events.models import Event, EventSession
from .locking import SEAT_FIELDS
from .models import RegistrationQuestion

EVENT_FIELDS = ("id", "slug", "title", "stream_url", "meeting_url", *SEAT_FIELDS)


@dataclass(frozen=True)
class OrganizationName:
    name: str


@dataclass(frozen=True)
class SessionTimes:
    title: str | None
    starts_at: datetime
    ends_at: datetime
    id: int | None = None  # the session's id: each upcoming session gets an invitation of its own
    is_all_day: bool = False


@dataclass(frozen=True)
class QuestionRule:
    id: int
    kind: str
    choices: list | None
    is_required: bool


@dataclass(frozen=True)
class EventForRegistration:
    id: int
    slug: str | None
    title: str
    stream_url: str | None
    meeting_url: str | None
    status: str
    visibility: str
    capacity: int | None
    waitlist_enabled: bool
    registration_required: bool
    registration_opens_at: datetime | None
    registration_closes_at: datetime | None
    last_ends_at: datetime | None
    timezone: str
    organization: OrganizationName
    sessions: tuple[SessionTimes, ...]
    questions: tuple[QuestionRule, ...]  # the organizer's own form questions

    def with_seat_fields(self, fresh: dict) -> "EventForRegistration":
        """The same event with the seat fields read again (under the lock)."""
        return replace(self, **fresh)


_events, _sessions, _questions = Event.__table__, EventSession.__table__, RegistrationQuestion.__table__
_organizations, _states = Organization.__table__, State.__table__
_QUESTION_FIELDS = ("id", "kind", "choices", "is_required")

# One row per (session, question) pair of the event: a few rows, in one round trip. Built once.
_PREFETCH = (
    select(*(_events.c[name] for name in EVENT_FIELDS), _organizations.c.name.label("organization_name"),
           _sessions.c.id.label("session_id"), _sessions.c.title.label("session_title"), _sessions.c.starts_at,
           _sessions.c.ends_at, _sessions.c.is_all_day, *(_questions.c[name].label(f"question_{name}") for name in _QUESTION_FIELDS),
           select(_states.c.id).where(_states.c.code == bindparam("state_code")).scalar_subquery()
           .label("state_id"),
           select(_organizations.c.id).where(func.upper(_organizations.c.acronym) == bindparam("acronym"),
                                             _organizations.c.is_active.is_(True)).scalar_subquery()
           .label("person_organization_id"))
    .select_from(_events.join(_organizations, _organizations.c.id == _events.c.organization_id)
                 .outerjoin(_sessions, _sessions.c.event_id == _events.c.id)
                 .outerjoin(_questions, _questions.c.event_id == _events.c.id))
    .where(_events.c.id == bindparam("event_id"))
    .order_by(_sessions.c.starts_at, _sessions.c.id, _questions.c.position, _questions.c.id))


def event_for_registration(session: Session, event_id: int, state_code: str,
                           acronym: str) -> tuple[EventForRegistration, int | None, int | None] | None:
    """The event (None if there is none), the id of the state with `state_code` and the id of the active
    organization with `acronym` (upper case) (None if none)."""
    rows = session.connection().execute(_PREFETCH, {"event_id": event_id, "state_code": state_code,
                                                    "acronym": acronym}).all()
    if not rows:
        return None
    first = rows[0]
    sessions = {row.session_id: SessionTimes(row.session_title, row.starts_at, row.ends_at, row.session_id,
                                              bool(row.is_all_day))
                for row in rows if row.session_id is not None}
    questions = {row.question_id: QuestionRule(*(getattr(row, f"question_{name}") for name in _QUESTION_FIELDS))
                 for row in rows if row.question_id is not None}
    event = EventForRegistration(
        **{name: getattr(first, name) for name in EVENT_FIELDS},
        organization=OrganizationName(first.organization_name),
        sessions=tuple(sessions.values()), questions=tuple(questions.values()))
    return event, first.state_id, first.person_organization_id
