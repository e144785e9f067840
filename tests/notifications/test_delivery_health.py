"""Delivery health: the admin's outbox page (filters, SMTP errors, retries, retry button); permanent SMTP
failures and malformed addresses are marked and not retried forever; the one-click "stop reminders" link."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from agenda.extensions import db
from agenda.notifications.notice_models import ReminderLog
from agenda.notifications.reminders import enqueue_due_reminders
from agenda.outbox.addresses import address_status
from agenda.outbox.models import OutboxMessage
from agenda.outbox.services import enqueue
from tests.fixtures.notifications import text_of


@pytest.fixture
def queue(app):
    def add(to, subject="Prueba", kind="registration_confirmed"):
        with app.app_context():
            message = enqueue(db.session, to, subject, "Texto", "<p>Texto</p>", kind=kind)
            db.session.commit()
            return message.id

    return add


def row(app, message_id) -> OutboxMessage:
    with app.app_context():
        message = db.session.get(OutboxMessage, message_id)
        db.session.expunge(message)
        return message


def test_a_permanent_smtp_error_fails_at_once_and_marks_the_address(app, queue, deliver, smtp_config):
    smtp_config.refuse["nadie@example.org"] = "550 5.1.1 Usuario desconocido"
    smtp_config.refuse["lleno@example.org"] = "452 4.2.2 Buzón lleno, intente más tarde"
    bounced, later, fine = queue("nadie@example.org"), queue("lleno@example.org"), queue("si@example.org")
    deliver()

    assert row(app, fine).status == "sent"
    failed = row(app, bounced)
    assert failed.status == "failed" and failed.attempts == 1  # not retried for hours
    assert failed.last_error == "SMTP 550 5.1.1 Usuario desconocido (destinatario rechazado)"  # no address
    retrying = row(app, later)
    assert retrying.status == "pending" and retrying.attempts == 1 and "452" in retrying.last_error
    with app.app_context():
        assert address_status(db.session, "nadie@example.org") == "bounced"
        assert address_status(db.session, "lleno@example.org") == "ok"

    smtp_config.clear()
    second = queue("NADIE@example.org", subject="Otro")
    deliver()
    assert row(app, second).status == "failed"
    assert "nadie@example.org" not in smtp_config.rcpt_attempts  # known bounce: the server is not asked again


def test_a_malformed_address_is_never_attempted(app, queue, deliver, smtp_config):
    message_id = queue("sin-arroba.example.org")
    deliver()
    failed = row(app, message_id)
    assert failed.status == "failed" and failed.attempts == 1 and "no válida" in failed.last_error
    assert smtp_config.rcpt_attempts == []
    with app.app_context():
        assert address_status(db.session, "sin-arroba.example.org") == "invalid"


def test_the_admin_sees_errors_and_retries_from_the_outbox_page(app, client, login_as, queue, deliver,
                                                                smtp_config):
    smtp_config.refuse["nadie@example.org"] = "550 5.1.1 Usuario desconocido"
    bounced = queue("nadie@example.org", subject="Recordatorio: Taller", kind="reminder")
    queue("si@example.org", subject="Registro confirmado: Taller")
    deliver()
    login_as("admin", None)

    page = client.get("/admin/correo?status=failed").get_data(as_text=True)
    assert "nadie@example.org" in page and "si@example.org" not in page
    assert "SMTP 550 5.1.1 Usuario desconocido" in page and "rebotada" in page
    assert f'/admin/correo/{bounced}/reintentar' in page
    assert "si@example.org" in client.get("/admin/correo?status=sent").get_data(as_text=True)
    kind_page = client.get("/admin/correo?kind=reminder").get_data(as_text=True)
    assert "nadie@example.org" in kind_page and "si@example.org" not in kind_page
    assert "si@example.org" not in client.get("/admin/correo?q=NADIE").get_data(as_text=True)
    assert client.get("/admin/correo?status=nada").status_code == 400

    smtp_config.refuse.clear()  # the person fixed their mailbox; the admin retries
    response = client.post(f"/admin/correo/{bounced}/reintentar")
    assert response.status_code == 302
    retried = row(app, bounced)
    assert retried.status == "pending" and retried.attempts == 0
    deliver()
    assert row(app, bounced).status == "sent"
    assert smtp_config.recipients("Recordatorio") == ["nadie@example.org"]
    sent_id = retried.id
    assert client.post(f"/admin/correo/{sent_id}/reintentar").status_code == 409  # already delivered
    assert client.post("/admin/correo/999999/reintentar").status_code == 404


def test_retry_all_failed_skips_bounced_addresses(app, client, login_as, queue):
    first, second = queue("uno@example.org"), queue("dos@example.org")
    with app.app_context():
        for message_id in (first, second):
            db.session.get(OutboxMessage, message_id).status = "failed"
        from agenda.outbox.addresses import mark_address

        mark_address(db.session, "dos@example.org", "bounced", "550")
        db.session.commit()
    login_as("admin", None)
    client.post("/admin/correo/reintentar-fallidos")
    assert row(app, first).status == "pending"
    assert row(app, second).status == "failed"


@pytest.mark.parametrize("page", ["99999999999999999999", "²", "0", "x"])
def test_the_outbox_refuses_a_page_number_that_cannot_be(client, login_as, queue, page):
    queue("uno@example.org")
    login_as("admin", None)
    response = client.get(f"/admin/correo?page={page}")
    assert response.status_code == 400
    assert "El número de página no es válido." in response.text


@pytest.mark.parametrize("role, status", [(None, 302), ("organizer", 403), ("commissioner", 403)])
def test_the_outbox_is_for_admins_only(client, login_as, queue, role, status):
    message_id = queue("uno@example.org")
    if role:
        login_as(role, "IACIP" if role == "organizer" else "INAI")
    assert client.get("/admin/correo").status_code == status
    assert client.post(f"/admin/correo/{message_id}/reintentar").status_code == status


def test_the_stop_link_in_a_reminder_stops_reminders_but_not_change_notices(
        app, client, make_event, people, deliver, smtp_config, session_times):
    event_id = make_event(title="Primer taller")
    people(event_id, 1)
    [(_session_id, start)] = session_times(event_id)
    deliver()
    [confirmation] = smtp_config.to("p1@example.org")
    assert "List-Unsubscribe" not in confirmation  # about a registration they made: not something to unsubscribe
    smtp_config.clear()
    with app.app_context():
        enqueue_due_reminders(db.session, start - timedelta(hours=23))
    deliver()
    [reminder] = smtp_config.to("p1@example.org")
    link = re.search(r"http://agenda\.test(/recordatorios/baja/\S+)", text_of(reminder)).group(1)
    # mail programs offer the same link as their own "unsubscribe" button, posting to it in one click
    assert reminder["List-Unsubscribe"] == f"<http://agenda.test{link}>"
    assert reminder["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    page = client.get(link)
    assert page.status_code == 200 and "Dejar de recibir recordatorios" in page.get_data(as_text=True)
    done = client.post(link)  # one click; mail clients may POST here directly (no CSRF token needed)
    assert done.status_code == 200 and "ya no le enviaremos recordatorios" in done.get_data(as_text=True)

    with app.app_context():  # the 1 h reminder of this event is not mailed
        assert enqueue_due_reminders(db.session, start - timedelta(minutes=30)) == 0
        outcomes = set(db.session.scalars(select(ReminderLog.outcome).where(ReminderLog.offset_minutes == 60)))
    assert outcomes == {"opted_out"}

    client.post(link.replace("/baja/", "/alta/"))
    other = make_event(title="Segundo taller")
    people(other, 1)
    [(_other_session, other_start)] = session_times(other)
    with app.app_context():
        assert enqueue_due_reminders(db.session, other_start - timedelta(hours=23)) == 1
    assert client.get("/recordatorios/baja/falso.firma").status_code == 404


def test_the_privacy_link_in_every_mail_shows_the_organizing_bodys_notice(app, client, make_event):
    from agenda.catalog.models import Organization

    event_id = make_event(organization="IACIP")
    with app.app_context():
        body = db.session.scalar(select(Organization).where(Organization.acronym == "IACIP"))
        body.privacy_notice = "El **IACIP** trata sus datos para gestionar su registro. <script>x</script>"
        db.session.commit()
    page = client.get(f"/eventos/{event_id}/aviso-de-privacidad")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "<strong>IACIP</strong> trata sus datos" in text and "<script>x" not in text
    assert client.get(f"/eventos/{make_event(status='draft')}/aviso-de-privacidad").status_code == 404
    assert client.get("/eventos/999999/aviso-de-privacidad").status_code == 404
