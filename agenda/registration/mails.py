"""The mails registration sends, queued in the outbox inside the caller's transaction (sent after commit)."""
import secrets
from dataclasses import dataclass
from functools import lru_cache
from types import SimpleNamespace

from babel.dates import format_datetime, format_time
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from ..events.display import all_day_text, zone_label
from ..events.models import Event
from ..outbox.mail import render_mail
from ..outbox.services import enqueue, queue
from ..timeutil import to_local
from .ical import upcoming
from .links import absolute, event_url, lookup_url, self_service_url
from .models import STATUS_LABELS, Registration


def session_lines(event: Event) -> list[str]:
    """Each session as one readable line in the event's own time zone."""
    sessions = tuple((session.title, session.starts_at, session.ends_at, bool(session.is_all_day))
                     for session in event.sessions)
    return list(_session_lines(sessions, event.timezone, str(get_locale() or "es")))


@lru_cache(maxsize=256)
def _session_lines(sessions: tuple, zone: str, locale: str) -> tuple[str, ...]:
    """Cached on the values it shows, so a moved session or another language is simply another entry."""
    lines = []
    for title, starts_at, ends_at, all_day in sessions:
        start, end = to_local(starts_at, zone), to_local(ends_at, zone)
        shown_title = f"{title}: " if title and len(sessions) > 1 else ""
        if all_day:
            lines.append(shown_title + all_day_text(start, end, locale))
            continue
        day = format_datetime(start, "EEEE d 'de' MMMM 'de' y, HH:mm", tzinfo=start.tzinfo, locale=locale)
        until = format_time(end, "HH:mm", tzinfo=end.tzinfo, locale=locale)
        lines.append(f"{shown_title}{day}–{until} ({zone_label(zone)})")  # as the pages say it
    return tuple(lines)


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


def _invitation(registration_id: int, method: str, session_id: int) -> dict:
    """One session's invitation (REQUEST) or cancellation (CANCEL), built when the mail is sent
    (registration.ical.invitation_attachment). The outbox puts it in the mail as the text/calendar alternative
    that mail programs act on, plus an .ics attachment (agenda.outbox.mail.build_message)."""
    return {"filename": "invitacion.ics" if method == "REQUEST" else "cancelacion.ics",
            "content_type": f"text/calendar; method={method}", "builder": "registration_ics",
            "args": {"registration_id": registration_id, "method": method, "session_id": session_id}}


def session_label(event: Event, event_session) -> str:
    """"Sesión 2 de 8" (or the session's own title) for a multi-session event's calendar mails."""
    ids = [s.id for s in event.sessions]
    if event_session.id in ids:
        return _("Sesión %(n)d de %(total)d", n=ids.index(event_session.id) + 1, total=len(ids))
    return event_session.title or _("Sesión retirada")


def queue_session_calendars(session: Session, event: Event, registration_id: int, email: str, method: str,
                            items: list, *, kind: str, dedupe_prefix: str | None = None) -> int:
    """A calendar mail of its own for each of `items` ((session, attachment) pairs): one iTIP message per
    mail, so the sessions of a jornada after the first (which rides on the mail that announces the change)
    each get theirs. Returns how many were queued."""
    locale = str(get_locale() or "es")
    for event_session, attachment in items:
        line = _session_lines(((None, event_session.starts_at, event_session.ends_at,
                                bool(getattr(event_session, "is_all_day", False))),), event.timezone, locale)[0]
        label = session_label(event, event_session)
        context = {"event": event, "event_url": event_url(event), "organization": event.organization,
                   "label": label, "when": line, "cancel": method == "CANCEL"}
        text, html = render_mail("calendar_session", **context)
        subject = (_("Calendario: %(label)s cancelada — %(title)s", label=label, title=event.title)
                   if method == "CANCEL" else
                   _("Calendario: %(label)s — %(title)s", label=label, title=event.title))
        if dedupe_prefix:
            enqueue(session, email, subject, text, html, [attachment], kind=kind,
                    dedupe_key=f"{dedupe_prefix}:{event_session.id}", registration_id=registration_id,
                    event_id=event.id)
        else:
            queue(session, email, subject, text, html, [attachment], kind=kind, registration_id=registration_id,
                  event_id=event.id)
    return len(items)


def _invitations(event: Event, registration_id: int, method: str) -> tuple[list[dict], list]:
    """(the attachment of the mail being queued: the first upcoming session's calendar entry, the (session,
    attachment) pairs of every other upcoming session, for calendar mails of their own)."""
    sessions = upcoming(event.sessions)
    pairs = [(s, _invitation(registration_id, method, s.id)) for s in sessions]
    return [attachment for _session, attachment in pairs[:1]], pairs[1:]


