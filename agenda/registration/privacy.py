"""People's data rights without an account: see and download their data, delete it, and "Mis registros"
(a mailed link listing every registration of an address)."""
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import and_, delete, or_, select
from sqlalchemy.orm import Session, selectinload

from ..domain import NotFound
from ..domain_events import RegistrationErased, publish
from ..events.models import Event
from ..outbox.models import OutboxMessage
from ..security import hash_token, new_token
from ..timeutil import to_local, utcnow
from . import mails
from .models import (
    Registration,
    RegistrationAccessLink,
    RegistrationAnswer,
    RegistrationErasure,
)
from .services import cancel_returning_status
from .validation import clean_email

LOOKUP_LINK_HOURS = 24  # app.config["REGISTRATION_LOOKUP_HOURS"] overrides


def default_privacy_notice() -> str:
    return _("Los datos personales que proporcione (nombre, correo electrónico, institución, cargo, entidad, "
             "sector y, si lo desea, género y necesidades de accesibilidad) se usan únicamente para gestionar su "
             "registro a este evento, enviarle avisos sobre él, llevar el control de asistencia, emitir "
             "constancias y elaborar estadísticas que no identifican a nadie. No se transfieren a terceros. "
             "Puede consultar, corregir, descargar o eliminar sus datos en cualquier momento con el enlace que "
             "recibirá por correo.")


def privacy_notice(event: Event) -> str:
    """The organizing body's simplified privacy notice (Markdown), or the platform's default text."""
    notice = event.organization.privacy_notice if event.organization else None
    text = (notice or "").strip() or default_privacy_notice()
    days = event.organization.retention_days if event.organization else None
    if days:
        text += "\n\n" + _("Sus datos de registro se conservan %(days)s días después de que termina el evento; "
                            "después se anonimizan y solo quedan en estadísticas que no identifican a nadie.",
                            days=days)
    return text


def export_data(registration: Registration) -> dict:
    """Everything stored about the person for this registration, as JSON-ready values."""
    event = registration.event

    def instant(value):
        return to_local(value, event.timezone).isoformat() if value else None

    labels = {a.question_id: a.question.label for a in registration.answers}
    return {
        "event": {"id": event.id, "title": event.title,
                  "sessions": [{"start": instant(s.starts_at), "end": instant(s.ends_at)} for s in event.sessions]},
        "registration": {
            "name": registration.name, "email": registration.email, "institution": registration.institution,
            "position": registration.position, "state": registration.state.code if registration.state else None,
            "organization": registration.organization.acronym if registration.organization else None,
            "sector": registration.sector, "gender": registration.gender,
            "accessibility": registration.accessibility, "status": registration.status,
            "waitlist_position": registration.waitlist_position, "source": registration.source,
            "consent_at": instant(registration.consent_at), "created_at": instant(registration.created_at),
            "updated_at": instant(registration.updated_at), "confirmed_at": instant(registration.confirmed_at),
            "cancelled_at": instant(registration.cancelled_at),
        },
        "answers": [{"question": labels[a.question_id], "answer": a.value} for a in registration.answers],
    }


def erase(session: Session, registration_id: int) -> bool:
    """Delete the person's registration and everything tied to it (answers, queued mail). A confirmed seat
    is freed for the waiting list first. What remains: +1 in an anonymous count for the event.

    Returns False, changing nothing, when the registration is already gone (erased by a parallel request):
    what the person asked for is done, and the erasure is counted once."""
    try:  # locks the event and promotes the next person if this was a confirmed seat
        registration, previous = cancel_returning_status(session, registration_id, notify=False)
    except NotFound:
        return False
    tally = session.get(RegistrationErasure, (registration.event_id, previous))
    if tally is None:
        tally = RegistrationErasure(event_id=registration.event_id, status=previous, count=0)
        session.add(tally)
    tally.count += 1
    email = registration.email
    session.execute(delete(OutboxMessage).where(  # in every state: pending and failed bodies hold their link
        or_(OutboxMessage.registration_id == registration.id,
            and_(OutboxMessage.event_id == registration.event_id, OutboxMessage.to_address == email))))
    session.execute(delete(RegistrationAnswer).where(RegistrationAnswer.registration_id == registration.id))
    # Published before the row goes, so areas above (attendance's import previews) find what they hold of it.
    publish(session, RegistrationErased(registration_id=registration.id, event_id=registration.event_id))
    session.delete(registration)
    session.flush()
    still_registered = session.scalar(select(Registration.id).where(Registration.email == email).limit(1))
    if still_registered is None:
        session.execute(delete(RegistrationAccessLink).where(RegistrationAccessLink.email == email))
        session.execute(delete(OutboxMessage).where(OutboxMessage.to_address == email))
    return True


def request_lookup(session: Session, email: str) -> None:
    """Mail a "Mis registros" link if the address has registrations. Callers always show the same message,
    so the page never tells whether an address is registered."""
    address = clean_email(email)
    session.execute(delete(RegistrationAccessLink).where(RegistrationAccessLink.expires_at < utcnow()))
    if address is None:
        return
    count = session.scalar(select(Registration.id).where(Registration.email == address).limit(1))
    if count is None:
        return
    token, digest = new_token()
    hours = current_app.config.get("REGISTRATION_LOOKUP_HOURS", LOOKUP_LINK_HOURS)
    session.add(RegistrationAccessLink(email=address, token_hash=digest,
                                       expires_at=utcnow() + timedelta(hours=hours)))
    session.flush()
    mails.queue_lookup(session, address, token, 1)


def lookup(session: Session, token: str) -> tuple[str, list[Registration]]:
    """The address a "Mis registros" link was sent to and its registrations (newest event first)."""
    link = _link(session, token)
    registrations = list(session.scalars(
        select(Registration).join(Event).where(Registration.email == link.email)
        .options(selectinload(Registration.event).selectinload(Event.sessions))
        .order_by(Event.first_starts_at.desc())))
    return link.email, registrations


def registration_for_link(session: Session, token: str, registration_id: int) -> Registration:
    """One registration opened from a "Mis registros" link (only those of the link's address)."""
    link = _link(session, token)
    registration = session.scalar(
        select(Registration).where(Registration.id == registration_id, Registration.email == link.email)
        .options(selectinload(Registration.event).selectinload(Event.sessions),
                 selectinload(Registration.answers).selectinload(RegistrationAnswer.question)))
    if registration is None:
        raise NotFound(_("El enlace no es válido o ya no está vigente."))
    return registration


def _link(session: Session, token: str) -> RegistrationAccessLink:
    link = None
    if token and len(token) <= 200:
        link = session.scalar(select(RegistrationAccessLink)
                              .where(RegistrationAccessLink.token_hash == hash_token(token)))
    if link is None or link.expires_at < utcnow():
        raise NotFound(_("El enlace no es válido o ya caducó. Pida uno nuevo en «Mis registros»."))
    return link

