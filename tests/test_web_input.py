"""Control characters and lone surrogates in forms, query strings and JSON: accepted as harmless text, so they
never reach PostgreSQL (which refuses NUL), an organizer's Excel export or a subscriber's calendar feed."""
import io
import logging
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from agenda import log_privacy
from agenda.extensions import db
from agenda.registration.models import Registration
from tests.api.test_events_write import JORNADA
from tests.fixtures.api import bearer
from tests.registration.test_form import form_data

PASTED = "Ana\x00 Martínez\x0bRuiz\x01"


def test_a_registration_form_with_control_characters_is_stored_clean(client, app, make_event, person):
    event_id = make_event(capacity=5)
    response = client.post(f"/eventos/{event_id}/registro",
                           data=form_data(person, name=PASTED, institution="Instituto\x01 de Guanajuato"))
    assert response.status_code == 303
    with app.app_context():
        registration = db.session.scalar(select(Registration))
        assert registration.name == "Ana Martínez Ruiz"
        assert registration.institution == "Instituto de Guanajuato"


def test_the_registration_api_accepts_nul_and_lone_surrogates_as_text(client, app, make_event, person):
    event_id = make_event(capacity=5)
    response = client.post(f"/api/v1/events/{event_id}/registrations",
                           json=person(name="Ana\u0000 Secreta", accessibility="rampa \ud800"))
    assert response.status_code == 201
    with app.app_context():
        registration = db.session.scalar(select(Registration))
        assert registration.name == "Ana Secreta" and registration.accessibility == "rampa \ufffd"


def test_one_registrant_cannot_break_the_organizers_excel_export(client, make_event, person, login_as):
    event_id = make_event(capacity=5)
    client.post(f"/eventos/{event_id}/registro", data=form_data(person, institution="Inst\x01"))
    login_as("organizer", "IACIP")
    response = client.get(f"/eventos/{event_id}/registros.xlsx")
    assert response.status_code == 200
    cells = [cell.value for row in load_workbook(io.BytesIO(response.data)).active.iter_rows() for cell in row]
    assert "Inst" in cells


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_older_row_with_a_control_character_still_exports(client, make_event, register, login_as, kind):
    event_id = make_event(capacity=5)
    register(event_id, institution="Instituto\x01 Estatal")  # through the service: no request cleaned it
    login_as("organizer", "IACIP")
    response = client.get(f"/eventos/{event_id}/registros.{kind}")
    assert response.status_code == 200
    if kind == "csv":
        assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
        assert "Instituto  Estatal" in response.data.decode("utf-8-sig")
    else:
        sheet = load_workbook(io.BytesIO(response.data)).active
        assert "Instituto  Estatal" in [cell.value for row in sheet.iter_rows() for cell in row]


def test_an_event_title_with_control_characters_leaves_the_feed_valid(client, make_token, parse):
    secret, _user = make_token()
    body = dict(JORNADA, title="Foro\x0b\x01 de datos abiertos", people=[])
    assert client.post("/api/v1/events", json=body, headers=bearer(secret)).status_code == 201
    feed = parse(client.get("/calendario.ics").data)  # the strict parser refuses control characters
    summaries = [e.summary for e in feed.strict.events if "datos abiertos" in e.summary]
    assert len(summaries) == 3 and all(s.startswith("Foro") and "\x01" not in s for s in summaries)


@pytest.mark.parametrize("path", ["/agenda?q=%00", "/agenda?q=foro%00&tipo=%01", "/agenda/pasados?q=%00",
                                  "/api/v1/events?q=foro%00"])
def test_searching_with_a_nul_byte_is_an_ordinary_search(client, make_event, path):
    make_event(title="Foro regional")
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("broken", ["same e-mail twice", "missing token"])
def test_a_logged_database_error_carries_no_personal_data(app, make_event, register, broken):
    event_id = make_event()
    register(event_id, email="persona.secreta@example.org", name="Persona Secreta")
    stream = io.StringIO()
    logger = logging.getLogger("agenda.tests.log_privacy")
    logger.addHandler(logging.StreamHandler(stream))
    log_privacy.install(logger)
    with app.app_context():
        first = db.session.scalar(select(Registration))
        email = first.email if broken == "same e-mail twice" else "otra.persona@example.org"
        db.session.add(Registration(event_id=event_id, email=email, name=first.name, status="confirmed",
                                    token_hash=None if broken == "missing token" else "0" * 64,
                                    consent_at=first.consent_at, accessibility="Intérprete\n\nsilla de ruedas"))
        try:
            db.session.flush()
        except IntegrityError:
            logger.exception("registration for %s failed", email)
        db.session.rollback()
    logged = stream.getvalue()
    assert "IntegrityError" in logged and "registration for <correo> failed" in logged
    assert "@example.org" not in logged and "Persona Secreta" not in logged and "silla de ruedas" not in logged


def test_a_log_record_that_cannot_format_is_reported_not_raised(capsys):
    logger = logging.getLogger("agenda.tests.unformattable")
    logger.addHandler(logging.StreamHandler())
    logger.propagate = False  # pytest's own capture handler raises on logging errors
    log_privacy.install(logger)
    logger.error("valor %d", "no es un número")  # must not raise into the caller
    assert "Logging error" in capsys.readouterr().err


def test_json_nested_beyond_reason_is_refused_not_a_500(client, make_event):
    event_id = make_event(capacity=5)
    body = "[" * 600 + "]" * 600
    response = client.post(f"/api/v1/events/{event_id}/registrations", data=body,
                           content_type="application/json")
    assert response.status_code == 400 and response.json["error"]


def test_every_uploaded_file_of_a_field_gets_its_name_cleaned(app):
    from werkzeug.test import EnvironBuilder

    builder = EnvironBuilder(method="POST", data={"report": [(io.BytesIO(b"a"), "uno\x00.csv"),
                                                             (io.BytesIO(b"b"), "dos\x01.csv")]})
    request = app.request_class(builder.get_environ())
    assert [upload.filename for upload in request.files.getlist("report")] == ["uno .csv", "dos .csv"]


def test_an_uploaded_file_name_with_a_nul_is_kept_as_harmless_text(client, login_as, make_event, event_session_ids,
                                                                   make_attendee):
    from agenda.attendance.models import AttendanceImport

    event_id = make_event(sessions=1)
    make_attendee(event_id, email="mjperez@iacip-gto.org.mx")
    [session_id] = event_session_ids(event_id)
    login_as("organizer", "IACIP")
    report = (Path(__file__).parent / "attendance" / "samples" / "zoom-participants.csv").read_bytes()
    upload = client.post(f"/asistencia/sesiones/{session_id}/importar", content_type="multipart/form-data",
                         data={"report": (io.BytesIO(report), "reporte\x00zoom.csv")})
    assert upload.status_code == 302
    with client.application.app_context():
        assert db.session.scalar(select(AttendanceImport.filename)) == "reporte zoom.csv"
