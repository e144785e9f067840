"""The three check-in ways (roster tap, personal QR code, session code for self check-in) land in one
attendance row per registration and session."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from agenda.attendance import codes
from agenda.attendance.models import Attendance
from agenda.extensions import db
from agenda.registration.models import Registration
from agenda.timeutil import to_local, utcnow


def attendance_rows(session, registration_id=None):
    query = select(Attendance)
    if registration_id is not None:
        query = query.where(Attendance.registration_id == registration_id)
    session.expire_all()
    return list(session.scalars(query))


@pytest.fixture
def event_with_people(make_event, make_attendee, event_session_ids):
    event_id = make_event(title="Jornada de prueba", sessions=2, organization="IACIP")
    people = {
        "ana": make_attendee(event_id, name="Ana Pérez Rangel", email="ana@iacip-gto.org.mx"),
        "luis": make_attendee(event_id, name="Luis Ortega", email="luis@itei.org.mx", state="JAL"),
        "eva": make_attendee(event_id, name="Eva Soto", email="eva@example.org", status="waitlisted"),
    }
    return event_id, event_session_ids(event_id), people


def test_roster_lists_confirmed_people_and_a_tap_marks_present(client, login_as, session, event_with_people):
    event_id, sessions, people = event_with_people
    login_as("organizer", "IACIP")
    page = client.get(f"/asistencia/sesiones/{sessions[0]}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Ana Pérez Rangel" in html and "Luis Ortega" in html
    assert "Eva Soto" not in html  # waitlisted people are not on the roster

    response = client.post(f"/asistencia/sesiones/{sessions[0]}/presente", data={"registration_id": people["ana"]})
    assert response.status_code == 302
    [row] = attendance_rows(session, people["ana"])
    assert (row.session_id, row.method) == (sessions[0], "roster")
    html = client.get(f"/asistencia/sesiones/{sessions[0]}").get_data(as_text=True)
    assert '<strong data-present>1</strong>' in html


def test_roster_tap_answers_json_for_the_page_script_and_is_idempotent(client, login_as, session,
                                                                      event_with_people):
    event_id, sessions, people = event_with_people
    login_as("organizer", "IACIP")
    url = f"/asistencia/sesiones/{sessions[1]}/presente"
    first = client.post(url, data={"registration_id": people["luis"]}, headers={"Accept": "application/json"})
    second = client.post(url, data={"registration_id": people["luis"]}, headers={"Accept": "application/json"})
    assert first.status_code == second.status_code == 200
    assert (first.json["created"], first.json["present"], first.json["registered"]) == (True, 1, 2)
    assert (second.json["created"], second.json["present"]) == (False, 1)
    assert len(attendance_rows(session, people["luis"])) == 1


def test_waitlisted_person_cannot_be_marked_present(client, login_as, session, event_with_people):
    event_id, sessions, people = event_with_people
    login_as("organizer", "IACIP")
    response = client.post(f"/asistencia/sesiones/{sessions[0]}/presente", data={"registration_id": people["eva"]},
                           headers={"Accept": "application/json"})
    assert response.status_code == 409
    assert response.json["error"] == "not_confirmed"
    assert attendance_rows(session) == []


def test_undo_removes_a_mistaken_check_in(client, login_as, session, event_with_people, mark_present):
    event_id, sessions, people = event_with_people
    mark_present(people["ana"])
    login_as("organizer", "IACIP")
    response = client.post(f"/asistencia/sesiones/{sessions[0]}/quitar", data={"registration_id": people["ana"]})
    assert response.status_code == 302
    assert attendance_rows(session) == []


@pytest.mark.parametrize("action", ["presente", "quitar"])
@pytest.mark.parametrize("value, status, message", [
    ("abc", 400, "Falta la persona"),
    ("-1", 404, "No encontramos ese registro en este evento."),
    ("2147483648", 404, "No encontramos ese registro en este evento."),  # one past the largest id
    ("99999999999999999999", 404, "No encontramos ese registro en este evento."),
])
def test_a_registration_id_that_cannot_exist_gets_a_clear_4xx(client, login_as, session, event_with_people,
                                                               action, value, status, message):
    _, sessions, _ = event_with_people
    login_as("organizer", "IACIP")
    response = client.post(f"/asistencia/sesiones/{sessions[0]}/{action}", data={"registration_id": value},
                           headers={"Accept": "application/json"})
    assert response.status_code == status
    assert message in response.json["message"]
    page = client.post(f"/asistencia/sesiones/{sessions[0]}/{action}", data={"registration_id": value})
    assert page.status_code == status and message in page.get_data(as_text=True)
    assert attendance_rows(session) == []


@pytest.mark.parametrize("role, organization, expected", [
    ("organizer", "ITEI", 403), ("commissioner", "INAI", 403), ("admin", None, 200)])
def test_only_the_events_organizers_and_admins_take_attendance(client, login_as, event_with_people, role,
                                                               organization, expected):
    event_id, sessions, people = event_with_people
    login_as(role, organization)
    assert client.get(f"/asistencia/sesiones/{sessions[0]}").status_code == expected
    response = client.post(f"/asistencia/sesiones/{sessions[0]}/presente", data={"registration_id": people["ana"]})
    assert response.status_code == (302 if expected == 200 else expected)


def test_anonymous_visitors_are_sent_to_log_in(client, event_with_people):
    event_id, sessions, people = event_with_people
    for url in (f"/asistencia/sesiones/{sessions[0]}", f"/asistencia/sesiones/{sessions[0]}/qr",
                f"/asistencia/eventos/{event_id}", f"/asistencia/sesiones/{sessions[0]}/importar"):
        response = client.get(url)
        assert response.status_code == 302 and "/entrar" in response.headers["Location"], url


def test_a_check_in_without_csrf_token_is_refused(client, login_as, session, event_with_people, request):
    event_id, sessions, people = event_with_people
    login_as("organizer", "IACIP")
    request.getfixturevalue("csrf_enabled")
    response = client.post(f"/asistencia/sesiones/{sessions[0]}/presente", data={"registration_id": people["ana"]})
    assert response.status_code == 400
    assert attendance_rows(session) == []


def test_walk_in_becomes_a_walkin_registration_and_is_present(client, login_as, session, event_with_people):
    event_id, sessions, people = event_with_people
    login_as("organizer", "IACIP")
    response = client.post(f"/asistencia/sesiones/{sessions[0]}/sin-registro", data={
        "name": "Rosa Díaz Méndez", "email": "Rosa.Diaz@Example.org", "institution": "Ayuntamiento de León",
        "state": "GUA", "sector": "gobierno", "gender": "mujer"})
    assert response.status_code == 302
    registration = session.scalar(select(Registration).where(Registration.email == "rosa.diaz@example.org"))
    assert (registration.status, registration.source) == ("confirmed", "walkin")
    [row] = attendance_rows(session, registration.id)
    assert row.session_id == sessions[0]


def test_walk_in_with_missing_data_shows_the_errors(client, login_as, session, event_with_people):
    event_id, sessions, people = event_with_people
    login_as("organizer", "IACIP")
    response = client.post(f"/asistencia/sesiones/{sessions[0]}/sin-registro", data={"name": "", "email": "x"})
    assert response.status_code == 422
    assert "Revise los datos marcados." in response.get_data(as_text=True)
    assert session.scalar(select(func.count(Registration.id))) == 3


def test_personal_qr_code_checks_in_and_forged_or_foreign_codes_do_not(client, login_as, session, app,
                                                                      event_with_people, make_event,
                                                                      make_attendee):
    event_id, sessions, people = event_with_people
    other = make_attendee(make_event(title="Otro evento"), name="Otra Persona")
    with app.app_context():
        good, foreign = codes.checkin_code(people["luis"]), codes.checkin_code(other)
    login_as("organizer", "IACIP")
    url = f"/asistencia/sesiones/{sessions[0]}/qr"
    assert client.get(url).status_code == 200
    answer = client.post(url, data={"code": good.lower()}, headers={"Accept": "application/json"})
    assert answer.status_code == 200 and answer.json["present"] == 1
    [row] = attendance_rows(session, people["luis"])
    assert row.method == "qr"
    forged = good[:-1] + ("A" if good[-1] != "A" else "B")
    assert client.post(url, data={"code": forged}, headers={"Accept": "application/json"}).status_code == 422
    assert client.post(url, data={"code": foreign}, headers={"Accept": "application/json"}).status_code == 409
    assert len(attendance_rows(session)) == 1


def test_personal_qr_image_is_served_only_for_genuine_codes(client, app, event_with_people):
    event_id, sessions, people = event_with_people
    with app.app_context():
        code = codes.checkin_code(people["ana"])
        from agenda.attendance.qr import registration_qr_svg, registration_qr_url

        assert registration_qr_url(people["ana"]).endswith(f"/asistencia/qr/{code}.svg")
        assert "<svg" in registration_qr_svg(people["ana"])
    image = client.get(f"/asistencia/qr/{code}.svg")
    assert image.status_code == 200 and image.mimetype == "image/svg+xml"
    assert b"ana@" not in image.data
    assert client.get("/asistencia/qr/R1-AAAAAAAAAA.svg").status_code == 404


@pytest.fixture
def session_now(make_event, make_attendee, event_session_ids):
    """An event whose only session started ten minutes ago, with one confirmed person."""
    local_now = to_local(utcnow(), "America/Mexico_City").replace(tzinfo=None, second=0, microsecond=0)
    event_id = make_event(title="Conversatorio en curso", start=local_now - timedelta(minutes=10))
    person = make_attendee(event_id, name="Marta Ruiz", email="marta@example.org")
    return event_id, event_session_ids(event_id)[0], person


def test_self_check_in_with_the_sessions_current_code(client, app, session, session_now):
    event_id, session_id, person = session_now
    with app.app_context():
        code = codes.session_code(session_id)
    url = f"/asistencia/sesiones/{session_id}/autorregistro"
    assert client.get(url).status_code == 200
    response = client.post(url, data={"email": " Marta@Example.org ", "code": code})
    assert response.status_code == 200
    assert "Su asistencia a esta sesión quedó registrada" in response.get_data(as_text=True)
    [row] = attendance_rows(session, person)
    assert row.method == "self" and row.recorded_by_id is None


def test_self_check_in_refuses_a_wrong_code_or_an_unregistered_email(client, app, session, session_now):
    event_id, session_id, person = session_now
    with app.app_context():
        code = codes.session_code(session_id)
    url = f"/asistencia/sesiones/{session_id}/autorregistro"
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    assert client.post(url, data={"email": "marta@example.org", "code": wrong}).status_code == 422
    response = client.post(url, data={"email": "nadie@example.org", "code": code})
    assert response.status_code == 422
    assert "No encontramos un registro confirmado" in response.get_data(as_text=True)
    assert attendance_rows(session) == []


def test_self_check_in_is_closed_outside_the_session(client, app, session, make_event, make_attendee,
                                                    event_session_ids):
    event_id = make_event(title="Mañana")  # starts three days from now
    person = make_attendee(event_id, email="pronto@example.org")
    session_id = event_session_ids(event_id)[0]
    with app.app_context():
        code = codes.session_code(session_id)
    response = client.post(f"/asistencia/sesiones/{session_id}/autorregistro",
                           data={"email": "pronto@example.org", "code": code})
    assert response.status_code == 422
    assert attendance_rows(session, person) == []


def test_session_code_changes_with_the_window_and_the_previous_one_still_works(app):
    with app.app_context():
        now = 1_600_000_000.0
        current = codes.session_code(7, now)
        later = now + codes.SESSION_CODE_WINDOW
        assert codes.session_code_valid(7, current, now)
        assert codes.session_code_valid(7, current, later)  # the code read just before it changed
        assert not codes.session_code_valid(7, current, later + codes.SESSION_CODE_WINDOW)
        assert not codes.session_code_valid(8, current, now)


def test_organizer_sees_the_session_code_page(client, login_as, app, session_now):
    event_id, session_id, person = session_now
    login_as("organizer", "IACIP")
    with app.app_context():
        code = codes.session_code(session_id)
    html = client.get(f"/asistencia/sesiones/{session_id}/codigo").get_data(as_text=True)
    assert f"{code[:3]} {code[3:]}" in html
    assert f"/asistencia/sesiones/{session_id}/autorregistro" in html


def test_two_organizers_tapping_the_same_person_at_once_record_one_attendance(app, session, event_with_people,
                                                                            monkeypatch):
    """The other tap commits between our check and our insert: the unique pair decides, no error."""
    from agenda.attendance import services
    from agenda.events.models import EventSession

    event_id, sessions, people = event_with_people
    with db.engine.begin() as other:
        other.execute(Attendance.__table__.insert().values(
            registration_id=people["ana"], session_id=sessions[0], method="qr", checked_in_at=utcnow()))
    real = services.existing_attendance
    calls = {"n": 0}

    def stale_first_look(*args):
        calls["n"] += 1
        return None if calls["n"] == 1 else real(*args)

    monkeypatch.setattr(services, "existing_attendance", stale_first_look)
    result = services.check_in(session, session.get(EventSession, sessions[0]),
                               session.get(Registration, people["ana"]), "roster", None)
    session.commit()
    assert result.created is False and result.attendance.method == "qr"
    assert len(attendance_rows(session, people["ana"])) == 1
