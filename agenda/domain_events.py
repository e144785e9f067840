"""Domain events: the facts a service states, inside its transaction, after it changed something.

A service that changes data publishes one fact (`publish(session, EventChanged(...))`) after its flush; every
handler subscribed to that kind runs at once, in the same transaction, and may add rows of its own (a pending
change notice, a feed change mark, an outbox mail, later an audit row or a webhook delivery). The change and
everything its handlers wrote commit or roll back together; a handler that raises undoes the change.

The facts carry ids and what changed, never whole objects, so a handler reads what it needs (from the
session's identity map, usually without a query) and a fact can be stored or sent as JSON (`as_dict`).
`actor_id` is the account that made the change (None: the person registering, a worker or the CLI).

Who publishes and who listens is listed in docs/architecture.md. Subscribe with the decorator:

    @subscribe(EventChanged, EventCancelled)
    def on_change(session, fact): ...

`subscribe(DomainEvent)` hears every fact (for an audit log or outgoing webhooks). Handlers are registered
when their module is imported; `create_app` imports every area's listeners (agenda/__init__.py).
"""
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from sqlalchemy.orm import Session

Handler = Callable[[Session, "DomainEvent"], None]


def _plain(value):
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value
_handlers: dict[type, list[Handler]] = defaultdict(list)


@dataclass(frozen=True, kw_only=True)
class DomainEvent:
    actor_id: int | None = None

    @property
    def name(self) -> str:
        """'event.changed', 'registration.created', ...: the fact's stable name (webhooks, audit log)."""
        return self.NAME

    def as_dict(self) -> dict:
        """The fact as JSON-ready values: sets as sorted lists, tuples as lists."""
        return {"name": self.name, **{key: _plain(value) for key, value in asdict(self).items()}}

    NAME = "domain_event"


# --- events -------------------------------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class EventCreated(DomainEvent):
    NAME = "event.created"
    event_id: int
    organization_id: int


@dataclass(frozen=True, kw_only=True)
class EventChanged(DomainEvent):
    """An existing event changed. `kinds` ⊆ {"time", "place", "status", "details"}; `fields`: the event's
    columns that changed; `changed_sessions`: ids of sessions whose calendar entry changed (SEQUENCE raised),
    new ones included; `removed_sessions`: sessions deleted by this change, as dicts {"id", "sequence" (already
    raised), "title", "starts_at", "ends_at" (UTC ISO 8601)}, gone from the database already; `was_draft`: the
    event had never been published (no calendar and nobody registered has seen it); `values`: before → after
    of the changed columns, {"title": ["old", "new"]} (JSON-ready; the meeting link masked; for the audit log)."""
    NAME = "event.changed"
    event_id: int
    kinds: frozenset[str] = frozenset()
    fields: frozenset[str] = frozenset()
    changed_sessions: tuple[int, ...] = ()
    removed_sessions: tuple[dict, ...] = ()
    was_draft: bool = False
    values: dict = field(default_factory=dict, hash=False, compare=False)



@dataclass(frozen=True, kw_only=True)
class EventCancelled(DomainEvent):
    """Published after the EventChanged of the same status change."""
    NAME = "event.cancelled"
    event_id: int
    reason: str | None = None


@dataclass(frozen=True, kw_only=True)
class EventDeleted(DomainEvent):
    """A draft was deleted (published events are cancelled instead)."""
    NAME = "event.deleted"
    event_id: int
    organization_id: int


@dataclass(frozen=True, kw_only=True)
class CapacityRaised(DomainEvent):
    """An event's capacity went up or was removed (None: no limit), or its waiting list was switched on."""
    NAME = "event.capacity_raised"
    event_id: int
    old_capacity: int | None
    new_capacity: int | None


# --- catalog (what feeds show of bodies and themes) -----------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class OrganizationChanged(DomainEvent):
    NAME = "organization.changed"
    organization_id: int
    fields: frozenset[str] = frozenset()



@dataclass(frozen=True, kw_only=True)
class ThemeChanged(DomainEvent):
    NAME = "theme.changed"
    theme_id: int


# --- registration -------------------------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class RegistrationCreated(DomainEvent):
    """`status`: confirmed or waitlisted. Also published when a person who had cancelled registers again."""
    NAME = "registration.created"
    registration_id: int
    event_id: int
    status: str
    source: str = "form"


