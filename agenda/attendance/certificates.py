"""Certificates of completion (constancias): who is eligible, issuing (one or in bulk, mailed through the
outbox with the PDF attached), the PDF, and public verification by code.

Eligible = a confirmed registration that attended at least the event's required number of sessions
(settings.py). A certificate is issued once per registration; its random code is what the public page
/constancias/<code> checks. That page shows the name, the event and its dates, and nothing else.
"""
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app, render_template
from flask_babel import gettext as _
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from ..domain import DomainError, NotFound
from ..domain_events import CertificateIssued, CertificateRevoked, publish
from ..events.models import Event, EventSession
from ..extensions import db
from ..outbox.mail import attachment_builder
from ..outbox.models import OutboxMessage
from ..outbox.services import enqueue
from ..registration.models import Registration
from ..timeutil import to_local, utcnow
from . import codes, signers
from .certificate_pdf import CertificateData, SignerData, render_certificate_pdf
from .models import Attendance, Certificate
from .presence import present_clause
from .settings import required_sessions, settings_for
from .wording import EVENT_KINDS, hours_text, spanish_date, spanish_dates


def attended_counts(session: Session, event: Event) -> dict[int, int]:
    """registration id -> sessions attended, for the event's confirmed registrations with any attendance."""
    rows = session.execute(
        select(Attendance.registration_id, func.count(Attendance.id))
        .join(EventSession, EventSession.id == Attendance.session_id)
        .join(Registration, Registration.id == Attendance.registration_id)
        .where(EventSession.event_id == event.id, Registration.status == "confirmed", present_clause())
        .group_by(Attendance.registration_id))
    return {registration_id: count for registration_id, count in rows}


@dataclass
class CertificateCondition:
    """A further condition for a certificate, registered by a later area (evaluations: "answered the
    evaluation"). `keep(session, event, settings, ids)` returns the ids of `ids` that meet it; `refusal` is
    the message for someone who meets the attendance rule but not this."""

    keep: Callable[[Session, Event, object, set[int]], set[int]]
    refusal: Callable[[], str]


CERTIFICATE_CONDITIONS: list[CertificateCondition] = []


def attendance_eligible_ids(session: Session, event: Event) -> set[int]:
    settings = settings_for(session, event)
    if not settings.certificates_enabled or event.status == "cancelled":
        return set()
    needed = required_sessions(settings, len(event.sessions))
    if needed == 0:
        return set()
    return {rid for rid, count in attended_counts(session, event).items() if count >= needed}


def eligible_ids(session: Session, event: Event) -> set[int]:
    ids = attendance_eligible_ids(session, event)
    if ids and CERTIFICATE_CONDITIONS:
        settings = settings_for(session, event)
        for condition in CERTIFICATE_CONDITIONS:
            ids = condition.keep(session, event, settings, ids)
    return ids


def is_eligible(session: Session, registration: Registration) -> bool:
    return registration.id in eligible_ids(session, registration.event)


def refusal_message(session: Session, registration: Registration) -> str:
    """Why this person gets no certificate: the attendance rule, or a further condition they miss."""
    ids = {registration.id} & attendance_eligible_ids(session, registration.event)
    if ids:
        settings = settings_for(session, registration.event)
        for condition in CERTIFICATE_CONDITIONS:
            if not condition.keep(session, registration.event, settings, ids):
                return condition.refusal()
    return _("Esta persona no cumple la regla de asistencia del evento para recibir constancia.")


def certificate_for(session: Session, registration_id: int) -> Certificate | None:
    return session.scalar(select(Certificate).where(Certificate.registration_id == registration_id))


def issue_certificate(session: Session, registration: Registration, actor=None) -> tuple[Certificate, bool]:
    """The registration's certificate, issuing it now if needed. Raises DomainError `not_eligible` (409)."""
    existing = certificate_for(session, registration.id)
    if existing is not None and existing.revoked_at is None:
        return existing, False
    if registration.status != "confirmed" or not is_eligible(session, registration):
        raise DomainError(refusal_message(session, registration), "not_eligible", status=409)
    if existing is not None:  # revoked, now eligible again: same row, new code
        existing.code, existing.revoked_at, existing.issued_at = codes.new_certificate_code(), None, utcnow()
        existing.name = registration.name
        session.flush()
        _announce_issued(session, existing, actor)
        return existing, True
    for _attempt in range(5):
        certificate = Certificate(code=codes.new_certificate_code(), registration_id=registration.id,
                                  event_id=registration.event_id, name=registration.name, issued_at=utcnow(),
                                  issued_by_id=getattr(actor, "id", None))
        nested = session.begin_nested()
        try:
            session.add(certificate)
            session.flush()
        except IntegrityError:  # a code collision (60 bits: practically never) or a racing issue
            nested.rollback()
            again = certificate_for(session, registration.id)
            if again is not None:
                return again, False
            continue
        nested.commit()
        _announce_issued(session, certificate, actor)
        return certificate, True
    raise DomainError(_("No se pudo generar un código único. Inténtelo de nuevo."), "busy", status=503)


def _announce_issued(session: Session, certificate: Certificate, actor) -> None:
    publish(session, CertificateIssued(certificate_id=certificate.id, registration_id=certificate.registration_id,
                                       event_id=certificate.event_id, actor_id=getattr(actor, "id", None)))


@dataclass
class IssueResult:
    issued: int = 0  # new certificates
    already: int = 0  # eligible people who had one
    mailed: int = 0  # mails queued


