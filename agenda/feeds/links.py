"""Links pages offer: feed URLs (https and webcal), and "add to Google Calendar / Outlook" for one session.

Absolute URLs come from AGENDA_BASE_URL (what calendar programs will fetch), not from the request's host.
"""
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qsl, urlencode

from .ical import event_url, session_location, session_summary

FEED_PARAMS = ("type", "theme", "region", "state", "organization", "modality", "q")
DETAILS_MAX = 600  # keep add-to links well under URL length limits


def webcal(url: str) -> str:
    """`https://host/x.ics` -> `webcal://host/x.ics` (opens the subscription dialog of the calendar program)."""
    for scheme in ("https://", "http://"):
        if url.startswith(scheme):
            return "webcal://" + url[len(scheme):]
    return url


def feed_query(query_string: str | None) -> str:
    """Keep only the filters a feed takes from an agenda query string (drops dates, page, lang...)."""
    pairs = [(k, v) for k, v in parse_qsl(query_string or "", keep_blank_values=False) if k in FEED_PARAMS]
    return urlencode(pairs)


@dataclass(frozen=True)
class FeedUrls:
    https: str  # what to paste into Google Calendar, Outlook web, Thunderbird
    webcal: str  # opens the calendar program's subscription dialog
    google: str  # Google Calendar's "add by URL" page, prefilled

    @classmethod
    def for_url(cls, url: str) -> "FeedUrls":
        return cls(https=url, webcal=webcal(url),
                   google="https://calendar.google.com/calendar/render?" + urlencode({"cid": webcal(url)}))


def public_feed_urls(base_url: str, query_string: str | None = None) -> FeedUrls:
    query = feed_query(query_string)
    return FeedUrls.for_url(f"{base_url}/calendario.ics" + (f"?{query}" if query else ""))


def event_feed_url(base_url: str, event_id: int) -> str:
    return f"{base_url}/eventos/{event_id}.ics"


def personal_feed_urls(base_url: str, secret: str) -> FeedUrls:
    return FeedUrls.for_url(f"{base_url}/calendario/{secret}.ics")


def _details(event, base_url: str) -> str:
    text = (event.summary or "").strip()
    if len(text) > DETAILS_MAX:
        text = text[: DETAILS_MAX - 1].rstrip() + "…"
    return (text + "\n\n" if text else "") + event_url(event, base_url)


def _compact(instant: datetime) -> str:
    return instant.strftime("%Y%m%dT%H%M%SZ")


def google_calendar_url(event, session, base_url: str) -> str:
    """Google Calendar's "create event" form, prefilled with one session (times in UTC)."""
    return "https://calendar.google.com/calendar/render?" + urlencode({
        "action": "TEMPLATE",
        "text": session_summary(event, session),
        "dates": f"{_compact(session.starts_at)}/{_compact(session.ends_at)}",
        "details": _details(event, base_url),
        "location": session_location(event, session),
        "ctz": event.timezone,
    })


def outlook_url(event, session, base_url: str, host: str = "outlook.office.com") -> str:
    """Outlook on the web's "new event" form (Microsoft 365 by default; outlook.live.com for Outlook.com)."""
    return f"https://{host}/calendar/0/deeplink/compose?" + urlencode({
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": session_summary(event, session),
        "startdt": session.starts_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "enddt": session.ends_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "body": _details(event, base_url),
        "location": session_location(event, session),
    })


@dataclass(frozen=True)
class SessionLinks:
    session_id: int
    title: str
    starts_at: datetime  # naive UTC
    google: str
    outlook: str
    outlook_com: str


def event_calendar_links(event, base_url: str, now: datetime) -> dict:
    """Everything the event page's calendar box shows; sessions already over get no add-to links."""
    sessions = [s for s in sorted(event.sessions, key=lambda s: s.starts_at) if s.ends_at >= now]
    ics = event_feed_url(base_url, event.id)
    return {
        "ics": ics,
        "webcal": webcal(ics),
        "sessions": [SessionLinks(
            session_id=s.id, title=s.title or event.title, starts_at=s.starts_at,
            google=google_calendar_url(event, s, base_url), outlook=outlook_url(event, s, base_url),
            outlook_com=outlook_url(event, s, base_url, host="outlook.live.com")) for s in sessions],
    }
