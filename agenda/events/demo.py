"""Demo agenda loader for `flask --app agenda demo`: the commission's real 2019-2020 agenda (demo_data.py)
and a few upcoming events dated from today. Idempotent: an entry is created only when no event has its slug,
so running it again, even days later, adds nothing and never touches events people may have edited since."""
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..catalog.models import Organization, State
from ..cli import demo_loader
from ..timeutil import to_local, to_utc, utcnow
from . import demo_data
from .models import Event, EventSession, Person, Theme

DEFAULT_ZONE = "America/Mexico_City"
PUBLISHED_DAYS_BEFORE = 14  # demo events look announced two weeks ahead (never later than "now")
ENTRY_KEYS = {
    "slug", "title", "summary", "description", "type", "organization", "co_organizers", "themes", "modality",
    "venue", "stream_url", "meeting_url", "timezone", "status", "status_reason", "visibility", "scope",
    "capacity", "registration_required", "registration_closes", "sessions", "people", "weekends", "notes",
    "announced",
}


@demo_loader
def load_demo_agenda(session: Session, now: datetime | None = None) -> str:
    """Create the demo events that do not exist yet (by slug); `now` (naive UTC) dates the upcoming ones."""
    now = now or utcnow()
    entries = [(entry, True) for entry in demo_data.REPORT_EVENTS]
    entries += [(entry, False) for entry in demo_data.UPCOMING_EVENTS]
    slugs = [entry["slug"] for entry, _ in entries]
    existing = set(session.scalars(select(Event.slug).where(Event.slug.in_(slugs))))
    missing = [(entry, from_report) for entry, from_report in entries if entry["slug"] not in existing]
    if missing:
        organizations = _organizations(session)
        states = {state.code: state for state in session.scalars(select(State))}
        themes = _themes(session)
        for entry, from_report in missing:
            event = _build_event(entry, organizations, states, themes, now)
            if from_report:
                event.description = f"{event.description}\n\n{demo_data.SOURCE}".lstrip()
            session.add(event)
        session.flush()
    return (f"  Agenda: {len(demo_data.REPORT_EVENTS)} eventos del informe 2019-2020 y "
            f"{len(demo_data.UPCOMING_EVENTS)} próximos ({len(missing)} creados ahora)")


def _organizations(session: Session) -> dict[str, Organization]:
    """Every organization by upper-case acronym, after adding the report's outside bodies if missing."""
    organizations = {o.acronym.upper(): o for o in session.scalars(select(Organization))}
    for outside in demo_data.OUTSIDE_ORGANIZATIONS:
        if outside["acronym"].upper() not in organizations:
            state = session.scalar(select(State).where(State.code == outside["state"])) if outside["state"] \
                else None
            organization = Organization(acronym=outside["acronym"], name=outside["name"], kind="other",
                                        state=state)
            session.add(organization)
            organizations[outside["acronym"].upper()] = organization
    return organizations


def _themes(session: Session) -> dict[str, Theme]:
    """The demo themes by slug: existing rows (matched by slug, or by name if an admin chose another slug)
    or new ones."""
    rows = list(session.scalars(select(Theme)))
    by_slug = {t.slug: t for t in rows}
    by_name = {t.name.casefold(): t for t in rows}
    themes = {}
    for slug, name in demo_data.THEMES:
        theme = by_slug.get(slug) or by_name.get(name.casefold())
        if theme is None:
            theme = Theme(slug=slug, name=name)
            session.add(theme)
        themes[slug] = theme
    return themes


def _build_event(entry: dict, organizations: dict[str, Organization], states: dict[str, State],
                 themes: dict[str, Theme], now: datetime) -> Event:
    unknown = set(entry) - ENTRY_KEYS
    if unknown:
        raise ValueError(f"Demo event {entry['slug']!r} has unknown keys: {sorted(unknown)}")
    organization = _organization(organizations, entry["organization"], entry["slug"])
    zone = entry.get("timezone") or (organization.state.timezone if organization.state else DEFAULT_ZONE)
    venue = entry.get("venue") or {}
    status = entry.get("status", "published")
    event = Event(
        slug=entry["slug"], title=entry["title"], summary=entry.get("summary", ""),
        description=entry.get("description", ""), notes=entry.get("notes", ""), type=entry["type"],
        scope=entry.get("scope", "state"),
        organization=organization, modality=entry.get("modality", "virtual"),
        venue_address=venue.get("address"), venue_city=venue.get("city"),
        venue_state=states[venue["state"]] if venue.get("state") else None,
        stream_url=entry.get("stream_url"), meeting_url=entry.get("meeting_url"), timezone=zone,
        status=status, status_reason=entry.get("status_reason"), visibility=entry.get("visibility", "public"),
        capacity=entry.get("capacity"), registration_required=entry.get("registration_required", True),
        registration_closes_at=_local_instant(entry.get("registration_closes"), zone),
    )
    event.co_organizers = [_organization(organizations, acronym, entry["slug"])
                           for acronym in entry.get("co_organizers", ())]
    event.themes = [themes[slug] for slug in entry.get("themes", ())]
    today = to_local(now, zone).date()
    for day, start, end, *title in entry["sessions"]:
        if isinstance(day, int):
            on = _upcoming_day(today, day, entry.get("weekends", False))
        else:
            on = date.fromisoformat(day)
        event.sessions.append(EventSession(
            title=title[0] if title else None,
            starts_at=to_utc(datetime.combine(on, time.fromisoformat(start)), zone),
            ends_at=to_utc(datetime.combine(on, time.fromisoformat(end)), zone),
        ))
    for position, (name, role, affiliation, *session_index) in enumerate(entry.get("people", ())):
        event.people.append(Person(
            name=name, role=role, affiliation=affiliation, position=position,
            session=event.sessions[session_index[0]] if session_index else None,
        ))
    event.refresh_span()
    announced = event.first_starts_at - timedelta(days=PUBLISHED_DAYS_BEFORE)
    if entry.get("announced"):
        announced = _local_instant(f"{entry['announced']} 10:00", zone)
    announced = min(now, announced)
    event.created_at = event.updated_at = event.published_at = announced
    if status == "cancelled":
        event.cancelled_at = now
    return event


def _organization(organizations: dict[str, Organization], acronym: str, slug: str) -> Organization:
    try:
        return organizations[acronym.upper()]
    except KeyError:
        raise LookupError(f"Demo event {slug!r} names an unknown organization {acronym!r}") from None


def _upcoming_day(today: date, offset: int, weekends: bool) -> date:
    """`today` moved by `offset` days: calendar days if `weekends`, else working days (Monday to Friday)."""
    if weekends:
        return today + timedelta(days=offset)
    day, step = today, (1 if offset > 0 else -1)
    for _ in range(abs(offset)):
        day += timedelta(days=step)
        while day.weekday() >= 5:
            day += timedelta(days=step)
    return day


def _local_instant(value: str | None, zone: str) -> datetime | None:
    """'2020-08-31 23:59' in `zone` as naive UTC."""
    return to_utc(datetime.fromisoformat(value), zone) if value else None
