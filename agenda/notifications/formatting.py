"""What reminder, change and announcement mails say: times in the event's zone, links, the common footer."""
from datetime import datetime, timedelta

import nh3
from flask import current_app
from markdown_it import MarkdownIt
from markupsafe import Markup

from ..events.display import session_when
from ..outbox.addresses import stop_reminders_url
from ..registration.links import event_url as registration_event_url
from ..registration.models import RegistrationAccessLink
from ..security import new_token
from ..timeutil import utcnow
from ..urls import external_url, has_endpoint


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


def self_service_url(session, registration, valid_until: datetime | None = None) -> str:
    """A personal link to the person's own registration page (see, correct, cancel, .ics, data).

    Only a hash of the self-service secret of the confirmation mail is stored, so it cannot be repeated here;
    instead each mail carries a fresh "Mis registros" access link (registration area: 256-bit secret, stored
    hashed, limited to that address's registrations) that opens this registration and expires at
    `valid_until` (default: in 14 days; never more than 30).
    """
    now = utcnow()
    expires = min(valid_until or now + timedelta(days=14), now + timedelta(days=30))
    token, digest = new_token()
    session.add(RegistrationAccessLink(email=registration.email, token_hash=digest, created_at=now,
                                       expires_at=max(expires, now + timedelta(days=1))))
    if has_endpoint("registration.manage"):
        return external_url("registration.manage", token=token, registration_id=registration.id)
    return current_app.config["AGENDA_BASE_URL"].rstrip("/") + f"/mis-registros/{token}/{registration.id}"
