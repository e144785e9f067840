"""Attendance per session, each event's completion rule, certificates, meeting-report imports and reach."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, UniqueConstraint, delete, event
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from ..events.models import Event, EventSession
from ..extensions import db
from ..registration.models import Registration
from ..timeutil import utcnow

METHODS = ("roster", "qr", "self", "import")
REACH_PLATFORMS = ("facebook", "youtube", "twitter", "zoom", "teams", "meet", "sitio_web", "otra")
IMPORT_STATUSES = ("pending", "applied", "discarded", "undone")


class Attendance(db.Model):
    """One registration present at one session, however it was recorded (roster, QR, self, import)."""

    __tablename__ = "attendances"
    __table_args__ = (
        UniqueConstraint("registration_id", "session_id", name="uq_attendances_registration_id_session_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"))
    session_id: Mapped[int] = mapped_column(ForeignKey("event_sessions.id", ondelete="CASCADE"), index=True)
    method: Mapped[str] = mapped_column(String(16))  # one of METHODS: how it was recorded
    checked_in_at: Mapped[datetime] = mapped_column(default=utcnow)  # UTC: when it was recorded
    minutes: Mapped[int | None] = mapped_column()  # connected minutes (meeting-report imports only)
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)  # organizer who recorded it; None: self
    import_id: Mapped[int | None] = mapped_column(
        ForeignKey("attendance_imports.id", ondelete="SET NULL"), index=True)  # the report it came from

    registration: Mapped[Registration] = relationship()
    session: Mapped[EventSession] = relationship()

    def __repr__(self) -> str:
        return f"<Attendance reg={self.registration_id} session={self.session_id} {self.method}>"


class AttendanceSettings(db.Model):
    """Per-event attendance settings: the completion rule for certificates and the import minimum."""

    __tablename__ = "attendance_settings"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    min_sessions: Mapped[int | None] = mapped_column()  # rule "attended at least N sessions" (else percent)
    min_percent: Mapped[int | None] = mapped_column()  # rule "attended at least X % of the sessions"
    min_minutes: Mapped[int] = mapped_column(default=30)  # imports: minutes connected to count as present
    certificate_hours: Mapped[int | None] = mapped_column()  # hours printed on certificates; None: sessions'
    certificates_enabled: Mapped[bool] = mapped_column(default=True)  # the event grants certificates
    # Also answer the event's evaluation(s) before the certificate (checked by a rule the evaluations area
    # registers in certificates.CERTIFICATE_CONDITIONS: attendance does not import evaluations).
    evaluation_required: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship()

    def __repr__(self) -> str:
        return f"<AttendanceSettings event={self.event_id}>"


class Certificate(db.Model):
    """A certificate of completion (constancia) issued to one registration, verifiable by its code."""

    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)  # public verification code XXXX-XXXX-XXXX
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), unique=True)  # one per person and event
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(160))  # the name as printed (snapshot at issue time)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)  # UTC
    issued_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))  # organizer who issued it; None: self-service
    mailed_at: Mapped[datetime | None] = mapped_column()  # UTC: queued in the outbox for the person
    revoked_at: Mapped[datetime | None] = mapped_column()  # UTC: withdrawn; verification then says so

    registration: Mapped[Registration] = relationship()
    event: Mapped[Event] = relationship()

    def __repr__(self) -> str:
        return f"<Certificate {self.code}>"


class AttendanceImport(db.Model):
    """An uploaded meeting report, parsed and matched, waiting for the organizer to confirm (or applied).

    The preview lives here, not in process memory: the app is stateless and may run several workers."""

    __tablename__ = "attendance_imports"
    __table_args__ = (Index("ix_attendance_imports_session_status", "session_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("event_sessions.id", ondelete="CASCADE"))
    platform: Mapped[str] = mapped_column(String(16))  # zoom | meet | teams
    filename: Mapped[str] = mapped_column(String(255), default="")  # as uploaded, for the organizer
    min_minutes: Mapped[int] = mapped_column(default=0)  # the minimum in force when previewed
    preview: Mapped[dict] = mapped_column(JSON)  # matched / below minimum / unmatched rows (see imports.py)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # one of IMPORT_STATUSES
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    applied_at: Mapped[datetime | None] = mapped_column()  # UTC: attendance saved from it
    undone_at: Mapped[datetime | None] = mapped_column()  # UTC: its attendance taken back (status undone)
    undone_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    session: Mapped[EventSession] = relationship()

    def __repr__(self) -> str:
        return f"<AttendanceImport {self.id} {self.platform} {self.status}>"


class AttendanceImportChange(db.Model):
    """What one applied import changed for one registration, so undoing it restores exactly the row before:
    `had_row` False = there was no attendance (undo deletes the row); else the previous row's values."""

    __tablename__ = "attendance_import_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("attendance_imports.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    had_row: Mapped[bool] = mapped_column()
    previous_method: Mapped[str | None] = mapped_column(String(16))
    previous_minutes: Mapped[int | None] = mapped_column()
    previous_import_id: Mapped[int | None] = mapped_column()  # no foreign key: that import may be gone
    previous_checked_in_at: Mapped[datetime | None] = mapped_column()
    previous_recorded_by_id: Mapped[int | None] = mapped_column()

    def __repr__(self) -> str:
        return f"<AttendanceImportChange import={self.import_id} reg={self.registration_id}>"


class ReachRecord(db.Model):
    """How far a streamed event reached on one platform (views, people reached), as the organizer counted."""

    __tablename__ = "reach_records"
    __table_args__ = (UniqueConstraint("event_id", "platform", name="uq_reach_records_event_id_platform"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    platform: Mapped[str] = mapped_column(String(16))  # one of REACH_PLATFORMS
    views: Mapped[int] = mapped_column(default=0)  # views / reproductions (live and later)
    people_reached: Mapped[int] = mapped_column(default=0)  # people reached, as the platform reports it
    note: Mapped[str] = mapped_column(String(300), default="")  # where the figure comes from
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<ReachRecord event={self.event_id} {self.platform}>"


@event.listens_for(Registration, "after_delete")
def _forget_registration(mapper, connection, registration) -> None:
    """When a person erases their registration, their attendance and certificate go too. PostgreSQL does it
    by ON DELETE CASCADE; SQLite does not enforce foreign keys here, so the rows are deleted explicitly."""
    connection.execute(delete(Attendance.__table__).where(Attendance.__table__.c.registration_id == registration.id))
    connection.execute(delete(Certificate.__table__).where(Certificate.__table__.c.registration_id == registration.id))
    changes = AttendanceImportChange.__table__
    connection.execute(delete(changes).where(changes.c.registration_id == registration.id))


class CertificateSigner(db.Model):
    """Who signs an event's certificates: name, position, body and an optional signature image (PNG/JPEG,
    kept in the database like materials so every host prints it), in `position` order."""

    __tablename__ = "certificate_signers"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(160))
    title: Mapped[str] = mapped_column(String(200), default="")  # cargo
    body: Mapped[str] = mapped_column(String(255), default="")  # organismo
    signature: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    signature_type: Mapped[str | None] = mapped_column(String(20))  # image/png | image/jpeg


class OrganizationLogo(db.Model):
    """A body's emblem for certificates and their verification page (PNG/JPEG, in the database)."""

    __tablename__ = "organization_logos"

    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"),
                                                 primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    content_type: Mapped[str] = mapped_column(String(20))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
