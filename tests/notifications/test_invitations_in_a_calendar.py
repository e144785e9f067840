"""A person's calendar fed with the invitations as they arrive, in order, read by a real client (Debian's khal).

A mail program applies each iTIP message (RFC 5546) to the calendar: REQUEST creates or replaces the entry of
its UID when its SEQUENCE is not older, CANCEL removes it. `apply` does exactly that on khal's vdir (REQUEST
through `khal import`, CANCEL by removing the UID's file), then khal lists what the person would see.
"""
from datetime import datetime, timedelta

import icalendar
import pytest

from agenda.events.models import Event
from agenda.extensions import db
from agenda.timeutil import utcnow
from tests.feeds.test_khal import khal  # noqa: F401 (the fixture)
from tests.fixtures.notifications import calendars_of

from .test_changes import edit, local_naive, process  # noqa: F401 (edit is a fixture)


def apply(khal, messages, tmp_path) -> None:  # noqa: F811
    for number, message in enumerate(messages):
        found = calendars_of(message)
        if not found:
            continue
        [(_type, text)] = found  # one calendar per mail
        calendar = icalendar.Calendar.from_ical(text)
        [vevent] = calendar.walk("VEVENT")  # one UID per iTIP message
        uid = str(vevent["UID"])
        existing = [path for path in khal.calendar.iterdir() if uid in path.read_text()]
        if str(calendar["METHOD"]) == "CANCEL":
            for path in existing:
                path.unlink()
            continue
        assert str(calendar["METHOD"]) == "REQUEST"
        for path in existing:  # a newer REQUEST replaces the entry
            old = icalendar.Calendar.from_ical(path.read_text()).walk("VEVENT")[0]
            assert vevent["SEQUENCE"] >= old["SEQUENCE"]
            path.unlink()
        source = tmp_path / f"mail-{number}.ics"
        source.write_text(text)
        khal("import", "--batch", "-a", "agenda", str(source))


@pytest.mark.parametrize("zone", ["America/Mexico_City", "America/Tijuana"])
def test_a_jornada_moved_and_trimmed_ends_right_in_the_persons_calendar(app, make_event, people, deliver, smtp_sink,
                                                                      session_times, edit, khal, tmp_path,  # noqa: F811
                                                                      zone):
    start = (utcnow() + timedelta(days=20)).replace(hour=10, minute=0, second=0, microsecond=0)
    event_id = make_event(title="Jornada Nacional", sessions=8, timezone=zone, start=start)
    [address] = people(event_id, 1)
    deliver()
    arrived = list(smtp_sink.to(address))
    assert len(arrived) == 8  # the confirmation carries session 1; sessions 2-8 come one per mail

    times = session_times(event_id)
    fifth_id, fifth_start = times[4]
    seventh_id = times[6][0]
    moved = local_naive(fifth_start, zone) + timedelta(days=1, hours=3)
    edit(event_id, {"sessions": [{"id": fifth_id, "start": moved, "end": moved + timedelta(hours=2)}]})
    process(app, 6)
    edit(event_id, {"remove_sessions": [seventh_id]})
    process(app, 12)
    deliver()
    arrived = list(smtp_sink.to(address))
    # then a notice for the move (session 5's REQUEST); for the removal a notice in words and the CANCEL for
    # session 7: the other sessions did not change, so none of them is sent again
    assert [(m["Subject"], len(calendars_of(m))) for m in arrived[8:]] == [
        ("Cambio en Jornada Nacional", 1), ("Cambio en Jornada Nacional", 0), ("Sesión retirada: Jornada Nacional", 1)]

    apply(khal, arrived, tmp_path)
    rows = khal.listed((start - timedelta(days=2)).strftime("%Y-%m-%d"),
                       (start + timedelta(days=15)).strftime("%Y-%m-%d"))
    with app.app_context():
        sessions = db.session.get(Event, event_id).sessions
        expected = sorted((s.starts_at.strftime("%Y-%m-%d %H:%M"), s.ends_at.strftime("%Y-%m-%d %H:%M"))
                          for s in sessions)
    assert len(sessions) == 7
    assert sorted((r[0], r[1]) for r in rows) == expected  # the 7 sessions, at their instants, no duplicates
    assert len(list(khal.calendar.iterdir())) == 7
    assert datetime.strptime(expected[-1][0], "%Y-%m-%d %H:%M") > start
