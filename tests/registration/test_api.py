"""POST /api/v1/events/<id>/registrations: every answer of the contract (../shared/API.md)."""
from datetime import timedelta

import pytest
from sqlalchemy import select, text, update

from agenda.extensions import db
from agenda.registration.models import Registration
from agenda.timeutil import utcnow


def url(event_id):
    return f"/api/v1/events/{event_id}/registrations"


def test_201_confirmed_then_waitlisted_with_position_and_nobody_elses_data(client, make_event, person):
    event_id = make_event(capacity=1)
    first = client.post(url(event_id), json=person(email="a@example.org"))
    second = client.post(url(event_id), json=person(email="b@example.org"))
    assert (first.status_code, first.json) == (201, {"status": "confirmed", "position": None, "event_id": event_id})
    assert (second.status_code, second.json) == (201, {"status": "waitlisted", "position": 1, "event_id": event_id})
    assert "a@example.org" not in second.get_data(as_text=True)


def test_the_answer_never_carries_personal_data_or_the_link(client, make_event, person):
    event_id = make_event(capacity=5)
    response = client.post(url(event_id), json=person(email="ana@example.org", name="Ana Única"))
    body = response.get_data(as_text=True)
    assert set(response.json) == {"status", "position", "event_id"}
    assert "ana@example.org" not in body and "Ana Única" not in body and "mi-registro" not in body


def test_409_duplicate_email(client, make_event, person):
    event_id = make_event(capacity=5)
    client.post(url(event_id), json=person(email="ana@example.org"))
    response = client.post(url(event_id), json=person(email="ANA@example.org"))
    assert response.status_code == 409
    assert response.json["error"] == "duplicate"
    assert "Ya hay un registro" in response.json["message"]


def test_409_full_without_waiting_list(client, make_event, person):
    event_id = make_event(capacity=1, waitlist=False)
    client.post(url(event_id), json=person(email="a@example.org"))
    response = client.post(url(event_id), json=person(email="b@example.org"))
    assert (response.status_code, response.json["error"]) == (409, "full")
    assert "Cupo lleno" in response.json["message"]


@pytest.mark.parametrize("timing", [
    {"registration_closes_at": utcnow() - timedelta(hours=1)},
    {"registration_opens_at": utcnow() + timedelta(days=1)},
])
def test_410_closed_outside_the_registration_window(client, make_event, person, timing):
    event_id = make_event(capacity=5, **timing)
    response = client.post(url(event_id), json=person())
    assert (response.status_code, response.json["error"]) == (410, "closed")
    assert response.json["message"].startswith("El registro")


def test_410_closed_for_a_postponed_event_and_cancelled_for_a_cancelled_one(client, make_event, person):
    postponed = client.post(url(make_event(status="postponed")), json=person())
    cancelled = client.post(url(make_event(status="cancelled")), json=person())
    assert (postponed.status_code, postponed.json["error"]) == (410, "closed")
    assert (cancelled.status_code, cancelled.json["error"]) == (410, "cancelled")
    assert "cancelado" in cancelled.json["message"]


def test_404_for_a_draft_or_a_missing_event(client, make_event, person):
    assert client.post(url(make_event(status="draft")), json=person()).status_code == 404
    assert client.post(url(999999), json=person()).json["error"] == "not_found"


@pytest.mark.parametrize("field, value, message", [
    ("email", "no-es-un-correo", "correo electrónico válido"),
    ("email", "", "correo electrónico válido"),
    ("consent", False, "aviso de privacidad"),
    ("consent", "true", "aviso de privacidad"),
    ("state", "XYZ", "Entidad federativa desconocida"),
    ("organization", "NOEXISTE", "Organismo desconocido"),
    ("sector", "militar", "Sector no válido"),
    ("gender", "otro", "Género no válido"),
    ("name", "", "obligatorio"),
    ("name", 12, "texto"),
])
def test_422_names_the_wrong_field_in_spanish(client, make_event, person, field, value, message):
    event_id = make_event(capacity=5)
    response = client.post(url(event_id), json=person(**{field: value}))
    assert response.status_code == 422
    assert list(response.json["errors"]) == [field]
    assert message in response.json["errors"][field]


def test_the_organization_is_named_by_its_acronym_in_any_case_and_must_be_active(client, make_event, person, app):
    from agenda.catalog.models import Organization

    event_id = make_event(capacity=5)
    assert client.post(url(event_id), json=person(email="a@example.org", organization=" iacip ")).status_code == 201
    with app.app_context():
        stored = db.session.scalar(select(Registration))
        assert stored.organization.acronym == "IACIP"
        db.session.execute(update(Organization).where(Organization.acronym == "ITEI").values(is_active=False))
        db.session.commit()
    refused = client.post(url(event_id), json=person(email="b@example.org", organization="ITEI"))
    assert refused.status_code == 422 and "Organismo desconocido" in refused.json["errors"]["organization"]


def test_422_when_consent_is_missing_and_nothing_is_stored(client, make_event, person, app):
    event_id = make_event(capacity=5)
    values = person()
    del values["consent"]
    response = client.post(url(event_id), json=values)
    assert response.status_code == 422 and "consent" in response.json["errors"]
    with app.app_context():
        assert db.session.scalar(select(Registration.id)) is None


