"""Independent iCalendar readers, for tests that check every client reads our calendars the same.

Each `read_*` function takes iCalendar bytes and returns the VEVENTs as `Reading`s: UID, start and end as UTC
instants (all-day: midnight UTC of the date) and whether the event is all-day, as that reader understood them.

- `read_icaljs`: Mozilla's ical.js (Thunderbird's parser) under node, from tests/node (tests/run.sh installs it);
- `read_libical`: libical (Evolution, GNOME Calendar) through GObject introspection (Debian gir1.2-ical-3.0 and
  python3-gi, only in the system /usr/bin/python3); any X-LIC-ERROR it adds fails the read;
- `read_icalendar`: the `icalendar` package (it resolves TZID through the calendar's VTIMEZONE);
- `read_ical`: the `ical` PyPI package;
- `read_khal`: Debian's khal (imports into a throw-away vdir and lists the events in UTC).

A missing reader fails the test (pytest.fail), it is never skipped.
"""
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
NODE_DIR = HERE / "node"
SYSTEM_PYTHON = "/usr/bin/python3"


@dataclass(frozen=True)
class Reading:
    uid: str
    start: datetime  # aware, UTC
    end: datetime
    all_day: bool


def _utc(value) -> tuple[datetime, bool]:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise AssertionError(f"floating time {value}: the reader did not resolve the TZID")
        return value.astimezone(UTC), False
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC), True
    raise AssertionError(f"unexpected value {value!r}")


def _from_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def read_icaljs(data: bytes) -> list[Reading]:
    script = NODE_DIR / "read_ics.mjs"
    node = shutil.which("node")
    if node is None or not (NODE_DIR / "node_modules" / "ical.js").is_dir():
        pytest.fail("ical.js not installed: run `npm ci --prefix tests/node` (tests/run.sh does)")
    done = subprocess.run([node, str(script)], input=data, capture_output=True, timeout=60, check=False,
                          env={**os.environ, "TZ": "UTC"})
    assert done.returncode == 0, done.stderr.decode()
    return [Reading(item["uid"], _from_iso(item["start"]), _from_iso(item["end"]), item["all_day"])
            for item in json.loads(done.stdout)]


_LIBICAL_SCRIPT = r"""
import json, sys
import gi
gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib as I

text = sys.stdin.buffer.read().decode("utf-8")
calendar = I.Component.new_from_string(text)
if calendar is None:
    print(json.dumps({"errors": ["unparseable"]})); sys.exit(0)
errors = []
def collect(component):
    prop = component.get_first_property(I.PropertyKind.XLICERROR_PROPERTY)
    while prop is not None:
        errors.append(component.kind_to_string(component.isa()) + ": " + prop.get_xlicerror())
        prop = component.get_next_property(I.PropertyKind.XLICERROR_PROPERTY)
    child = component.get_first_component(I.ComponentKind.ANY_COMPONENT)
    while child is not None:
        collect(child)
        child = component.get_next_component(I.ComponentKind.ANY_COMPONENT)
collect(calendar)
utc = I.Timezone.get_utc_timezone()
def instant(time):
    if time.is_date():
        return "%04d-%02d-%02dT00:00:00Z" % (time.get_year(), time.get_month(), time.get_day())
    if time.get_timezone() is None and not time.is_utc():
        raise SystemExit("floating time: TZID not resolved")
    value = time.convert_to_zone(utc)
    return "%04d-%02d-%02dT%02d:%02d:%02dZ" % (value.get_year(), value.get_month(), value.get_day(),
                                                value.get_hour(), value.get_minute(), value.get_second())
events = []
event = calendar.get_first_component(I.ComponentKind.VEVENT_COMPONENT)
while event is not None:
    start, end = event.get_dtstart(), event.get_dtend()
    events.append({"uid": event.get_uid(), "start": instant(start), "end": instant(end),
                   "all_day": bool(start.is_date())})
    event = calendar.get_next_component(I.ComponentKind.VEVENT_COMPONENT)
print(json.dumps({"errors": errors, "events": events}))
"""


