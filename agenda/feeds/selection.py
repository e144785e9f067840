"""Which events each feed holds. A FeedSpec names the feed, selects its events with the agenda's own filters
(events.queries), and carries what else its content depends on (for the ETag)."""
from dataclasses import dataclass, field, fields
from urllib.parse import urlencode

from sqlalchemy import ColumnElement, and_, false, or_, select
from sqlalchemy.orm import Session, selectinload

from ..catalog.models import Organization
from ..events.models import Event
from ..events.queries import EventFilters, filter_events_query
from ..registration.models import Registration
from .ical import N_, TYPE_LABELS
from .models import FeedSubscription

SITE_NAME = N_("Agenda SNT")
FILTER_NAMES = (("type", N_("tipo")), ("theme", N_("tema")), ("region", N_("región")), ("state", N_("estado")),
                ("organization", N_("organismo")), ("modality", N_("modalidad")), ("q", N_("búsqueda")))


@dataclass
class FeedSpec:
    """One feed: its identity, calendar texts and the condition on Event selecting its events."""

    key: tuple  # identity of the feed (kind and parameters), part of the ETag
    name: str  # X-WR-CALNAME
    description: str  # X-WR-CALDESC
    condition: ColumnElement[bool]  # on Event (and tables it reaches through subqueries only)
    windowed: bool = True  # only sessions of the last AGENDA_FEED_PAST_DAYS days and later
    keep_cancelled_days: int | None = 30  # cancelled events leave this long after cancelling (None: never)
    private: bool = False  # personal: shared caches must not keep it
    meeting_event_ids: frozenset[int] = frozenset()  # events whose private meeting link the reader may see
    extra_version: tuple = ()  # other data the content depends on (subscriptions, registrations)
    source_url: str | None = None  # public URL of the feed (SOURCE)
    filename: str = "agenda.ics"  # for Content-Disposition
    timestamps: tuple = field(default_factory=tuple)  # naive UTC instants that count for Last-Modified


def _where(filters: EventFilters, user) -> ColumnElement[bool]:
    """The agenda's conditions for `filters` as seen by `user`, as a WHERE on Event.

    filter_events_query only adds conditions (a join would be lost here); that is checked once per shape of
    filters (which fields are set, logged in or not), since the check costs milliseconds, and if it ever fails
    the feed falls back to an IN on the query's ids so it still agrees with the agenda.
    """
    query = filter_events_query(filters, user)
    shape = (tuple(bool(getattr(filters, f.name)) for f in fields(filters)),
             bool(user is not None and getattr(user, "is_authenticated", False)))
    plain = _PLAIN_SHAPES.get(shape)
    if plain is None:
        froms = query.get_final_froms()
        plain = _PLAIN_SHAPES[shape] = len(froms) == 1 and froms[0] is Event.__table__
    if plain and query.whereclause is not None:
        return query.whereclause
    return Event.id.in_(query.with_only_columns(Event.id).order_by(None))


_PLAIN_SHAPES: dict[tuple, bool] = {}


def _describe(filters: EventFilters) -> str:
    parts = []
    for name, label in FILTER_NAMES:
        value = getattr(filters, name, None)
        if value:
            parts.append(f"{label}: {TYPE_LABELS.get(value, value) if name == 'type' else value}")
    return ", ".join(parts)


def public_spec(filters: EventFilters, base_url: str) -> FeedSpec:
    """/calendario.ics: the public agenda (never members-only events), with the agenda's filters."""
    filters.date_from = filters.date_to = None  # a feed has its own window
    described = _describe(filters)
    query_string = urlencode(filters.to_query_args())
    name = SITE_NAME + (f" ({described})" if described else "")
    return FeedSpec(
        key=("public", tuple(sorted(filters.to_query_args().items()))),
        name=name,
        description=N_("Eventos del Sistema Nacional de Transparencia") + (f" — {described}" if described else ""),
        condition=_where(filters, None),
        source_url=f"{base_url}/calendario.ics" + (f"?{query_string}" if query_string else ""),
        filename="agenda-snt.ics",
    )


