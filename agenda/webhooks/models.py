"""Webhook endpoints and their deliveries (the delivery log)."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..catalog.models import Organization
from ..extensions import db
from ..timeutil import utcnow

# The facts an endpoint may subscribe to (domain event names, agenda/domain_events.py).
WEBHOOK_FACTS = ("event.created", "event.changed", "event.cancelled", "registration.created",
                 "registration.cancelled", "registration.promoted", "attendance.recorded", "certificate.issued")
DELIVERY_STATUSES = ("pending", "sending", "delivered", "failed", "skipped")


class WebhookEndpoint(db.Model):
    """A URL that hears some facts of one body's events (organization_id) or of every body's (None: admins)."""

    __tablename__ = "webhook_endpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"),
                                                        index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    url: Mapped[str] = mapped_column(String(2000))
    description: Mapped[str | None] = mapped_column(String(200))  # the owner's label
    secret: Mapped[str] = mapped_column(String(64))  # HMAC-SHA256 key, shown to the owner once
    facts: Mapped[list] = mapped_column(JSON)  # subset of WEBHOOK_FACTS
    is_active: Mapped[bool] = mapped_column(default=True)
    consecutive_failures: Mapped[int] = mapped_column(default=0)
    disabled_at: Mapped[datetime | None] = mapped_column()  # UTC: switched off (by its owner or by failures)
    disabled_reason: Mapped[str | None] = mapped_column(String(40))  # code: owner | failures
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    organization: Mapped[Organization | None] = relationship()
    owner: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<WebhookEndpoint {self.id} {'on' if self.is_active else 'off'}>"


class WebhookDelivery(db.Model):
    """One fact for one endpoint: pending → sending (claimed) → delivered, or back to pending with a later
    next_attempt_at, or failed after the last attempt; skipped when its endpoint was switched off."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (Index("ix_webhook_deliveries_status_next", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    endpoint_id: Mapped[int] = mapped_column(ForeignKey("webhook_endpoints.id", ondelete="CASCADE"), index=True)
    webhook_id: Mapped[str] = mapped_column(String(32), unique=True)  # the payload's "id": receivers dedupe by it
    fact: Mapped[str] = mapped_column(String(40))
    event_id: Mapped[int | None] = mapped_column()
    registration_id: Mapped[int | None] = mapped_column(index=True)  # erasure scrubs the person from the payload
    payload: Mapped[str] = mapped_column(Text)  # the JSON body exactly as signed and sent
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_until: Mapped[datetime | None] = mapped_column()
    claim_token: Mapped[str | None] = mapped_column(String(32))
    response_code: Mapped[int | None] = mapped_column()  # last HTTP status received (None: no answer)
    last_error: Mapped[str | None] = mapped_column(String(500))  # our description; never the response body
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column()

    def __repr__(self) -> str:
        return f"<WebhookDelivery {self.id} {self.fact} {self.status}>"
