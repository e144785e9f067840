"""Change and cancellation notices: one per confirmed or waitlisted person, after a quiet period that merges
quick edits, carrying an .ics with the same UID and a higher SEQUENCE (METHOD:CANCEL for a cancellation)."""
import threading
from datetime import UTC, timedelta

import icalendar
import pytest
from sqlalchemy import select

from agenda.accounts.models import User
from agenda.events.models import Event
from agenda.events.services import change_status, save_event
from agenda.extensions import db
from agenda.notifications.changes import enqueue_due_change_notices
from agenda.notifications.notice_models import PendingChange
from agenda.timeutil import to_local, utcnow
from tests.fixtures.notifications import calendars_of, text_of


@pytest.fixture
def edit(app, make_user):
    """edit(event_id, values) / edit(event_id, status=..., reason=...): an organizer of IACIP changes it."""
    user_id, _email = make_user(role="organizer", organization="IACIP")

    def run(event_id, values=None, status=None, reason=None):
        with app.app_context():
            actor = db.session.get(User, user_id)
            event = db.session.get(Event, event_id)
            if status:
                change_status(db.session, event, actor, status, reason)
            else:
                save_event(db.session, values, actor, event)
            db.session.commit()

    return run


def process(app, minutes_from_now=0.0):
    with app.app_context():
        return enqueue_due_change_notices(db.session, utcnow() + timedelta(minutes=minutes_from_now))


def local_naive(instant, zone="America/Mexico_City"):
    return to_local(instant, zone).replace(tzinfo=None)


def utc_naive(moment):
    return moment.astimezone(UTC).replace(tzinfo=None)


def only_calendar(message) -> icalendar.Calendar:
    [(content_type, text)] = calendars_of(message)
    calendar = icalendar.Calendar.from_ical(text)
    assert f"method={calendar['METHOD']}".lower() in content_type.lower().replace('"', "")
    return calendar


def vevents(calendar) -> dict[str, icalendar.Event]:
    return {str(v["UID"]): v for v in calendar.walk("VEVENT")}


def calendar_entries(messages, method=None) -> dict[str, icalendar.Event]:
    """The VEVENTs a person's mails carry, by UID: each mail with a calendar holds one iTIP message for one
    UID (RFC 5546), and no UID comes twice."""
    found = {}
    for message in messages:
        if not calendars_of(message):
            continue
        calendar = only_calendar(message)
        if method:
            assert str(calendar["METHOD"]) == method
        [(uid, vevent)] = vevents(calendar).items()
        assert uid not in found
        found[uid] = vevent
    return found


def test_moving_a_session_sends_one_notice_per_person_with_same_uid_and_higher_sequence(
        app, make_event, people, deliver, smtp_sink, session_times, edit):
    event_id = make_event(title="Jornada de Gobierno Abierto", sessions=2)
    emails = people(event_id, 3)
    deliver()
    invitations = {address: calendar_entries(smtp_sink.to(address), "REQUEST") for address in emails}
    assert all(len(entries) == 2 for entries in invitations.values())
    smtp_sink.clear()
    (_first_id, _first), (second_id, second) = session_times(event_id)
    new_start = local_naive(second) + timedelta(hours=2)

    edit(event_id, {"sessions": [{"id": second_id, "start": new_start, "end": new_start + timedelta(hours=2)}]})
    assert process(app) == 0  # still inside the quiet period
    assert process(app, 6) == 3
    assert process(app, 7) == 0
    deliver()

    assert smtp_sink.recipients() == emails
    for address in emails:
        [notice] = smtp_sink.to(address)
        assert notice["Subject"] == "Cambio en Jornada de Gobierno Abierto"
        calendar = only_calendar(notice)
        assert calendar["METHOD"] == "REQUEST"
        before, after = invitations[address], vevents(calendar)
        [moved] = after  # only the moved session is sent again, under its UID: the calendar updates it
        assert moved in before and after[moved]["SEQUENCE"] > before[moved]["SEQUENCE"]
        assert moved.startswith(f"sesion-{second_id}@")
        assert utc_naive(before[moved].decoded("DTSTART")) == second
        assert local_naive(utc_naive(after[moved].decoded("DTSTART"))) == new_start
        assert "Cambió la fecha u horario" in text_of(notice)
        assert "Sesión 2 (actualizada)" in text_of(notice) and "Sesión 1 (actualizada)" not in text_of(notice)


