"""Read side of events: the public agenda's filters and the list query shared by pages, API and feeds.

Date filters are exact in each event's own zone: the few distinct zones in use are read first and each
contributes its own UTC window (`timezone = Z AND session overlaps [from 00:00, to 24:00) in Z`), so the count
and the pagination stay right without fetching rows to filter them in Python.
"""
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from typing import Mapping

from flask_babel import gettext as _
from sqlalchemy import Select, and_, case, exists, false, func, or_, select, tuple_
from sqlalchemy.orm import Session, aliased, selectinload

from ..catalog import data as catalog_data
from ..catalog.models import Organization, Region, State
from ..catalog.services import organization_by_acronym
from ..domain import DomainError
from ..extensions import db
from ..timeutil import to_utc, utcnow
from . import search
from .models import EVENT_STATUSES, EVENT_TYPES, MODALITIES, Event, EventSession, Theme, event_co_organizers
from .themes import theme_by_code

PUBLIC_STATUSES = ("published", "postponed", "cancelled")
assert set(PUBLIC_STATUSES) == set(EVENT_STATUSES) - {"draft"}  # visible_condition relies on it
MAX_PER_PAGE = 100
SORTS = ("relevance", "date")


@dataclass
class EventFilters:
    """The agenda's filters, already validated; every field optional. Codes are canonical (see parse_filters)."""

    type: str | None = None
    theme: str | None = None  # Theme.slug
    region: str | None = None  # Region.slug
    state: str | None = None  # State.code (GUA)
    organization: str | None = None  # Organization.acronym, as in the catalog
    modality: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    q: str | None = None
    sort: str | None = None  # "relevance" (the default when q is given) or "date"

    def is_empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self) if f.name != "sort")

    def by_relevance(self) -> bool:
        return bool(self.q and search.query_words(self.q) and self.sort != "date")

    def to_query_args(self) -> dict[str, str]:
        """The filters as URL query parameters (the names the agenda, the API and feeds share)."""
        args = {}
        for name in ("type", "theme", "region", "state", "organization", "modality", "q", "sort"):
            if getattr(self, name):
                args[name] = getattr(self, name)
        if self.date_from:
            args["from"] = self.date_from.isoformat()
        if self.date_to:
            args["to"] = self.date_to.isoformat()
        return args


def _bad(param: str, message: str) -> DomainError:
    return DomainError(message, "invalid_parameter", status=400, field=param)


def parse_date(args: Mapping[str, str], param: str) -> date | None:
    """The YYYY-MM-DD date in query parameter `param` (None when absent), between 1900 and 2200: other years
    are typing mistakes, and the last days of year 9999 or the first of year 1 overflow date arithmetic.
    Raises DomainError(invalid_parameter, 400, field=param)."""
    raw = (args.get(param) or "").strip()
    if not raw:
        return None
    try:
        value = date.fromisoformat(raw)
    except ValueError:
        raise _bad(param, _("La fecha «%(param)s» debe tener el formato AAAA-MM-DD.", param=param)) from None
    if not 1900 <= value.year <= 2200:
        raise _bad(param, _("La fecha «%(param)s» está fuera del rango permitido.", param=param))
    return value


def parse_filters(args: Mapping[str, str]) -> EventFilters:
    """Validate the agenda's query parameters; raise DomainError(invalid_parameter, 400, field=param)."""
    def value(name: str) -> str | None:
        raw = args.get(name)
        return raw.strip() if isinstance(raw, str) and raw.strip() else None

    filters = EventFilters(q=(value("q") or None))
    if filters.q and len(filters.q) > 200:
        raise _bad("q", _("El texto de búsqueda es demasiado largo (máximo 200 caracteres)."))
    if (sort := value("sort")) is not None:
        if sort.lower() not in SORTS:
            raise _bad("sort", _("Orden desconocido: %(v)s (use relevance o date).", v=sort))
        filters.sort = sort.lower()
    if (kind := value("type")) is not None:
        if kind.lower() not in EVENT_TYPES:
            raise _bad("type", _("Tipo de evento desconocido: %(v)s.", v=kind))
        filters.type = kind.lower()
    if (modality := value("modality")) is not None:
        if modality.lower() not in MODALITIES:
            raise _bad("modality", _("Modalidad desconocida: %(v)s.", v=modality))
        filters.modality = modality.lower()
    if (region := value("region")) is not None:
        if region.lower() not in {slug for slug, _name in catalog_data.REGIONS}:
            raise _bad("region", _("Región desconocida: %(v)s.", v=region))
        filters.region = region.lower()
    if (state := value("state")) is not None:
        code = state.upper().removeprefix("MX-")
        if code not in {row[0] for row in catalog_data.STATES}:
            raise _bad("state", _("Estado desconocido: %(v)s.", v=state))
        filters.state = code
    if (acronym := value("organization")) is not None:
        organization = organization_by_acronym(db.session, acronym)
        if organization is None:
            raise _bad("organization", _("Organismo desconocido: %(v)s.", v=acronym))
        filters.organization = organization.acronym
    if (theme := value("theme")) is not None:
        slug = theme_by_code(db.session, theme)
        if slug is None:
            raise _bad("theme", _("Tema desconocido: %(v)s.", v=theme))
        filters.theme = slug
    filters.date_from = parse_date(args, "from")
    filters.date_to = parse_date(args, "to")
    if filters.date_from and filters.date_to and filters.date_to < filters.date_from:
        raise _bad("to", _("La fecha final es anterior a la inicial."))
    return filters


