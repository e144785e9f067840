"""Certificates of completion: produced for people who meet the event's rule and not for others, verifiable
on a public page by code, and mailed in bulk through the outbox once per certificate."""
import io

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from agenda.attendance import codes
from agenda.attendance.models import Certificate
from agenda.outbox.models import OutboxMessage
from agenda.registration.models import Registration
from agenda.security import hash_token


@pytest.fixture
def course(make_event, make_attendee, mark_present):
    """Two sessions, default rule (80 % → both). Ana attended both, Beto one, Carla none."""
    event_id = make_event(title="Curso de Transparencia Proactiva", sessions=2, organization="IACIP",
                          co_organizers=("INAI",), type="curso", session_hours=3)
    ana = make_attendee(event_id, name="Ana Sofía Núñez Peña", email="ana@example.org")
    beto = make_attendee(event_id, name="Beto Ibarra", email="beto@example.org")
    carla = make_attendee(event_id, name="Carla Ríos", email="carla@example.org")
    mark_present(ana, 0)
    mark_present(ana, 1)
    mark_present(beto, 0)
    return event_id, {"ana": ana, "beto": beto, "carla": carla}


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_eligible_person_gets_a_pdf_with_name_code_and_event(client, login_as, session, course):
    event_id, people = course
    login_as("organizer", "IACIP")
    response = client.get(f"/asistencia/eventos/{event_id}/constancias/{people['ana']}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    certificate = session.scalar(select(Certificate).where(Certificate.registration_id == people["ana"]))
    text = pdf_text(response.data)
    assert "Ana Sofía Núñez Peña" in text
    assert certificate.code in text
    assert "Curso de Transparencia Proactiva" in text
    assert "6 horas" in text  # two sessions of three hours
    assert f"/constancias/{certificate.code}" in text
    assert "ana@example.org" not in text


def test_ineligible_person_gets_no_certificate(client, login_as, session, course):
    event_id, people = course
    login_as("organizer", "IACIP")
    for key in ("beto", "carla"):
        response = client.get(f"/asistencia/eventos/{event_id}/constancias/{people[key]}.pdf",
                              headers={"Accept": "application/json"})
        assert response.status_code == 409
        assert response.json["error"] == "not_eligible"
    assert session.scalar(select(func.count(Certificate.id))) == 0


def test_verification_page_confirms_a_valid_code_without_the_email(client, app, session, course):
    event_id, people = course
    from agenda.attendance.certificates import issue_certificate

    certificate, created = issue_certificate(session, session.get(Registration, people["ana"]))
    session.commit()
    page = client.get(f"/constancias/{certificate.code}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Constancia válida" in html
    assert "Ana Sofía Núñez Peña" in html and "Curso de Transparencia Proactiva" in html
    assert "ana@example.org" not in html
    # Typed in lower case and without dashes it is the same certificate.
    assert client.get(f"/constancias/{certificate.code.replace('-', '').lower()}").status_code == 200


@pytest.mark.parametrize("code", ["AAAA-BBBB-CCCC", "no-existe", "K7QM4XHP2WZ"])
def test_verification_page_answers_404_for_an_invalid_code(client, course, code):
    response = client.get(f"/constancias/{code}")
    assert response.status_code == 404
    assert "No existe una constancia con ese código" in response.get_data(as_text=True)


def test_bulk_issue_mails_each_eligible_person_once(client, login_as, session, course):
    event_id, people = course
    login_as("organizer", "IACIP")
    assert client.post(f"/asistencia/eventos/{event_id}/constancias").status_code == 302
    assert client.post(f"/asistencia/eventos/{event_id}/constancias").status_code == 302
    session.expire_all()
    certificates = list(session.scalars(select(Certificate)))
    assert [c.registration_id for c in certificates] == [people["ana"]]
    mails = list(session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "certificate")))
    assert [m.to_address for m in mails] == ["ana@example.org"]
    assert certificates[0].code in mails[0].body_text
    assert "/constancias/" in mails[0].body_text and "firma=" in mails[0].body_text


def test_the_certificate_mail_arrives_with_the_pdf_attached(client, login_as, session, course, deliver, smtp_sink):
    event_id, _people = course
    login_as("organizer", "IACIP")
    client.post(f"/asistencia/eventos/{event_id}/constancias")
    deliver()
    [mail] = smtp_sink.to("ana@example.org")
    code = session.scalar(select(Certificate.code))
    [pdf] = [part for part in mail.iter_attachments() if part.get_content_type() == "application/pdf"]
    assert pdf.get_filename() == f"constancia-{code}.pdf"
    text = pdf_text(pdf.get_content())
    assert "Ana Sofía Núñez Peña" in text and "Curso de Transparencia Proactiva" in text
    assert "La adjuntamos en PDF" in mail.get_body(("plain",)).get_content()


