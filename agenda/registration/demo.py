"""Demo registrations for `flask --app agenda demo`: public servants registered for the demo events that take
registrations (past and upcoming), a full one with a waiting list, so the registrant lists, the event pages'
seat counts, attendance and the commission report have data. Deterministic and idempotent: an event that
already has any registration is left alone. No mail is queued for them (the addresses are fictitious)."""
import hashlib
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..catalog.models import Organization, State
from ..cli import demo_loader
from ..events.models import Event
from ..security import new_token
from ..timeutil import utcnow
from .models import GENDERS, SECTORS, Registration

FIRST = ["Ana", "Luis", "María", "José", "Guadalupe", "Juan", "Fernanda", "Carlos", "Verónica", "Miguel",
         "Rosa", "Alejandro", "Patricia", "Jorge", "Lucía", "Ricardo", "Adriana", "Roberto", "Claudia", "Héctor"]
LAST = ["Hernández", "García", "Martínez", "López", "González", "Pérez", "Rodríguez", "Sánchez", "Ramírez",
        "Cruz", "Flores", "Gómez", "Morales", "Vázquez", "Reyes", "Jiménez", "Torres", "Díaz", "Ruiz", "Mendoza"]
POSITIONS = ["Titular de la Unidad de Transparencia", "Enlace de transparencia", "Jefa de departamento",
             "Analista jurídico", "Coordinador de archivo", "Directora de datos abiertos"]
PER_EVENT = 36  # people per demo event (fewer if the event has fewer seats, plus a short waiting list)


def _pick(seed: str, options):
    return options[hashlib.sha256(seed.encode()).digest()[0] % len(options)]


@demo_loader
def load_demo_registrations(session: Session) -> str:
    now = utcnow()
    taken = select(Registration.event_id).distinct()
    events = list(session.scalars(
        select(Event).where(Event.registration_required.is_(True), Event.status.in_(("published", "postponed")),
                            Event.visibility == "public", Event.id.not_in(taken))
        .options(selectinload(Event.organization)).order_by(Event.id)))
    states = list(session.scalars(select(State).order_by(State.code)))
    organizations = {o.state_id: o for o in session.scalars(select(Organization).where(Organization.kind == "ogl"))}
    added = 0
    for event in events:
        seats = event.capacity if event.capacity is not None else PER_EVENT
        people = min(PER_EVENT, seats + (3 if event.waitlist_enabled else 0))
        registered_at = (event.published_at or now) + timedelta(days=1)
        for n in range(people):
            seed = f"{event.slug}:{n}"
            first, last, other = _pick(seed + "f", FIRST), _pick(seed + "l", LAST), _pick(seed + "o", LAST)
            state = _pick(seed + "s", states)
            confirmed = n < seats
            session.add(Registration(
                event_id=event.id, email=_address(first, last, event.id, n),
                name=f"{first} {last} {other}", institution=f"Sujeto obligado de {state.name}",
                position=_pick(seed + "p", POSITIONS), state_id=state.id,
                organization_id=organizations[state.id].id if n % 4 == 0 and state.id in organizations else None,
                sector=SECTORS[0] if n % 5 else _pick(seed + "c", SECTORS), gender=_pick(seed + "g", GENDERS),
                accessibility="Subtítulos en la transmisión" if n % 17 == 3 else "",
                status="confirmed" if confirmed else "waitlisted",
                waitlist_position=None if confirmed else n - seats + 1, source="form",
                token_hash=new_token()[1], consent_at=registered_at, created_at=registered_at,
                updated_at=registered_at, confirmed_at=registered_at if confirmed else None))
            added += 1
    session.flush()
    return f"  Registros: {added} registros de demostración en {len(events)} eventos"


def _address(first: str, last: str, event_id: int, n: int) -> str:
    plain = f"{first}.{last}".lower()
    for accented, letter in zip("áéíóúñü", "aeiounu", strict=True):
        plain = plain.replace(accented, letter)
    return f"{plain}.{event_id}.{n}@ejemplo.gob.mx"
