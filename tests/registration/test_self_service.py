"""The person's own pages: see, correct, cancel, .ics, data download, deletion, and "Mis registros"."""
import json
import re

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from agenda.events.ical_ids import session_uid
from agenda.events.models import Event
from agenda.extensions import db
from agenda.outbox.models import OutboxMessage
from agenda.registration.models import (
    Registration,
    RegistrationAccessLink,
    RegistrationAnswer,
    RegistrationErasure,
)


def test_the_link_shows_the_persons_registration_and_a_wrong_link_shows_nothing(client, make_event, register):
    event_id = make_event(capacity=5, meeting_url="https://zoom.example/j/123")
    _id, token = register(event_id, email="ana@example.org", name="Ana Martínez Ruiz")
    html = client.get(f"/mi-registro/{token}").get_data(as_text=True)
    assert "Ana Martínez Ruiz" in html and "ana@example.org" in html and "Confirmado" in html
    assert "https://zoom.example/j/123" in html  # the meeting link: registered people only
    assert client.get(f"/mi-registro/{token}x").status_code == 404
    assert client.get("/mi-registro/abc").status_code == 404


def test_the_link_is_stored_only_as_a_hash(app, make_event, register):
    _id, token = register(make_event(capacity=5))
    with app.app_context():
        stored = db.session.scalar(select(Registration.token_hash))
    assert token not in stored and len(stored) == 64


def test_cancelling_from_the_link_frees_the_seat_for_waitlisted_number_one(client, make_event, register,
                                                                         registrations_of, outbox):
    event_id = make_event(capacity=1)
    _id, token = register(event_id, email="a@example.org")
    register(event_id, email="b@example.org")
    response = client.post(f"/mi-registro/{token}/cancelar", follow_redirects=True)
    assert "Su registro quedó cancelado" in response.get_data(as_text=True)
    assert registrations_of(event_id) == [("a@example.org", "cancelled", None), ("b@example.org", "confirmed", None)]
    assert [m.to_address for m in outbox(kind="registration_promoted")] == ["b@example.org"]
    assert [m.to_address for m in outbox(kind="registration_cancelled")] == ["a@example.org"]


def test_correcting_data_keeps_the_seat(client, app, make_event, register):
    event_id = make_event(capacity=5)
    _id, token = register(event_id, email="ana@example.org", name="Ana Martines")
    form = client.get(f"/mi-registro/{token}/corregir").get_data(as_text=True)
    assert 'value="Ana Martines"' in form
    response = client.post(f"/mi-registro/{token}/corregir", data={
        "name": "Ana Martínez", "email": "ana@example.org", "institution": "IACIP", "state": "JAL",
        "sector": "academia", "position": "", "organization": "", "gender": "", "accessibility": ""})
    assert response.status_code == 302
    with app.app_context():
        registration = db.session.scalar(select(Registration))
        assert (registration.name, registration.state.code, registration.sector, registration.status) == (
            "Ana Martínez", "JAL", "academia", "confirmed")


