"""The VTIMEZONE block of an IANA zone, written so that every calendar reader agrees on it.

Every feed and every mailed invitation takes its VTIMEZONE from `vtimezone_bytes`. icalendar's `from_tzinfo`
is not used because what it writes is read differently by different clients: all transitions of an observance
go into one comma-separated RDATE (Mozilla's ical.js, hence Thunderbird, reads only the first value), a COMMENT
sits directly in VTIMEZONE (libical flags it; RFC 5545 allows it only in STANDARD/DAYLIGHT), and the onset of
spring-forward is written as the local time after the change (03:00) instead of before it (02:00).

Here each transition of the zone in the covered years is its own STANDARD or DAYLIGHT observance with a single
DTSTART, in the local time in effect before the change (RFC 5545 3.6.5: "DTSTART ... local time ... using
TZOFFSETFROM"), and no RDATE or RRULE at all: there is nothing for a reader to expand, so none can expand it
differently, and rule changes (Mexico dropped DST in October 2022) need no special case. The first observance
is the zone's state on 1 January of the first year.
"""
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

_DAY = timedelta(days=1)


def _state(zone: ZoneInfo, instant: datetime) -> tuple[timedelta, timedelta, str]:
    local = instant.astimezone(zone)
    return local.utcoffset(), local.dst(), local.tzname()


def transitions(zone_name: str, first_year: int, last_year: int) -> list[tuple[datetime, tuple, tuple]]:
    """(UTC instant, state before, state after) of every change of offset, DST flag or abbreviation from
    1 January `first_year` to 1 January `last_year`; a state is (utcoffset, dst, tzname)."""
    zone = ZoneInfo(zone_name)
    start = datetime(first_year, 1, 1, tzinfo=UTC)
    end = datetime(last_year, 1, 1, tzinfo=UTC)
    found = []
    day, before = start, _state(zone, start)
    while day < end:
        following = day + _DAY
        after = _state(zone, following)
        if after != before:  # the change is within this day: find its minute (changes are on whole minutes)
            low, high = 0, 24 * 60  # minutes after `day`: the state at `low` is `before`, at `high` it is not
            while high - low > 1:
                middle = (low + high) // 2
                if _state(zone, day + timedelta(minutes=middle)) == before:
                    low = middle
                else:
                    high = middle
            found.append((day + timedelta(minutes=high), before, after))
        day, before = following, after
    return found


def _offset(value: timedelta) -> str:
    minutes = int(value.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


def _observance(onset_local: datetime, before: tuple, after: tuple) -> list[str]:
    kind = "DAYLIGHT" if after[1] else "STANDARD"
    return [f"BEGIN:{kind}", f"DTSTART:{onset_local:%Y%m%dT%H%M%S}", f"TZOFFSETFROM:{_offset(before[0])}",
            f"TZOFFSETTO:{_offset(after[0])}", f"TZNAME:{after[2]}", f"END:{kind}"]


@lru_cache(maxsize=256)
def vtimezone_bytes(zone_name: str, first_year: int, last_year: int) -> bytes:
    """VTIMEZONE for `zone_name` covering 1 January `first_year` to 1 January `last_year`, CRLF lines."""
    zone = ZoneInfo(zone_name)
    start = datetime(first_year, 1, 1, tzinfo=UTC)
    initial = _state(zone, start)
    lines = ["BEGIN:VTIMEZONE", f"TZID:{zone_name}"]
    lines += _observance((start + initial[0]).replace(tzinfo=None), initial, initial)
    for instant, before, after in transitions(zone_name, first_year, last_year):
        lines += _observance((instant + before[0]).replace(tzinfo=None), before, after)
    lines.append("END:VTIMEZONE")
    return ("\r\n".join(lines) + "\r\n").encode("ascii")
