"""The embedded agenda in a real browser with third-party cookies blocked: a body's page on a second loopback
origin shows the frame, which lists the body's events and registers a person; the same form posted from a
third origin without the form token is refused. The app runs with CSRF protection on (as in production), so
the registration cannot be leaning on the session cookie's CSRF token."""
import json
import os
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from agenda.catalog.models import Organization
from agenda.extensions import db
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

# Chromium's own switches for "block third-party cookies" (the settings page's choice, as a profile preference)
# and the third-party-cookie phase-out's test mode; the test checks below that they took effect.
BLOCKING_PREFERENCES = {"profile": {"cookie_controls_mode": 1, "block_third_party_cookies": True}}
BLOCKING_ARGS = ["--test-third-party-cookie-phaseout"]


def serve_html(host: str, pages: dict[str, tuple[str, dict]]):
    """A tiny HTTP server on `host` answering each path with (html, extra headers)."""
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body, headers = pages.get(self.path.split("?")[0], ("no", {}))
            self.send_response(200 if body != "no" else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body.encode("utf-8"))

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer((host, 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def blocking_context(playwright_driver):
    profile = tempfile.mkdtemp(prefix="chromium-3pc-")
    os.makedirs(os.path.join(profile, "Default"))
    with open(os.path.join(profile, "Default", "Preferences"), "w") as handle:
        json.dump(BLOCKING_PREFERENCES, handle)
    context = playwright_driver.chromium.launch_persistent_context(
        profile, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS + BLOCKING_ARGS,
        locale="es-MX", timezone_id="America/Mexico_City")
    context.set_default_timeout(15000)
    yield context
    context.close()


def test_the_embed_lists_and_registers_with_third_party_cookies_blocked(live_server, csrf_enabled, app, make_event,
                                                                        blocking_context):
    csrf_server = live_server
    event_id = make_event(title="Taller de datos abiertos", capacity=25)
    make_event(title="Evento del INAI", organization="INAI")
    probe = serve_html("127.0.0.1", {"/galleta": ("<p>sonda</p>",
                                                  {"Set-Cookie": "sonda=1; SameSite=None; Secure; Path=/"})})
    body_pages = {}  # filled once the server's port (the body's origin) is known
    body_site = serve_html("127.0.0.2", body_pages)
    body_origin = f"http://127.0.0.2:{body_site.server_port}"
    snippet = (f'<h1>Sitio del IACIP</h1><div data-agenda-snt data-organization="IACIP" data-accent="#005a9c" '
               f'data-lang="es"></div><script src="{csrf_server}/static/js/embed.js" async></script>'
               f'<iframe id="sonda" src="http://localhost:{probe.server_port}/galleta"></iframe>')
    body_pages["/"] = (snippet, {})
    with app.app_context():
        body = db.session.scalar(select(Organization).where(Organization.acronym == "IACIP"))
        body.embed_origins = body_origin
        db.session.commit()

    page = blocking_context.new_page()
    page.goto(body_origin + "/")
    frame_element = page.locator("iframe[title='Próximos eventos']")
    expect(frame_element).to_be_visible()
    frame = page.frame_locator("iframe[title='Próximos eventos']")
    expect(frame.get_by_role("heading", name="Taller de datos abiertos")).to_be_visible()
    expect(frame.get_by_text("Quedan 25 lugares.")).to_be_visible()
    expect(frame.get_by_text("Evento del INAI")).to_have_count(0)
    # The snippet sized the frame from the height the frame reported (postMessage), not the 420px default.
    page.wait_for_function("document.querySelector(\"iframe[title='Próximos eventos']\").style.height !== '420px'")

    # Third-party cookies really are blocked in this browser: the probe frame's cookie was refused, and the
    # agenda's frame has no storage access.
    assert not [c for c in blocking_context.cookies() if c["name"] == "sonda"]
    agenda_frame = next(f for f in page.frames if f.url.startswith(csrf_server))
    assert agenda_frame.evaluate("document.hasStorageAccess()") is False

    frame.get_by_role("link", name="Registrarme").click()
    frame.get_by_label("Nombre completo").fill("Ana Martínez Ruiz")
    frame.get_by_label("Correo electrónico").fill("ana.martinez@iacip-gto.org.mx")
    frame.get_by_label("Institución (sujeto obligado) o lugar de trabajo").fill("IACIP Guanajuato")
    frame.get_by_label("Entidad federativa").select_option("GUA")
    frame.get_by_label("Gobierno").check()
    frame.get_by_label("He leído el aviso de privacidad").check()
    frame.get_by_role("button", name="Registrarme").click()
    expect(frame.get_by_role("heading", name="¡Listo! Su lugar está confirmado.")).to_be_visible()
    assert _registrations(app, event_id) == [("ana.martinez@iacip-gto.org.mx", "confirmed")]
    assert not [c for c in blocking_context.cookies() if c["domain"] == "127.0.0.1"]  # none kept for the agenda

    # The same form posted from a third origin, without the form token, is refused.
    attacker = serve_html("127.0.0.3", {"/": ((
        f'<form method="post" action="{csrf_server}/embed/eventos/{event_id}/registro">'
        '<input name="name" value="Bot"><input name="email" value="bot@example.org">'
        '<input name="institution" value="X"><input name="state" value="GUA"><input name="sector" value="gobierno">'
        '<input name="consent" value="y"><button type="submit">Enviar</button></form>'), {})})
    attack = blocking_context.new_page()
    attack.goto(f"http://127.0.0.3:{attacker.server_port}/")
    with attack.expect_response(lambda r: "/embed/eventos/" in r.url and r.request.method == "POST") as posted:
        attack.get_by_role("button", name="Enviar").click()
    assert posted.value.status == 403
    expect(attack.get_by_text("solo puede enviarse desde la agenda insertada")).to_be_visible()
    assert _registrations(app, event_id) == [("ana.martinez@iacip-gto.org.mx", "confirmed")]
    for server in (probe, body_site, attacker):
        server.shutdown()


def _registrations(app, event_id):
    from agenda.registration.models import Registration

    with app.app_context():
        return [(r.email, r.status) for r in db.session.scalars(
            select(Registration).where(Registration.event_id == event_id).order_by(Registration.id))]


@pytest.mark.parametrize("width", (360, 1280))
def test_the_embed_pages_fit_and_pass_axe(page, axe, live_server, make_event, make_user, width):
    from tests.e2e.conftest import log_in, serious_violations
    from tests.fixtures.accounts import DEFAULT_PASSWORD

    event_id = make_event(title="Taller de datos abiertos", capacity=25)
    _user_id, email = make_user(role="organizer", organization="IACIP")
    page.set_viewport_size({"width": width, "height": 800})
    problems = []
    for path in ("/embed/agenda?organization=IACIP", f"/embed/eventos/{event_id}/registro", "/embed/codigo"):
        if path == "/embed/codigo":
            log_in(page, email, DEFAULT_PASSWORD)
        response = page.goto(path)
        assert response.status == 200, path
        if page.evaluate("document.documentElement.scrollWidth") > width:
            problems.append(f"{path} @{width}: wider than the screen")
        problems += [f"{path} @{width}: {v}" for v in serious_violations(axe, page)]
    assert problems == []
