"""The mails registration sends, queued in the outbox inside the caller's transaction (sent after commit)."""
from dataclasses import dataclass
from types import SimpleNamespace

from babel.dates import format_datetime, format_time
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from ..events.models import Event
from ..notifications.mail import render_mail
from ..notifications.services import enqueue
from ..timeutil import to_local
from .links import absolute, event_url, lookup_url, self_service_url
from .models import STATUS_LABELS, Registration


def session_lines(event: Event) -> list[str]:
    """Each session as one readable line in the event's own time zone."""
    locale = str(get_locale() or "es")
    lines = []
    for session in event.sessions:
        start, end = to_local(session.starts_at, event.timezone), to_local(session.ends_at, event.timezone)
        day = format_datetime(start, "EEEE d 'de' MMMM 'de' y, HH:mm", tzinfo=start.tzinfo, locale=locale)
        until = format_time(end, "HH:mm", tzinfo=end.tzinfo, locale=locale)
        title = f"{session.title}: " if session.title and len(event.sessions) > 1 else ""
        lines.append(f"{title}{day}–{until} ({event.timezone})")
    return lines


def event_facts(event: Event) -> dict:
    """What every mail about `event` shows, computed once (registration does it before taking the lock)."""
    return {"event": event, "sessions": session_lines(event), "event_url": event_url(event),
            "lookup_page_url": absolute("/mis-registros"), "organization": event.organization}


def _context(event: Event, registration: Registration, token: str | None, facts: dict | None = None) -> dict:
    confirmed = registration.status == "confirmed"
    return {
        **(facts or event_facts(event)), "event": event, "registration": registration,
        "status_label": str(STATUS_LABELS[registration.status]),
        "manage_url": self_service_url(token) if token else None,
        "meeting_url": event.meeting_url if confirmed else None,
    }


def _invitation(registration: Registration, method: str) -> dict:
    """The .ics attachment, built when the mail is sent (registration.ical.invitation_attachment)."""
    return {"filename": "invitacion.ics" if method == "REQUEST" else "cancelacion.ics",
            "content_type": f"text/calendar; method={method}",
            "builder": "registration_ics", "args": {"registration_id": registration.id, "method": method}}


def _queue(session: Session, kind: str, template: str, subject: str, event: Event,
           registration: Registration, token: str | None, attachments=(), facts: dict | None = None) -> None:
    text, html = render_mail(template, **_context(event, registration, token, facts))
    enqueue(session, registration.email, subject, text, html, attachments, kind=kind,
            registration_id=registration.id, event_id=event.id)


# A registration's first mail is rendered before the seat is decided, for the outcome the unlocked seat count
# predicts, so the event lock is not held while templates render. The waiting-list place is a mark filled in
# once known; a wrong prediction (someone took the last seat meanwhile) is rendered again under the lock.
POSITION_MARK = "\u2983lugar\u2984"


@dataclass
class DraftMail:
    status: str  # the outcome it was written for: confirmed | waitlisted
    subject: str
    text: str
    html: str


def draft_first_mail(event: Event, person: dict, token: str, facts: dict, status: str) -> DraftMail:
    """The confirmation or waiting-list mail for `person` (clean registration values), seat not yet known."""
    shown = SimpleNamespace(name=person["name"], email=person["email"], status=status,
                            waitlist_position=POSITION_MARK if status == "waitlisted" else None)
    if status == "confirmed":
        subject, template = _("Registro confirmado: %(title)s", title=event.title), "registration_confirmed"
    else:
        subject = _("Lista de espera (lugar %(n)s): %(title)s", n=POSITION_MARK, title=event.title)
        template = "registration_waitlisted"
    text, html = render_mail(template, **_context(event, shown, token, facts))
    return DraftMail(status, subject, text, html)


def queue_first_mail(session: Session, event: Event, registration: Registration, draft: DraftMail) -> None:
    """Queue a drafted first mail for the registration now decided (same status as the draft)."""
    place = str(registration.waitlist_position or "")
    subject, text, html = (part.replace(POSITION_MARK, place) for part in (draft.subject, draft.text, draft.html))
    attachments = [_invitation(registration, "REQUEST")] if draft.status == "confirmed" else []
    enqueue(session, registration.email, subject, text, html, attachments, kind=f"registration_{draft.status}",
            registration_id=registration.id, event_id=event.id)


def queue_promoted(session: Session, event: Event, registration: Registration) -> None:
    """A seat freed up for someone on the waiting list. No new link (their first mail has it)."""
    _queue(session, "registration_promoted", "registration_promoted",
           _("Ya tiene lugar: %(title)s", title=event.title), event, registration, None,
           [_invitation(registration, "REQUEST")])


def queue_cancelled(session: Session, event: Event, registration: Registration, by_organizer: bool) -> None:
    text, html = render_mail("registration_cancelled", by_organizer=by_organizer,
                             **_context(event, registration, None))
    enqueue(session, registration.email, _("Registro cancelado: %(title)s", title=event.title), text, html,
            [_invitation(registration, "CANCEL")], kind="registration_cancelled",
            registration_id=registration.id, event_id=event.id)


def queue_link(session: Session, event: Event, registration: Registration, token: str) -> None:
    """A new self-service link, asked for after a duplicate registration attempt."""
    _queue(session, "registration_link", "registration_link",
           _("Su enlace de registro: %(title)s", title=event.title), event, registration, token)


def queue_lookup(session: Session, email: str, token: str, count: int) -> None:
    """"Mis registros": the link listing every registration of the address."""
    text, html = render_mail("registrations_lookup", list_url=lookup_url(token), count=count)
    enqueue(session, email, _("Sus registros en la Agenda SNT"), text, html, kind="registrations_lookup")
