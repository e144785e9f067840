"""Demo registrations for `flask --app agenda demo`: SYNTHETIC public servants (agenda/registration/demo_people.py)
registered for the demo's own events that take registrations. Where the commission's 2019-2020 report gives a
head count (the Jornada Nacional, the Zacatecas and Guanajuato jornadas, the UVEG course, the Veracruz and
Universidad de Guanajuato diplomados) the event gets that audience (`AUDIENCES`); the others get PER_EVENT
people, a full one a short waiting list.

Only the demo's events (their slugs, no creator) are touched, never an event someone created, and an event that
already has any registration is left alone: running it again adds nothing. Rows go in with one bulk INSERT per
event (Core, no ORM objects) and no mail is queued (the addresses are fictitious)."""
import random
from datetime import datetime, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ..catalog.models import Organization, State
from ..cli import demo_loader
from ..events import demo_data
from ..events.models import Event
from ..security import new_token
from ..timeutil import utcnow
from .demo_people import AUDIENCES, Crowd
from .models import Registration

PER_EVENT = 36  # people per demo event without a figure in the report (fewer if it has fewer seats)
WAITLIST = 3  # people beyond the seats of a full event, on its waiting list
ACCESSIBILITY = ["Subtítulos en la transmisión", "Intérprete de Lengua de Señas Mexicana",
                 "Materiales compatibles con lector de pantalla"]


def demo_slugs() -> list[str]:
    return [entry["slug"] for entry in demo_data.REPORT_EVENTS + demo_data.UPCOMING_EVENTS]


def demo_events():
    """The demo's own events: a demo slug and no creator (a person's event never has both)."""
    return select(Event).where(Event.slug.in_(demo_slugs()), Event.created_by_id.is_(None))


@demo_loader
def load_demo_registrations(session: Session) -> str:
    now = utcnow()
    taken = select(Registration.event_id).distinct()
    events = list(session.scalars(
        demo_events().where(Event.registration_required.is_(True), Event.status.in_(("published", "postponed")),
                            Event.visibility == "public", Event.id.not_in(taken)).order_by(Event.id)))
    if not events:
        return "  Registros: 0 registros de demostración en 0 eventos"
    states = {s.code: (s.id, s.name) for s in session.scalars(select(State))}
    organizations = {o.acronym: o for o in session.scalars(select(Organization))}
    crowd = Crowd("agenda-demo", {code: name for code, (_, name) in states.items()},
                  {a: (o.name, o.state.code if o.state else None) for a, o in organizations.items()},
                  {a for a, o in organizations.items() if o.kind == "ogl"})
    added = 0
    for event in events:
        crowd.reseed(f"agenda-demo:{event.slug}")
        audience = AUDIENCES.get(event.slug)
        if audience is not None:
            people = audience.people(crowd, audience.registrations)
        else:
            seats = event.capacity if event.capacity is not None else PER_EVENT
            people = crowd.general(min(PER_EVENT, seats + (WAITLIST if event.waitlist_enabled else 0)),
                                   event.organization.state.code if event.organization.state else None)
        seats = event.capacity if event.capacity is not None else len(people)
        if not event.waitlist_enabled:
            people = people[:seats]
        times = _registration_times(crowd.rng, event, len(people), now)
        rows = []
        for n, (person, registered_at) in enumerate(zip(people, times, strict=True)):
            confirmed = n < seats
            rows.append({
                "event_id": event.id, "email": person.email, "name": person.name,
                "institution": person.institution, "position": person.position,
                "state_id": states[person.state][0],
                "organization_id": organizations[person.organization].id if person.organization else None,
                "sector": person.sector, "gender": person.gender,
                "accessibility": crowd.rng.choice(ACCESSIBILITY) if crowd.rng.random() < 0.02 else "",
                "status": "confirmed" if confirmed else "waitlisted",
                "waitlist_position": None if confirmed else n - seats + 1, "source": "form",
                "token_hash": new_token()[1], "consent_at": registered_at, "created_at": registered_at,
                "updated_at": registered_at, "confirmed_at": registered_at if confirmed else None})
        session.execute(insert(Registration.__table__), rows)
        added += len(rows)
    return f"  Registros: {added} registros de demostración en {len(events)} eventos"


def _registration_times(rng: random.Random, event: Event, count: int, now: datetime) -> list[datetime]:
    """`count` ascending instants between the event's publication and its registration deadline (or first
    session), never after `now`: the first `capacity` of them got the seats."""
    opens = event.published_at or now
    closes = min(event.registration_closes_at or event.first_starts_at, event.first_starts_at, now)
    if closes <= opens:
        closes = opens + timedelta(minutes=1)
    span = (closes - opens).total_seconds()
    return sorted(opens + timedelta(seconds=int(span * rng.random() ** 1.4)) for _ in range(count))
