"""A public servant registers in a real browser, opens their self-service link and cancels; accessibility
of the registration pages (axe: no serious or critical violation)."""
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in, serious_violations
from tests.fixtures.accounts import DEFAULT_PASSWORD


def fill_registration(page, email="ana.martinez@iacip-gto.org.mx"):
    page.get_by_label("Nombre completo").fill("Ana Martínez Ruiz")
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_label("Institución (sujeto obligado) o lugar de trabajo").fill("IACIP Guanajuato")
    page.get_by_label("Cargo").fill("Jefa de Unidad de Transparencia")
    page.get_by_label("Entidad federativa").select_option("GUA")
    page.get_by_label("Gobierno").check()
    page.get_by_label("He leído el aviso de privacidad").check()


def test_a_public_servant_registers_sees_the_confirmation_and_cancels_from_the_link(page, make_event,
                                                                                  registrations_of):
    event_id = make_event(title="Taller de Transparencia Proactiva", capacity=30)
    page.goto(f"/eventos/{event_id}/registro")
    assert page.get_by_role("heading", name="Aviso de privacidad simplificado").is_visible()
    fill_registration(page)
    page.get_by_role("button", name="Registrarme").click()
    assert page.get_by_role("heading", name="¡Registro confirmado!").is_visible()
    page.get_by_role("link", name="Administrar mi registro").click()
    assert page.get_by_role("heading", name="Mi registro", exact=True).is_visible()
    assert page.get_by_text("ana.martinez@iacip-gto.org.mx").is_visible()
    page.get_by_role("button", name="Cancelar mi registro").click()
    expect(page.locator(".flash-success").get_by_text("Su registro quedó cancelado")).to_be_visible()
    assert registrations_of(event_id) == [("ana.martinez@iacip-gto.org.mx", "cancelled", None)]


def test_a_missing_consent_is_explained_next_to_the_checkbox(page, make_event):
    event_id = make_event(capacity=30)
    page.goto(f"/eventos/{event_id}/registro")
    fill_registration(page)
    page.get_by_label("He leído el aviso de privacidad").uncheck()
    page.get_by_role("button", name="Registrarme").click()
    assert page.locator("#consent-error").get_by_text("debe leer el aviso de privacidad").is_visible()
    assert page.get_by_label("Nombre completo").input_value() == "Ana Martínez Ruiz"  # nothing to retype


@pytest.mark.parametrize("with_questions", [False, True])
def test_the_registration_form_has_no_serious_accessibility_violations(page, axe, make_event, make_question,
                                                                      with_questions):
    event_id = make_event(capacity=30)
    if with_questions:
        make_question(event_id, label="¿Requiere constancia?", kind="yes_no", required=True)
        make_question(event_id, label="Turno", kind="choice", choices=["Mañana", "Tarde"])
        make_question(event_id, label="¿Qué espera del taller?", kind="text")
    page.goto(f"/eventos/{event_id}/registro")
    assert serious_violations(axe, page) == []
    page.get_by_role("button", name="Registrarme").click()  # the page with every error shown
    assert page.locator(".error").first.is_visible()
    assert serious_violations(axe, page) == []


def test_the_confirmation_and_self_service_pages_have_no_serious_accessibility_violations(page, axe, make_event,
                                                                                        register):
    event_id = make_event(capacity=1)
    register(event_id, email="primera@example.org")
    page.goto(f"/eventos/{event_id}/registro")
    fill_registration(page)
    page.get_by_role("button", name="Registrarme").click()
    assert page.get_by_role("heading", name="Está en la lista de espera").is_visible()
    assert serious_violations(axe, page) == []
    page.get_by_role("link", name="Administrar mi registro").click()
    assert serious_violations(axe, page) == []
    page.get_by_role("link", name="Corregir mis datos").click()
    assert serious_violations(axe, page) == []


def test_mis_registros_and_the_organizers_list_have_no_serious_accessibility_violations(page, axe, make_event,
                                                                                       register, make_user):
    event_id = make_event(capacity=1)
    register(event_id, email="a@example.org")
    register(event_id, email="b@example.org")
    page.goto("/mis-registros")
    assert serious_violations(axe, page) == []
    make_user(role="organizer", organization="IACIP", email="org@example.org")
    log_in(page, "org@example.org", DEFAULT_PASSWORD)
    page.goto(f"/eventos/{event_id}/registros")
    assert page.get_by_text("b@example.org").is_visible()
    assert serious_violations(axe, page) == []
    page.goto(f"/eventos/{event_id}/preguntas")
    assert serious_violations(axe, page) == []


def test_the_form_fits_a_phone_screen(browser, live_server, make_event):
    event_id = make_event(capacity=30)
    context = browser.new_context(base_url=live_server, viewport={"width": 360, "height": 740})
    phone = context.new_page()
    phone.goto(f"/eventos/{event_id}/registro")
    width = phone.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 360
