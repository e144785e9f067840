"""Every kind of feed read by five independent readers (tests/readers.py: ical.js, libical, icalendar, ical,
khal): each finds every session at its stored UTC instant, for sessions around time changes in 2020 and
2026-2030 in Mexico City, Cancún, Hermosillo and Tijuana."""
import pytest

from agenda.vtimezone import transitions, vtimezone_bytes
from tests.fixtures.reader_sessions import ZONES
from tests.readers import READERS, read_icaljs, read_libical


@pytest.fixture
def long_window(app, monkeypatch):
    monkeypatch.setitem(app.config, "AGENDA_FEED_PAST_DAYS", 3650)  # keep the 2020 sessions in the feeds


def assert_read_right(data: bytes, expected: dict) -> None:
    for name, reader in READERS.items():
        readings = [r for r in reader(data) if r.uid in expected]
        got = {r.uid: (r.start, r.end) for r in readings}
        wrong = {uid: (got.get(uid), want) for uid, want in expected.items() if got.get(uid) != want}
        assert not wrong, f"{name} reads {len(wrong)} of {len(expected)} sessions wrong, e.g. {next(iter(wrong.items()))}"
        assert not any(r.all_day for r in readings)


def test_icaljs_reads_tijuana_after_2027_at_the_right_hour(client, dst_event, stored_instants, long_window):
    """Thunderbird's parser used to take only the first value of the one comma-separated RDATE."""
    event_id = dst_event("America/Tijuana", years=[2027, 2028, 2029, 2030])
    expected = stored_instants([event_id])
    got = {r.uid: (r.start, r.end) for r in read_icaljs(client.get(f"/eventos/{event_id}.ics").data)}
    assert got == expected


def test_public_filtered_and_body_feeds_read_the_same_in_every_reader(client, dst_event, stored_instants,
                                                                       long_window):
    event_ids = [dst_event(zone) for zone in ZONES]
    for path in ("/calendario.ics", "/calendario.ics?type=webinar", "/organismos/IACIP/calendario.ics"):
        assert_read_right(client.get(path).data, stored_instants(event_ids))


def test_event_feeds_read_the_same_in_every_reader(client, dst_event, stored_instants, long_window):
    for zone in ZONES:
        event_id = dst_event(zone, years=[2020, 2028])
        assert_read_right(client.get(f"/eventos/{event_id}.ics").data, stored_instants([event_id]))


def test_personal_feed_reads_the_same_in_every_reader(client, dst_event, stored_instants, long_window,
                                                      make_user, feed_secret, follow):
    user_id, _email = make_user(role="commissioner", organization="INAI", email="lectora@inai.example")
    event_ids = [dst_event(zone) for zone in ZONES]
    follow(user_id, organizations=["IACIP"])
    body = client.get(f"/calendario/{feed_secret(user_id)}.ics").data
    assert_read_right(body, stored_instants(event_ids))


BORDER_AND_CATALOG_ZONES = ["America/Cancun", "America/Chihuahua", "America/Hermosillo", "America/Mazatlan",
                            "America/Merida", "America/Mexico_City", "America/Monterrey", "America/Tijuana",
                            "America/Ciudad_Juarez", "America/Ojinaga", "America/Matamoros"]


@pytest.mark.parametrize("zone", BORDER_AND_CATALOG_ZONES)
def test_vtimezone_of_every_zone_has_one_onset_per_observance_in_standard_local_time(zone):
    block = vtimezone_bytes(zone, 2020, 2036).decode()
    assert "RDATE" not in block and "RRULE" not in block
    assert "COMMENT" not in block
    onsets = [line.removeprefix("DTSTART:") for line in block.splitlines() if line.startswith("DTSTART:")]
    assert len(onsets) == len(transitions(zone, 2020, 2036)) + 1
    if zone in ("America/Tijuana", "America/Matamoros", "America/Ojinaga"):  # US rules: 02:00 both ways
        assert "DTSTART:20300310T020000" in block and "DTSTART:20301103T020000" in block


@pytest.mark.parametrize("zone", BORDER_AND_CATALOG_ZONES)
def test_every_zone_reads_the_same_in_icaljs_and_libical_from_2020_to_2035(zone):
    """Two sessions a month, 2020 to 2035, read by Thunderbird's and Evolution's parsers."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Prueba//Agenda SNT//ES"]
    expected = {}
    for year in range(2020, 2036):
        for month in range(1, 13):
            for day, hour in ((12, 1), (12, 10)):
                local = datetime(year, month, day, hour, 30)
                uid = f"{local:%Y%m%d%H}@prueba"
                expected[uid] = local.replace(tzinfo=ZoneInfo(zone)).astimezone(ZoneInfo("UTC"))
                lines += ["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20260101T000000Z",
                          f"DTSTART;TZID={zone}:{local:%Y%m%dT%H%M%S}", "DURATION:PT1H", "END:VEVENT"]
    text = "\r\n".join(lines) + "\r\n"
    body = text.replace("BEGIN:VEVENT", vtimezone_bytes(zone, 2019, 2037).decode() + "BEGIN:VEVENT", 1)
    body = (body + "END:VCALENDAR\r\n").encode()
    for reader in (read_icaljs, read_libical):
        got = {r.uid: r.start for r in reader(body)}
        wrong = {uid: (got[uid], want) for uid, want in expected.items() if got[uid] != want}
        assert not wrong, f"{reader.__name__}: {wrong}"
