"""Registrations (one person's seat at one event), organizers' own questions and their answers,
"Mis registros" access links, and the anonymous count left behind when someone deletes their data."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..catalog.models import Organization, State
from ..events.models import Event
from ..extensions import db
from ..timeutil import utcnow

REGISTRATION_STATUSES = ("confirmed", "waitlisted", "cancelled")
SOURCES = ("form", "api", "manual", "walkin")
SECTORS = ("gobierno", "sociedad_civil", "academia", "iniciativa_privada")
GENDERS = ("mujer", "hombre", "no_binario", "prefiero_no_decir")
QUESTION_KINDS = ("text", "choice", "yes_no")

STATUS_LABELS = {"confirmed": _l("Confirmado"), "waitlisted": _l("En lista de espera"),
                 "cancelled": _l("Cancelado")}
SECTOR_LABELS = {"gobierno": _l("Gobierno"), "sociedad_civil": _l("Sociedad civil"),
                 "academia": _l("Academia"), "iniciativa_privada": _l("Iniciativa privada")}
GENDER_LABELS = {"mujer": _l("Mujer"), "hombre": _l("Hombre"), "no_binario": _l("No binario"),
                 "prefiero_no_decir": _l("Prefiero no decir")}
SOURCE_LABELS = {"form": _l("Formulario"), "api": _l("API"), "manual": _l("Alta manual"),
                 "walkin": _l("Registro en sitio")}
QUESTION_KIND_LABELS = {"text": _l("Texto libre"), "choice": _l("Opción única"), "yes_no": _l("Sí / No")}


class Registration(db.Model):
    """One person's seat at one event: confirmed, on the waiting list, or cancelled. No account needed."""

    __tablename__ = "registrations"
    __table_args__ = (
        UniqueConstraint("event_id", "email", name="uq_registrations_event_id_email"),  # one seat per e-mail
        Index("ix_registrations_event_status_position", "event_id", "status", "waitlist_position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(254), index=True)  # always lower-case (services)
    name: Mapped[str] = mapped_column(String(160))  # as the person wants it on lists and certificates
    anonymised_at: Mapped[datetime | None] = mapped_column()  # UTC: personal fields erased by retention
    institution: Mapped[str] = mapped_column(String(255), default="")  # sujeto obligado / workplace
    position: Mapped[str] = mapped_column(String(160), default="")  # job title (cargo)
    state_id: Mapped[int | None] = mapped_column(ForeignKey("states.id"), index=True)  # where they work
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"),
                                                        index=True)  # when they work at a catalog body
    sector: Mapped[str | None] = mapped_column(String(32))  # one of SECTORS
    gender: Mapped[str | None] = mapped_column(String(32))  # one of GENDERS; optional
    accessibility: Mapped[str] = mapped_column(String(1000), default="")  # needs to attend (sign language...)
    status: Mapped[str] = mapped_column(String(16), default="confirmed")  # one of REGISTRATION_STATUSES
    waitlist_position: Mapped[int | None] = mapped_column()  # 1.. without gaps while waitlisted, else None
    source: Mapped[str] = mapped_column(String(16), default="form")  # one of SOURCES
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 of the self-service link secret
    # SHA-256 of the link sent with the "ya tiene lugar" mail (None: never promoted); opens the same registration
    promotion_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    consent_at: Mapped[datetime | None] = mapped_column()  # UTC: privacy notice accepted (None: manual add)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column()  # UTC: got a seat (on registering or promotion)
    cancelled_at: Mapped[datetime | None] = mapped_column()  # UTC: cancelled by the person or an organizer

    event: Mapped[Event] = relationship()
    state: Mapped[State | None] = relationship()
    organization: Mapped[Organization | None] = relationship()
    answers: Mapped[list["RegistrationAnswer"]] = relationship(
        back_populates="registration", cascade="all, delete-orphan", passive_deletes=True)

    @property
    def is_active(self) -> bool:
        return self.status != "cancelled"

    def __repr__(self) -> str:
        return f"<Registration {self.id} event={self.event_id} {self.status}>"


class RegistrationQuestion(db.Model):
    """A question an organizer adds to one event's form: free text, single choice or yes/no."""

    __tablename__ = "registration_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(300))  # the question as people read it
    kind: Mapped[str] = mapped_column(String(16), default="text")  # one of QUESTION_KINDS
    choices: Mapped[list | None] = mapped_column(JSON)  # list of option texts (kind "choice" only)
    is_required: Mapped[bool] = mapped_column(default=False)  # the form refuses an empty answer
    position: Mapped[int] = mapped_column(default=0)  # order on the form
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    answers: Mapped[list["RegistrationAnswer"]] = relationship(
        back_populates="question", cascade="all, delete-orphan", passive_deletes=True)

    def __repr__(self) -> str:
        return f"<RegistrationQuestion {self.id} {self.kind}>"


class RegistrationAnswer(db.Model):
    """One registration's answer to one organizer question (yes/no stored as "si"/"no")."""

    __tablename__ = "registration_answers"
    __table_args__ = (UniqueConstraint("registration_id", "question_id",
                                       name="uq_registration_answers_registration_id_question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("registration_questions.id", ondelete="CASCADE"),
                                             index=True)
    value: Mapped[str] = mapped_column(Text, default="")  # the answer text, the chosen option, or si/no

    registration: Mapped[Registration] = relationship(back_populates="answers")
    question: Mapped[RegistrationQuestion] = relationship(back_populates="answers")

    def __repr__(self) -> str:
        return f"<RegistrationAnswer {self.registration_id}/{self.question_id}>"


class RegistrationAccessLink(db.Model):
    """A "Mis registros" link mailed to an address: lists every registration of that e-mail until it expires."""

    __tablename__ = "registration_access_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)  # lower-case address the link was sent to
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 of the link secret
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)  # UTC; expired links are refused and purged

    def __repr__(self) -> str:
        return f"<RegistrationAccessLink {self.id}>"


class RegistrationErasure(db.Model):
    """What is left after people delete their data: an anonymous count per event and former status."""

    __tablename__ = "registration_erasures"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), primary_key=True)  # status the registration had
    count: Mapped[int] = mapped_column(default=0)  # registrations erased with that status

    def __repr__(self) -> str:
        return f"<RegistrationErasure {self.event_id} {self.status}={self.count}>"


class InstitutionAlias(db.Model):
    """One spelling of an institution (by its normalised key) counted as another: "IACIP GTO" -> "Instituto de
    Acceso a la Información Pública para el Estado de Guanajuato". Written by organizers on /informe/instituciones."""

    __tablename__ = "institution_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    variant_key: Mapped[str] = mapped_column(String(255), unique=True)  # normalize_institution(variant)
    canonical: Mapped[str] = mapped_column(String(255))  # the name it counts as (shown)
    canonical_key: Mapped[str] = mapped_column(String(255), index=True)  # normalize_institution(canonical)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<InstitutionAlias {self.variant_key!r} -> {self.canonical_key!r}>"