def _queue(session: Session, kind: str, template: str, subject: str, event: Event,
           registration: Registration, token: str | None, attachments=(), facts: dict | None = None) -> None:
    text, html = render_mail(template, **_context(event, registration, token, facts))
    enqueue(session, registration.email, subject, text, html, attachments, kind=kind,
            registration_id=registration.id, event_id=event.id)


# The first mail is rendered before the event lock is taken, for both outcomes, so the lock is held only to
# count, insert and queue. Only the waiting-list place is unknown then: it is written as POSITION_MARK and
# replaced by the number under the lock (digits need no escaping in text or HTML). The mark carries a random
# word drawn when the process starts, so no title or name can contain it.
POSITION_MARK = f"\u2983lugar-{secrets.token_hex(6)}\u2984"


@dataclass(frozen=True)
class FirstMail:
    status: str  # confirmed | waitlisted
    subject: str
    text: str
    html: str

    def with_position(self, position: int | None) -> tuple[str, str, str]:
        place = str(position or "")
        return tuple(part.replace(POSITION_MARK, place) for part in (self.subject, self.text, self.html))


def draft_first_mails(event: Event, person: dict, token: str, facts: dict) -> dict[str, FirstMail]:
    """The confirmation and the waiting-list mail for `person` (clean registration values), through the
    templates like every other mail, before the seat is known. `facts`: event_facts(event)."""
    drafts = {}
    for status, template in (("confirmed", "registration_confirmed"), ("waitlisted", "registration_waitlisted")):
        position = POSITION_MARK if status == "waitlisted" else None
        shown = SimpleNamespace(name=person["name"], status=status, waitlist_position=position)
        subject = (_("Registro confirmado: %(title)s", title=event.title) if status == "confirmed" else
                   _("Lista de espera (lugar %(n)s): %(title)s", n=POSITION_MARK, title=event.title))
        text, html = render_mail(template, **_context(event, shown, token, facts))
        drafts[status] = FirstMail(status, subject, text, html)
    return drafts


def queue_first_mail(session: Session, event: Event, registration_id: int, email: str, position: int | None,
                     draft: FirstMail) -> None:
    """Queue the drafted first mail of a registration now decided (a confirmed seat also gets each upcoming
    session's invitation)."""
    subject, text, html = draft.with_position(position)
    first, others = _invitations(event, registration_id, "REQUEST") if draft.status == "confirmed" else ([], [])
    queue(session, email, subject, text, html, first, kind=f"registration_{draft.status}",
          registration_id=registration_id, event_id=event.id)
    queue_session_calendars(session, event, registration_id, email, "REQUEST", others, kind="calendar_invitation")


def queue_promoted(session: Session, event: Event, registration: Registration, token: str) -> None:
    """A seat freed up for someone on the waiting list; `token` is the fresh personal link the mail carries."""
    first, others = _invitations(event, registration.id, "REQUEST")
    _queue(session, "registration_promoted", "registration_promoted",
           _("Ya tiene lugar: %(title)s", title=event.title), event, registration, token, first)
    queue_session_calendars(session, event, registration.id, registration.email, "REQUEST", others,
                            kind="calendar_invitation")


def queue_cancelled(session: Session, event: Event, registration: Registration, by_organizer: bool) -> None:
    text, html = render_mail("registration_cancelled", by_organizer=by_organizer,
                             **_context(event, registration, None))
    first, others = _invitations(event, registration.id, "CANCEL")
    enqueue(session, registration.email, _("Registro cancelado: %(title)s", title=event.title), text, html,
            first, kind="registration_cancelled", registration_id=registration.id, event_id=event.id)
    queue_session_calendars(session, event, registration.id, registration.email, "CANCEL", others,
                            kind="registration_cancelled")


def queue_link(session: Session, event: Event, registration: Registration, token: str) -> None:
    """A new self-service link, asked for after a duplicate registration attempt."""
    _queue(session, "registration_link", "registration_link",
           _("Su enlace de registro: %(title)s", title=event.title), event, registration, token)


def queue_lookup(session: Session, email: str, token: str, count: int) -> None:
    """"Mis registros": the link listing every registration of the address."""
    text, html = render_mail("registrations_lookup", list_url=lookup_url(token), count=count)
    enqueue(session, email, _("Sus registros en la Agenda SNT"), text, html, kind="registrations_lookup")
