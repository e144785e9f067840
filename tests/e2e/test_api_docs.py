"""The API docs page and the token page in Chromium: an organizer creates a token, copies it once, uses it,
revokes it; both pages pass axe and fit a phone screen."""
import pytest

from tests.e2e.conftest import log_in, serious_violations
from tests.fixtures.accounts import DEFAULT_PASSWORD


def test_docs_page_lists_every_operation_and_passes_axe(page, axe):
    response = page.goto("/api/v1/docs")
    assert response.status == 200
    headings = page.locator(".api-op h3").all_inner_texts()
    for operation in ("GET /api/v1/events", "POST /api/v1/events", "PATCH /api/v1/events/{event_id}"):
        assert any(" ".join(h.split()) == operation for h in headings), headings
    assert serious_violations(axe, page) == []


def test_organizer_creates_uses_and_revokes_a_token(page, axe, make_user, live_server):
    make_user(role="organizer", email="ana@example.org")
    log_in(page, "ana@example.org", DEFAULT_PASSWORD)
    page.goto("/cuenta")
    page.get_by_role("link", name="Administrar tokens").click()
    page.get_by_label("Nombre del token").fill("Portal del IACIP")
    page.get_by_role("button", name="Crear token").click()
    secret = page.get_by_label("Token", exact=True).input_value()
    assert len(secret) >= 43
    assert serious_violations(axe, page) == []

    api = page.context.request
    assert api.get(f"{live_server}/api/v1/events", headers={"Authorization": f"Bearer {secret}"}).status == 200
    page.goto("/cuenta/tokens")
    assert secret not in page.content()  # shown once only
    page.get_by_role("button", name="Revocar Portal del IACIP").click()
    assert "ya no da acceso" in page.locator(".flash-success").inner_text()
    assert api.get(f"{live_server}/api/v1/events", headers={"Authorization": f"Bearer {secret}"}).status == 401
    assert serious_violations(axe, page) == []


@pytest.mark.parametrize("path", ["/api/v1/docs", "/cuenta/tokens"])
def test_api_pages_fit_a_phone(browser, live_server, make_user, path):
    make_user(role="organizer", email="ana@example.org")
    context = browser.new_context(base_url=live_server, viewport={"width": 360, "height": 740})
    phone = context.new_page()
    log_in(phone, "ana@example.org", DEFAULT_PASSWORD)
    phone.goto(path)
    scroll_width = phone.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert scroll_width <= 360, "no horizontal scrolling on a phone"