def test_a_correction_with_bad_data_says_what_is_wrong(client, make_event, register):
    _id, token = register(make_event(capacity=5))
    response = client.post(f"/mi-registro/{token}/corregir", data={
        "name": "Ana", "email": "no-es-correo", "institution": "IACIP", "state": "ZZZ", "sector": "gobierno"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "correo electrónico válido" in html and "Entidad federativa desconocida" in html


def test_the_ics_download_uses_the_feeds_uid_for_each_session(client, app, make_event, register):
    event_id = make_event(capacity=5, sessions=2)
    _id, token = register(event_id)
    response = client.get(f"/mi-registro/{token}/evento.ics")
    assert response.headers["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.data)
    with app.app_context():
        expected = sorted(session_uid(s) for s in db.session.get(Event, event_id).sessions)
    assert sorted(str(e["UID"]) for e in calendar.walk("VEVENT")) == expected
    assert expected[0].endswith("@agenda.test")
    assert calendar.walk("VTIMEZONE")


def test_the_data_download_has_everything_stored_about_the_person(client, make_event, make_question, register):
    event_id = make_event(capacity=5)
    question = make_question(event_id, label="¿Requiere constancia?")
    _id, token = register(event_id, email="ana@example.org", accessibility="Subtítulos",
                          answers={str(question): "si"})
    response = client.get(f"/mi-registro/{token}/datos.json")
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert data["registration"]["email"] == "ana@example.org"
    assert data["registration"]["accessibility"] == "Subtítulos"
    assert data["registration"]["consent_at"]
    assert data["answers"] == [{"question": "¿Requiere constancia?", "answer": "si"}]


def test_deleting_leaves_nothing_of_the_person_but_an_anonymous_count(client, app, make_event, make_question,
                                                                     register, registrations_of):
    event_id = make_event(capacity=1)
    question = make_question(event_id)
    _id, token = register(event_id, email="ana@example.org", name="Ana Borrable", answers={str(question): "si"})
    register(event_id, email="b@example.org")
    client.post("/mis-registros", data={"email": "ana@example.org"})
    not_confirmed = client.post(f"/mi-registro/{token}/eliminar", data={})
    assert not_confirmed.status_code == 303  # the checkbox is required
    response = client.post(f"/mi-registro/{token}/eliminar", data={"confirm": "si"})
    assert response.status_code == 200 and "fueron eliminados" in response.get_data(as_text=True)
    assert registrations_of(event_id) == [("b@example.org", "confirmed", None)]  # the seat went on
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(RegistrationAnswer)) == 0
        assert db.session.scalar(select(func.count()).select_from(RegistrationAccessLink)) == 0
        addresses = db.session.scalars(select(OutboxMessage.to_address)).all()
        assert "ana@example.org" not in addresses
        bodies = " ".join(m.body_text or "" for m in db.session.scalars(select(OutboxMessage)))
        assert "Ana Borrable" not in bodies
        tally = db.session.get(RegistrationErasure, (event_id, "confirmed"))
        assert tally.count == 1
    assert client.get(f"/mi-registro/{token}").status_code == 404


def test_mis_registros_never_tells_whether_an_address_is_registered(client, make_event, register, outbox):
    register(make_event(capacity=5), email="ana@example.org")
    known = client.post("/mis-registros", data={"email": "ana@example.org"})
    unknown = client.post("/mis-registros", data={"email": "nadie@example.org"})
    assert known.status_code == unknown.status_code == 200
    strip = lambda html: re.sub(r'name="csrf_token" value="[^"]*"', "", html)
    assert strip(known.get_data(as_text=True)) == strip(unknown.get_data(as_text=True))
    assert [m.to_address for m in outbox(kind="registrations_lookup")] == ["ana@example.org"]


def test_the_mis_registros_link_lists_every_registration_and_opens_each(client, make_event, register, outbox):
    first = make_event(title="Taller de datos abiertos", capacity=5)
    second = make_event(title="Foro de gobierno abierto", capacity=5)
    register(first, email="ana@example.org")
    register(second, email="ana@example.org")
    register(second, email="otra@example.org")
    client.post("/mis-registros", data={"email": "ANA@example.org"})
    (mail,) = outbox(kind="registrations_lookup")
    path = re.search(r"(/mis-registros/\S+)", mail.body_text).group(1)
    page = client.get(path)
    assert page.headers["Cache-Control"] == "no-store"  # an address and its registrations: never cached
    html = page.get_data(as_text=True)
    assert "Taller de datos abiertos" in html and "Foro de gobierno abierto" in html
    assert "otra@example.org" not in html
    links = re.findall(r'href="(/mis-registros/[^"]+/\d+)"', html)
    assert len(links) == 2
    assert "ana@example.org" in client.get(links[0]).get_data(as_text=True)
    other_id = links[0].rsplit("/", 1)[1]
    assert client.get(path + "/999999").status_code == 404
    assert client.get(f"/mis-registros/no-es-un-enlace/{other_id}").status_code == 404


def test_an_expired_mis_registros_link_is_refused(client, app, make_event, register, outbox):
    from datetime import timedelta

    from sqlalchemy import update

    from agenda.timeutil import utcnow

    register(make_event(capacity=5), email="ana@example.org")
    client.post("/mis-registros", data={"email": "ana@example.org"})
    path = re.search(r"(/mis-registros/\S+)", outbox(kind="registrations_lookup")[0].body_text).group(1)
    with app.app_context():
        db.session.execute(update(RegistrationAccessLink).values(expires_at=utcnow() - timedelta(minutes=1)))
        db.session.commit()
    assert client.get(path).status_code == 404


@pytest.fixture
def erased_while_waiting_for_the_lock(app, monkeypatch):
    """erased_while_waiting_for_the_lock(registration_id): the next request that takes the event lock finds
    the registration already erased by another request (own session and connection, committed), as when a
    person double-clicks "Eliminar" or cancels and erases in two tabs at once."""
    from sqlalchemy.orm import Session

    from agenda.registration import privacy, services

    real_lock_event = services.lock_event

    def arrange(registration_id):
        def lock_after_the_other_request(session, event_id):
            monkeypatch.setattr(services, "lock_event", real_lock_event)
            with Session(db.engine) as other:
                privacy.erase(other, registration_id)
                other.commit()
            return real_lock_event(session, event_id)

        monkeypatch.setattr(services, "lock_event", lock_after_the_other_request)

    return arrange


def test_cancelling_a_registration_erased_meanwhile_says_the_link_is_no_longer_valid(
        client, make_event, register, erased_while_waiting_for_the_lock, registrations_of):
    event_id = make_event(capacity=1)
    registration_id, token = register(event_id, email="a@example.org")
    register(event_id, email="b@example.org")
    erased_while_waiting_for_the_lock(registration_id)
    response = client.post(f"/mi-registro/{token}/cancelar")
    assert response.status_code == 404
    assert "El enlace no es válido o ya no está vigente" in response.get_data(as_text=True)
    assert registrations_of(event_id) == [("b@example.org", "confirmed", None)]


def test_erasing_twice_at_once_shows_both_requests_the_data_is_gone_and_counts_one_erasure(
        client, app, make_event, register, erased_while_waiting_for_the_lock, registrations_of):
    event_id = make_event(capacity=1)
    registration_id, token = register(event_id, email="a@example.org")
    register(event_id, email="b@example.org")
    erased_while_waiting_for_the_lock(registration_id)
    response = client.post(f"/mi-registro/{token}/eliminar", data={"confirm": "si"})
    assert response.status_code == 200 and "fueron eliminados" in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    assert registrations_of(event_id) == [("b@example.org", "confirmed", None)]
    with app.app_context():
        assert db.session.get(RegistrationErasure, (event_id, "confirmed")).count == 1


def test_an_organizer_promoting_a_registration_erased_meanwhile_gets_a_404(
        client, login_as, make_event, register, erased_while_waiting_for_the_lock, registrations_of):
    event_id = make_event(capacity=1)
    register(event_id, email="a@example.org")
    waiting_id, _token = register(event_id, email="b@example.org")
    login_as("organizer", "IACIP")
    erased_while_waiting_for_the_lock(waiting_id)
    response = client.post(f"/eventos/{event_id}/registros/{waiting_id}/confirmar")
    assert response.status_code == 404
    assert registrations_of(event_id) == [("a@example.org", "confirmed", None)]


def _mis_registros_path(client, outbox, email):
    client.post("/mis-registros", data={"email": email})
    mail = outbox(kind="registrations_lookup", to=email)[-1]
    return re.search(r"(/mis-registros/\S+)", mail.body_text).group(1)


CORRECTION = {"name": "Ana Martínez", "institution": "IACIP", "state": "GUA", "sector": "gobierno",
              "position": "", "organization": "", "gender": "", "accessibility": ""}


def test_changing_the_email_from_a_mis_registros_link_lands_on_its_list_and_says_it_was_saved(
        client, app, make_event, register, outbox):
    event_id = make_event(title="Taller de datos abiertos", capacity=5)
    registration_id, _token = register(event_id, email="ana@example.org")
    path = _mis_registros_path(client, outbox, "ana@example.org")
    response = client.post(f"{path}/{registration_id}/corregir",
                           data={**CORRECTION, "email": "ana.nueva@example.org"}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.request.path == path
    assert "Sus datos quedaron corregidos" in html and "con el correo nuevo" in html
    assert "Taller de datos abiertos" not in html  # the list shows only the link's own address
    assert client.get(f"{path}/{registration_id}").status_code == 404  # never opened for another address
    with app.app_context():
        assert db.session.get(Registration, registration_id).email == "ana.nueva@example.org"
    new_path = _mis_registros_path(client, outbox, "ana.nueva@example.org")
    assert "Taller de datos abiertos" in client.get(new_path).get_data(as_text=True)


def test_other_corrections_from_a_mis_registros_link_go_back_to_the_registration(client, make_event, register,
                                                                               outbox):
    registration_id, _token = register(make_event(capacity=5), email="ana@example.org")
    path = _mis_registros_path(client, outbox, "ana@example.org")
    response = client.post(f"{path}/{registration_id}/corregir",
                           data={**CORRECTION, "email": "ANA@example.org"}, follow_redirects=True)
    assert response.status_code == 200 and response.request.path == f"{path}/{registration_id}"
    assert "Sus datos quedaron corregidos." in response.get_data(as_text=True)


def test_correcting_a_registration_erased_meanwhile_says_the_link_is_no_longer_valid(app, make_event, register):
    from sqlalchemy.orm import Session

    from agenda.domain import NotFound
    from agenda.registration import privacy, services
    from agenda.registration.models import Registration

    registration_id, _token = register(make_event(capacity=5), email="a@example.org")
    with app.app_context():
        registration = db.session.get(Registration, registration_id)  # the correction page has it loaded
        with Session(db.engine) as other_tab:
            privacy.erase(other_tab, registration_id)
            other_tab.commit()
        with pytest.raises(NotFound):
            services.update_details(db.session, registration, {"name": "Ana Corregida"})