@dataclass(frozen=True, kw_only=True)
class RegistrationChanged(DomainEvent):
    """The person (or an organizer) corrected their details; `fields` names what changed."""
    NAME = "registration.changed"
    registration_id: int
    event_id: int
    fields: frozenset[str] = frozenset()



@dataclass(frozen=True, kw_only=True)
class RegistrationCancelled(DomainEvent):
    NAME = "registration.cancelled"
    registration_id: int
    event_id: int
    previous_status: str
    by_organizer: bool = False


@dataclass(frozen=True, kw_only=True)
class RegistrationPromoted(DomainEvent):
    """A waiting person got a seat (freed by a cancellation, a raised capacity or an organizer). `reason`: what
    the organizer gave for confirming out of waiting-list order or beyond capacity (`out_of_order`,
    `beyond_capacity` say which)."""
    NAME = "registration.promoted"
    registration_id: int
    event_id: int
    reason: str | None = None
    out_of_order: bool = False
    beyond_capacity: bool = False


@dataclass(frozen=True, kw_only=True)
class RegistrationErased(DomainEvent):
    """A registration is being deleted with its personal data (by the person or an organizer): published
    just before the row goes, so areas above can delete what they hold of it in the same transaction."""
    NAME = "registration.erased"
    registration_id: int
    event_id: int


@dataclass(frozen=True, kw_only=True)
class RegistrationsAnonymised(DomainEvent):
    """The retention purge is about to anonymise these registrations of one event (published before their
    rows change, so areas holding copies of names or addresses can clear them)."""
    NAME = "registration.anonymised"
    event_id: int
    registration_ids: tuple[int, ...] = ()



# --- attendance ---------------------------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class AttendanceRecorded(DomainEvent):
    """Attendance of one session was recorded or changed for these registrations (`method`: roster, code,
    self, import, walk_in...); `removed`: registrations whose attendance was taken back."""
    NAME = "attendance.recorded"
    event_id: int
    session_id: int
    registration_ids: tuple[int, ...] = ()
    removed: tuple[int, ...] = ()
    method: str = ""



@dataclass(frozen=True, kw_only=True)
class CertificateIssued(DomainEvent):
    NAME = "certificate.issued"
    certificate_id: int
    registration_id: int
    event_id: int


@dataclass(frozen=True, kw_only=True)
class CertificateRevoked(DomainEvent):
    NAME = "certificate.revoked"
    certificate_id: int
    registration_id: int
    event_id: int
    reason: str | None = None


FACTS: tuple[type[DomainEvent], ...] = (
    EventCreated, EventChanged, EventCancelled, EventDeleted, CapacityRaised, OrganizationChanged, ThemeChanged,
    RegistrationCreated, RegistrationChanged, RegistrationCancelled, RegistrationPromoted, RegistrationErased,
    RegistrationsAnonymised,
    AttendanceRecorded, CertificateIssued, CertificateRevoked,
)


# --- the bus ------------------------------------------------------------------------------------------------

def subscribe(*kinds: type[DomainEvent]) -> Callable[[Handler], Handler]:
    """Decorator: call `handler(session, fact)` for every published fact of these kinds (or their subclasses).
    Registering the same handler twice (a module imported again) keeps one."""

    def register(handler: Handler) -> Handler:
        for kind in kinds:
            if handler not in _handlers[kind]:
                _handlers[kind].append(handler)
        return handler

    return register


def publish(session: Session, fact: DomainEvent) -> None:
    """Run every handler of `fact`'s kind, in subscription order, inside the caller's transaction."""
    for kind in type(fact).__mro__:
        for handler in tuple(_handlers.get(kind, ())):
            handler(session, fact)


def unsubscribe(handler: Handler) -> None:
    """Stop calling `handler` (tests that listen for a while)."""
    for handlers in _handlers.values():
        if handler in handlers:
            handlers.remove(handler)


def handlers_of(kind: type[DomainEvent]) -> list[Handler]:
    """The handlers that `publish` calls for a fact of this kind (for docs and tests)."""
    return [handler for cls in kind.__mro__ for handler in _handlers.get(cls, ())]
