"""The person's own page shows their check-in QR code and, once they completed the event, their certificate."""
import io

from pypdf import PdfReader


def test_confirmed_person_sees_their_qr_code_and_typed_code(app, client, make_event, register):
    event_id = make_event(capacity=10)
    registration_id, token = register(event_id, email="ana@example.org")
    page = client.get(f"/mi-registro/{token}")
    assert page.status_code == 200
    assert "<svg" in page.text and "qr-code" in page.text
    from agenda.attendance.qr import checkin_code_for

    with app.app_context():
        assert checkin_code_for(registration_id) in page.text


def test_waitlisted_person_gets_no_qr_code(client, make_event, register):
    event_id = make_event(capacity=1)
    register(event_id)
    _, token = register(event_id)
    assert "qr-code" not in client.get(f"/mi-registro/{token}").text


def test_certificate_link_appears_only_after_completing_the_event(client, make_event, register, mark_present):
    event_id = make_event(sessions=1, start=None)
    registration_id, token = register(event_id, name="Ana Certificada")
    assert f"/asistencia/mi-constancia/{token}" not in client.get(f"/mi-registro/{token}").text
    mark_present(registration_id)
    page = client.get(f"/mi-registro/{token}")
    assert f"/asistencia/mi-constancia/{token}" in page.text
    pdf = client.get(f"/asistencia/mi-constancia/{token}")
    assert pdf.status_code == 200
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Ana Certificada" in text


def test_organizers_reach_attendance_from_the_event_page_and_the_menu(client, login_as, make_event):
    event_id = make_event(organization="IACIP")
    login_as("organizer", organization="IACIP")
    page = client.get(f"/eventos/{event_id}", follow_redirects=True)
    assert f"/asistencia/eventos/{event_id}" in page.text
    assert 'href="/asistencia"' in client.get("/").text


def test_the_public_sees_no_attendance_links(client, make_event):
    event_id = make_event()
    page = client.get(f"/eventos/{event_id}", follow_redirects=True)
    assert "/asistencia" not in page.text