def organization_spec(organization: Organization, base_url: str) -> FeedSpec:
    """/organismos/<acronym>/calendario.ics: events a body organizes or co-organizes (public ones)."""
    filters = EventFilters(organization=organization.acronym)
    return FeedSpec(
        key=("organization", organization.id, organization.acronym),
        name=f"{SITE_NAME} — {organization.acronym}",
        description=N_("Eventos de") + f" {organization.name}",
        condition=_where(filters, None),
        source_url=f"{base_url}/organismos/{organization.acronym}/calendario.ics",
        filename=f"agenda-{organization.acronym.lower().replace(' ', '-')}.ics",
    )


def event_spec(event: Event, user, base_url: str) -> FeedSpec:
    """/eventos/<id>.ics: every session of one event the reader may see (drafts never)."""
    return FeedSpec(
        key=("event", event.id),
        name=event.title,
        description=f"{SITE_NAME}: {event.title}",
        condition=and_(Event.id == event.id, _where(EventFilters(), user)),
        windowed=False,
        keep_cancelled_days=None,
        private=event.visibility != "public",
        source_url=f"{base_url}/eventos/{event.id}.ics",
        filename=f"evento-{event.id}.ics",
    )


def registrations_of(session: Session, email: str) -> list[tuple[int, str, object]]:
    """(event_id, status, updated_at) of every active registration made with `email`."""
    rows = session.execute(
        select(Registration.event_id, Registration.status, Registration.updated_at)
        .where(Registration.email == email.lower(), Registration.status.in_(("confirmed", "waitlisted")))
        .order_by(Registration.event_id)
    )
    return [tuple(row) for row in rows]


def subscriptions_of(session: Session, user_id: int) -> list[FeedSubscription]:
    return list(session.scalars(
        select(FeedSubscription).where(FeedSubscription.user_id == user_id)
        .options(selectinload(FeedSubscription.organization)).order_by(FeedSubscription.id)
    ))


def subscription_filters(subscription: FeedSubscription) -> EventFilters | None:
    """The agenda filters a (non-event) subscription stands for."""
    if subscription.kind == "organization":
        if subscription.organization is None:
            return None
        return EventFilters(organization=subscription.organization.acronym)
    if subscription.kind in ("region", "type", "theme") and subscription.code:
        return EventFilters(**{subscription.kind: subscription.code})
    return None


def personal_spec(session: Session, user) -> FeedSpec:
    """/calendario/<token>.ics: what `user` follows plus the events they registered for, as `user` sees them
    (members-only events included for accounts); meeting links for events with a confirmed seat."""
    subscriptions = subscriptions_of(session, user.id)
    registrations = registrations_of(session, user.email)
    chosen: list[ColumnElement[bool]] = []
    event_ids = {s.event_id for s in subscriptions if s.kind == "event" and s.event_id}
    event_ids |= {event_id for event_id, _status, _at in registrations}
    if event_ids:
        chosen.append(Event.id.in_(sorted(event_ids)))
    for subscription in subscriptions:
        filters = subscription_filters(subscription)
        if filters is not None:
            chosen.append(_where(filters, user))
    condition = and_(_where(EventFilters(), user), or_(*chosen)) if chosen else false()
    return FeedSpec(
        key=("personal", user.id),
        name=f"{SITE_NAME} — {N_('Mi calendario')}",
        description=N_("Calendario personal de") + f" {user.name}",
        condition=condition,
        private=True,
        meeting_event_ids=frozenset(e for e, status, _at in registrations if status == "confirmed"),
        extra_version=(
            user.role, user.is_active_account,
            tuple((s.id, s.kind, s.code, s.organization_id, s.event_id) for s in subscriptions),
            tuple(registrations),
        ),
        filename="mi-calendario.ics",
        timestamps=tuple(at for _e, _s, at in registrations if at) + tuple(s.created_at for s in subscriptions),
    )
