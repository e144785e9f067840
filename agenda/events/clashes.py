"""Clashes between bodies' events: two sessions that overlap in time AND share a person (same normalised
name), an organization (organizer or co-organizer), or are both of national scope. Cancelled events never
clash; drafts do (coordination happens before publishing)."""
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from .models import Event, EventSession
from .themes import strip_accents

REASONS = ("person", "organization", "national")
HONORIFICS = {"lic", "lica", "licda", "mtro", "mtra", "dr", "dra", "ing", "c", "mto", "maestro", "maestra",
              "doctor", "doctora", "licenciado", "licenciada", "comisionado", "comisionada", "mgdo", "mgda"}


def normalise_name(name: str) -> str:
    """`Mtra. María  José Pérez` -> `maria jose perez`: no accents, case, punctuation or honorifics."""
    words = re.sub(r"[^a-z0-9 ]+", " ", strip_accents(name or "").lower()).split()
    while words and words[0] in HONORIFICS:
        words.pop(0)
    return " ".join(words)


@dataclass
class Clash:
    """`session` (of the event being checked) overlaps `other_session` of `event` for `reason`."""

    event: Event  # the other event
    other_session: EventSession
    session: EventSession  # this event's session
    reason: str  # person | organization | national
    detail: str = ""  # the shared person's name or body's acronym, for messages


def _people_of(item: EventSession) -> dict[str, str]:
    """Normalised name -> shown name, for people of the whole event and of this session."""
    found = {}
    for person in item.event.people:
        if person.session_id is None or person.session_id == item.id:
            key = normalise_name(person.name)
            if key:
                found[key] = person.name
    return found


def _bodies_of(event: Event) -> dict[int, str]:
    bodies = {o.id: o.acronym for o in event.co_organizers}
    bodies[event.organization_id] = event.organization.acronym
    return bodies


def reasons_between(a: EventSession, b: EventSession, cache: dict | None = None) -> list[tuple[str, str]]:
    """Why two overlapping sessions of different events clash: [(reason, detail)], empty when they don't.
    `cache` (any dict kept across calls) avoids normalising the same names again in long sweeps."""
    cache = cache if cache is not None else {}

    def facts(item):
        if item.id is None or item.id not in cache:
            found = (_people_of(item), _bodies_of(item.event))
            if item.id is None:
                return found
            cache[item.id] = found
        return cache[item.id]

    (people_a, bodies_a), (people_b, bodies_b) = facts(a), facts(b)
    found = []
    for key in sorted(set(people_a) & set(people_b)):
        found.append(("person", people_a[key]))
    for body_id in sorted(set(bodies_a) & set(bodies_b)):
        found.append(("organization", bodies_a[body_id]))
    if a.event.scope == "national" and b.event.scope == "national":
        found.append(("national", ""))
    return found


def _overlap(a: EventSession, b: EventSession) -> bool:
    return a.starts_at < b.ends_at and b.starts_at < a.ends_at


def _load_options():
    return (selectinload(EventSession.event).selectinload(Event.people),
            selectinload(EventSession.event).selectinload(Event.co_organizers),
            selectinload(EventSession.event).selectinload(Event.organization))


def find_clashes(session: Session, event: Event) -> list[Clash]:
    """Every clash of `event`'s sessions with other events' sessions (one Clash per pair and reason)."""
    if event.status == "cancelled" or not event.sessions:
        return []
    first = min(s.starts_at for s in event.sessions)
    last = max(s.ends_at for s in event.sessions)
    others = session.scalars(
        select(EventSession).join(Event).options(*_load_options())
        .where(EventSession.starts_at < last, EventSession.ends_at > first, Event.id != event.id,
               Event.status != "cancelled")
        .order_by(EventSession.starts_at)
    ).all()
    clashes = []
    cache: dict = {}
    for mine in sorted(event.sessions, key=lambda s: s.starts_at):
        for other in others:
            if _overlap(mine, other):
                for reason, detail in reasons_between(mine, other, cache):
                    clashes.append(Clash(other.event, other, mine, reason, detail))
    return clashes


@dataclass
class RangeClash:
    """Two sessions of different events inside the coordination view's range that clash."""

    first: EventSession
    second: EventSession
    reasons: list[tuple[str, str]]


def sessions_in_range(session: Session, start: datetime, end: datetime, event_ids=None) -> list[EventSession]:
    """Sessions of every event (drafts and cancelled included) touching [start, end), with their events."""
    query = (select(EventSession).join(Event).options(*_load_options())
             .where(EventSession.starts_at < end, EventSession.ends_at > start)
             .order_by(EventSession.starts_at, EventSession.id))
    if event_ids is not None:
        query = query.where(Event.id.in_(event_ids))
    return list(session.scalars(query))


def clashes_among(items: list[EventSession]) -> list[RangeClash]:
    """Clashing pairs among sessions sorted by start (sweep line: only overlapping pairs are compared)."""
    active: list[EventSession] = []
    found = []
    cache: dict = {}
    for item in sorted(items, key=lambda s: (s.starts_at, s.id)):
        active = [a for a in active if a.ends_at > item.starts_at]
        if item.event.status != "cancelled":
            for other in active:
                if other.event_id != item.event_id and other.event.status != "cancelled":
                    reasons = reasons_between(other, item, cache)
                    if reasons:
                        found.append(RangeClash(other, item, reasons))
        active.append(item)
    return found
