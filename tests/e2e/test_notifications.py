"""Notifications in Chromium: an organizer writes, previews and sends an announcement; the admin's outbox page;
axe finds no serious or critical violation on the outbox, announcement, reminder and stop-reminders pages."""
import pytest

from agenda.extensions import db
from agenda.outbox.addresses import opt_out_token
from agenda.outbox.services import enqueue
from tests.e2e.conftest import log_in, serious_violations
from tests.fixtures.accounts import DEFAULT_PASSWORD


@pytest.fixture
def event_with_people(make_event, people):
    event_id = make_event(title="Taller de datos abiertos", sessions=2)
    people(event_id, 3)
    return event_id


def test_an_organizer_previews_and_sends_an_announcement(page, axe, make_user, event_with_people, outbox_rows):
    make_user(role="organizer", organization="IACIP", email="org@iacip.mx")
    log_in(page, "org@iacip.mx", DEFAULT_PASSWORD)
    page.goto(f"/eventos/{event_with_people}")  # the event page, as its organizer sees it
    page.get_by_role("link", name="Escribir a las personas registradas").click()
    assert page.get_by_role("heading", name="Anuncios").is_visible()
    assert serious_violations(axe, page) == []
    page.get_by_role("link", name="Escribir un anuncio").click()
    assert serious_violations(axe, page) == []
    page.get_by_label("Solo confirmadas").check()
    page.get_by_label("Asunto").fill("Cambio de sala")
    page.get_by_label("Mensaje").fill("La sesión será en la sala B.\n\nGracias.")
    page.get_by_role("button", name="Vista previa").click()

    assert "Se enviará a 3 personas" in page.locator("#reach").inner_text()
    assert "La sesión será en la sala B." in page.locator(".notice-preview").inner_text()
    assert serious_violations(axe, page) == []
    page.get_by_role("button", name="Enviar a 3 personas").click()
    assert "Llegó a 3 personas" in page.locator("#reach").inner_text()
    assert serious_violations(axe, page) == []
    assert sorted(m.to_address for m in outbox_rows("announcement")) == [
        "p1@example.org", "p2@example.org", "p3@example.org"]


def test_the_admin_outbox_page_filters_and_retries(page, axe, app, make_user, event_with_people, outbox_rows):
    with app.app_context():
        failed = enqueue(db.session, "nadie@example.org", "Recordatorio: Taller", "Texto", kind="reminder")
        failed.status, failed.attempts = "failed", 8
        failed.last_error = "SMTP 550 5.1.1 Usuario desconocido (destinatario rechazado)"
        db.session.commit()
        failed_id = failed.id
    make_user(role="admin", organization=None, email="admin@snt.mx")
    log_in(page, "admin@snt.mx", DEFAULT_PASSWORD)
    page.get_by_role("link", name="Correo").click()
    assert page.get_by_role("heading", name="Correo saliente").is_visible()
    assert serious_violations(axe, page) == []

    page.get_by_label("Estado").select_option("failed")
    page.get_by_role("button", name="Filtrar").click()
    assert "SMTP 550 5.1.1 Usuario desconocido" in page.locator(f"#mensaje-{failed_id}").inner_text()
    assert page.locator("tbody tr").count() == 1
    page.get_by_role("button", name=f"Reintentar mensaje {failed_id}").click()
    assert "volvió a la cola" in page.locator(".flash-success").inner_text()
    assert [m.status for m in outbox_rows("reminder")] == ["pending"]


def test_reminder_settings_stop_and_privacy_pages_have_no_serious_violations(page, axe, app, make_user,
                                                                   event_with_people):
    make_user(role="organizer", organization="IACIP", email="org@iacip.mx")
    log_in(page, "org@iacip.mx", DEFAULT_PASSWORD)
    page.goto(f"/eventos/{event_with_people}/recordatorios")
    assert serious_violations(axe, page) == []
    page.get_by_label("3 horas antes").check()
    page.get_by_role("button", name="Guardar").click()
    assert page.get_by_label("3 horas antes").is_checked()

    with app.test_request_context():
        token = opt_out_token("p1@example.org")
    page.goto(f"/recordatorios/baja/{token}")
    assert serious_violations(axe, page) == []
    page.get_by_role("button", name="Dejar de recibir recordatorios").click()
    assert "ya no le enviaremos recordatorios" in page.get_by_role("status").inner_text()
    assert serious_violations(axe, page) == []
    page.goto(f"/eventos/{event_with_people}/aviso-de-privacidad")
    assert page.get_by_role("heading", name="Aviso de privacidad simplificado").is_visible()
    assert serious_violations(axe, page) == []
