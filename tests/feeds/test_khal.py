"""A real calendar client reads our feed: Debian's khal, configured in a temporary folder with a vdir calendar.

khal prints times in UTC here (local_timezone = UTC), so what it lists is compared with the sessions' instants.
"""
import os
import shutil
import subprocess
from datetime import datetime

import pytest

from agenda.accounts.models import User
from agenda.events import services as events
from agenda.events.models import Event, EventSession

KHAL = shutil.which("khal")
FORMAT = "{start}|{end}|{title}|{status}|{location}"


@pytest.fixture
def khal(tmp_path):
    if KHAL is None:
        pytest.fail("khal not found: install Debian's `khal` package (tests/run.sh does)")
    calendar = tmp_path / "calendars" / "agenda"
    calendar.mkdir(parents=True)
    config = tmp_path / "khal.conf"
    config.write_text(f"""[calendars]
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
path = {tmp_path / "khal.db"}
""")
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path),
           "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}

    def run(*args: str) -> str:
        done = subprocess.run([KHAL, "-c", str(config), *args], check=False, env=env, capture_output=True,
                              text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def import_feed(body: bytes) -> None:
        path = tmp_path / "feed.ics"
        path.write_bytes(body)
        run("import", "--batch", "-a", "agenda", str(path))

    def listed(start: str, end: str) -> list[list[str]]:
        out = run("list", "--format", FORMAT, "--day-format", "", start, end)
        return [line.split("|") for line in out.splitlines() if line.strip()]

    run.import_feed, run.listed, run.calendar = import_feed, listed, calendar
    return run


def test_khal_imports_the_public_feed_and_lists_the_real_times(client, make_event, session, khal):
    make_event(title="Foro en Tijuana", timezone="America/Tijuana", sessions=2, days_between=3,
               start=datetime(2031, 3, 7, 9, 30))
    make_event(title="Taller en Cancún", timezone="America/Cancun", start=datetime(2031, 3, 8, 17))
    make_event(title="Panel en el centro", timezone="America/Mexico_City", start=datetime(2031, 3, 12, 10),
               modality="presencial", venue_address="Insurgentes Sur 3211", venue_city="Ciudad de México")
    make_event(title="Solo integrantes", visibility="members", start=datetime(2031, 3, 9, 10))

    khal.import_feed(client.get("/calendario.ics").data)
    rows = khal.listed("2031-03-01", "2031-04-01")

    assert [r[:3] for r in rows] == [
        ["2031-03-07 17:30", "2031-03-07 19:30", "Foro en Tijuana — Sesión 1"],  # 9:30 PST
        ["2031-03-08 22:00", "2031-03-09 00:00", "Taller en Cancún"],  # 17:00 EST (Quintana Roo, no DST)
        ["2031-03-10 16:30", "2031-03-10 18:30", "Foro en Tijuana — Sesión 2"],  # 9:30 PDT after 9 March
        ["2031-03-12 16:00", "2031-03-12 18:00", "Panel en el centro"],  # 10:00 CST (no DST since 2022)
    ]
    assert rows[3][4] == "Insurgentes Sur 3211, Ciudad de México"
    assert {r[3].strip() for r in rows} == {"CONFIRMED"}


def test_khal_follows_a_time_change_and_a_cancellation_on_reimport(client, make_event, make_user, session, khal):
    event_id = make_event(title="Webinar", timezone="America/Mexico_City", start=datetime(2031, 5, 5, 10))
    khal.import_feed(client.get(f"/eventos/{event_id}.ics").data)
    assert [r[0] for r in khal.listed("2031-05-01", "2031-06-01")] == ["2031-05-05 16:00"]

    admin = session.get(User, make_user(role="admin")[0])
    event = session.get(Event, event_id)
    item = session.query(EventSession).filter_by(event_id=event_id).one()
    events.save_event(session, {"sessions": [{"id": item.id, "start": datetime(2031, 5, 6, 11),
                                              "end": datetime(2031, 5, 6, 13)}]}, admin, event)
    events.change_status(session, event, admin, "cancelled", reason="Se reprograma")
    session.commit()
    khal.import_feed(client.get(f"/eventos/{event_id}.ics").data)

    rows = khal.listed("2031-05-01", "2031-06-01")
    assert len(rows) == 1, "same UID: the entry is updated, not duplicated"
    assert rows[0][:4] == ["2031-05-06 17:00", "2031-05-06 19:00", "CANCELADO: Webinar", "CANCELLED "]
    assert len(list(khal.calendar.iterdir())) == 1