def test_422_for_answers_to_the_events_own_questions(client, make_event, make_question, person):
    event_id = make_event(capacity=5)
    required = make_question(event_id, label="¿Requiere constancia?", kind="yes_no", required=True)
    choice = make_question(event_id, label="Turno", kind="choice", choices=["Mañana", "Tarde"])
    response = client.post(url(event_id), json=person(answers={str(choice): "Noche", "99999": "x"}))
    assert response.status_code == 422
    errors = response.json["errors"]
    assert errors[f"answers.{required}"] == "Esta pregunta es obligatoria."
    assert errors[f"answers.{choice}"] == "Elija una de las opciones ofrecidas."
    assert "no existe" in errors["answers.99999"]
    ok = client.post(url(event_id), json=person(answers={str(required): True, str(choice): "Tarde"}))
    assert ok.status_code == 201


def test_400_when_the_body_is_not_json(client, make_event):
    response = client.post(url(make_event(capacity=5)), data="name=Ana", content_type="text/plain")
    assert response.status_code == 400 and response.json["error"] == "bad_request"


def test_422_when_the_json_is_not_an_object(client, make_event):
    response = client.post(url(make_event(capacity=5)), json=["Ana"])
    assert response.status_code == 422 and "body" in response.json["errors"]


def test_works_without_a_csrf_token_even_when_csrf_is_on(client, make_event, person, csrf_enabled):
    assert client.post(url(make_event(capacity=5)), json=person()).status_code == 201


def test_429_when_one_address_sends_too_many(client, app, make_event, person, rate_limits_enabled, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_REGISTRATION", "3 per minute")
    event_id = make_event(capacity=50)
    codes = [client.post(url(event_id), json=person(email=f"p{n}@example.org")).status_code for n in range(4)]
    assert codes == [201, 201, 201, 429]
    limited = client.post(url(event_id), json=person(email="otra@example.org"))
    assert limited.status_code == 429 and limited.json["error"] == "rate_limited"
    assert limited.headers["Retry-After"] == "60"  # the window: by then the count has surely restarted


def test_429_says_to_wait_the_whole_window_of_a_longer_limit(client, app, make_event, person, rate_limits_enabled,
                                                            monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_REGISTRATION", "1 per hour")
    event_id = make_event(capacity=50)
    client.post(url(event_id), json=person(email="a@example.org"))
    limited = client.post(url(event_id), json=person(email="b@example.org"))
    assert limited.status_code == 429 and limited.headers["Retry-After"] == "3600"


def test_the_form_and_the_api_share_one_budget_per_address(client, app, make_event, person, rate_limits_enabled,
                                                          monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_REGISTRATION", "2 per minute")
    event_id = make_event(capacity=50)
    client.post(f"/eventos/{event_id}/registro", data={**person(email="f@example.org"), "consent": "y"})
    client.post(url(event_id), json=person(email="a@example.org"))
    assert client.post(url(event_id), json=person(email="b@example.org")).status_code == 429


def test_503_with_retry_after_when_the_event_stays_locked(client, app, make_event, person, monkeypatch):
    """Another transaction holds the event (or SQLite's write lock) longer than we wait: 503, not 500."""
    monkeypatch.setitem(app.config, "REGISTRATION_LOCK_TIMEOUT", 0.2)
    event_id = make_event(capacity=5)
    with app.app_context(), db.engine.connect() as blocker:
        if blocker.dialect.name == "sqlite":
            blocker.connection.dbapi_connection.isolation_level = None
            blocker.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            blocker.execute(text("SELECT id FROM events WHERE id = :id FOR UPDATE"), {"id": event_id})
        response = client.post(url(event_id), json=person())
        blocker.rollback()
        if blocker.dialect.name == "sqlite":
            blocker.connection.dbapi_connection.isolation_level = ""
    assert response.status_code == 503
    assert response.json["error"] == "busy" and response.headers["Retry-After"] == "2"
    assert client.post(url(event_id), json=person()).status_code == 201  # free again: it works


def test_the_app_wide_lock_timeout_also_answers_503_when_the_event_stays_locked(db_url, make_event, person):
    """No registration-specific setting: the connection's own bound (PostgreSQL) or the busy timeout (SQLite)."""
    from agenda import create_app
    from agenda.config import normalise_database_url
    from agenda.extensions import limiter
    from tests.conftest import test_config

    short = create_app({**test_config(normalise_database_url(db_url)), "LOCK_TIMEOUT": 0.3})
    limiter.enabled = False
    event_id = make_event(capacity=5)
    client = short.test_client()
    with short.app_context(), db.engine.connect() as blocker:
        if blocker.dialect.name == "postgresql":  # every connection of the app carries the bound
            assert blocker.exec_driver_sql("SHOW lock_timeout").scalar() == "300ms"
            blocker.execute(text("SELECT id FROM events WHERE id = :id FOR UPDATE"), {"id": event_id})
        else:
            assert blocker.exec_driver_sql("PRAGMA busy_timeout").scalar() == 300
            blocker.connection.dbapi_connection.isolation_level = None
            blocker.exec_driver_sql("BEGIN IMMEDIATE")
        response = client.post(url(event_id), json=person())
        blocker.rollback()
        if blocker.dialect.name == "sqlite":
            blocker.connection.dbapi_connection.isolation_level = ""
    with short.app_context():
        db.engine.dispose()
    assert response.status_code == 503 and response.json["error"] == "busy"
