"""Pure functions from the agenda's models to iCalendar (RFC 5545, RFC 7986) components and bytes.

One VEVENT per session, UID from `events.ical_ids.session_uid` (shared with mailed invitations), times with the
event's TZID and a VTIMEZONE per zone used. There is no METHOD, so DTSTAMP is "when the information was last
revised" (RFC 5545 3.8.7.2): it equals LAST-MODIFIED, which keeps a serialised VEVENT identical until its
event or session changes and lets feeds cache it.

Feed text is always Spanish, whatever the visitor's language: the bytes are cached and shared by everyone who
subscribes. Strings are marked with N_ for the catalogue but not translated.
"""
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parseaddr
from zoneinfo import ZoneInfo

import icalendar

from ..events.ical_ids import session_uid
from ..events.labels import MODALITY_NAMES, N_, TYPE_NAMES
from ..vtimezone import vtimezone_bytes
from .plaintext import markdown_to_text

PRODID = "-//Comision de Gobierno Abierto SNT//Agenda SNT//ES"
REFRESH = timedelta(hours=1)  # how often clients should re-fetch (REFRESH-INTERVAL, X-PUBLISHED-TTL)

STATUS = {"published": "CONFIRMED", "postponed": "TENTATIVE", "cancelled": "CANCELLED"}
SUMMARY_PREFIX = {"postponed": N_("POSPUESTO: "), "cancelled": N_("CANCELADO: ")}
TYPE_LABELS = TYPE_NAMES
MODALITY_LABELS = MODALITY_NAMES
ONLINE = N_("En línea")


@dataclass(frozen=True)
class FeedContext:
    """What every VEVENT of a deployment shares: absolute links and the organizer's address."""

    base_url: str  # AGENDA_BASE_URL, no trailing slash
    organizer_email: str  # an address for ORGANIZER (the agenda's sender address)

    @classmethod
    def from_config(cls, config) -> "FeedContext":
        address = parseaddr(config.get("MAIL_DEFAULT_SENDER") or "")[1] or "no-responder@agenda-snt.local"
        return cls(base_url=config["AGENDA_BASE_URL"].rstrip("/"), organizer_email=address)


def _utc(instant: datetime) -> datetime:
    return instant.replace(tzinfo=UTC)


def event_url(event, base_url: str) -> str:
    """The public page of the event (the events.detail URL: /eventos/<id>-<slug>)."""
    return f"{base_url}/eventos/{event.id}-{event.slug}"


def last_modified(event, session) -> datetime:
    """Naive UTC: the later of the session's last visible change and the event row's last update."""
    return max(session.changed_at, event.updated_at)


def meeting_url_for(event, session) -> str | None:
    """The private meeting link of a session (its own, else the event's)."""
    return session.meeting_url or event.meeting_url or None


def session_summary(event, session) -> str:
    title = event.title
    if session.title:
        title = f"{title} — {session.title}"
    return SUMMARY_PREFIX.get(event.status, "") + title


def _place(event, session) -> str:
    if session.venue:
        return session.venue
    state = event.venue_state.name if event.venue_state is not None else None
    return ", ".join(part for part in (event.venue_address, event.venue_city, state) if part)


def session_location(event, session) -> str:
    """The venue; "En línea" (with the public stream link) for virtual events; both for hybrid ones."""
    online = f"{ONLINE}: {event.stream_url}" if event.stream_url else ONLINE
    place = _place(event, session)
    if event.modality == "virtual":
        return online
    if event.modality == "hibrida":
        return f"{place} · {online}" if place else online
    return place or online