@pytest.mark.parametrize("mail_status", ["pending", "sending"])  # sending: claimed by a worker that crashed
def test_revoking_a_certificate_withdraws_its_mail_not_yet_sent(client, login_as, session, course, deliver,
                                                                smtp_sink, expire_claims, mail_status):
    from sqlalchemy import update

    from agenda.attendance.certificates import revoke_certificate

    event_id, _people = course
    login_as("organizer", "IACIP")
    client.post(f"/asistencia/eventos/{event_id}/constancias")
    session.execute(update(OutboxMessage).values(status=mail_status))
    session.commit()
    expire_claims()
    revoke_certificate(session, session.scalar(select(Certificate)), reason="Emitida por error")
    session.commit()
    deliver()
    assert smtp_sink.to("ana@example.org") == []
    assert session.scalar(select(func.count()).select_from(OutboxMessage)
                          .where(OutboxMessage.kind == "certificate")) == 0


def test_the_signed_link_in_the_mail_downloads_the_pdf(client, app, session, course):
    event_id, people = course
    from agenda.attendance.certificates import download_url, issue_certificate

    certificate, created = issue_certificate(session, session.get(Registration, people["ana"]))
    session.commit()
    with app.test_request_context():
        url = download_url(certificate.code).replace(app.config["AGENDA_BASE_URL"], "")
    response = client.get(url)
    assert response.status_code == 200 and "Ana Sofía Núñez Peña" in pdf_text(response.data)
    assert client.get(f"/constancias/{certificate.code}/pdf?firma=falsa").status_code == 404


def test_people_download_theirs_from_the_self_service_link(client, session, course):
    event_id, people = course
    for key in ("ana", "beto"):
        session.get(Registration, people[key]).token_hash = hash_token(f"enlace-secreto-de-{key}-0123456789")
    session.commit()
    mine = client.get("/asistencia/mi-constancia/enlace-secreto-de-ana-0123456789")
    assert mine.status_code == 200 and "Ana Sofía Núñez Peña" in pdf_text(mine.data)
    assert client.get("/asistencia/mi-constancia/enlace-secreto-de-beto-0123456789").status_code == 409
    assert client.get("/asistencia/mi-constancia/otro-enlace").status_code == 404


def test_changing_the_rule_to_one_session_makes_beto_eligible(client, login_as, session, course):
    event_id, people = course
    login_as("organizer", "IACIP")
    response = client.post(f"/asistencia/eventos/{event_id}/regla", data={
        "rule": "sessions", "min_sessions": "1", "min_minutes": "20", "certificates_enabled": "1"})
    assert response.status_code == 302
    assert client.get(f"/asistencia/eventos/{event_id}/constancias/{people['beto']}.pdf").status_code == 200
    bad = client.post(f"/asistencia/eventos/{event_id}/regla", data={"rule": "sessions", "min_sessions": "5"})
    assert bad.status_code == 422
    assert "Escriba un número entre 1 y 2." in bad.get_data(as_text=True)


def test_a_revoked_certificate_says_so_and_does_not_download(client, session, course):
    event_id, people = course
    from agenda.attendance.certificates import issue_certificate, revoke_certificate

    certificate, created = issue_certificate(session, session.get(Registration, people["ana"]))
    revoke_certificate(session, certificate, reason="Emitida por error")
    session.commit()
    assert "fue revocada" in client.get(f"/constancias/{certificate.code}").get_data(as_text=True)
    with client.application.app_context():
        signature = codes.download_signature(certificate.code)
    assert client.get(f"/constancias/{certificate.code}/pdf?firma={signature}").status_code == 410


def test_erasing_a_registration_removes_its_attendance_and_certificate(client, session, course):
    event_id, people = course
    from agenda.attendance.certificates import issue_certificate
    from agenda.attendance.models import Attendance
    from agenda.registration.privacy import erase

    certificate, created = issue_certificate(session, session.get(Registration, people["ana"]))
    session.commit()
    code = certificate.code
    erase(session, people["ana"])
    session.commit()
    assert session.scalar(select(func.count(Attendance.id)).where(Attendance.registration_id == people["ana"])) == 0
    assert client.get(f"/constancias/{code}").status_code == 404
