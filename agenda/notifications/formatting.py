"""What reminder, change and announcement mails say: times in the event's zone, links, the common footer."""
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import nh3
from babel.dates import format_datetime, get_timezone_location
from flask import current_app
from markdown_it import MarkdownIt
from markupsafe import Markup

from ..security import new_token
from ..timeutil import to_local, utcnow
from .addresses import opt_out_token

LOCALE = "es_MX"


def external_url(endpoint: str, **values) -> str:
    """An absolute URL under AGENDA_BASE_URL, with or without a request (workers and CLI have none)."""
    base = urlsplit(current_app.config["AGENDA_BASE_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "http")
    return adapter.build(endpoint, values, force_external=True)


def has_endpoint(endpoint: str) -> bool:
    return endpoint in current_app.view_functions


def session_when(starts_at, ends_at, zone: str, all_day: bool = False) -> str:
    """'martes 15 de septiembre de 2020, de 10:00 a 12:00 (hora de México (Ciudad de México), GMT-05:00)';
    for an all-day session 'martes 15 de septiembre de 2020, todo el día' (or 'del … al …, todo el día')."""
    start, end = to_local(starts_at, zone), to_local(ends_at, zone)
    day = format_datetime(start, "EEEE d 'de' MMMM 'de' y", locale=LOCALE)
    if all_day:
        return all_day_text(start, end, LOCALE)
    if end.date() == start.date():
        span = f"de {start:%H:%M} a {end:%H:%M}"
    else:
        until = format_datetime(end, "EEEE d 'de' MMMM, HH:mm", locale=LOCALE)
        span = f"{start:%H:%M} al {until}"
    where = get_timezone_location(start.tzinfo, locale="es")  # es_MX's CLDR data says "hora de verano"
    return f"{day}, {span} ({where}, {format_datetime(start, 'ZZZZ', locale=LOCALE)})"


def all_day_text(start, end, locale: str) -> str:
    """An all-day session's days, from its local midnights: 'jueves 25 de enero de 2027, todo el día' or
    'del lunes 25 al miércoles 27 de enero de 2027, todo el día'."""
    last = end - timedelta(days=1)
    if last.date() <= start.date():
        return format_datetime(start, "EEEE d 'de' MMMM 'de' y", locale=locale) + ", todo el día"
    first_day = format_datetime(start, "EEEE d", locale=locale)
    last_day = format_datetime(last, "EEEE d 'de' MMMM 'de' y", locale=locale)
    return f"del {first_day} al {last_day}, todo el día"


def session_facts(event, session) -> dict:
    """Time, place and links of one session for the templates (session values override the event's)."""
    venue = session.venue or ", ".join(p for p in (event.venue_address, event.venue_city,
                                                    event.venue_state.name if event.venue_state else None) if p)
    return {
        "id": session.id,
        "title": session.title,
        "when": session_when(session.starts_at, session.ends_at, event.timezone,
                             getattr(session, "is_all_day", False)),
        "meeting_url": session.meeting_url or event.meeting_url,
        "stream_url": event.stream_url,
        "venue": venue if event.modality != "virtual" else "",
        "starts_at": session.starts_at,
    }


def event_url(event) -> str:
    """The public event page, as the registration mails link it (/eventos/<id>-<slug>)."""
    from ..registration.links import event_url as registration_event_url

    return registration_event_url(event)


def privacy_url(event) -> str:
    """The organizing body's simplified privacy notice (the one registrants accepted)."""
    return external_url("notifications.privacy_notice", event_id=event.id)


def markdown_html(text: str) -> Markup:
    """Markdown (no raw HTML) to sanitised HTML."""
    rendered = MarkdownIt("commonmark", {"html": False, "linkify": False}).render(text or "")
    return Markup(nh3.clean(rendered))


def footer(event, email: str, reminders: bool = True) -> dict:
    """The footer every mail of this area carries: who organizes, the privacy notice, how to stop reminders."""
    return {
        "organization_name": event.organization.name,
        "organization_acronym": event.organization.acronym,
        "privacy_url": privacy_url(event),
        "stop_reminders_url": stop_reminders_url(email) if reminders else None,
    }


def stop_reminders_url(email: str) -> str:
    """The signed one-click link that stops every reminder to `email` (also the mail's List-Unsubscribe)."""
    return external_url("notifications.stop_reminders", token=opt_out_token(email))


def self_service_url(session, registration, valid_until: datetime | None = None) -> str:
    """A personal link to the person's own registration page (see, correct, cancel, .ics, data).

    Only a hash of the self-service secret of the confirmation mail is stored, so it cannot be repeated here;
    instead each mail carries a fresh "Mis registros" access link (registration area: 256-bit secret, stored
    hashed, limited to that address's registrations) that opens this registration and expires at
    `valid_until` (default: in 14 days; never more than 30).
    """
    from ..registration.models import RegistrationAccessLink

    now = utcnow()
    expires = min(valid_until or now + timedelta(days=14), now + timedelta(days=30))
    token, digest = new_token()
    session.add(RegistrationAccessLink(email=registration.email, token_hash=digest, created_at=now,
                                       expires_at=max(expires, now + timedelta(days=1))))
    if has_endpoint("registration.manage"):
        return external_url("registration.manage", token=token, registration_id=registration.id)
    return current_app.config["AGENDA_BASE_URL"].rstrip("/") + f"/mis-registros/{token}/{registration.id}"
