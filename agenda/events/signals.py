"""Hooks other areas subscribe to without events importing them (notifications, feeds caches...).

`event_changed(event, changes)` is fired by the services after an existing event's calendar-visible data
changed (inside the same transaction, after a flush: a receiver may add rows, e.g. outbox mail, and they
commit or roll back with the change). `changes` is a subset of:
  "time"    a session was moved, added or removed
  "place"   modality, venue, stream or meeting link (event or session)
  "status"  published, postponed, cancelled (event.status says which)
  "details" title, summary, description or a session title
Subscribe with `event_changed.connect(receiver)`; receivers are called as `receiver(event, changes=set)`.
"""
from blinker import Signal

CHANGE_KINDS = frozenset({"time", "place", "status", "details"})


class _EventChanged(Signal):
    def __call__(self, event, changes) -> None:
        """Fire the signal: `event_changed(event, {"time"})` (same as `.send(event, changes=...)`)."""
        self.send(event, changes=set(changes))


event_changed = _EventChanged("event-changed")
