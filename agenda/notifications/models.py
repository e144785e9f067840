"""The mail outbox: every mail is a row written in the same transaction as the change it announces and
sent after commit by `flask --app agenda mail send|worker` (agenda/notifications/services.py)."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow

OUTBOX_STATUSES = ("pending", "sending", "sent", "failed")


class OutboxMessage(db.Model):
    """One mail to one address. pending → sending (claimed by a worker until claimed_until) → sent, or back
    to pending with a later next_attempt_at after an error, or failed after the last attempt."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_next_attempt", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)  # e.g. registration_confirmed, reminder_24h
    dedupe_key: Mapped[str | None] = mapped_column(String(255), unique=True)  # same key = same mail, queued once
    to_address: Mapped[str] = mapped_column(String(254))  # recipient (personal data: never logged)
    subject: Mapped[str] = mapped_column(String(255))
    body_text: Mapped[str | None] = mapped_column(Text)  # plain-text part; cleared once sent (secret links)
    body_html: Mapped[str | None] = mapped_column(Text)  # HTML part, optional; cleared once sent
    attachments: Mapped[list | None] = mapped_column(JSON)  # [{filename, content_type, content}] (text)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # one of OUTBOX_STATUSES
    attempts: Mapped[int] = mapped_column(default=0)  # delivery attempts started (claims)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)  # UTC: due from then (back-off)
    claimed_until: Mapped[datetime | None] = mapped_column()  # UTC: a worker's claim; expired = reclaimable
    claim_token: Mapped[str | None] = mapped_column(String(32))  # which claim owns the row while sending
    last_error: Mapped[str | None] = mapped_column(String(1000))  # last delivery error (no personal data)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column()  # UTC: accepted by the SMTP server (or logged)
    registration_id: Mapped[int | None] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), index=True)  # erasing a registration drops its mail
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"), index=True)

    def __repr__(self) -> str:
        return f"<OutboxMessage {self.id} {self.kind} {self.status}>"
