"""Evaluation templates (per body), evaluations (an event's, or one session's), answers and "answered" markers.

Anonymous evaluations keep two tables that share no column but the evaluation id (see services.py for why a
row of one can never be matched to a row of the other): `evaluation_markers` says *who* answered (a keyed
hash of the registration id) and `evaluation_responses` holds *what* was answered, with no registration id,
no time and a random primary key. Both are created WITHOUT ROWID on SQLite, so not even the storage order of
rows follows the order in which they were written."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..catalog.models import Organization
from ..events.models import Event, EventSession
from ..extensions import db
from ..timeutil import utcnow

QUESTION_KINDS = ("scale", "choice", "yes_no", "text")
QUESTION_KIND_LABELS = {"scale": _l("Escala del 1 al 5"), "choice": _l("Opción única"),
                        "yes_no": _l("Sí / No"), "text": _l("Texto libre")}


class EvaluationTemplate(db.Model):
    """A body's reusable questionnaire. `questions` is a list of {key, label, kind, choices, required}."""

    __tablename__ = "evaluation_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    questions: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organization: Mapped[Organization] = relationship()


class Evaluation(db.Model):
    """A template attached to an event (session_id None: the whole event) or to one of its sessions. The
    questions are copied when attached, so later edits of the template never change answers already given.
    Opens when the session (or the event's last session) ends; closes at `closes_at` (UTC)."""

    __tablename__ = "evaluations"
    __table_args__ = (Index("ix_evaluations_event_session", "event_id", "session_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("event_sessions.id", ondelete="CASCADE"),
                                                   index=True)
    template_id: Mapped[int | None] = mapped_column(ForeignKey("evaluation_templates.id", ondelete="SET NULL"),
                                                    index=True)
    title: Mapped[str] = mapped_column(String(200))
    questions: Mapped[list] = mapped_column(JSON, default=list)  # copy of the template's questions
    is_anonymous: Mapped[bool] = mapped_column(default=False)
    closes_at: Mapped[datetime] = mapped_column()  # UTC
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    event: Mapped[Event] = relationship()
    session: Mapped[EventSession | None] = relationship()

    @property
    def opens_at(self) -> datetime | None:
        return self.session.ends_at if self.session is not None else self.event.last_ends_at


class EvaluationResponse(db.Model):
    """One person's answers. Identified: registration_id set (one per registration, editable until closing).
    Anonymous: registration_id None, no timestamps, random id; the person's marker is in EvaluationMarker."""

    __tablename__ = "evaluation_responses"
    __table_args__ = (UniqueConstraint("evaluation_id", "registration_id",
                                       name="uq_evaluation_responses_evaluation_id_registration_id"),
                      {"sqlite_with_rowid": False})

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # random hex, not a sequence
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"))
    answers: Mapped[dict] = mapped_column(JSON, default=dict)  # question key -> value
    updated_at: Mapped[datetime | None] = mapped_column()  # identified answers only (None when anonymous)


class EvaluationMarker(db.Model):
    """"This person answered this anonymous evaluation": HMAC(SECRET_KEY, evaluation id, registration id)."""

    __tablename__ = "evaluation_markers"
    __table_args__ = ({"sqlite_with_rowid": False},)

    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id", ondelete="CASCADE"), primary_key=True)
    marker: Mapped[str] = mapped_column(String(64), primary_key=True)
