"""The change log feeds poll: every flush that writes data a feed shows adds a FeedChange row, in the same
transaction (a rolled-back edit leaves no trace). Inserting rather than updating one counter row means
concurrent writers never wait for each other here.

Also: an event changed only through its collections (themes, co-organizers, people) gets a new updated_at.

Covered: ORM unit-of-work writes (services), including collection changes such as an event's themes, and
ORM-enabled bulk insert/update/delete statements. Writes that bypass the ORM (raw SQL) should call
`record_change(session)`; if they do not, feeds still notice within VERSION_TTL seconds (see builder).
"""
from sqlalchemy import event, insert, select
from sqlalchemy.orm import Session

from ..catalog.models import Organization, Region, State
from ..events.models import Event, EventSession, Theme
from ..timeutil import utcnow
from .models import FeedChange

TRACKED = (Event, EventSession, Theme, Organization, State, Region)
PRUNE_EVERY = 500  # every this many changes, rows older than the last KEEP are deleted
KEEP = 100


def record_change(session: Session) -> None:
    """Add a change row in `session`'s transaction (for writes that bypass the ORM)."""
    connection = session.connection()
    result = connection.execute(insert(FeedChange.__table__).values(changed_at=utcnow()))
    new_id = result.inserted_primary_key[0] if result.inserted_primary_key else None
    if new_id and new_id % PRUNE_EVERY == 0:
        connection.execute(FeedChange.__table__.delete().where(FeedChange.__table__.c.id < new_id - KEEP))


def latest_change(session: Session) -> tuple:
    """(id, changed_at) of the newest change, or (0, None): one primary-key look-up."""
    row = session.execute(select(FeedChange.id, FeedChange.changed_at).order_by(FeedChange.id.desc()).limit(1))
    found = row.first()
    return (found[0], found[1]) if found else (0, None)


def _touches_feeds(session: Session) -> bool:
    if any(isinstance(item, TRACKED) for item in session.new):
        return True
    if any(isinstance(item, TRACKED) for item in session.deleted):
        return True
    return any(isinstance(item, TRACKED) and session.is_modified(item) for item in session.dirty)


@event.listens_for(Session, "before_flush")
def _touch_events_changed_through_collections(session: Session, _flush_context, _instances) -> None:
    """An event whose themes, co-organizers or people changed, and nothing else, gets a new `updated_at`:
    no column of its row changed, so the column's onupdate would not fire, and feeds (VEVENT cache keys) and
    API readers rely on `updated_at` moving whenever the event changes."""
    for item in session.dirty:
        if (isinstance(item, Event) and session.is_modified(item)
                and not session.is_modified(item, include_collections=False)):
            item.updated_at = utcnow()


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _flush_context) -> None:
    if _touches_feeds(session):
        record_change(session)


@event.listens_for(Session, "do_orm_execute")
def _on_orm_statement(state) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    mapper = state.bind_mapper
    if mapper is not None and issubclass(mapper.class_, TRACKED):
        record_change(state.session)
