"""Tables behind reminders, change notices and announcements (the outbox and address health: agenda/outbox/).

Loaded by views.py (create_app imports every area's views), so the metadata always holds them.
"""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timeutil import utcnow

REMINDER_OUTCOMES = ("queued", "superseded", "opted_out", "suppressed")
AUDIENCES = ("all", "confirmed", "waitlisted", "present", "absent")


class ReminderSetting(db.Model):
    """An event's own reminder offsets; events without a row use the defaults (24 h and 1 h)."""

    __tablename__ = "event_reminder_settings"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    offsets: Mapped[str] = mapped_column(String(100), default="")  # minutes before start, "1440,60"; "" = none
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)  # UTC
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    @property
    def offset_minutes(self) -> list[int]:
        return sorted({int(part) for part in self.offsets.split(",") if part.strip()}, reverse=True)

    def __repr__(self) -> str:
        return f"<ReminderSetting event {self.event_id}: {self.offsets}>"


class ReminderLog(db.Model):
    """One reminder decided for one person, session and offset. The unique key is what makes it happen once,
    even with two workers at the same time: the row and its outbox mail are written in one transaction."""

    __tablename__ = "reminder_log"
    __table_args__ = (UniqueConstraint("registration_id", "session_id", "offset_minutes"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"))
    session_id: Mapped[int] = mapped_column(ForeignKey("event_sessions.id", ondelete="CASCADE"), index=True)
    offset_minutes: Mapped[int] = mapped_column()  # how long before the start it was due
    session_starts_at: Mapped[datetime] = mapped_column()  # UTC start the reminder announced
    outcome: Mapped[str] = mapped_column(String(16), default="queued")  # one of REMINDER_OUTCOMES
    created_at: Mapped[datetime] = mapped_column(default=utcnow)  # UTC, when it was decided

    def __repr__(self) -> str:
        return f"<ReminderLog reg {self.registration_id} session {self.session_id} -{self.offset_minutes}m>"


class PendingChange(db.Model):
    """Changes to an event waiting for the quiet period to pass, so several quick edits make one notice."""

    __tablename__ = "pending_change_notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), unique=True)
    kinds: Mapped[str] = mapped_column(String(200), default="")  # what changed, "status,time" (sorted)
    session_ids: Mapped[str] = mapped_column(String(1000), default="")  # sessions the edits touched, "3,7"
    # sessions the edits deleted, as EventChanged.removed_sessions describes them: their calendar entries must be cancelled
    removed_sessions: Mapped[list | None] = mapped_column(JSON)
    first_changed_at: Mapped[datetime] = mapped_column(default=utcnow)  # UTC, first edit of the burst
    last_changed_at: Mapped[datetime] = mapped_column(default=utcnow)  # UTC, latest edit
    due_at: Mapped[datetime] = mapped_column(index=True)  # UTC, when the notice goes out

    def __repr__(self) -> str:
        return f"<PendingChange event {self.event_id} due {self.due_at:%Y-%m-%d %H:%M}>"


class Announcement(db.Model):
    """A message an organizer writes to (part of) an event's registrants."""

    __tablename__ = "announcements"
    __table_args__ = (Index("ix_announcements_event_created", "event_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    audience: Mapped[str] = mapped_column(String(16))  # one of AUDIENCES
    session_id: Mapped[int | None] = mapped_column(  # for "present"/"absent": which session
        ForeignKey("event_sessions.id", ondelete="SET NULL"), index=True)
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)  # plain text written by the organizer
    created_at: Mapped[datetime] = mapped_column(default=utcnow)  # UTC
    sent_at: Mapped[datetime | None] = mapped_column()  # UTC; None = still a draft
    recipients_count: Mapped[int] = mapped_column(default=0)  # mails queued when sent
    skipped_count: Mapped[int] = mapped_column(default=0)  # left out: bounced or invalid address

    author = relationship("User")
    session = relationship("EventSession")

    def __repr__(self) -> str:
        return f"<Announcement {self.id} event {self.event_id} {self.audience}>"
