"""The calendar pages in a real browser: accessibility (axe), the copy button, and the pages without JavaScript."""
import re

from tests.e2e.conftest import log_in, serious_violations
from tests.fixtures.accounts import DEFAULT_PASSWORD


def test_subscription_page_has_no_serious_accessibility_violations(page, axe, make_event):
    make_event()
    page.goto("/suscribirse?type=webinar")
    assert page.get_by_label("Dirección del calendario (iCal)").input_value().endswith("/calendario.ics?type=webinar")
    assert serious_violations(axe, page) == []


def test_my_calendars_page_has_no_serious_accessibility_violations(page, axe, make_user, make_event):
    make_user(role="commissioner", email="comisionada@example.org")
    make_event(title="Foro de Gobierno Abierto")
    log_in(page, "comisionada@example.org", DEFAULT_PASSWORD)
    page.goto("/mis-calendarios")
    assert serious_violations(axe, page) == []

    page.get_by_label("Nombre de la dirección").fill("Teléfono")
    page.get_by_role("button", name="Crear dirección").click()
    page.wait_for_load_state()
    url = page.get_by_label("Dirección de su calendario personal").input_value()
    assert re.fullmatch(r"http://agenda\.test/calendario/[A-Za-z0-9_-]{40,}\.ics", url)
    assert serious_violations(axe, page) == [], "with the new URL box and the table of URLs"

    page.get_by_label("Norte").check()
    page.get_by_label("Taller", exact=True).check()
    page.get_by_role("button", name="Guardar lo que sigo").click()
    page.wait_for_load_state()
    assert page.get_by_label("Norte").is_checked()
    assert serious_violations(axe, page) == []


def test_copy_button_copies_the_url_and_says_so(browser, live_server):
    context = browser.new_context(base_url=live_server, locale="es-MX")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    tab = context.new_page()
    tab.goto("/suscribirse")
    tab.get_by_role("button", name="Copiar").click()
    tab.get_by_text("Dirección copiada.").wait_for()
    copied = tab.evaluate("navigator.clipboard.readText()")
    context.close()
    assert copied == "http://agenda.test/calendario.ics"


def test_without_javascript_the_url_is_there_and_no_dead_button(browser, live_server):
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    tab = context.new_page()
    tab.goto("/suscribirse")
    field = tab.get_by_label("Dirección del calendario (iCal)")
    value = field.input_value()
    copy_visible = tab.get_by_role("button", name="Copiar").count()
    context.close()
    assert value == "http://agenda.test/calendario.ics"
    assert copy_visible == 0, "the Copy button only appears when it can work"


def test_subscription_page_works_on_a_phone_screen(browser, live_server):
    context = browser.new_context(base_url=live_server, viewport={"width": 360, "height": 740})
    phone = context.new_page()
    phone.goto("/suscribirse")
    scroll_width = phone.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert scroll_width <= 360, "no horizontal scrolling on a phone"
