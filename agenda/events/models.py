"""Events, their dated sessions, the people on stage, and the themes they are tagged with."""
from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, String, Table, Text
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..catalog.models import Organization, State
from ..extensions import db
from ..timeutil import utcnow

EVENT_TYPES = ("webinar", "panel", "conversatorio", "foro", "curso", "taller", "diplomado", "capacitacion",
               "sesion_ordinaria", "sesion_extraordinaria", "reunion_trabajo", "otro")
EVENT_STATUSES = ("draft", "published", "postponed", "cancelled")
VISIBILITIES = ("public", "members")
MODALITIES = ("virtual", "presencial", "hibrida")
SCOPES = ("national", "regional", "state")
PERSON_ROLES = ("ponente", "panelista", "moderador", "conferencia_magistral", "inauguracion", "clausura",
                "instructor", "relator", "otro")

event_co_organizers = Table(
    "event_co_organizers",
    db.metadata,
    Column("event_id", ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("organization_id", ForeignKey("organizations.id"), primary_key=True, index=True),
)

event_themes = Table(
    "event_themes",
    db.metadata,
    Column("event_id", ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("themes.id"), primary_key=True, index=True),
)


class Theme(db.Model):
    """A subject events are tagged with (Gobierno Abierto, Transparencia Proactiva, ...); admins manage them."""

    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)  # filter code in URLs and the API
    name: Mapped[str] = mapped_column(String(120))  # shown to people
    is_active: Mapped[bool] = mapped_column(default=True)  # retired themes stay on old events

    def __repr__(self) -> str:
        return f"<Theme {self.slug}>"


class Event(db.Model):
    """Something on the agenda: a webinar, panel, course, commission session... with one or more sessions."""

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_status_visibility", "status", "visibility"),
        Index("ix_events_first_start", "first_starts_at"),
        # Events not yet ended, read from the index alone: the agenda's count and its start floor (queries.py).
        Index("ix_events_last_end_first_start", "last_ends_at", "first_starts_at", "status", "visibility"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120))  # readable part of the URL; the id is what identifies
    title: Mapped[str] = mapped_column(String(255))
    summary: Mapped[str] = mapped_column(String(500), default="")  # one or two lines for lists and feeds
    description: Mapped[str] = mapped_column(Text, default="")  # Markdown, rendered through a sanitiser
    # What the event agreed or resolved (a commission session's acuerdos), for the activity report; Markdown.
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    type: Mapped[str] = mapped_column(String(32), index=True)  # one of EVENT_TYPES
    scope: Mapped[str] = mapped_column(String(16), default="state")  # national | regional | state (clashes)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)  # who organizes
    modality: Mapped[str] = mapped_column(String(16), default="virtual", index=True)  # one of MODALITIES
    venue_address: Mapped[str | None] = mapped_column(String(255))  # in-person events
    venue_city: Mapped[str | None] = mapped_column(String(120))
    venue_state_id: Mapped[int | None] = mapped_column(ForeignKey("states.id"), index=True)
    stream_url: Mapped[str | None] = mapped_column(String(500))  # public: YouTube, Facebook Live
    meeting_url: Mapped[str | None] = mapped_column(String(500))  # Zoom/Meet/Teams: registered people only
    timezone: Mapped[str] = mapped_column(String(64), default="America/Mexico_City")  # IANA zone
    status: Mapped[str] = mapped_column(String(16), default="draft")  # one of EVENT_STATUSES
    status_reason: Mapped[str | None] = mapped_column(String(500))  # why postponed or cancelled
    visibility: Mapped[str] = mapped_column(String(16), default="public")  # public | members (logged-in)
    capacity: Mapped[int | None] = mapped_column()  # seats; None = unlimited
    waitlist_enabled: Mapped[bool] = mapped_column(default=True)  # a full event takes a waiting list
    registration_required: Mapped[bool] = mapped_column(default=True)
    registration_opens_at: Mapped[datetime | None] = mapped_column()  # UTC; None = from publication
    registration_closes_at: Mapped[datetime | None] = mapped_column()  # UTC; None = until the last session
    first_starts_at: Mapped[datetime | None] = mapped_column()  # UTC, derived from sessions: fast lists
    last_ends_at: Mapped[datetime | None] = mapped_column()  # UTC, derived from sessions
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)
    published_at: Mapped[datetime | None] = mapped_column()
    cancelled_at: Mapped[datetime | None] = mapped_column()  # feeds keep cancelled events for a while

    organization: Mapped[Organization] = relationship(foreign_keys=[organization_id])
    co_organizers: Mapped[list[Organization]] = relationship(secondary=event_co_organizers,
                                                             order_by=Organization.acronym)
    themes: Mapped[list[Theme]] = relationship(secondary=event_themes, order_by=Theme.name)
    venue_state: Mapped[State | None] = relationship()
    sessions: Mapped[list["EventSession"]] = relationship(
        back_populates="event", order_by="EventSession.starts_at", cascade="all, delete-orphan")
    people: Mapped[list["Person"]] = relationship(
        back_populates="event", order_by="Person.position", cascade="all, delete-orphan")

    def refresh_span(self) -> None:
        """Recompute first_starts_at/last_ends_at from the sessions (call after changing sessions)."""
        if self.sessions:
            self.first_starts_at = min(s.starts_at for s in self.sessions)
            self.last_ends_at = max(s.ends_at for s in self.sessions)
        else:
            self.first_starts_at = self.last_ends_at = None

    def __repr__(self) -> str:
        return f"<Event {self.id} {self.slug}>"


