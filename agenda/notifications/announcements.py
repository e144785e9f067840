"""Announcements: an organizer writes to an event's registrants (all, confirmed, waitlisted, present at a
session, absent from a session), previews the mail and the number of recipients, then sends.

A draft row is written on "preview"; sending flips `sent_at` with a conditional UPDATE (a double click or two
tabs send once) and queues one outbox mail per recipient in the same transaction.
"""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select, update
from sqlalchemy.orm import Session

from ..attendance.models import Attendance
from ..attendance.presence import present_clause
from ..domain import DomainError, Forbidden, NotFound
from ..events.models import Event, EventSession
from ..events.services import can_edit
from ..outbox.addresses import email_hash, suppressed_hashes
from ..outbox.mail import render_mail
from ..outbox.models import OutboxMessage
from ..outbox.services import enqueue
from ..registration.models import Registration
from ..timeutil import utcnow
from .formatting import event_url, footer, self_service_url
from .notice_models import AUDIENCES, Announcement

AUDIENCE_LABELS = {
    "all": _l("Todas las personas registradas (confirmadas y en lista de espera)"),
    "confirmed": _l("Solo confirmadas"),
    "waitlisted": _l("Solo en lista de espera"),
    "present": _l("Quienes asistieron a una sesión"),
    "absent": _l("Quienes no asistieron a una sesión (confirmadas sin asistencia registrada)"),
}
NEEDS_SESSION = ("present", "absent")
SUBJECT_MAX = 200
BODY_MAX = 10000


def check_access(user, event: Event) -> None:

    if not can_edit(user, event):
        raise Forbidden(_("Solo quien organiza el evento puede escribir a sus personas registradas."))


def recipients_query(event_id: int, audience: str, session_id: int | None):
    """Registrations an announcement with this audience reaches (never cancelled ones)."""

    query = select(Registration).where(Registration.event_id == event_id)
    if audience == "all":
        return query.where(Registration.status.in_(("confirmed", "waitlisted")))
    if audience in ("confirmed", "waitlisted"):
        return query.where(Registration.status == audience)
    attended = exists().where(Attendance.registration_id == Registration.id, Attendance.session_id == session_id,
                              present_clause())
    if audience == "present":
        return query.where(Registration.status != "cancelled", attended)
    return query.where(Registration.status == "confirmed", ~attended)


def clean(session: Session, event: Event, values: dict) -> dict:
    """Check an announcement's fields; DomainError (422, with `field`) on the first problem."""
    audience = (values.get("audience") or "").strip()
    if audience not in AUDIENCES:
        raise DomainError(_("Elija a quién va dirigido."), "invalid_audience", status=422, field="audience")
    item = _chosen_session(event, values.get("session_id"))
    if audience in NEEDS_SESSION:
        if item is None:
            raise DomainError(_("Elija la sesión."), "invalid_session", status=422, field="session_id")
        if item.starts_at > utcnow():
            raise DomainError(_("Esa sesión aún no empieza: todavía no hay asistencia que consultar."),
                              "session_not_started", status=422, field="session_id")
        session_id = item.id
    else:
        session_id = None
    subject = " ".join((values.get("subject") or "").split())
    body = (values.get("body") or "").replace("\r\n", "\n").strip()
    if not subject:
        raise DomainError(_("Escriba el asunto."), "subject_required", status=422, field="subject")
    if len(subject) > SUBJECT_MAX:
        raise DomainError(_("Máximo %(n)d caracteres.", n=SUBJECT_MAX), "subject_too_long", status=422,
                          field="subject")
    if not body:
        raise DomainError(_("Escriba el mensaje."), "body_required", status=422, field="body")
    if len(body) > BODY_MAX:
        raise DomainError(_("Máximo %(n)d caracteres.", n=BODY_MAX), "body_too_long", status=422, field="body")
    return {"audience": audience, "session_id": session_id, "subject": subject, "body": body}


def _chosen_session(event: Event, value) -> EventSession | None:
    """The session of this event `value` (an id, as text or int) names; None when nothing is chosen.

    Anything else (not a number, another event's session, a number too big for an id) is refused even for
    audiences that need no session: the form only offers this event's sessions."""
    text = str(value if value is not None else "").strip()
    if not text:
        return None
    item = next((s for s in event.sessions if str(s.id) == text), None)
    if item is None:
        raise DomainError(_("Elija una de las sesiones de este evento."), "invalid_session", status=422,
                          field="session_id")
    return item


