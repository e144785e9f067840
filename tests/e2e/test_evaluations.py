"""On a 360 px phone: an attendee opens the evaluation from the personal link, answers it, and only then can
download the certificate (the event requires the evaluation); axe finds nothing serious on the pages."""
from datetime import timedelta

import pytest

from agenda.attendance.models import AttendanceSettings
from agenda.catalog.services import organization_by_acronym, state_by_code
from agenda.evaluations import services
from agenda.events.models import Event
from agenda.extensions import db
from agenda.registration.models import Registration
from agenda.security import new_token
from agenda.timeutil import utcnow
from tests.e2e.conftest import serious_violations
from tests.evaluations.conftest import QUESTIONS


@pytest.fixture
def course_with_evaluation(app, make_event, mark_present):
    start = (utcnow() - timedelta(days=3)).replace(hour=10, minute=0, second=0, microsecond=0)
    event_id = make_event(title="Curso de Datos Abiertos", sessions=2, type="curso", start=start)
    token, digest = new_token()
    with app.app_context():
        template = services.save_template(db.session, organization_by_acronym(db.session, "IACIP").id,
                                          "Evaluación del curso", [dict(q) for q in QUESTIONS])
        services.attach(db.session, db.session.get(Event, event_id), template, utcnow() + timedelta(days=7))
        registration = Registration(event_id=event_id, email="ana@example.org", name="Ana Núñez Peña",
                                    institution="IACIP", state=state_by_code(db.session, "GUA"), sector="gobierno",
                                    gender="mujer", status="confirmed", source="form", token_hash=digest,
                                    consent_at=utcnow(), confirmed_at=utcnow())
        db.session.add(registration)
        db.session.add(AttendanceSettings(event_id=event_id, min_percent=80, min_minutes=30,
                                          certificates_enabled=True, evaluation_required=True))
        db.session.commit()
        rid = registration.id
    mark_present(rid, 0)
    mark_present(rid, 1)
    return token


def test_attendee_answers_on_a_phone_then_gets_the_certificate(browser, live_server, axe, course_with_evaluation):
    token = course_with_evaluation
    context = browser.new_context(base_url=live_server, viewport={"width": 360, "height": 780}, locale="es-MX",
                                  timezone_id="America/Mexico_City")
    context.set_default_timeout(15000)
    page = context.new_page()
    from playwright.sync_api import expect

    page.goto(f"/mi-registro/{token}")
    expect(page.get_by_text("Cuando cumpla la asistencia requerida podrá descargar aquí su constancia.")).to_be_visible()
    expect(page.get_by_role("link", name="Descargar mi constancia (PDF)")).to_have_count(0)
    assert page.request.get(f"/asistencia/mi-constancia/{token}").status == 409  # not before the evaluation
    assert serious_violations(axe, page) == []

    page.get_by_role("link", name="Responder la evaluación: Evaluación del curso").click()
    expect(page.get_by_role("heading", name="Evaluación del curso")).to_be_visible()
    assert serious_violations(axe, page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("button", name="Enviar mis respuestas").click()  # required questions missing
    expect(page.get_by_role("alert").first).to_contain_text("Revise las respuestas marcadas.")
    assert serious_violations(axe, page) == []
    page.get_by_role("group", name="¿Qué tan útil fue el curso?").get_by_label("5 (excelente)").check()
    page.get_by_role("group", name="¿Lo recomendaría?").get_by_label("Sí").check()
    page.get_by_label("Comentarios").fill("Muy claro, gracias.")
    page.get_by_role("button", name="Enviar mis respuestas").click()
    expect(page.get_by_text("Gracias: sus respuestas quedaron guardadas.")).to_be_visible()

    page.get_by_role("link", name="Volver a mi registro").click()
    certificate = page.get_by_role("link", name="Descargar mi constancia (PDF)")
    expect(certificate).to_be_visible()
    assert serious_violations(axe, page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    response = page.request.get(certificate.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"].startswith("application/pdf")
    context.close()


def test_organizer_pages_fit_a_phone_and_pass_axe(browser, live_server, axe, app, make_user,
                                                  course_with_evaluation):
    from playwright.sync_api import expect

    from agenda.evaluations.models import Evaluation
    from tests.e2e.conftest import log_in
    from tests.fixtures.accounts import DEFAULT_PASSWORD

    make_user(role="organizer", organization="IACIP", email="org@iacip-gto.org.mx")
    with app.app_context():
        evaluation = db.session.query(Evaluation).one()
        evaluation_id, event_id = evaluation.id, evaluation.event_id
        first_session = evaluation.event.sessions[0].id
    context = browser.new_context(base_url=live_server, viewport={"width": 360, "height": 780}, locale="es-MX")
    context.set_default_timeout(15000)
    page = context.new_page()
    log_in(page, "org@iacip-gto.org.mx", DEFAULT_PASSWORD)
    for path, heading in ((f"/evaluaciones/eventos/{event_id}", "Evaluaciones"),
                          (f"/evaluaciones/{evaluation_id}/resultados", "Resultados"),
                          ("/evaluaciones/plantillas", "Plantillas de evaluación"),
                          (f"/materiales/eventos/{event_id}", "Materiales"),
                          (f"/evaluaciones/sesiones/{first_session}/seguimiento", "Correo de seguimiento"),
                          (f"/asistencia/eventos/{event_id}", "Curso de Datos Abiertos"),
                          ("/asistencia/emblema", "Emblema")):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        assert serious_violations(axe, page) == [], path
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
    context.close()
