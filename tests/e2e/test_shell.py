"""The shell in a real browser: logging in, and accessibility of the first pages."""
import pytest

from tests.e2e.conftest import log_in, serious_violations
from tests.fixtures.accounts import DEFAULT_PASSWORD


def test_login_through_the_real_page_shows_the_users_name(page, make_user):
    make_user(role="organizer", email="ana@example.org", name="Ana Pérez Rangel")
    log_in(page, "ana@example.org", DEFAULT_PASSWORD)
    assert page.locator(".user-name").inner_text() == "Ana Pérez Rangel"
    assert page.locator(".flash-success").is_visible()


def test_wrong_password_in_the_browser_shows_the_generic_message(page, make_user):
    make_user(email="ana@example.org")
    log_in(page, "ana@example.org", "no-es-la-contraseña")
    assert "Correo o contraseña incorrectos." in page.locator(".flash-error").inner_text()


@pytest.mark.parametrize("path", ["/", "/entrar", "/privacidad", "/no-existe"])
def test_pages_have_no_serious_accessibility_violations(page, axe, path):
    page.goto(path)
    assert serious_violations(axe, page) == []


def test_home_works_on_a_phone_screen(browser, live_server):
    context = browser.new_context(base_url=live_server, viewport={"width": 360, "height": 740})
    phone = context.new_page()
    phone.goto("/")
    scroll_width = phone.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert scroll_width <= 360, "no horizontal scrolling on a phone"