def save_draft(session: Session, event: Event, actor, values: dict,
               draft: Announcement | None = None) -> Announcement:
    """Create or update a draft (not sent yet)."""
    check_access(actor, event)
    cleaned = clean(session, event, values)
    if draft is None:
        draft = Announcement(event_id=event.id, author_id=getattr(actor, "id", None))
        session.add(draft)
    elif draft.sent_at is not None:
        raise DomainError(_("Este anuncio ya se envió; escriba uno nuevo."), "already_sent", status=409)
    for key, value in cleaned.items():
        setattr(draft, key, value)
    session.flush()
    return draft


def get_announcement(session: Session, event: Event, announcement_id: int) -> Announcement:
    row = session.get(Announcement, announcement_id)
    if row is None or row.event_id != event.id:
        raise NotFound(_("No existe ese anuncio."))
    return row


def recipient_counts(session: Session, announcement: Announcement) -> dict:
    """How many the draft would reach, and how many of them are left out (bounced or invalid address)."""
    rows = list(session.scalars(recipients_query(announcement.event_id, announcement.audience,
                                                 announcement.session_id)))
    skipped = suppressed_hashes(session, [r.email for r in rows])
    left_out = sum(1 for r in rows if email_hash(r.email) in skipped)
    return {"total": len(rows) - left_out, "skipped": left_out}


def render(event: Event, announcement: Announcement, name: str, email: str, self_service: str | None):

    context = {"event": event, "person_name": name, "subject": announcement.subject,
               "paragraphs": [p.strip() for p in announcement.body.split("\n\n") if p.strip()],
               "event_url": event_url(event), "self_service_url": self_service, **footer(event, email)}
    return render_mail("announcement", **context)


def preview(session: Session, event: Event, announcement: Announcement, actor) -> dict:
    """The mail as a sample recipient will see it (the organizer's name stands in), plus the counts."""
    check_access(actor, event)
    text, html = render(event, announcement, getattr(actor, "name", ""), getattr(actor, "email", "x@x.mx"),
                        None)
    return {"text": text, "html": html, **recipient_counts(session, announcement)}


def send(session: Session, event: Event, announcement: Announcement, actor) -> int:
    """Mark the draft sent (once) and queue one mail per recipient; returns how many were queued."""

    check_access(actor, event)
    claimed = session.execute(update(Announcement).where(Announcement.id == announcement.id,
                                                         Announcement.sent_at.is_(None))
                              .values(sent_at=utcnow()).execution_options(synchronize_session=False))
    if claimed.rowcount != 1:
        raise DomainError(_("Este anuncio ya se envió."), "already_sent", status=409)
    session.refresh(announcement)
    rows = list(session.scalars(recipients_query(event.id, announcement.audience, announcement.session_id)))
    skip = suppressed_hashes(session, [r.email for r in rows])
    queued = 0
    for registration in rows:
        if email_hash(registration.email) in skip:
            continue
        text, html = render(event, announcement, registration.name, registration.email,
                            self_service_url(session, registration))
        enqueue(session, registration.email, announcement.subject, text, html, kind="announcement",
                dedupe_key=f"announcement:{announcement.id}:{registration.id}",
                registration_id=registration.id, event_id=event.id)
        queued += 1
    announcement.recipients_count = queued
    announcement.skipped_count = len(rows) - queued
    session.flush()
    return queued


def list_for_event(session: Session, event_id: int) -> list[Announcement]:
    return list(session.scalars(select(Announcement).where(Announcement.event_id == event_id)
                                .order_by(Announcement.created_at.desc(), Announcement.id.desc())))


def delivery(session: Session, event_id: int, announcement_ids: list[int]) -> dict[int, dict]:
    """Per announcement of the event: its outbox mails by status (sent, pending, failed)."""

    result = {a: {"sent": 0, "pending": 0, "failed": 0} for a in announcement_ids}
    if not announcement_ids:
        return result
    rows = session.execute(select(OutboxMessage.dedupe_key, OutboxMessage.status, func.count())
                           .where(OutboxMessage.event_id == event_id, OutboxMessage.kind == "announcement")
                           .group_by(OutboxMessage.dedupe_key, OutboxMessage.status)).all()
    for key, status, count in rows:
        parts = (key or "").split(":")
        announcement_id = int(parts[1]) if len(parts) == 3 and parts[1].isdigit() else None
        if announcement_id in result:
            bucket = "pending" if status in ("pending", "sending") else status
            result[announcement_id][bucket] = result[announcement_id].get(bucket, 0) + count
    return result