def test_cancelling_sends_method_cancel_to_confirmed_and_waitlisted_not_cancelled(
        app, make_event, people, register, deliver, smtp_sink, edit):
    from agenda.registration.services import cancel

    event_id = make_event(title="Foro estatal", capacity=2, sessions=2)
    emails = people(event_id, 3)  # p3 waits
    gone_id, _token = register(event_id, email="baja@example.org")
    with app.app_context():
        cancel(db.session, gone_id)
        db.session.commit()
    deliver()
    smtp_sink.clear()

    edit(event_id, status="cancelled", reason="Contingencia sanitaria")
    assert process(app, 6) == 6
    deliver()

    assert sorted(set(smtp_sink.recipients())) == sorted(emails)
    for address in emails:
        [notice] = [m for m in smtp_sink.to(address) if m["Subject"] == "Cancelado: Foro estatal"]
        entries = calendar_entries(smtp_sink.to(address), "CANCEL")  # the notice and one more calendar mail
        assert len(smtp_sink.to(address)) == 2 and len(entries) == 2
        assert {str(v["STATUS"]) for v in entries.values()} == {"CANCELLED"}
        assert "Contingencia sanitaria" in text_of(notice)


def test_several_quick_edits_produce_one_notice_with_the_latest_state(
        app, make_event, people, deliver, smtp_sink, session_times, edit):
    event_id = make_event(title="Webinar de transparencia proactiva")
    emails = people(event_id, 2)
    deliver()
    smtp_sink.clear()
    [(session_id, start)] = session_times(event_id)
    local = local_naive(start)
    for hours in (1, 2, 3):  # three saves in a row, a minute or two apart in real life
        edit(event_id, {"sessions": [{"id": session_id, "start": local + timedelta(hours=hours),
                                      "end": local + timedelta(hours=hours + 1)}]})
    edit(event_id, {"stream_url": "https://youtube.example.org/live/nuevo"})
    with app.app_context():
        assert len(db.session.scalars(select(PendingChange)).all()) == 1
    assert process(app, 4) == 0  # the last edit restarted the quiet period
    assert process(app, 6) == 2
    deliver()

    assert smtp_sink.recipients() == emails  # one notice each
    notice = smtp_sink.to(emails[0])[0]
    [vevent] = only_calendar(notice).walk("VEVENT")
    assert vevent["SEQUENCE"] == 4  # four saves, one notice carrying the latest state
    assert "https://youtube.example.org/live/nuevo" in text_of(notice)
    assert local_naive(utc_naive(vevent.decoded("DTSTART"))) == local + timedelta(hours=3)


def test_edits_that_never_stop_are_sent_after_three_quiet_periods(app, make_event, people, edit, session_times):
    event_id = make_event()
    people(event_id, 1)
    edit(event_id, {"stream_url": "https://youtube.example.org/live/1"})
    with app.app_context():
        pending = db.session.scalar(select(PendingChange))
        first = pending.first_changed_at
        pending.first_changed_at = first - timedelta(minutes=14)  # a burst that began 14 minutes ago
        db.session.commit()
    edit(event_id, {"stream_url": "https://youtube.example.org/live/2"})
    with app.app_context():
        pending = db.session.scalar(select(PendingChange))
        assert pending.due_at <= first + timedelta(minutes=1.01)  # capped: first edit + 15 minutes


