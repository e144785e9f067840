"""The public registration form: privacy notice and consent, honeypot, duplicates, closed events, questions."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from agenda.catalog.models import Organization
from agenda.extensions import db
from agenda.registration.models import Registration
from agenda.timeutil import utcnow


def form_data(person, **overrides):
    values = person(**overrides)
    data = {k: v for k, v in values.items() if k not in ("consent", "answers") and v is not None}
    if values.get("consent"):
        data["consent"] = "y"
    return data


def manage_path(html: str) -> str:
    return re.search(r'href="(/mi-registro/[^"]+)"', html).group(1)


def test_the_privacy_notice_of_the_organizing_body_comes_before_the_consent_box(client, app, make_event):
    event_id = make_event(organization="IACIP")
    with app.app_context():
        db.session.execute(update(Organization).where(Organization.acronym == "IACIP")
                           .values(privacy_notice="El **IACIP** trata sus datos para la constancia."))
        db.session.commit()
    html = client.get(f"/eventos/{event_id}/registro").get_data(as_text=True)
    notice = html.index("<strong>IACIP</strong> trata sus datos para la constancia")
    assert notice < html.index('name="consent"')
    assert "Aviso de privacidad simplificado" in html


def test_without_a_notice_of_its_own_the_default_text_is_shown(client, make_event):
    html = client.get(f"/eventos/{make_event()}/registro").get_data(as_text=True)
    assert "se usan únicamente para gestionar su registro" in html


def test_consent_is_required_and_its_time_is_stored(client, app, make_event, person):
    event_id = make_event(capacity=5)
    refused = client.post(f"/eventos/{event_id}/registro", data=form_data(person, consent=False))
    assert refused.status_code == 422
    assert "debe leer el aviso de privacidad y aceptarlo" in refused.get_data(as_text=True)
    before = utcnow() - timedelta(seconds=1)
    accepted = client.post(f"/eventos/{event_id}/registro", data=form_data(person))
    assert accepted.status_code == 303
    with app.app_context():
        consent_at = db.session.scalar(select(Registration.consent_at))
    assert consent_at is not None and consent_at >= before


def test_a_confirmed_registration_shows_the_confirmation_and_the_self_service_link(client, make_event, person,
                                                                                 outbox):
    event_id = make_event(capacity=5)
    response = client.post(f"/eventos/{event_id}/registro", data=form_data(person), follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "¡Registro confirmado!" in html
    path = manage_path(html)
    assert len(path.rsplit("/", 1)[1]) >= 22  # ≥ 128 bits in URL-safe base64
    assert client.get(path).status_code == 200
    (mail,) = outbox(kind="registration_confirmed")
    assert path in mail.body_text


@pytest.mark.parametrize(("capacity", "outcome"), [(5, "¡Registro confirmado!"), (1, "lista de espera")])
def test_the_confirmation_page_with_the_secret_link_is_never_cached(client, make_event, person, register,
                                                                    capacity, outcome):
    event_id = make_event(capacity=capacity)
    register(event_id, email="primera@example.org")
    response = client.post(f"/eventos/{event_id}/registro", data=form_data(person), follow_redirects=True)
    assert response.status_code == 200 and outcome in response.get_data(as_text=True)
    assert "/mi-registro/" in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"


def test_a_full_event_puts_the_person_on_the_waiting_list_and_says_which_place(client, make_event, person):
    event_id = make_event(capacity=1)
    client.post(f"/eventos/{event_id}/registro", data=form_data(person, email="a@example.org"))
    page = client.get(f"/eventos/{event_id}/registro").get_data(as_text=True)
    assert "quedará en la lista de espera" in page
    response = client.post(f"/eventos/{event_id}/registro", data=form_data(person, email="b@example.org"),
                           follow_redirects=True)
    assert response.status_code == 200
    assert "Su lugar en la lista de espera es el 1." in response.get_data(as_text=True)


def test_a_full_event_without_waiting_list_says_cupo_lleno(client, make_event, person):
    event_id = make_event(capacity=1, waitlist=False)
    client.post(f"/eventos/{event_id}/registro", data=form_data(person, email="a@example.org"))
    response = client.post(f"/eventos/{event_id}/registro", data=form_data(person, email="b@example.org"))
    assert response.status_code == 409 and "Cupo lleno" in response.get_data(as_text=True)


def test_the_honeypot_catches_bots_and_nothing_is_stored(client, app, make_event, person, outbox):
    event_id = make_event(capacity=5)
    response = client.post(f"/eventos/{event_id}/registro", data={**form_data(person), "website": "http://spam"})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(Registration.id)) is None
    assert outbox() == []


def test_a_second_registration_offers_to_resend_the_link_and_the_new_link_replaces_the_old(
        client, make_event, person, outbox):
    event_id = make_event(capacity=5)
    first = client.post(f"/eventos/{event_id}/registro", data=form_data(person, email="ana@example.org"))
    old_path = manage_path(first.get_data(as_text=True))
    again = client.post(f"/eventos/{event_id}/registro", data=form_data(person, email="ana@example.org"))
    html = again.get_data(as_text=True)
    assert again.status_code == 409 and "Ya hay un registro con ese correo" in html
    assert "Enviarme de nuevo el enlace" in html
    sent = client.post(f"/eventos/{event_id}/registro/reenviar", data={"email": "ana@example.org"})
    assert sent.status_code == 200
    (mail,) = outbox(kind="registration_link")
    new_path = re.search(r"(/mi-registro/\S+)", mail.body_text).group(1)
    assert client.get(new_path).status_code == 200
    assert client.get(old_path).status_code == 404


def test_resending_to_an_unknown_address_looks_the_same_and_mails_nothing(client, make_event, outbox):
    event_id = make_event(capacity=5)
    response = client.post(f"/eventos/{event_id}/registro/reenviar", data={"email": "nadie@example.org"})
    assert response.status_code == 200 and "Revise su correo" in response.get_data(as_text=True)
    assert outbox() == []


def test_a_closed_event_says_so_and_takes_no_registration(client, make_event, person):
    event_id = make_event(capacity=5, registration_closes_at=utcnow() - timedelta(minutes=1))
    page = client.get(f"/eventos/{event_id}/registro")
    assert page.status_code == 410 and "ya cerró" in page.get_data(as_text=True)
    assert client.post(f"/eventos/{event_id}/registro", data=form_data(person)).status_code == 410


def test_drafts_have_no_public_form(client, make_event):
    assert client.get(f"/eventos/{make_event(status='draft')}/registro").status_code == 404


def test_the_events_own_questions_appear_and_required_ones_are_enforced(client, app, make_event, make_question,
                                                                       person):
    event_id = make_event(capacity=5)
    yes_no = make_question(event_id, label="¿Requiere constancia?", kind="yes_no", required=True)
    choice = make_question(event_id, label="Turno preferido", kind="choice", choices=["Mañana", "Tarde"])
    text = make_question(event_id, label="¿Qué espera del curso?", kind="text")
    page = client.get(f"/eventos/{event_id}/registro").get_data(as_text=True)
    assert "¿Requiere constancia?" in page and "Turno preferido" in page and "¿Qué espera del curso?" in page
    missing = client.post(f"/eventos/{event_id}/registro", data=form_data(person))
    assert missing.status_code == 422 and "Esta pregunta es obligatoria." in missing.get_data(as_text=True)
    ok = client.post(f"/eventos/{event_id}/registro", data={**form_data(person), f"q_{yes_no}": "si",
                                                           f"q_{choice}": "Tarde", f"q_{text}": "Aprender"})
    assert ok.status_code == 303
    with app.app_context():
        registration = db.session.scalar(select(Registration))
        assert {a.question_id: a.value for a in registration.answers} == {yes_no: "si", choice: "Tarde",
                                                                         text: "Aprender"}


def test_the_form_needs_its_csrf_token(client, make_event, person, csrf_enabled):
    assert client.post(f"/eventos/{make_event()}/registro", data=form_data(person)).status_code == 400


def test_the_event_page_box_shows_seats_left_and_the_register_button(client, make_event, register):
    event_id = make_event(capacity=3)
    register(event_id)
    html = client.get(f"/eventos/{event_id}", follow_redirects=True).get_data(as_text=True)
    assert "Quedan 2 lugares de 3." in html
    assert f'href="/eventos/{event_id}/registro"' in html