def _is_logged_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def visible_condition(user):
    """Events the user may find in lists: never drafts; members-only events for logged-in users."""
    # "Not a draft" (what PUBLIC_STATUSES means, checked below), as the feeds write it: no index answers `!=`.
    # SQLite without ANALYZE statistics takes `status IN (3 of 4 statuses)` for a selective look-up on
    # ix_events_status_visibility and reads nearly every event through it instead of the start index.
    condition = Event.status != "draft"
    if not _is_logged_in(user):
        condition = and_(condition, Event.visibility == "public")
    return condition


def _organization_condition(org_condition):
    """Organizer or any co-organizer satisfies `org_condition` (a condition on Organization)."""
    co_organized = select(event_co_organizers.c.event_id).join(
        Organization, Organization.id == event_co_organizers.c.organization_id).where(org_condition)
    organizers = select(Organization.id).where(org_condition)
    return or_(Event.organization_id.in_(organizers), Event.id.in_(co_organized))


def _place_condition(state_condition):
    """Organizer, co-organizer or venue in a state matching `state_condition` (a condition on State)."""
    states = select(State.id).where(state_condition)
    return or_(_organization_condition(Organization.state_id.in_(states)), Event.venue_state_id.in_(states))


def _date_condition(date_from: date | None, date_to: date | None, zones: list[str]):
    """Events with a session overlapping [date_from 00:00, date_to 24:00) in the event's own zone.

    One EXISTS per event on the sessions' event_id index, with the day bounds in UTC picked by the event's zone
    (a CASE over the zones in use): an OR of one `id IN (sessions)` per zone made SQLite scan the sessions
    once per zone and event (0.7 s with 10,000 events)."""
    if not zones:
        return false()
    window = [EventSession.event_id == Event.id]
    if date_from:
        window.append(EventSession.ends_at > _local_midnight_in_utc(date_from, zones))
    if date_to:
        window.append(EventSession.starts_at < _local_midnight_in_utc(date_to + timedelta(days=1), zones))
    return exists().where(*window)


def _date_span_bounds(date_from: date | None, date_to: date | None, zones: list[str]) -> list:
    """Conditions on the event's own span implied by the date filter (a session overlapping the window means
    the event ends after its start and starts before its end, in the earliest/latest zone in use): redundant
    with `_date_condition` but on indexed columns, so the database reads only the events near the window
    instead of checking the sessions of the whole archive."""
    if not zones:
        return []
    bounds = []
    if date_from:
        start = min(to_utc(datetime.combine(date_from, time()), z) for z in zones)
        # the start floor too: SQLite then reads the start index between two bounds instead of from the first
        # event of the archive up to the window's end
        bounds += [Event.last_ends_at > start, Event.first_starts_at >= _start_floor(start)]
    if date_to:
        end = datetime.combine(date_to + timedelta(days=1), time())
        bounds.append(Event.first_starts_at < max(to_utc(end, z) for z in zones))
    return bounds


def _start_floor(now: datetime):
    """The earliest start of the events not yet ended at `now` (or `now`). As a bound on Event.first_starts_at
    it lets the list walk the start index from there instead of from the first event of the archive: a scalar
    subquery read from ix_events_last_end_first_start alone, over the events not yet ended (a condition on
    first_starts_at here would tempt the planner into the start index, that is the archive)."""
    later = aliased(Event)
    # min() of an expression, not of the bare column: SQLite answers min(first_starts_at) by walking the start
    # index from the archive's first event until one has not ended. Both are set together (refresh_span).
    earliest = func.min(func.coalesce(later.first_starts_at, later.last_ends_at))
    return select(func.coalesce(earliest, now)).where(later.last_ends_at >= now).scalar_subquery()


def _local_midnight_in_utc(day: date, zones: list[str]):
    """00:00 of `day` in the event's zone, as a UTC instant (an SQL CASE on Event.timezone)."""
    return case({zone: to_utc(datetime.combine(day, time()), zone) for zone in zones}, value=Event.timezone)