def test_title_only_changes_and_draft_events_make_no_notice(app, make_event, people, edit, session_times):
    event_id = make_event()
    people(event_id, 1)
    edit(event_id, {"title": "Nuevo título"})
    draft_id = make_event(status="draft")
    [(session_id, start)] = session_times(draft_id)
    edit(draft_id, {"sessions": [{"id": session_id, "start": local_naive(start) + timedelta(hours=1),
                                  "end": local_naive(start) + timedelta(hours=2)}]})
    with app.app_context():
        assert db.session.scalars(select(PendingChange)).all() == []


def test_two_workers_processing_the_same_change_queue_one_notice_each(
        app, make_event, people, deliver, smtp_sink, session_times, edit):
    event_id = make_event()
    emails = people(event_id, 5)
    deliver()
    smtp_sink.clear()
    [(session_id, start)] = session_times(event_id)
    local = local_naive(start)
    edit(event_id, {"sessions": [{"id": session_id, "start": local + timedelta(days=1),
                                  "end": local + timedelta(days=1, hours=2)}]})
    barrier = threading.Barrier(2)
    results, errors = [], []

    def worker():
        try:
            with app.app_context():
                barrier.wait(timeout=10)
                results.append(enqueue_due_change_notices(db.session, utcnow() + timedelta(minutes=6)))
                db.session.remove()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(results) == [0, 5]
    deliver()
    assert smtp_sink.recipients() == emails


def test_a_crash_while_queueing_loses_no_notice(app, make_event, people, deliver, smtp_sink, session_times,
                                                edit, monkeypatch, outbox_rows):
    from agenda.notifications import changes

    event_id = make_event()
    emails = people(event_id, 4)
    deliver()
    smtp_sink.clear()
    [(session_id, start)] = session_times(event_id)
    local = local_naive(start)
    edit(event_id, {"sessions": [{"id": session_id, "start": local + timedelta(hours=1),
                                  "end": local + timedelta(hours=3)}]})
    real = changes.self_service_url
    calls = {"n": 0}

    def flaky(*args):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("worker died half-way")
        return real(*args)

    monkeypatch.setattr(changes, "self_service_url", flaky)
    assert process(app, 6) == 0  # the pass failed half-way: rolled back, the pending notice is still there
    assert outbox_rows("event_changed") == []
    with app.app_context():
        assert db.session.scalar(select(PendingChange)) is not None
    monkeypatch.setattr(changes, "self_service_url", real)
    assert process(app, 6) == 4
    deliver()
    assert smtp_sink.recipients() == emails


def test_moving_a_session_later_rearms_its_reminders(app, make_event, people, deliver, smtp_sink,
                                                      session_times, edit):
    from agenda.notifications.reminders import enqueue_due_reminders

    event_id = make_event()
    people(event_id, 1)
    [(session_id, start)] = session_times(event_id)
    with app.app_context():
        assert enqueue_due_reminders(db.session, start - timedelta(hours=23)) == 1
    local = local_naive(start)
    edit(event_id, {"sessions": [{"id": session_id, "start": local + timedelta(days=7),
                                  "end": local + timedelta(days=7, hours=2)}]})
    new_start = session_times(event_id)[0][1]
    with app.app_context():
        assert enqueue_due_reminders(db.session, start - timedelta(hours=22)) == 0
        assert enqueue_due_reminders(db.session, new_start - timedelta(hours=23)) == 1  # the new eve


def test_a_waiting_person_sees_the_changed_event_as_tentative_in_their_calendar(
        app, make_event, people, deliver, smtp_sink, session_times, edit):
    event_id = make_event(title="Taller de datos", capacity=1)
    seated, waiting = people(event_id, 2)
    deliver()
    smtp_sink.clear()
    [(session_id, start)] = session_times(event_id)
    new_start = local_naive(start) + timedelta(hours=1)

    edit(event_id, {"sessions": [{"id": session_id, "start": new_start, "end": new_start + timedelta(hours=2)}]})
    assert process(app, 6) == 2
    deliver()

    def partstat(address):
        [vevent] = only_calendar(smtp_sink.to(address)[0]).walk("VEVENT")
        return vevent["ATTENDEE"].params["PARTSTAT"]

    assert partstat(seated) == "ACCEPTED"
    assert partstat(waiting) == "TENTATIVE"  # no seat yet: not shown as a sure appointment


