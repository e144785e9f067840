"""Raising an event's capacity promotes waiting people at once, whoever raised it (event form, API, admin).

Events do not know about registrations, so instead of a call from events.services we watch the session: a
flush that changes Event.capacity (or turns on the waiting list) marks the event, and just before that
transaction commits the freed seats go to the waiting list in order (under the event lock, mail queued in
the same transaction).
"""
from sqlalchemy import event as sa_event
from sqlalchemy import inspect
from sqlalchemy.orm import Session

from ..events.models import Event

_KEY = "registration.capacity_changed"


def _capacity_changed(target: Event) -> bool:
    state = inspect(target)
    return any(state.attrs[name].history.has_changes() for name in ("capacity", "waitlist_enabled"))


def _before_flush(session: Session, flush_context, instances) -> None:
    for obj in session.dirty:
        if isinstance(obj, Event) and obj.id is not None and _capacity_changed(obj):
            session.info.setdefault(_KEY, set()).add(obj.id)


def _before_commit(session: Session) -> None:
    from .services import fill_from_waitlist

    session.flush()
    pending = session.info.pop(_KEY, None)
    for event_id in sorted(pending or ()):
        fill_from_waitlist(session, event_id)


def _forget(session: Session, *args) -> None:
    session.info.pop(_KEY, None)


def install() -> None:
    if not sa_event.contains(Session, "before_flush", _before_flush):
        sa_event.listen(Session, "before_flush", _before_flush)
        sa_event.listen(Session, "before_commit", _before_commit)
        sa_event.listen(Session, "after_rollback", _forget)
