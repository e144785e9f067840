"""The change log feeds poll: every domain event about data a feed shows (an event created, changed or
deleted; a body or a theme changed: agenda/domain_events.py) adds a FeedChange row, in the same transaction
(a rolled-back edit leaves no trace). Inserting rather than updating one counter row means concurrent
writers never wait for each other here.

Writes that bypass the services (bulk loads, raw SQL) should call `record_change(session)`; if they do not,
feeds still notice within VERSION_TTL seconds (see builder).
"""
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ..domain_events import (
    EventChanged,
    EventCreated,
    EventDeleted,
    OrganizationChanged,
    ThemeChanged,
    subscribe,
)
from ..timeutil import utcnow
from .models import FeedChange

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


@subscribe(EventCreated, EventChanged, EventDeleted, OrganizationChanged, ThemeChanged)
def on_feed_visible_change(session: Session, _fact) -> None:
    """Whatever a feed shows changed (an event, its sessions, its bodies or themes): one change row."""
    record_change(session)