def apply_filters(query: Select, filters: EventFilters, session: Session | None = None) -> Select:
    """Add the filters' conditions to a query over Event (used by the agenda and the coordination view)."""
    session = session or db.session
    if filters.type:
        query = query.where(Event.type == filters.type)
    if filters.modality:
        query = query.where(Event.modality == filters.modality)
    if filters.theme:
        query = query.where(Event.themes.any(Theme.slug == filters.theme))
    if filters.organization:
        query = query.where(_organization_condition(func.upper(Organization.acronym) == filters.organization.upper()))
    if filters.state:
        query = query.where(_place_condition(State.code == filters.state))
    if filters.region:
        query = query.where(_place_condition(State.region_id.in_(
            select(Region.id).where(Region.slug == filters.region))))
    if filters.date_from or filters.date_to:
        near = _date_span_bounds(filters.date_from, filters.date_to, ["Etc/GMT+12", "Etc/GMT-14"])
        zones = list(session.scalars(select(Event.timezone).where(*near).distinct()))  # of the events near
        query = query.where(_date_condition(filters.date_from, filters.date_to, zones),
                            *_date_span_bounds(filters.date_from, filters.date_to, zones))
    if filters.q:
        matched = search.join_matches(query, filters.q, session)
        query = matched if matched is not None else query
    return query


def filter_events_query(filters: EventFilters, user) -> Select:
    """Events `user` may see (anonymous or logged in) that match `filters`; unordered, no eager loading."""
    return apply_filters(select(Event).where(visible_condition(user)), filters)


def eager_options():
    """Load everything a list, an API item or a feed shows, in a fixed number of queries (no N+1)."""
    return (
        selectinload(Event.sessions),
        selectinload(Event.organization).selectinload(Organization.state),
        selectinload(Event.co_organizers),
        selectinload(Event.themes),
        selectinload(Event.people),
        selectinload(Event.venue_state),
    )


def keyset_of(event: Event) -> str | None:
    """The cursor that continues a date-ordered list after `event` (`after` in the API), or None."""
    if event.first_starts_at is None:
        return None
    return f"{event.first_starts_at.isoformat()}~{event.id}"


def parse_keyset(raw: str | None) -> tuple[datetime, int] | None:
    """(first start, id) from a cursor made by keyset_of; None when absent; DomainError 400 when malformed."""
    if raw is None or raw == "":
        return None
    try:
        start, _sep, event_id = raw.partition("~")
        if not start.isascii() or not event_id.isascii() or not event_id.isdigit() or len(event_id) > 12:
            raise ValueError
        return datetime.fromisoformat(start).replace(tzinfo=None), int(event_id)
    except ValueError:
        raise _bad("after", _("El cursor «after» no es válido: use el de la respuesta anterior.")) from None


def list_events(session: Session, filters: EventFilters, user, page: int = 1, per_page: int = 50,
                upcoming_only: bool = False, past_only: bool = False,
                after: tuple[datetime, int] | None = None) -> tuple[list[Event], int]:
    """One page of visible events matching `filters`, and the total count.

    Ordered by relevance when `filters.q` is given (unless sort=date), then by first session (archive,
    `past_only`: most recent first). Upcoming = not yet ended; past = ended. `after` (keyset_of the last
    event of the previous page, date order only) starts the page after it instead of skipping `page - 1`
    pages: deep pages cost what the first one does.
    """
    page = max(1, int(page))
    per_page = max(1, min(int(per_page), MAX_PER_PAGE))
    query = filter_events_query(filters, user)
    now = utcnow()
    if upcoming_only:
        query = query.where(Event.last_ends_at >= now, Event.first_starts_at >= _start_floor(now))
    if past_only:  # an event that has ended also started before now: a range on the start index
        query = query.where(Event.last_ends_at < now, Event.first_starts_at < now)
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    if past_only:
        order = (Event.first_starts_at.desc(), Event.id.desc())
    else:
        order = (Event.first_starts_at, Event.id)
    if filters.by_relevance():
        order = (*search.relevance_order(session, filters.q), *order)
    offset = (page - 1) * per_page
    if after is not None:
        if past_only or filters.by_relevance():
            raise _bad("after", _("El cursor «after» solo sirve con el orden por fecha (sort=date)."))
        start, event_id = after
        query = query.where(Event.first_starts_at >= start, tuple_(Event.first_starts_at, Event.id) > (start, event_id))
        offset = 0
    rows = session.scalars(query.options(*eager_options()).order_by(*order).limit(per_page).offset(offset))
    return list(rows), int(total or 0)


def events_for_calendar(session: Session, filters: EventFilters, user, first: date, last: date,
                        limit: int = 3000) -> list[Event]:
    """Visible events with a session between `first` and `last` (local dates), for the month calendar."""
    window = EventFilters(**{f.name: getattr(filters, f.name) for f in fields(filters)})
    window.date_from = max(first, filters.date_from) if filters.date_from else first
    window.date_to = min(last, filters.date_to) if filters.date_to else last
    if window.date_to < window.date_from:
        return []
    query = filter_events_query(window, user).options(
        selectinload(Event.sessions), selectinload(Event.organization)).order_by(Event.first_starts_at, Event.id)
    return list(session.scalars(query.limit(limit)))
