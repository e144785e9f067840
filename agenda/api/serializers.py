"""Events as the JSON the public contract (docs/api.md) describes. Pure functions over loaded models."""
from __future__ import annotations

import importlib
import importlib.util
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..events.models import Event
from ..timeutil import to_local, utcnow


def iso(instant: datetime | None, zone: str) -> str | None:
    """A stored naive-UTC instant as ISO 8601 with the offset of `zone` (2020-09-15T10:00:00-05:00)."""
    if instant is None:
        return None
    return to_local(instant, zone).isoformat(timespec="seconds")


def all_day_fields(session, zone: str) -> dict:
    """all_day, and the first and last (included) days of an all-day session in the event's zone."""
    if not session.is_all_day:
        return {"all_day": False, "first_day": None, "last_day": None}
    first = to_local(session.starts_at, zone).date()
    last = to_local(session.ends_at, zone).date() - timedelta(days=1)
    return {"all_day": True, "first_day": first.isoformat(), "last_day": max(first, last).isoformat()}


def base_url() -> str:
    return current_app.config["AGENDA_BASE_URL"].rstrip("/")


def event_url(event: Event) -> str:
    return f"{base_url()}/eventos/{event.id}-{event.slug}"


def event_ics_url(event: Event) -> str:
    return f"{base_url()}/eventos/{event.id}.ics"


def _registration_seats():
    """agenda.registration.seats when the registration area is installed (one rule, one place), else None."""
    if importlib.util.find_spec("agenda.registration.seats") is None:
        return None
    return importlib.import_module("agenda.registration.seats")


def confirmed_counts(session: Session, events: list[Event]) -> dict[int, int]:
    """Confirmed registrations per event, in one query; empty while the registration area is absent."""
    limited = [event for event in events if event.capacity is not None]
    if not limited or importlib.util.find_spec("agenda.registration.models") is None:
        return {}
    seats = _registration_seats()
    if seats is not None:
        return {event_id: counts.confirmed for event_id, counts in seats.seat_counts(session, limited).items()}
    registration = importlib.import_module("agenda.registration.models").Registration
    rows = session.execute(
        select(registration.event_id, func.count())
        .where(registration.event_id.in_([event.id for event in limited]), registration.status == "confirmed")
        .group_by(registration.event_id))
    return {event_id: count for event_id, count in rows}


def seats_left(event: Event, confirmed: int) -> int | None:
    if event.capacity is None:
        return None
    return max(event.capacity - confirmed, 0)


def registration_open(event: Event, now: datetime | None = None) -> bool:
    """Published, taking registrations, and now is between the opening and the closing time.

    Without an opening time registration opens on publication; without a closing time it closes when the last
    session ends. The same rule as agenda.registration.seats.registration_window (a test keeps them equal);
    computed here without building that function's Spanish messages, which cost more than the rest of an item.
    """
    now = now or utcnow()
    if event.status != "published" or not event.registration_required:
        return False
    if event.registration_opens_at is not None and now < event.registration_opens_at:
        return False
    closes = event.registration_closes_at or event.last_ends_at
    return closes is None or now < closes


def event_json(event: Event, confirmed: int = 0) -> dict:
    """One event (its sessions, people, organizers and themes must be loaded) as the contract's Event."""
    zone = event.timezone
    venue = None
    if event.venue_address or event.venue_city or event.venue_state is not None:
        venue = {"address": event.venue_address, "city": event.venue_city,
                 "state": event.venue_state.code if event.venue_state is not None else None}
    return {
        "id": event.id,
        "url": event_url(event),
        "ics_url": event_ics_url(event),
        "title": event.title,
        "summary": event.summary or "",
        "description": event.description or "",
        "type": event.type,
        "themes": [theme.name for theme in event.themes],
        "organization": event.organization.acronym,
        "co_organizers": [organization.acronym for organization in event.co_organizers],
        "modality": event.modality,
        "scope": event.scope,
        "venue": venue,
        "stream_url": event.stream_url or None,
        "timezone": zone,
        "status": event.status,
        "visibility": event.visibility,
        "status_reason": event.status_reason or None,
        "capacity": event.capacity,
        "waitlist": bool(event.waitlist_enabled),
        "seats_left": seats_left(event, confirmed),
        "registration_required": bool(event.registration_required),
        "registration_opens": iso(event.registration_opens_at, zone),
        "registration_closes": iso(event.registration_closes_at, zone),
        "registration_open": registration_open(event),
        "sessions": [
            {"id": s.id, "title": s.title or None, "start": iso(s.starts_at, zone), "end": iso(s.ends_at, zone),
             "venue": s.venue or None, **all_day_fields(s, zone)}
            for s in sorted(event.sessions, key=lambda s: (s.starts_at, s.id))
        ],
        "people": [
            {"name": p.name, "role": p.role, "affiliation": p.affiliation or None, "session_id": p.session_id}
            for p in event.people
        ],
        "updated_at": iso(event.updated_at, zone),
    }


def events_json(session: Session, events: list[Event]) -> list[dict]:
    counts = confirmed_counts(session, events)
    return [event_json(event, counts.get(event.id, 0)) for event in events]
