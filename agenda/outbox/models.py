"""The mail outbox: every mail is a row written in the same transaction as the change it announces and
sent after commit by `flask --app agenda mail send|worker` (agenda/outbox/services.py); and what is known
of each address (bounced, invalid, no reminders wanted)."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow

OUTBOX_STATUSES = ("pending", "sending", "sent", "failed")
ADDRESS_STATUSES = ("ok", "bounced", "invalid")


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


class MailAddress(db.Model):
    """What we know about an address: bounced, invalid, or asked for no reminders. Keyed by the SHA-256 of the
    lower-case address, so it keeps working (and holds no readable address) after a person deletes their data."""

    __tablename__ = "mail_addresses"

    id: Mapped[int] = mapped_column(primary_key=True)
    email_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex of the lower-case address
    status: Mapped[str] = mapped_column(String(16), default="ok")  # one of ADDRESS_STATUSES
    status_reason: Mapped[str | None] = mapped_column(String(500))  # the SMTP answer that marked it
    status_changed_at: Mapped[datetime | None] = mapped_column()  # UTC
    reminders_stopped_at: Mapped[datetime | None] = mapped_column()  # UTC; set = no reminders to it
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)  # UTC

    @property
    def is_suppressed(self) -> bool:
        return self.status in ("bounced", "invalid")

    def __repr__(self) -> str:
        return f"<MailAddress {self.id} {self.status}>"