class EventSession(db.Model):
    """One dated slot of an event. Its id gives the iCalendar UID, so a session is never re-created to edit it."""

    __tablename__ = "event_sessions"
    __table_args__ = (Index("ix_event_sessions_starts_ends", "starts_at", "ends_at"),
                      # the date filter's EXISTS per event, answered from the index alone
                      Index("ix_event_sessions_event_span", "event_id", "ends_at", "starts_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    title: Mapped[str | None] = mapped_column(String(255))  # e.g. "Sesión 3: Datos abiertos"
    starts_at: Mapped[datetime] = mapped_column()  # UTC
    ends_at: Mapped[datetime] = mapped_column()  # UTC
    # Whole days without hours (a three-day forum): starts_at is the first day's local midnight and ends_at the
    # midnight after the last day, in the event's zone; calendars get DTSTART;VALUE=DATE.
    is_all_day: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    venue: Mapped[str | None] = mapped_column(String(255))  # overrides the event's venue
    meeting_url: Mapped[str | None] = mapped_column(String(500))  # overrides the event's meeting link
    sequence: Mapped[int] = mapped_column(default=0)  # iCalendar SEQUENCE: grows on every visible change
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)  # last visible change (LAST-MODIFIED)

    event: Mapped[Event] = relationship(back_populates="sessions")
    people: Mapped[list["Person"]] = relationship(back_populates="session")

    def __repr__(self) -> str:
        return f"<EventSession {self.id} of event {self.event_id}>"


class Person(db.Model):
    """Someone on the programme: speaker, panelist, moderator..., for the whole event or one session."""

    __tablename__ = "event_people"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("event_sessions.id", ondelete="SET NULL"),
                                                   index=True)
    name: Mapped[str] = mapped_column(String(160))
    role: Mapped[str] = mapped_column(String(32), default="ponente")  # one of PERSON_ROLES
    affiliation: Mapped[str | None] = mapped_column(String(255))  # body or institution
    position: Mapped[int] = mapped_column(default=0)  # order on the programme

    event: Mapped[Event] = relationship(back_populates="people")
    session: Mapped[EventSession | None] = relationship(back_populates="people")

    def __repr__(self) -> str:
        return f"<Person {self.id} {self.role}>"
