"""Seat counts and the registration window: read-only answers for pages, lists and the API."""
from dataclasses import dataclass
from datetime import datetime

from babel.dates import format_datetime
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..events.models import Event
from ..timeutil import to_local, utcnow
from .models import Registration


@dataclass
class SeatCounts:
    confirmed: int = 0
    waitlisted: int = 0
    cancelled: int = 0
    capacity: int | None = None

    @property
    def seats_left(self) -> int | None:
        """Free seats (never negative), or None for an event without a seat limit."""
        if self.capacity is None:
            return None
        return max(self.capacity - self.confirmed, 0)

    @property
    def active(self) -> int:
        return self.confirmed + self.waitlisted


def seat_counts(session: Session, events: list[Event]) -> dict[int, SeatCounts]:
    """Counts per event id for many events in one query (lists, the API): no N+1."""
    result = {event.id: SeatCounts(capacity=event.capacity) for event in events}
    if not result:
        return result
    rows = session.execute(
        select(Registration.event_id, Registration.status, func.count())
        .where(Registration.event_id.in_(list(result)))
        .group_by(Registration.event_id, Registration.status))
    for event_id, status, count in rows:
        setattr(result[event_id], status, count)
    return result


@dataclass
class Window:
    """Whether registration is open now, and if not why (`code` as in the API: closed | cancelled)."""

    is_open: bool
    code: str | None = None
    message: str = ""


def registration_window(event: Event, now: datetime | None = None) -> Window:
    """Open only for published events that take registrations, between opening and closing times.
    No opening time = open from publication; no closing time = open until the last session ends."""
    now = now or utcnow()
    if event.status == "cancelled":
        return Window(False, "cancelled", _("El evento fue cancelado: ya no recibe registros."))
    if event.status == "postponed":
        return Window(False, "closed", _("El evento fue pospuesto: el registro está suspendido hasta que se "
                                         "anuncie la nueva fecha."))
    if event.status != "published":
        return Window(False, "closed", _("El evento todavía no está publicado."))
    if not event.registration_required:
        return Window(False, "closed", _("Este evento no requiere registro."))
    if event.registration_opens_at and now < event.registration_opens_at:
        return Window(False, "closed", _("El registro abre el %(when)s.",
                                         when=local_text(event.registration_opens_at, event.timezone)))
    closes = event.registration_closes_at or event.last_ends_at
    if closes and now >= closes:
        return Window(False, "closed", _("El registro para este evento ya cerró."))
    return Window(True)


def local_text(instant: datetime, zone: str) -> str:
    """A stored UTC instant as readable local time of the event, e.g. '15 sept 2020, 10:00 (America/Mexico_City)'."""
    local = to_local(instant, zone)
    text = format_datetime(local, "d 'de' MMMM 'de' y, HH:mm", tzinfo=local.tzinfo, locale=str(get_locale() or "es"))
    return f"{text} ({zone})"
