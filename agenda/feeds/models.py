"""Personal calendar feeds: the secret URLs people subscribe to, and what each person chose to follow."""
from datetime import datetime
from typing import ClassVar

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..catalog.models import Organization
from ..events.models import Event
from ..extensions import db
from ..timeutil import utcnow

# What a subscription points at: a catalog body, a region slug, an event type code, a theme slug, one event.
SUBSCRIPTION_KINDS = ("organization", "region", "type", "theme", "event")


class FeedToken(db.Model):
    """The secret of one personal feed URL (/calendario/<token>.ics). Only its SHA-256 hash is stored."""

    __tablename__ = "feed_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)  # owner
    label: Mapped[str] = mapped_column(String(80))  # where the owner uses it ("Teléfono", "Outlook")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex of the secret in the URL
    hint: Mapped[str] = mapped_column(String(8))  # first characters of the secret, to tell URLs apart
    created_at: Mapped[datetime] = mapped_column(default=utcnow)  # UTC
    rotated_at: Mapped[datetime | None] = mapped_column()  # UTC: last new secret; the previous URL died then
    last_used_at: Mapped[datetime | None] = mapped_column()  # UTC, to a few minutes; None = never fetched
    revoked_at: Mapped[datetime | None] = mapped_column()  # UTC; a revoked URL answers 410 Gone forever
    # sha256 hex of the secret before the last rotation: that URL answers 410 Gone, not 404 (it existed)
    previous_hash: Mapped[str | None] = mapped_column(String(64), index=True)

    user: Mapped[User] = relationship()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def __repr__(self) -> str:
        return f"<FeedToken {self.id} of user {self.user_id}>"


class FeedChange(db.Model):
    """One committed change to data feeds show (events, sessions, bodies, themes), recorded by
    agenda.feeds.changes from the domain events, in the same transaction. Feeds compare the latest id, an O(1) look-up, instead of
    aggregating every session on each poll. Old rows are pruned; ids never go back (AUTOINCREMENT)."""

    __tablename__ = "feed_changes"
    __table_args__: ClassVar[dict] = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)  # UTC, when the write was flushed

    def __repr__(self) -> str:
        return f"<FeedChange {self.id}>"


class FeedModified(db.Model):
    """When each feed's content last changed, shared by every process, for Last-Modified.

    A feed's own rows give the newest change of what it shows, but not when something left it (a session
    deleted, an event that no longer matches, the window moving on). So each feed remembers a fingerprint of
    its content and the Last-Modified given to it; a new fingerprint with no newer row moves Last-Modified to
    the latest write (or the day's start). Written only when a feed's content changed, never on a 304.
    """

    __tablename__ = "feed_modified"

    feed: Mapped[str] = mapped_column(String(40), primary_key=True)  # sha256 hex (prefix) of the feed's key
    fingerprint: Mapped[str] = mapped_column(String(40))  # of the content, without the day
    modified_at: Mapped[datetime] = mapped_column()  # naive UTC, to the second: the Last-Modified given

    def __repr__(self) -> str:
        return f"<FeedModified {self.feed}>"


class FeedSubscription(db.Model):
    """One thing a person follows in their personal feed: a body, a region, an event type, a theme or an event.

    Exactly one target is set, as `kind` says: `organization_id`, `event_id`, or `code` (region slug, type code,
    theme slug: the codes the agenda's filters use, which survive renames).
    """

    __tablename__ = "feed_subscriptions"
    __table_args__ = (Index("ix_feed_subscriptions_user_kind", "user_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))  # who follows
    kind: Mapped[str] = mapped_column(String(16))  # one of SUBSCRIPTION_KINDS
    code: Mapped[str | None] = mapped_column(String(80))  # region slug, type code or theme slug
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True)  # kind "organization"
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True)  # kind "event"
    created_at: Mapped[datetime] = mapped_column(default=utcnow)  # UTC

    user: Mapped[User] = relationship()
    organization: Mapped[Organization | None] = relationship()
    event: Mapped[Event | None] = relationship()

    def __repr__(self) -> str:
        return f"<FeedSubscription {self.id} {self.kind}>"


