"""Events in a real browser: an organizer builds a two-session event, the agenda shows it; accessibility."""
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from agenda.events.models import Event
from agenda.extensions import db
from agenda.timeutil import utcnow
from tests.e2e.conftest import log_in, serious_violations
from tests.fixtures.accounts import DEFAULT_PASSWORD


def test_an_organizer_creates_a_two_session_event_and_it_appears_on_the_agenda(page, make_user, app):
    make_user(role="organizer", organization="IACIP", email="ana@iacip.mx", name="Ana Pérez")
    log_in(page, "ana@iacip.mx", DEFAULT_PASSWORD)
    page.goto("/eventos/nuevo")
    day = (utcnow() + timedelta(days=10)).date()
    page.get_by_label("Título", exact=True).fill("Taller de datos abiertos para municipios")
    page.get_by_label("Tipo de evento").select_option("taller")
    page.get_by_label("Datos Abiertos").check()
    first_row = page.locator(".session-row").nth(0)
    first_row.get_by_label("Fecha").fill(day.isoformat())
    first_row.get_by_label("Inicio").fill("10:00")
    first_row.get_by_label("Fin").fill("12:00")
    first_row.get_by_label("Título de la sesión (opcional)").fill("Sesión 1")
    page.get_by_role("button", name="Copiar la fila anterior con el día siguiente").click()
    second_row = page.locator(".session-row").nth(1)
    assert second_row.get_by_label("Fecha").input_value() == (day + timedelta(days=1)).isoformat()
    assert second_row.get_by_label("Inicio").input_value() == "10:00"
    assert second_row.get_by_label("Título de la sesión (opcional)").input_value() == "Sesión 2"
    page.get_by_role("button", name="Guardar y publicar").click()
    page.wait_for_load_state()
    assert "Evento publicado." in page.locator(".flashes").inner_text()

    page.goto("/agenda")
    card = page.locator(".event-card", has_text="Taller de datos abiertos para municipios")
    assert card.count() == 1
    assert "10:00" in card.inner_text() and "Sesión 1 de 2" in card.inner_text()
    card.get_by_role("link").click()
    expect(page.locator(".session")).to_have_count(2)  # waits for the event page to load
    with app.app_context():
        event = db.session.scalars(select(Event)).one()
        assert event.status == "published" and event.organization.acronym == "IACIP"


def test_the_form_adds_blank_session_rows(page, make_user):
    make_user(role="organizer", organization="IACIP", email="ana@iacip.mx")
    log_in(page, "ana@iacip.mx", DEFAULT_PASSWORD)
    page.goto("/eventos/nuevo")
    before = page.locator(".session-row").count()
    page.get_by_role("button", name="Agregar sesión").click()
    assert page.locator(".session-row").count() == before + 1
    assert page.locator(f"input[name='sessions-{before}-date']").count() == 1


def test_sessions_are_also_shown_in_the_visitors_own_zone(browser, live_server, make_event):
    event_id = make_event(title="Panel con horario", start=datetime(2031, 3, 4, 10), timezone="America/Mexico_City")
    context = browser.new_context(base_url=live_server, locale="es-MX", timezone_id="America/Bogota")
    tab = context.new_page()
    tab.goto(f"/eventos/{event_id}")
    note = tab.locator(".visitor-time").first
    assert note.is_visible()
    assert "America/Bogota" in note.inner_text()
    assert "11:00–13:00" in note.inner_text(), "10:00 in Mexico City (UTC−6) is 11:00 in Bogotá (UTC−5)"
    context.close()
    same = browser.new_context(base_url=live_server, locale="es-MX", timezone_id="America/Mexico_City")
    tab = same.new_page()
    tab.goto(f"/eventos/{event_id}")
    assert not tab.locator(".visitor-time").first.is_visible()
    same.close()


@pytest.fixture
def sample_agenda(make_event, app):
    soon = (utcnow() + timedelta(days=2)).replace(hour=10, minute=0, second=0, microsecond=0)
    ids = [make_event(title="Jornada Nacional de Capacitación", sessions=3, start=soon, themes=["Transparencia Proactiva"],
                      co_organizers=["INAI"], stream_url="https://www.youtube.com/@INAImx"),
           make_event(title="Panel cancelado", status="cancelled", start=soon + timedelta(days=1)),
           make_event(title="Foro pospuesto", status="postponed", start=soon + timedelta(days=1, hours=3))]
    return ids


@pytest.mark.parametrize("path", ["/", "/agenda", "/agenda/mes", "/agenda/pasados", "/agenda?type=fiesta",
                                  "EVENT"])
def test_public_event_pages_have_no_serious_accessibility_violations(page, axe, sample_agenda, path):
    page.goto(f"/eventos/{sample_agenda[0]}" if path == "EVENT" else path)
    assert serious_violations(axe, page) == []


@pytest.mark.parametrize("path", ["/eventos/nuevo", "EDIT", "/mis-eventos", "/coordinacion", "/admin/temas",
                                  "FORM_ERRORS"])
def test_organizer_pages_have_no_serious_accessibility_violations(page, axe, make_user, sample_agenda, path):
    make_user(role="admin", organization=None, email="admin@example.org")
    log_in(page, "admin@example.org", DEFAULT_PASSWORD)
    if path == "EDIT":
        page.goto(f"/eventos/{sample_agenda[0]}/editar")
    elif path == "FORM_ERRORS":
        page.goto("/eventos/nuevo")
        page.get_by_role("button", name="Guardar borrador").click()
        page.wait_for_load_state()
        assert page.locator(".error-summary").is_visible()
    else:
        page.goto(path)
    assert serious_violations(axe, page) == []


@pytest.mark.parametrize("path", ["/agenda", "/agenda/mes", "EVENT"])
def test_event_pages_work_on_a_phone_screen(browser, live_server, sample_agenda, path):
    context = browser.new_context(base_url=live_server, viewport={"width": 360, "height": 740})
    phone = context.new_page()
    phone.goto(f"/eventos/{sample_agenda[0]}" if path == "EVENT" else path)
    scroll_width = phone.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert scroll_width <= 360, "no horizontal scrolling on a phone"
