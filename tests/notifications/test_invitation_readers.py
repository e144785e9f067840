"""Every kind of mailed invitation read by five independent readers (tests/readers.py: ical.js, libical,
icalendar, ical, khal): the REQUEST of the registration mail, the change notice, the removed-session mail and the
CANCEL each put every session at its stored UTC instant, for sessions around time changes in 2027-2030 (the ones
a person can still register for) in Mexico City, Cancún, Hermosillo and Tijuana.

Mails are read through `invitation_calendars`, which takes every text/calendar part of a message whatever the
MIME structure (attachment, multipart/alternative or both) and every message of a kind, so these tests do not
depend on how many mails or parts carry the sessions."""
from datetime import timedelta

import pytest

from agenda.events.ical_ids import session_uid
from agenda.events.models import Event, EventSession
from agenda.extensions import db
from agenda.timeutil import to_local
from tests.fixtures.notifications import calendars_of
from tests.fixtures.reader_sessions import ZONES
from tests.readers import READERS

from .test_changes import edit, process  # noqa: F401 (edit is a fixture)

YEARS = [2027, 2030]


def invitation_calendars(messages) -> list[bytes]:
    """The distinct iCalendar texts of every text/calendar part of `messages` (the same object sent both inline
    and as an attachment counts once)."""
    found = []
    for message in messages:
        for _content_type, text in calendars_of(message):
            data = text.encode("utf-8") if isinstance(text, str) else text
            if data not in found:
                found.append(data)
    return found


def read_everywhere(messages, expected: dict, method: str) -> set[str]:
    """Read every calendar of `messages` with every reader; each VEVENT must sit at `expected[uid]`. Returns the
    UIDs read."""
    calendars = invitation_calendars(messages)
    assert calendars, "no text/calendar part in the mail"
    uids = set()
    for data in calendars:
        assert f"METHOD:{method}".encode() in data
        for name, reader in READERS.items():
            readings = reader(data)
            assert readings, f"{name} found no VEVENT"
            for reading in readings:
                assert (reading.start, reading.end) == expected[reading.uid], f"{name} misreads {reading.uid}"
                assert not reading.all_day
                uids.add(reading.uid)
    return uids


@pytest.fixture
def organizer_edit(app, edit):  # noqa: F811 (the fixture imported above)
    """test_changes' `edit`, then the notices queued as if the quiet period had passed."""
    def run(event_id, values=None, status=None, reason=None):
        edit(event_id, values, status=status, reason=reason)
        process(app, 6)

    return run


def subjects(smtp_sink, address, prefix):
    return [m for m in smtp_sink.to(address) if m["Subject"].startswith(prefix)]


@pytest.mark.parametrize("zone", ZONES)
def test_every_invitation_kind_reads_the_same_in_every_reader(app, zone, dst_event, stored_instants, people,
                                                              deliver, smtp_sink, organizer_edit):
    event_id = dst_event(zone, years=YEARS)
    [address] = people(event_id, 1)
    deliver()
    before = stored_instants([event_id])
    # One session per mail: the confirmation carries the first, "Calendario: Sesión N de M" mails the others.
    request = subjects(smtp_sink, address, "Registro confirmado") + subjects(smtp_sink, address, "Calendario:")
    assert len(request) == len(before)
    assert read_everywhere(request, before, "REQUEST") == set(before)
    smtp_sink.clear()

    # Change notice: a session moves one week later, across no change of its own.
    with app.app_context():
        sessions = sorted(db.session.get(Event, event_id).sessions, key=lambda s: s.starts_at)
        moved, removed = sessions[0], sessions[-1]
        moved_id, removed_id, moved_uid = moved.id, removed.id, session_uid(moved)
        new_start = to_local(moved.starts_at, zone).replace(tzinfo=None) + timedelta(days=7)
    organizer_edit(event_id, {"sessions": [{"id": moved_id, "start": new_start,
                                            "end": new_start + timedelta(hours=2)}]})
    deliver()
    after_move = stored_instants([event_id])
    assert after_move != before
    notice = subjects(smtp_sink, address, "Cambio en")
    assert moved_uid in read_everywhere(notice, after_move, "REQUEST")
    smtp_sink.clear()

    # Removed session: its CANCEL keeps the instant it had.
    organizer_edit(event_id, {"remove_sessions": [removed_id]})
    deliver()
    removal = subjects(smtp_sink, address, "Sesión retirada")
    removed_uids = read_everywhere(removal, after_move, "CANCEL")
    with app.app_context():
        assert db.session.get(EventSession, removed_id) is None
    assert len(removed_uids) == 1 and removed_uids < set(after_move)
    smtp_sink.clear()

    # The whole event is cancelled.
    remaining = stored_instants([event_id])
    organizer_edit(event_id, status="cancelled", reason="Contingencia")
    deliver()
    cancel = subjects(smtp_sink, address, "Cancelado") + subjects(smtp_sink, address, "Calendario:")
    assert read_everywhere(cancel, remaining, "CANCEL") == set(remaining)
