"""Reminders before each session: due at the event's offsets, in the event's zone, once per person, session and
offset, through a real SMTP server on loopback."""
import re
from datetime import timedelta

from sqlalchemy import func, select

from agenda.events.models import Event
from agenda.extensions import db
from agenda.notifications import reminders
from agenda.notifications.notice_models import ReminderLog
from agenda.notifications.reminders import enqueue_due_reminders
from tests.fixtures.notifications import html_of, text_of


def remind(app, now):
    with app.app_context():
        return enqueue_due_reminders(db.session, now)


def reminders_by_person(sink):
    counts = {}
    for message in sink.messages:
        if message["Subject"].startswith("Recordatorio"):
            key = (message["To"].addresses[0].addr_spec, message["Subject"])
            counts[key] = counts.get(key, 0) + 1
    return counts


def test_a_reminder_arrives_once_for_each_person_and_session(app, make_event, people, deliver, smtp_sink,
                                                             session_times):
    event_id = make_event(title="Taller de datos abiertos", sessions=2, meeting_url="https://meet.example.org/abc")
    emails = people(event_id, 3)
    deliver()
    smtp_sink.clear()
    (_first_id, first), (_second_id, second) = session_times(event_id)

    assert remind(app, first - timedelta(hours=25)) == 0  # nothing due yet
    assert remind(app, first - timedelta(hours=23)) == 3  # 24 h before session 1
    assert remind(app, first - timedelta(hours=22)) == 0  # same pass again: nothing new
    deliver()
    assert remind(app, first - timedelta(minutes=30)) == 3  # 1 h before session 1
    assert remind(app, second - timedelta(hours=23)) == 3  # 24 h before session 2
    deliver()
    deliver()

    counts = reminders_by_person(smtp_sink)
    assert len(smtp_sink.messages) == 9
    assert sorted({to for to, _subject in counts}) == emails
    subjects = sorted({subject for _to, subject in counts})
    assert len(subjects) == 2  # one subject per session (its date)
    for address in emails:  # session 1: at 24 h and at 1 h; session 2: at 24 h; nothing twice
        assert sorted(counts[(address, s)] for s in subjects) == [1, 2]
    with app.app_context():
        per_key = db.session.execute(select(ReminderLog.registration_id, ReminderLog.session_id,
                                            ReminderLog.offset_minutes, func.count())
                                     .group_by(ReminderLog.registration_id, ReminderLog.session_id,
                                               ReminderLog.offset_minutes)).all()
    assert len(per_key) == 9 and {row[3] for row in per_key} == {1}


def test_reminder_shows_local_time_links_and_footer(app, client, make_event, people, deliver, smtp_sink,
                                                    session_times, local_dt):
    event_id = make_event(title="Conversatorio en Tijuana", timezone="America/Tijuana",
                          start=local_dt(2031, 3, 4, 9, 30), meeting_url="https://zoom.example.org/j/123")
    people(event_id, 1)
    deliver()
    smtp_sink.clear()
    [(_session_id, start)] = session_times(event_id)
    assert remind(app, start - timedelta(hours=2)) == 1
    deliver()

    [message] = smtp_sink.messages
    text, html = text_of(message), html_of(message)
    assert "martes 4 de marzo de 2031, de 09:30 a 11:30" in text  # Tijuana time, not UTC or Mexico City
    assert "(hora de México (Tijuana), GMT-08:00)" in text
    assert "https://zoom.example.org/j/123" in text and "https://zoom.example.org/j/123" in html
    assert "Instituto de Acceso a la Información Pública para el Estado de Guanajuato" in text  # organizer
    assert f"Aviso de privacidad: http://agenda.test/eventos/{event_id}/aviso-de-privacidad" in text
    assert "http://agenda.test/recordatorios/baja/" in text and "/recordatorios/baja/" in html
    link = re.search(r"http://agenda\.test(/mis-registros/\S+/\d+)", text).group(1)  # personal link
    own_page = client.get(link)
    assert own_page.status_code == 200 and "Conversatorio en Tijuana" in own_page.get_data(as_text=True)
    assert client.get(link.replace("/mis-registros/", "/mis-registros/x")).status_code == 404


def test_late_registration_gets_no_stale_reminder_and_only_the_nearest_is_sent(app, make_event, people,
                                                                              register, deliver, smtp_sink,
                                                                              session_times):
    from agenda.registration.models import Registration

    event_id = make_event()
    people(event_id, 1)  # registered ten days ago
    register(event_id, email="tarde@example.org")
    deliver()
    smtp_sink.clear()
    [(_session_id, start)] = session_times(event_id)
    with app.app_context():  # ... and this one 45 minutes before the start: the 1 h moment had passed
        late = db.session.scalar(select(Registration).where(Registration.email == "tarde@example.org"))
        late.created_at = late.confirmed_at = start - timedelta(minutes=45)
        db.session.commit()
    # The worker was stopped until 30 minutes before the start: 24 h and 1 h are both due.
    assert remind(app, start - timedelta(minutes=30)) == 1  # the early bird gets only the 1 h reminder
    assert remind(app, start - timedelta(minutes=20)) == 0
    deliver()
    assert smtp_sink.recipients("Recordatorio") == ["p1@example.org"]
    with app.app_context():
        outcomes = dict(db.session.execute(select(ReminderLog.offset_minutes, ReminderLog.outcome)).all())
    assert outcomes == {60: "queued", 1440: "superseded"}


def test_no_reminders_for_cancelled_people_postponed_events_or_events_without_them(
        app, make_event, people, register, deliver, smtp_sink, session_times, login_as, client):
    from agenda.registration.models import Registration

    event_id = make_event()
    people(event_id, 2)
    with app.app_context():
        registration = db.session.scalar(select(Registration).where(Registration.email == "p2@example.org"))
        registration.status = "cancelled"
        db.session.commit()
    [(_session_id, start)] = session_times(event_id)
    login_as("organizer", "IACIP")
    response = client.post(f"/eventos/{event_id}/recordatorios", data={"offsets": ["60"]})
    assert response.status_code == 302
    assert remind(app, start - timedelta(hours=23)) == 0  # 24 h is no longer an offset of this event
    assert remind(app, start - timedelta(minutes=59)) == 1  # only p1: p2 cancelled

    client.post(f"/eventos/{event_id}/recordatorios", data={})  # no box ticked: no more reminders
    with app.app_context():
        assert reminders.offsets_for(db.session, event_id) == []

    other = make_event()
    people(other, 1, prefix="q")
    with app.app_context():
        db.session.get(Event, other).status = "postponed"
        db.session.commit()
    [(_other_session, other_start)] = session_times(other)
    assert remind(app, other_start - timedelta(minutes=59)) == 0
