"""The mails registration sends, queued in the outbox inside the caller's transaction (sent after commit)."""
import re
import secrets
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from types import SimpleNamespace

from babel.dates import format_datetime, format_time
from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import escape
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


# A registration's first mail is drafted before the seat is decided (both outcomes), so the event lock is not
# held while templates render. The templates are rendered once per event version, language and outcome with
# marks where the person's name, link and waiting-list place go (FIRST_MAIL_CACHE_SIZE entries per process);
# each registration then only fills in the marks, in one pass, escaping the name for the HTML part exactly as
# Jinja does. tests/registration/test_mail.py checks the result is byte for byte what a direct render gives.
# Each mark carries a random word drawn when the process starts, so no event title or name can contain one.
_NONCE = secrets.token_hex(6)
NAME_MARK, LINK_MARK, POSITION_MARK = (f"\u2983{word}-{_NONCE}\u2984" for word in ("nombre", "enlace", "lugar"))
_MARKS = re.compile("|".join(re.escape(mark) for mark in (NAME_MARK, LINK_MARK, POSITION_MARK)))
FIRST_MAIL_CACHE_SIZE = 128


@dataclass
class DraftMail:
    """A first mail with the seat not yet known: the rendered parts still carry the marks."""

    status: str  # the outcome it was written for: confirmed | waitlisted
    event: Event  # whose upcoming sessions get an invitation each
    subject: str
    text: str
    html: str
    name: str
    manage_url: str

    def filled(self, position: int | None) -> tuple[str, str, str]:
        """(subject, text, html) with the person's name, link and waiting-list place in place of the marks."""
        place = str(position or "")
        plain = {NAME_MARK: self.name, LINK_MARK: self.manage_url, POSITION_MARK: place}
        escaped = {NAME_MARK: str(escape(self.name)), LINK_MARK: str(escape(self.manage_url)),
                   POSITION_MARK: place}
        return (_MARKS.sub(lambda match: plain[match.group()], self.subject),
                _MARKS.sub(lambda match: plain[match.group()], self.text),
                _MARKS.sub(lambda match: escaped[match.group()], self.html))


def draft_first_mail(event: Event, person: dict, token: str, facts: dict, status: str) -> DraftMail:
    """The confirmation or waiting-list mail for `person` (clean registration values), seat not yet known."""
    key = (status, str(get_locale() or "es"), current_app.config["AGENDA_BASE_URL"], event.id, event.slug,
           event.title, event.stream_url, event.meeting_url, getattr(facts["organization"], "name", None),
           tuple(facts["sessions"]))
    subject, text, html = _first_mail_parts(key, event, facts, status)
    return DraftMail(status, event, subject, text, html, person["name"], self_service_url(token))


def _first_mail_parts(key: tuple, event: Event, facts: dict, status: str) -> tuple[str, str, str]:
    cache = current_app.extensions.setdefault("registration_first_mail", OrderedDict())
    parts = cache.get(key)
    if parts is None:
        parts = cache[key] = _render_first_mail(event, facts, status)
        while len(cache) > FIRST_MAIL_CACHE_SIZE:
            cache.popitem(last=False)
    return parts


def _render_first_mail(event: Event, facts: dict, status: str) -> tuple[str, str, str]:
    shown = SimpleNamespace(name=NAME_MARK, status=status,
                            waitlist_position=POSITION_MARK if status == "waitlisted" else None)
    if status == "confirmed":
        subject, template = _("Registro confirmado: %(title)s", title=event.title), "registration_confirmed"
    else:
        subject = _("Lista de espera (lugar %(n)s): %(title)s", n=POSITION_MARK, title=event.title)
        template = "registration_waitlisted"
    text, html = render_mail(template, **{**_context(event, shown, None, facts), "manage_url": LINK_MARK})
    return subject, text, html


def queue_first_mail(session: Session, event_id: int, registration_id: int, email: str,
                     position: int | None, draft: DraftMail) -> None:
    """Queue a drafted first mail for the registration now decided (same status as the draft)."""
    subject, text, html = draft.filled(position)
    first, others = _invitations(draft.event, registration_id, "REQUEST") if draft.status == "confirmed" else ([], [])
    queue(session, email, subject, text, html, first, kind=f"registration_{draft.status}",
          registration_id=registration_id, event_id=event_id)
    queue_session_calendars(session, draft.event, registration_id, email, "REQUEST", others,
                            kind="calendar_invitation")


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