def issue_certificates(session: Session, event: Event, actor, mail: bool = True) -> IssueResult:
    """Issue a certificate to every eligible person of the event and queue its mail (once per certificate)."""
    result = IssueResult()
    ids = eligible_ids(session, event)
    if not ids:
        return result
    registrations = session.scalars(select(Registration).where(Registration.id.in_(ids))
                                    .order_by(Registration.id))
    for registration in registrations:
        certificate, created = issue_certificate(session, registration, actor)
        result.issued += int(created)
        result.already += int(not created)
        if mail and certificate.mailed_at is None:
            queue_certificate_mail(session, certificate, registration)
            result.mailed += 1
    return result


def base_url() -> str:
    return current_app.config.get("AGENDA_BASE_URL", "").rstrip("/")


def verify_url(code: str) -> str:
    return f"{base_url()}/constancias/{code}"


def download_url(code: str) -> str:
    return f"{base_url()}/constancias/{code}/pdf?firma={codes.download_signature(code)}"


def queue_certificate_mail(session: Session, certificate: Certificate, registration: Registration) -> None:
    """Queue the certificate mail in the outbox: the PDF attached (built when the mail is sent), a signed
    download link for later, and the verification page."""

    event = registration.event
    context = {"name": registration.name, "event": event, "code": certificate.code,
               "download_url": download_url(certificate.code), "verify_url": verify_url(certificate.code)}
    text = render_template("attendance/mail/certificate.txt", **context)
    html = render_template("attendance/mail/certificate.html", **context)
    attachment = {"builder": "certificate_pdf", "args": {"certificate_id": certificate.id},
                  "filename": pdf_filename(certificate), "content_type": "application/pdf"}
    enqueue(session, registration.email, _("Su constancia: %(title)s", title=event.title), text, html,
            [attachment], kind="certificate", dedupe_key=mail_key(certificate),
            registration_id=registration.id, event_id=event.id)
    certificate.mailed_at = utcnow()
    session.flush()


def mail_key(certificate: Certificate) -> str:
    return f"certificate:{certificate.id}:{certificate.code}"


@attachment_builder("certificate_pdf")
def certificate_attachment(certificate_id: int) -> bytes:
    """Builder of the mailed PDF (agenda.outbox.mail), rendered at sending time, not kept in the outbox."""
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None:
        raise LookupError(f"certificate {certificate_id} no longer exists")
    return certificate_pdf(db.session, certificate)


def event_hours(session: Session, event: Event) -> str:
    settings = settings_for(session, event)
    if settings.certificate_hours:
        return hours_text(settings.certificate_hours * 60)
    minutes = sum((s.ends_at - s.starts_at).total_seconds() / 60 for s in event.sessions)
    return hours_text(minutes)


def event_dates(event: Event) -> str:
    return spanish_dates([to_local(s.starts_at, event.timezone).date() for s in event.sessions])


def organizer_names(event: Event) -> list[str]:
    names = [event.organization.name]
    names += [o.name for o in event.co_organizers if o.id != event.organization_id]
    return names


def certificate_data(session: Session, certificate: Certificate) -> CertificateData:
    event = certificate.event
    return CertificateData(
        name=certificate.name, event_title=event.title, event_kind=EVENT_KINDS.get(event.type, "el evento"),
        dates=event_dates(event), hours=event_hours(session, event), organizers=organizer_names(event),
        code=certificate.code, verify_url=verify_url(certificate.code),
        issued_on=spanish_date(to_local(certificate.issued_at, event.timezone).date()),
        signers=tuple(SignerData(s.name, s.title, s.body, s.signature) for s in signers.event_signers(session, event.id)),
        logos=tuple(logo.data for logo in signers.event_logos(session, event)))


def certificate_pdf(session: Session, certificate: Certificate) -> bytes:
    if certificate.revoked_at is not None:
        raise DomainError(_("Esta constancia fue revocada."), "revoked", status=410)
    return render_certificate_pdf(certificate_data(session, certificate))


def pdf_filename(certificate: Certificate) -> str:
    return f"constancia-{certificate.code}.pdf"


def certificate_by_code(session: Session, code: str) -> Certificate:
    """The certificate with that verification code (any spelling: lower case, no dashes) or NotFound."""
    normalised = codes.normalise_certificate_code(code)
    certificate = session.scalar(
        select(Certificate).options(selectinload(Certificate.event).selectinload(Event.sessions),
                                    selectinload(Certificate.event).selectinload(Event.organization),
                                    selectinload(Certificate.event).selectinload(Event.co_organizers))
        .where(Certificate.code == normalised)) if normalised else None
    if certificate is None:
        raise NotFound(_("No existe una constancia con ese código. Revise que lo haya escrito completo."))
    return certificate


def revoke_certificate(session: Session, certificate: Certificate, actor=None, reason: str | None = None) -> None:
    """Revoke it, for a `reason` (required: it is kept in the audit log); its mail, if not sent yet (waiting,
    or claimed by a worker that may have crashed), is withdrawn: it would carry a void PDF."""
    reason = (reason or "").strip()[:500] or None
    if reason is None:
        raise DomainError(_("Indique el motivo para revocar la constancia; queda registrado en la bitácora."),
                          "reason_required", status=422, field="reason")
    certificate.revoked_at = utcnow()
    session.execute(delete(OutboxMessage).where(OutboxMessage.dedupe_key == mail_key(certificate),
                                                OutboxMessage.status.in_(("pending", "sending"))))
    session.flush()
    publish(session, CertificateRevoked(certificate_id=certificate.id, registration_id=certificate.registration_id,
                                        event_id=certificate.event_id, actor_id=getattr(actor, "id", None),
                                        reason=reason))
