"""Hooks other areas subscribe to without events importing them (notifications, feeds caches...).

`event_changed(event, changes)` is fired by the services after an existing event's calendar-visible data
changed (inside the same transaction, after a flush: a receiver may add rows, e.g. outbox mail, and they
commit or roll back with the change). `changes` is a subset of:
  "time"    a session was moved, added or removed
  "place"   modality, venue, stream or meeting link (event or session)
  "status"  published, postponed, cancelled (event.status says which)
  "details" title, summary, description or a session title
`removed_sessions`: the sessions this change deleted, gone from the database by the time anyone tells people, as
dicts {"id", "sequence" (already raised), "title", "starts_at", "ends_at" (UTC, ISO 8601)}.
Subscribe with `event_changed.connect(receiver)`; receivers are called as
`receiver(event, changes=set, removed_sessions=tuple)` (take `**kwargs` too: more may come).
"""
from blinker import Signal

CHANGE_KINDS = frozenset({"time", "place", "status", "details"})


class _EventChanged(Signal):
    def __call__(self, event, changes, removed_sessions=()) -> None:
        """Fire the signal: `event_changed(event, {"time"})` (same as `.send(event, changes=...)`)."""
        self.send(event, changes=set(changes), removed_sessions=tuple(removed_sessions))


event_changed = _EventChanged("event-changed")
