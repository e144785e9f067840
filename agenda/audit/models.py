"""Audit entries: written by a domain-event subscriber (listeners.py) in the transaction of the change.

No foreign keys on purpose: the log outlives the rows it names (an erased registration, a deleted draft), and
on PostgreSQL a trigger (migration 0014_hooks20_audit_log) refuses UPDATE and DELETE, so an ON DELETE action
could not touch it either. Only ids, codes and column names are stored: never a name, an address or a value
of a personal field (an event's before → after values are published data; its meeting link is masked)."""
from datetime import datetime

from sqlalchemy import JSON, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow

ACTOR_KINDS = ("user", "person", "system")  # an account; the person, through their link or the form; a worker/CLI


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_org_created", "organization_id", "created_at"),
                      Index("ix_audit_entries_event_created", "event_id", "created_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)  # UTC
    actor_kind: Mapped[str] = mapped_column(String(16))  # one of ACTOR_KINDS
    actor_id: Mapped[int | None] = mapped_column(index=True)  # users.id (no FK: the log outlives accounts)
    fact: Mapped[str] = mapped_column(String(40), index=True)  # the domain event's name, e.g. event.changed
    organization_id: Mapped[int | None] = mapped_column()  # the event's body (who may read the entry)
    event_id: Mapped[int | None] = mapped_column()
    session_id: Mapped[int | None] = mapped_column()
    registration_id: Mapped[int | None] = mapped_column(index=True)
    certificate_id: Mapped[int | None] = mapped_column()
    object_ids: Mapped[dict | None] = mapped_column(JSON)  # more ids: {"registration_ids": [...], "removed": [...]}
    fields: Mapped[list | None] = mapped_column(JSON)  # names of the changed fields
    changes: Mapped[dict | None] = mapped_column(JSON)  # before → after of an event's published columns only
    details: Mapped[dict | None] = mapped_column(JSON)  # codes only: kinds, status, method, source, capacity
    reason: Mapped[str | None] = mapped_column(Text)  # a reason the actor gave (e.g. a cancellation's public reason)

    def __repr__(self) -> str:
        return f"<AuditEntry {self.id} {self.fact}>"
