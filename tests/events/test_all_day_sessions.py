"""All-day and several-day sessions (a three-day forum without hours): days in, whole days out, in the API,
the organizer's form, the pages, feeds (DTSTART;VALUE=DATE, read by khal) and invitations; reminders and
attendance still work on the stored instants (the first day's local midnight to the midnight after the last)."""
from datetime import date, datetime, timedelta

import icalendar
from sqlalchemy import select

from agenda.attendance.services import check_in
from agenda.events.models import Event, EventSession
from agenda.extensions import db
from agenda.notifications.reminders import enqueue_due_reminders
from agenda.registration.models import Registration
from tests.feeds.test_khal import khal  # noqa: F401 (the fixture)
from tests.fixtures.api import bearer
from tests.fixtures.notifications import calendars_of
from tests.readers import read_with_every_reader

from .conftest import form_data

FORO = {"title": "Foro regional de gobierno abierto", "type": "foro", "modality": "virtual",
        "status": "published", "capacity": 50, "timezone": "America/Tijuana",
        "sessions": [{"title": "Foro", "start": "2027-01-25", "end": "2027-01-27"}]}


def assert_whole_days(body: bytes) -> None:
    """ical.js, libical, icalendar, ical and khal all read the session as the days 25-27 January (DTEND the
    28th, exclusive), not as times."""
    for reader, readings in read_with_every_reader(body).items():
        assert [(r.all_day, r.start.date(), r.end.date()) for r in readings] == [
            (True, date(2027, 1, 25), date(2027, 1, 28))], reader


def create(client, make_token, body=FORO):
    secret, _user = make_token(role="organizer", organization="ITAIPBC")
    return client.post("/api/v1/events", headers=bearer(secret), json=body)


def test_the_api_takes_days_without_hours_and_answers_whole_days(app, client, make_token):
    created = create(client, make_token)
    assert created.status_code == 201, created.get_json()
    (item,) = created.get_json()["sessions"]
    assert (item["all_day"], item["first_day"], item["last_day"]) == (True, "2027-01-25", "2027-01-27")
    assert item["start"] == "2027-01-25T00:00:00-08:00" and item["end"] == "2027-01-28T00:00:00-08:00"
    with app.app_context():
        stored = db.session.scalar(select(EventSession))
        assert stored.is_all_day and stored.starts_at == datetime(2027, 1, 25, 8)  # Tijuana's midnight in UTC
    timed = client.get(f"/api/v1/events/{created.get_json()['id']}").get_json()
    assert timed["sessions"][0]["all_day"] is True


def test_days_and_times_cannot_be_mixed_and_the_last_day_follows_the_first(client, make_token):
    mixed = dict(FORO, sessions=[{"start": "2027-01-25", "end": "2027-01-27T18:00:00"}])
    response = create(client, make_token, mixed)
    assert response.status_code == 422
    assert "todo el día" in response.get_json()["errors"]["sessions[0].end"]
    backwards = dict(FORO, sessions=[{"start": "2027-01-25", "end": "2027-01-24"}])
    response = create(client, make_token, backwards)
    assert response.status_code == 422
    assert response.get_json()["errors"]["sessions[0].end"] == "El último día no puede ser anterior al primero."


def test_the_organizer_form_makes_an_all_day_session_and_shows_it_again(client, login_as, session):
    login_as("organizer", "IACIP")
    data = form_data(title="Feria de la transparencia", sessions=[("2027-02-10", "", "", "Feria")], publish="1")
    data.update({"sessions-0-all_day": "y", "sessions-0-last_day": "2027-02-12"})
    response = client.post("/eventos/nuevo", data=data)
    assert response.status_code == 302, response.text
    event = session.scalars(select(Event)).one()
    (item,) = event.sessions
    assert item.is_all_day and item.starts_at == datetime(2027, 2, 10, 6) and item.ends_at == datetime(2027, 2, 13, 6)
    page = client.get(f"/eventos/{event.id}", follow_redirects=True).text
    assert "al 12 de febrero de 2027, todo el día" in page
    edit = client.get(f"/eventos/{event.id}/editar").text
    assert 'name="sessions-0-last_day"' in edit and 'value="2027-02-12"' in edit


def test_feeds_and_khal_show_whole_days(app, client, make_token, khal):  # noqa: F811
    event_id = create(client, make_token).get_json()["id"]
    body = client.get(f"/eventos/{event_id}.ics").data
    assert b"DTSTART;VALUE=DATE:20270125" in body and b"DTEND;VALUE=DATE:20270128" in body
    (vevent,) = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert vevent.decoded("DTSTART") == date(2027, 1, 25) and vevent.decoded("DTEND") == date(2027, 1, 28)
    assert_whole_days(body)
    khal.import_feed(body)
    rows = khal.listed("2027-01-20", "2027-02-05")
    assert {tuple(r[:2]) for r in rows} == {("2027-01-25", "2027-01-27")}  # khal lists the days, no hours
    assert "Todo el día, hasta el 27 de enero de 2027" in client.get("/agenda").text


def test_the_invitation_is_whole_days_and_reminders_and_attendance_work(app, client, make_token, person,
                                                                        smtp_config, deliver):
    event_id = create(client, make_token).get_json()["id"]
    assert client.post(f"/api/v1/events/{event_id}/registrations",
                       json=person(email="ana@example.org")).status_code == 201
    deliver()
    (message,) = smtp_config.to("ana@example.org")
    ((_type, text),) = calendars_of(message)
    (vevent,) = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert vevent.decoded("DTSTART") == date(2027, 1, 25) and vevent.decoded("DTEND") == date(2027, 1, 28)
    assert_whole_days(text.encode())
    assert "del lunes 25 al miércoles 27 de enero de 2027, todo el día" in message.get_body(("plain",)).get_content()
    with app.app_context():
        item = db.session.scalar(select(EventSession))
        registration = db.session.scalar(select(Registration))
        assert enqueue_due_reminders(db.session, item.starts_at - timedelta(hours=23)) == 1  # the day before
        result = check_in(db.session, item, registration, "roster")
        db.session.commit()
        assert result is not None
