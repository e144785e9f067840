"""The calendar around the VEVENTs of a feed: calendar properties (RFC 7986 NAME, REFRESH-INTERVAL...) and a
VTIMEZONE for each zone used. The VEVENTs themselves come from `agenda.events.ical`, the builder that
invitations share, re-exported here for the feed modules.
"""
from datetime import UTC, datetime, timedelta

import icalendar

from ..events.ical import (  # noqa: F401 (re-exported for the feed modules)
    MODALITY_LABELS,
    N_,
    ONLINE,
    PRODID,
    STATUS,
    SUMMARY_PREFIX,
    TYPE_LABELS,
    FeedContext,
    event_url,
    last_modified,
    meeting_url_for,
    session_description,
    session_location,
    session_summary,
    session_vevent,
    vevent_bytes,
)
from ..vtimezone import vtimezone_bytes
from ..web_input import one_line, plain_lines

REFRESH = timedelta(hours=1)  # how often clients should re-fetch (REFRESH-INTERVAL, X-PUBLISHED-TTL)


CALENDAR_END = b"END:VCALENDAR\r\n"


def calendar_header(name: str, description: str, timezone: str, zones: list[str], first: datetime | None,
                    last: datetime | None, source_url: str | None = None) -> bytes:
    """Everything before the VEVENTs: calendar properties, then a VTIMEZONE for each zone used.

    `first`/`last` (naive UTC) bound the sessions, so each VTIMEZONE covers every DTSTART and DTEND.
    """
    name, description = one_line(name), plain_lines(description)  # rows saved before one-line fields
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # NAME and the X-WR-* properties are unknown to icalendar, which then writes them unescaped: give it TEXT.
    calendar.add("name", icalendar.vText(name))
    calendar.add("x-wr-calname", icalendar.vText(name))
    calendar.add("description", description)
    calendar.add("x-wr-caldesc", icalendar.vText(description))
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
