"""Phone first: every page, for every role, fits a 360 px screen without sideways scrolling and has no serious or
critical axe violation, at 360 px and at 1280 px. The data is the demo's (the commission's agenda, a full
course, registrant lists of 36 people, attendance), so the wide tables and long names of real use are there."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from agenda.accounts.models import User
from agenda.catalog.models import Organization
from agenda.cli import DEMO_PASSWORD, load_demo
from agenda.events.models import Event, EventSession, Theme
from agenda.extensions import db
from agenda.registration.models import Registration, RegistrationAccessLink
from agenda.security import new_token
from agenda.timeutil import utcnow
from tests.e2e.conftest import serious_violations

WIDTHS = (360, 1280)


def _first(query):
    value = db.session.scalar(query.limit(1))
    assert value is not None, f"the demo has no row for {query}"
    return value


@pytest.fixture
def site(app, register):
    """Demo data plus one person's own links; returns the pages per role."""
    with app.app_context():
        load_demo(db.session)
        now = utcnow()
        upcoming = _first(select(Event).where(Event.status == "published", Event.registration_required.is_(True),
                                              Event.first_starts_at > now).order_by(Event.capacity.desc()))
        past = _first(select(Event).join(Registration).where(Event.last_ends_at < now)
                      .order_by(Event.last_ends_at.desc()))
        upcoming_id, upcoming_slug, past_id = upcoming.id, upcoming.slug, past.id
        past_session = _first(select(EventSession.id).where(EventSession.event_id == past_id))
        upcoming_session = _first(select(EventSession.id).where(EventSession.event_id == upcoming_id))
        user_id = _first(select(User.id).where(User.role == "organizer"))
        organization_id = _first(select(Organization.id).where(Organization.acronym == "IACIP"))
        theme_id = db.session.scalar(select(Theme.id).limit(1))
        lookup_token, digest = new_token()
        db.session.add(RegistrationAccessLink(email="ana.martinez@iacip-gto.org.mx", token_hash=digest,
                                              expires_at=now + timedelta(hours=24)))
        db.session.commit()
    _, token = register(upcoming_id, email="ana.martinez@iacip-gto.org.mx")
    event_pages = [f"/eventos/{upcoming_id}-{upcoming_slug}", f"/eventos/{upcoming_id}/registro",
                   f"/eventos/{upcoming_id}/aviso-de-privacidad", f"/eventos/{past_id}"]
    public = ["/", "/agenda", "/agenda/mes", "/agenda/pasados", "/suscribirse", "/mis-registros", "/constancias",
              "/privacidad", "/entrar", "/api/v1/docs", *event_pages,
              f"/mi-registro/{token}", f"/mi-registro/{token}/confirmacion", f"/mi-registro/{token}/corregir",
              f"/mis-registros/{lookup_token}", "/datos-abiertos", "/datos-abiertos/agenda-eventos",
              "/embed/agenda?organization=IACIP", f"/embed/eventos/{upcoming_id}/registro"]
    organizer = ["/mis-eventos", "/coordinacion", "/eventos/nuevo", "/asistencia", "/cuenta", "/cuenta/tokens",
                 f"/eventos/{upcoming_id}/editar", f"/eventos/{upcoming_id}/registros",
                 f"/eventos/{upcoming_id}/registros/nuevo", f"/eventos/{upcoming_id}/preguntas",
                 f"/eventos/{upcoming_id}/anuncios", f"/eventos/{upcoming_id}/anuncios/nuevo",
                 f"/eventos/{upcoming_id}/recordatorios", f"/asistencia/eventos/{upcoming_id}",
                 f"/asistencia/sesiones/{upcoming_session}", f"/asistencia/sesiones/{upcoming_session}/importar",
                 f"/asistencia/sesiones/{upcoming_session}/qr", f"/asistencia/sesiones/{upcoming_session}/codigo",
                 "/embed/codigo"]
    commissioner = ["/mis-calendarios", "/informe", "/agenda", "/cuenta"]
    admin = ["/admin/usuarios", "/admin/usuarios/nuevo", f"/admin/usuarios/{user_id}", "/admin/organismos",
             "/admin/organismos/nuevo", f"/admin/organismos/{organization_id}", "/admin/temas",
             "/admin/temas/nuevo", "/admin/correo", "/coordinacion", "/informe",
             *([f"/admin/temas/{theme_id}"] if theme_id else []),
             # an ended event with attendance (the admin manages every event)
             f"/eventos/{past_id}", f"/eventos/{past_id}/registros", f"/asistencia/eventos/{past_id}",
             f"/asistencia/sesiones/{past_session}", f"/asistencia/sesiones/{past_session}/importar"]
    return {None: public, "organizador@iacip.mx": organizer, "comisionada@inai.mx": commissioner,
            "admin@agenda-snt.mx": admin}


def _problems(page, axe, path, width) -> list[str]:
    response = page.goto(path)
    if response.status >= 400:
        return [f"{path}: HTTP {response.status}"]
    found = []
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        wide = page.evaluate("""(width) => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > width + 1 && e.offsetParent !== null)
            .slice(-3).map(e => e.tagName + '.' + e.className + '#' + e.id)""", width)
        found.append(f"{path} @{width}px: scrollWidth {scroll_width} ({wide})")
    found += [f"{path} @{width}px: {v}" for v in serious_violations(axe, page)]
    return found


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_of_every_role_fits_the_screen_and_passes_axe(browser, live_server, axe, site, width):
    problems = []
    for email, paths in site.items():
        context = browser.new_context(base_url=live_server, locale="es-MX", timezone_id="America/Mexico_City",
                                      viewport={"width": width, "height": 800})
        context.set_default_timeout(20000)
        page = context.new_page()
        if email:
            page.goto("/entrar")
            page.get_by_label("Correo electrónico").fill(email)
            page.get_by_label("Contraseña").fill(DEMO_PASSWORD)
            page.get_by_role("button", name="Entrar").click()
            page.wait_for_load_state()
            assert "/entrar" not in page.url, f"{email} could not log in"
        for path in paths:
            problems += _problems(page, axe, path, width)
        context.close()
    assert problems == [], "\n".join(problems)