def invited_person(event_id, people, deliver, smtp_sink):
    """Register one person and deliver their confirmation: (address, the invitation's VEVENTs by UID)."""
    [address] = people(event_id, 1)
    deliver()
    invitation = calendar_entries(smtp_sink.to(address), "REQUEST")
    smtp_sink.clear()
    return address, invitation


def test_a_removed_session_is_cancelled_in_the_calendars_that_got_it(
        app, make_event, people, deliver, smtp_sink, session_times, edit):
    event_id = make_event(title="Jornada de Gobierno Abierto", sessions=2)
    address, invitation = invited_person(event_id, people, deliver, smtp_sink)
    (_kept_id, _kept), (gone_id, _gone) = session_times(event_id)

    edit(event_id, {"remove_sessions": [gone_id]})
    assert process(app, 6) == 2
    deliver()

    # One iTIP message per mail: mail programs act on the first calendar part only.
    [removal] = [m for m in smtp_sink.to(address) if m["Subject"].startswith("Sesión retirada")]
    [notice] = [m for m in smtp_sink.to(address) if m["Subject"].startswith("Cambio en")]
    assert calendars_of(notice) == [], "the kept session did not change: it is not sent again"
    assert "Se retiró esta sesión" in text_of(notice) and "Le enviamos aparte" in text_of(notice)

    cancel = only_calendar(removal)
    assert str(cancel["METHOD"]) == "CANCEL"
    [gone_uid] = vevents(cancel)
    assert gone_uid.startswith(f"sesion-{gone_id}@") and gone_uid in invitation
    cancelled = vevents(cancel)[gone_uid]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert cancelled["SEQUENCE"] > invitation[gone_uid]["SEQUENCE"]
    assert cancelled.decoded("DTSTART") == invitation[gone_uid].decoded("DTSTART")
    assert "Jornada de Gobierno Abierto" in removal["Subject"] and "El archivo adjunto la quita" in text_of(removal)


def test_cancelling_an_event_right_after_removing_a_session_cancels_every_entry_in_one_mail(
        app, make_event, people, deliver, smtp_sink, session_times, edit):
    event_id = make_event(title="Foro regional", sessions=3)
    address, invitation = invited_person(event_id, people, deliver, smtp_sink)
    gone_id = session_times(event_id)[1][0]

    edit(event_id, {"remove_sessions": [gone_id]})
    edit(event_id, status="cancelled", reason="Falta de quórum")
    assert process(app, 6) == 3  # the cancellation notice, then a calendar mail for each other session
    deliver()

    assert len([m for m in smtp_sink.to(address) if m["Subject"].startswith("Cancelado")]) == 1
    assert set(calendar_entries(smtp_sink.to(address), "CANCEL")) == set(invitation)


def test_a_session_removed_ahead_leaves_calendars_even_when_the_rest_of_the_event_is_over(
        app, make_event, people, deliver, smtp_sink, session_times, edit):
    start = (utcnow() + timedelta(days=1)).replace(second=0, microsecond=0)
    event_id = make_event(title="Foro en dos fechas", sessions=2, days_between=4, start=start, timezone="UTC")
    address, invitation = invited_person(event_id, people, deliver, smtp_sink)
    gone_id = session_times(event_id)[1][0]

    edit(event_id, {"remove_sessions": [gone_id]})
    assert process(app, minutes_from_now=2 * 24 * 60) == 1  # the first session is over by then
    deliver()

    [mail] = smtp_sink.to(address)
    assert mail["Subject"].startswith("Sesión retirada") and "aviso de cambio" not in text_of(mail)
    [gone_uid] = vevents(only_calendar(mail))
    assert gone_uid.startswith(f"sesion-{gone_id}@") and gone_uid in invitation
