"""Attendance in a real browser: the roster on a phone, and accessibility of the attendance, report and
verification pages."""
from pathlib import Path

import pytest

from agenda.attendance.certificates import issue_certificate
from agenda.attendance.imports import preview_import
from agenda.events.models import EventSession
from agenda.extensions import db
from agenda.registration.models import Registration
from tests.e2e.conftest import log_in, serious_violations
from tests.fixtures.accounts import DEFAULT_PASSWORD

SAMPLES = Path(__file__).parent.parent / "attendance" / "samples"


@pytest.fixture
def roster_event(make_event, make_attendee, event_session_ids, make_user):
    make_user(role="organizer", organization="IACIP", email="org@iacip-gto.org.mx", name="Organizadora IACIP")
    event_id = make_event(title="Taller de Gobierno Abierto", sessions=2, organization="IACIP")
    people = [make_attendee(event_id, name=name, email=f"{slug}@example.org", state=state)
              for name, slug, state in (("Ana Pérez Rangel", "ana", "GUA"), ("Luis Ortega Núñez", "luis", "JAL"),
                                        ("María Soto", "maria", "ZAC"))]
    return event_id, event_session_ids(event_id), people


def test_organizer_checks_in_two_people_on_the_roster(browser, live_server, roster_event):
    event_id, sessions, people = roster_event
    context = browser.new_context(base_url=live_server, viewport={"width": 390, "height": 844}, locale="es-MX")
    context.set_default_timeout(15000)
    page = context.new_page()
    log_in(page, "org@iacip-gto.org.mx", DEFAULT_PASSWORD)
    page.goto(f"/asistencia/sesiones/{sessions[0]}")
    count = page.locator("#present-count [data-present]")
    assert count.inner_text() == "0"
    page.get_by_role("button", name="Marcar presente: Ana Pérez Rangel").click()
    page.wait_for_function("document.querySelector('#present-count [data-present]').textContent === '1'")
    page.get_by_label("Buscar por nombre, correo o institución").fill("ortega")
    assert page.locator("#r%d" % people[0]).is_hidden()
    page.get_by_role("button", name="Marcar presente: Luis Ortega Núñez").click()
    page.wait_for_function("document.querySelector('#present-count [data-present]').textContent === '2'")
    assert page.locator("#roster-status").inner_text() == "Asistencia registrada: Luis Ortega Núñez."
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    # The count comes from the server: a fresh load shows the same two.
    page.goto(f"/asistencia/sesiones/{sessions[0]}")
    assert page.locator("#present-count [data-present]").inner_text() == "2"
    page.goto(f"/asistencia/eventos/{event_id}")
    assert page.locator(f'[data-session-present="{sessions[0]}"]').inner_text() == "2"
    context.close()
    assert scroll_width <= 390, "the roster must not scroll sideways on a phone"


def organizer_pages(app, event_id, sessions, people):
    with app.app_context():
        row = preview_import(db.session, db.session.get(EventSession, sessions[0]),
                             (SAMPLES / "zoom-participants.csv").read_bytes(), "zoom.csv", None)
        db.session.commit()
        import_id = row.id
    return [f"/asistencia/sesiones/{sessions[0]}", f"/asistencia/eventos/{event_id}",
            f"/asistencia/sesiones/{sessions[0]}/qr", f"/asistencia/sesiones/{sessions[0]}/codigo",
            f"/asistencia/sesiones/{sessions[0]}/importar", f"/asistencia/importaciones/{import_id}",
            "/asistencia", "/informe?from=2020-01-01&to=2030-12-31"]


def test_attendance_and_report_pages_have_no_serious_accessibility_violations(page, axe, app, roster_event,
                                                                              mark_present):
    event_id, sessions, people = roster_event
    mark_present(people[0], 0)
    log_in(page, "org@iacip-gto.org.mx", DEFAULT_PASSWORD)
    found = {}
    for path in organizer_pages(app, event_id, sessions, people):
        assert page.goto(path).status == 200, path
        violations = serious_violations(axe, page)
        if violations:
            found[path] = violations
    assert found == {}


def test_public_pages_have_no_serious_accessibility_violations(page, axe, app, roster_event, mark_present):
    event_id, sessions, people = roster_event
    mark_present(people[0], 0)
    mark_present(people[0], 1)
    with app.app_context():
        certificate, _created = issue_certificate(db.session, db.session.get(Registration, people[0]))
        db.session.commit()
        code = certificate.code
    found = {}
    for path in (f"/constancias/{code}", "/constancias", "/constancias?codigo=x",
                 f"/asistencia/sesiones/{sessions[0]}/autorregistro"):
        assert page.goto(path).status == (422 if "codigo=x" in path else 200), path
        violations = serious_violations(axe, page)
        if violations:
            found[path] = violations
    assert found == {}
    page.goto(f"/constancias/{code}")
    assert "Ana Pérez Rangel" in page.content()