def session_description(event, session, base_url: str, meeting_url: str | None = None) -> str:
    """Plain text: summary, description (Markdown flattened), practical facts, status and the page link."""
    parts = []
    if event.status in ("postponed", "cancelled"):
        label = N_("EVENTO POSPUESTO") if event.status == "postponed" else N_("EVENTO CANCELADO")
        parts.append(f"{label}" + (f": {event.status_reason}" if event.status_reason else "."))
    if event.summary:
        parts.append(event.summary.strip())
    text = markdown_to_text(event.description)
    if text:
        parts.append(text)
    facts = []
    facts.append(f"{N_('Modalidad')}: {MODALITY_LABELS.get(event.modality, event.modality)}")
    if event.stream_url:
        facts.append(f"{N_('Transmisión')}: {event.stream_url}")
    if meeting_url:
        facts.append(f"{N_('Enlace de la reunión (solo para personas registradas)')}: {meeting_url}")
    organizers = f"{N_('Organiza')}: {event.organization.name} ({event.organization.acronym})"
    if event.co_organizers:
        organizers += f". {N_('Coorganizan')}: " + ", ".join(o.acronym for o in event.co_organizers)
    facts.append(organizers)
    parts.append("\n".join(facts))
    parts.append(f"{N_('Información y registro')}: {event_url(event, base_url)}")
    return "\n\n".join(parts)


def session_vevent(event, session, ctx: FeedContext, meeting_url: str | None = None) -> icalendar.Event:
    """The VEVENT of one session. `meeting_url` is given only for someone registered for the event."""
    zone = ZoneInfo(event.timezone)
    stamp = _utc(last_modified(event, session))
    vevent = icalendar.Event()
    vevent.add("uid", session_uid(session, ctx.base_url))
    vevent.add("dtstamp", stamp)
    vevent.add("created", _utc(session.created_at))
    vevent.add("last-modified", stamp)
    vevent.add("sequence", session.sequence or 0)
    vevent.add("dtstart", _utc(session.starts_at).astimezone(zone))
    vevent.add("dtend", _utc(session.ends_at).astimezone(zone))
    vevent.add("status", STATUS.get(event.status, "CONFIRMED"))
    vevent.add("summary", session_summary(event, session))
    vevent.add("location", session_location(event, session))
    vevent.add("url", event_url(event, ctx.base_url))
    vevent.add("description", session_description(event, session, ctx.base_url, meeting_url))
    organizer = icalendar.vCalAddress(f"mailto:{ctx.organizer_email}")
    organizer.params["CN"] = event.organization.name
    vevent.add("organizer", organizer)
    vevent.add("categories", [TYPE_LABELS.get(event.type, event.type)] + [t.name for t in event.themes])
    if meeting_url:
        vevent.add("conference", meeting_url,
                   parameters={"VALUE": "URI", "FEATURE": "VIDEO", "LABEL": N_("Reunión en línea")})
    vevent.add("transp", "TRANSPARENT" if event.status == "cancelled" else "OPAQUE")
    return vevent


def vevent_bytes(event, session, ctx: FeedContext, meeting_url: str | None = None) -> bytes:
    return session_vevent(event, session, ctx, meeting_url).to_ical()


CALENDAR_END = b"END:VCALENDAR\r\n"


def calendar_header(name: str, description: str, timezone: str, zones: list[str], first: datetime | None,
                    last: datetime | None, source_url: str | None = None) -> bytes:
    """Everything before the VEVENTs: calendar properties, then a VTIMEZONE for each zone used.

    `first`/`last` (naive UTC) bound the sessions, so each VTIMEZONE covers every DTSTART and DTEND.
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("description", description)
    calendar.add("x-wr-caldesc", description)
    calendar.add("x-wr-timezone", timezone)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(REFRESH))
    if source_url:
        calendar.add("source", source_url, parameters={"VALUE": "URI"})
    head = calendar.to_ical()
    assert head.endswith(CALENDAR_END)
    head = head[: -len(CALENDAR_END)]
    today = datetime.now(UTC).year
    first_year = (first.year if first else today) - 1
    last_year = max((last.year if last else today), today) + 2
    zones = sorted(set(zones) | {timezone}) if zones else [timezone]
    return head + b"".join(vtimezone_bytes(zone, first_year, last_year) for zone in zones)
