"""Announcements: an organizer writes to the registrants of an event (all, confirmed, waitlisted, present at a
session, absent from a session), previews the mail and how many it reaches, and sends it once."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from agenda.events.models import EventSession
from agenda.extensions import db
from agenda.outbox.models import OutboxMessage
from agenda.registration.models import Registration
from tests.fixtures.notifications import html_of, text_of


@pytest.fixture
def course(app, make_event, people, register, session_times):
    """A three-session course already given: six confirmed, one waitlisted, one cancelled; attendance taken."""
    from agenda.attendance.models import Attendance
    from agenda.registration.services import cancel

    event_id = make_event(title="Curso de protección de datos personales", sessions=3, capacity=6)
    emails = people(event_id, 7)  # p7 waits
    gone_id, _token = register(event_id, email="baja@example.org")
    sessions = [session_id for session_id, _start in session_times(event_id)]
    with app.app_context():
        cancel(db.session, gone_id)
        for item in db.session.scalars(select(EventSession).where(EventSession.event_id == event_id)):
            item.starts_at, item.ends_at = item.starts_at - timedelta(days=10), item.ends_at - timedelta(days=10)
        ids = dict(db.session.execute(select(Registration.email, Registration.id)
                                      .where(Registration.event_id == event_id)).all())
        present = {0: emails[:6], 1: [emails[0], emails[2], emails[4], "baja@example.org"], 2: [emails[1]]}
        for index, addresses in present.items():
            for address in addresses:
                db.session.add(Attendance(registration_id=ids[address], session_id=sessions[index],
                                          method="roster"))
        db.session.commit()
    return {"id": event_id, "emails": emails, "sessions": sessions}


def compose(client, event_id, **values):
    data = {"audience": "all", "session_id": "", "subject": "Materiales del curso",
            "body": "Estimadas personas participantes:\n\nCompartimos las presentaciones.\nSaludos."}
    data.update(values)
    return client.post(f"/eventos/{event_id}/anuncios/nuevo", data=data)


def test_an_announcement_to_absent_at_session_2_reaches_exactly_those_people(app, client, login_as, course,
                                                                           deliver, smtp_config, outbox_rows):
    deliver()
    smtp_config.clear()
    login_as("organizer", "IACIP")
    assert client.get(f"/eventos/{course['id']}/anuncios/nuevo").status_code == 200

    response = compose(client, course["id"], audience="absent", session_id=str(course["sessions"][1]),
                       subject="Le extrañamos en la sesión 2",
                       body="Estimadas personas participantes:\n\nCompartimos las presentaciones.\nSaludos."
                            "\n\n<script>alert(1)</script>")
    assert response.status_code == 302
    preview = client.get(response.headers["Location"])
    page = preview.get_data(as_text=True)
    assert "Se enviará a 3 personas" in page
    assert "Compartimos las presentaciones." in page

    send_url = response.headers["Location"] + "/enviar"
    sent = client.post(send_url, follow_redirects=True)
    assert "Llegó a 3 personas" in sent.get_data(as_text=True)
    assert client.post(send_url).status_code == 409  # a second click sends nothing more
    assert len(outbox_rows("announcement")) == 3

    deliver()
    emails = course["emails"]
    assert smtp_config.recipients() == sorted([emails[1], emails[3], emails[5]])
    message = smtp_config.to(emails[1])[0]
    assert message["Subject"] == "Le extrañamos en la sesión 2"
    assert "Hola, Persona P2:" in text_of(message)
    assert "Compartimos las presentaciones." in text_of(message)
    assert "Compartimos las presentaciones.<br>Saludos." in html_of(message)
    assert "<script>" not in html_of(message) and "&lt;script&gt;alert(1)" in html_of(message)
    assert "Aviso de privacidad" in text_of(message)
    detail = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "3 entregados" in detail


@pytest.mark.parametrize("audience, session_index, expected", [
    ("all", None, [1, 2, 3, 4, 5, 6, 7]),
    ("confirmed", None, [1, 2, 3, 4, 5, 6]),
    ("waitlisted", None, [7]),
    ("present", 1, [1, 3, 5]),  # the cancelled person had attended: left out
    ("absent", 2, [1, 3, 4, 5, 6]),
])
def test_each_audience_selects_the_right_people(app, course, audience, session_index, expected, make_user):
    from agenda.accounts.models import User
    from agenda.events.models import Event
    from agenda.notifications import announcements

    user_id, _email = make_user(role="organizer", organization="IACIP")
    with app.app_context():
        event, actor = db.session.get(Event, course["id"]), db.session.get(User, user_id)
        draft = announcements.save_draft(db.session, event, actor, {
            "audience": audience, "subject": "Aviso", "body": "Texto",
            "session_id": course["sessions"][session_index] if session_index is not None else None})
        assert announcements.send(db.session, event, draft, actor) == len(expected)
        db.session.commit()
        recipients = sorted(db.session.scalars(select(OutboxMessage.to_address)
                                               .where(OutboxMessage.kind == "announcement")))
    assert recipients == sorted(course["emails"][n - 1] for n in expected)


def test_bad_announcements_are_refused_with_a_clear_message(app, client, login_as, make_event, people,
                                                            session_times):
    event_id = make_event(sessions=2)
    people(event_id, 2)
    login_as("organizer", "IACIP")
    future_session = session_times(event_id)[0][0]
    response = compose(client, event_id, audience="absent", session_id=str(future_session))
    assert response.status_code == 422
    assert "todavía no hay asistencia" in response.get_data(as_text=True)
    response = compose(client, event_id, audience="present", session_id="")
    assert response.status_code == 422 and "Elija la sesión." in response.get_data(as_text=True)
    response = compose(client, event_id, subject="")
    assert response.status_code == 422 and "Escriba el asunto." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)
                                 .where(OutboxMessage.kind == "announcement")) == 0


@pytest.mark.parametrize("audience", ["all", "present"])
def test_a_session_that_is_not_one_of_the_events_is_a_form_error(app, client, login_as, course, make_event,
                                                                  session_times, audience):
    other_session = session_times(make_event())[0][0]
    login_as("organizer", "IACIP")
    for value in ("abc", str(other_session), "9" * 30, "²"):
        response = compose(client, course["id"], audience=audience, session_id=value)
        assert response.status_code == 422, value
        assert ('id="session_id-error">Elija una de las sesiones de este evento.</p>'
                in response.get_data(as_text=True)), value
    with app.app_context():
        from agenda.notifications.notice_models import Announcement

        assert db.session.scalar(select(func.count()).select_from(Announcement)) == 0
    kept = compose(client, course["id"], audience="all", session_id=str(course["sessions"][0]))
    assert kept.status_code == 302, "a session of the event left chosen for «all» is harmless"


@pytest.mark.parametrize("role, organization, status", [
    (None, None, 302), ("organizer", "ITEI", 403), ("commissioner", "INAI", 403), ("admin", None, 200)])
def test_only_the_events_organizers_and_admins_may_write_to_its_registrants(client, login_as, make_event, role,
                                                                           organization, status):
    event_id = make_event(organization="IACIP")
    if role:
        login_as(role, organization)
    for path in (f"/eventos/{event_id}/anuncios", f"/eventos/{event_id}/anuncios/nuevo",
                 f"/eventos/{event_id}/recordatorios"):
        assert client.get(path).status_code == status, path
    if role == "admin":
        assert client.get("/eventos/999999/anuncios").status_code == 404


def test_an_announcement_of_another_event_is_not_found(client, login_as, make_event, people):
    first, second = make_event(), make_event()
    people(first, 1)
    login_as("organizer", "IACIP")
    location = compose(client, first).headers["Location"]
    other = location.replace(f"/eventos/{first}/", f"/eventos/{second}/")
    assert client.get(other).status_code == 404
    assert client.post(other + "/enviar").status_code == 404