def read_libical(data: bytes) -> list[Reading]:
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import gi; gi.require_version('ICalGLib', '3.0')"],
                           capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.fail("libical not available to /usr/bin/python3: install Debian's gir1.2-ical-3.0 and python3-gi "
                    "(tests/run.sh does)")
    done = subprocess.run([SYSTEM_PYTHON, "-c", _LIBICAL_SCRIPT], input=data, capture_output=True, timeout=60,
                          check=False, env={**os.environ, "TZ": "UTC"})
    assert done.returncode == 0, done.stderr.decode()
    result = json.loads(done.stdout)
    assert result["errors"] == [], f"libical flagged the calendar: {result['errors']}"
    return [Reading(item["uid"], _from_iso(item["start"]), _from_iso(item["end"]), item["all_day"])
            for item in result["events"]]


def read_icalendar(data: bytes) -> list[Reading]:
    import icalendar

    readings = []
    for vevent in icalendar.Calendar.from_ical(data).walk("VEVENT"):
        start, all_day = _utc(vevent.decoded("dtstart"))
        end = _utc(vevent.decoded("dtend"))[0] if "DTEND" in vevent else start
        readings.append(Reading(str(vevent["uid"]), start, end, all_day))
    return readings


def read_ical(data: bytes) -> list[Reading]:
    from ical.calendar_stream import IcsCalendarStream

    calendar = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    readings = []
    for event in calendar.events:
        start, all_day = _utc(event.dtstart)
        readings.append(Reading(event.uid, start, _utc(event.end)[0], all_day))
    return readings


_KHAL_CONFIG = """[calendars]
[[agenda]]
path = {calendar}
type = calendar

[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = UTC
default_timezone = UTC

[default]
default_calendar = agenda

[sqlite]
path = {database}
"""


def read_khal(data: bytes, since: str = "1990-01-01", until: str = "2100-01-01") -> list[Reading]:
    """khal in UTC: imports `data` into an empty calendar and lists every event between `since` and `until`."""
    khal = shutil.which("khal")
    if khal is None:
        pytest.fail("khal not found: install Debian's `khal` package (tests/run.sh does)")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        calendar = root / "calendars" / "agenda"
        calendar.mkdir(parents=True)
        config = root / "khal.conf"
        config.write_text(_KHAL_CONFIG.format(calendar=calendar, database=root / "khal.db"))
        env = {**os.environ, "HOME": folder, "XDG_CONFIG_HOME": folder, "XDG_DATA_HOME": folder,
               "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TZ": "UTC"}
        feed = root / "feed.ics"
        feed.write_bytes(data)

        def run(*args: str) -> str:
            done = subprocess.run([khal, "-c", str(config), *args], env=env, capture_output=True, text=True,
                                  timeout=120, check=False)
            assert done.returncode == 0, done.stderr
            return done.stdout

        run("import", "--batch", "-a", "agenda", str(feed))
        out = run("list", "--once", "--format", "{uid}|{start-long-full}|{end-long-full}|{all-day}",
                  "--day-format", "", since, until)
    readings = []
    for line in out.splitlines():
        if not line.strip():
            continue
        uid, start, end, all_day = line.split("|")
        if all_day.strip() == "True":
            first, last = date.fromisoformat(start.strip()[:10]), date.fromisoformat(end.strip()[:10])
            # khal lists the last day itself; DTEND (exclusive) is the day after
            readings.append(Reading(uid, _utc(first)[0], _utc(last + timedelta(days=1))[0], True))
        else:
            readings.append(Reading(uid, datetime.fromisoformat(start.strip()).replace(tzinfo=UTC),
                                    datetime.fromisoformat(end.strip()).replace(tzinfo=UTC), False))
    return readings


READERS = {"ical.js": read_icaljs, "libical": read_libical, "icalendar": read_icalendar, "ical": read_ical,
           "khal": read_khal}


def read_with_every_reader(data: bytes) -> dict[str, list[Reading]]:
    return {name: reader(data) for name, reader in READERS.items()}
