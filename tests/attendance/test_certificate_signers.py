"""Signers and emblems on certificates: the organizer adds signers (with a signature image) and the body's
emblem; both appear on the PDF and on the public verification page; bad images are refused and not stored."""
import io

from PIL import Image
from pypdf import PdfReader
from sqlalchemy import func, select

from agenda.attendance.models import Certificate, CertificateSigner, OrganizationLogo


def png(color=(110, 30, 60), size=(120, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (80, 80), (30, 60, 110)).save(buffer, format="JPEG")
    return buffer.getvalue()


def test_signers_and_emblem_on_the_pdf_and_the_verification_page(client, login_as, session, make_event,
                                                                 make_attendee, mark_present):
    event_id = make_event(title="Curso de Archivos", type="curso")
    person = make_attendee(event_id, name="Ana Núñez")
    mark_present(person, 0)
    login_as("organizer", "IACIP")
    response = client.post(f"/asistencia/eventos/{event_id}/firmas", content_type="multipart/form-data", data={
        "name": "Mtra. Laura Gómez", "title": "Comisionada Presidenta", "body": "IACIP",
        "signature": (io.BytesIO(png()), "firma.png")})
    assert response.status_code == 303
    assert client.post(f"/asistencia/eventos/{event_id}/firmas", data={
        "name": "Lic. Pedro Ruiz", "title": "Secretario Ejecutivo", "body": "SNT"}).status_code == 303
    assert client.post("/asistencia/emblema", content_type="multipart/form-data",
                       data={"file": (io.BytesIO(jpeg()), "logo.jpg")}).status_code == 303

    pdf = client.get(f"/asistencia/eventos/{event_id}/constancias/{person}.pdf")
    assert pdf.status_code == 200
    page = PdfReader(io.BytesIO(pdf.data)).pages[0]
    text = page.extract_text()
    for expected in ("Mtra. Laura Gómez", "Comisionada Presidenta", "Lic. Pedro Ruiz", "Secretario Ejecutivo"):
        assert expected in text
    assert len(page.images) == 2  # the signature and the emblem

    certificate = session.scalar(select(Certificate))
    client.post("/salir")
    verify = client.get(f"/constancias/{certificate.code}")
    assert "Mtra. Laura Gómez" in verify.text and "Secretario Ejecutivo" in verify.text
    signer = session.scalar(select(CertificateSigner).where(CertificateSigner.name == "Mtra. Laura Gómez"))
    image = client.get(f"/constancias/{certificate.code}/firmas/{signer.id}")
    assert image.status_code == 200 and image.mimetype == "image/png"
    assert image.headers["X-Content-Type-Options"] == "nosniff"
    logo = session.scalar(select(OrganizationLogo))
    assert f"/organismos/{logo.organization_id}/emblema" in verify.text
    assert client.get(f"/organismos/{logo.organization_id}/emblema").mimetype == "image/jpeg"


def test_bad_images_are_refused_and_not_stored(client, login_as, session, make_event):
    event_id = make_event()
    login_as("organizer", "IACIP")
    html = client.post(f"/asistencia/eventos/{event_id}/firmas", content_type="multipart/form-data", data={
        "name": "X", "signature": (io.BytesIO(b"<html><script>alert(1)</script>"), "firma.png")})
    assert html.status_code == 415 and "Tipo de archivo no admitido" in html.text
    pdf = client.post(f"/asistencia/eventos/{event_id}/firmas", content_type="multipart/form-data", data={
        "name": "X", "signature": (io.BytesIO(b"%PDF-1.4\n%%EOF"), "firma.png")})
    assert pdf.status_code == 415 and "PNG o JPG" in pdf.text
    nameless = client.post(f"/asistencia/eventos/{event_id}/firmas", data={"name": " "})
    assert nameless.status_code == 422 and "nombre de quien firma" in nameless.text
    empty = client.post("/asistencia/emblema", content_type="multipart/form-data",
                        data={"file": (io.BytesIO(b""), "logo.png")})
    assert empty.status_code == 422 and "vacío" in empty.text
    assert session.scalar(select(func.count()).select_from(CertificateSigner)) == 0
    assert session.scalar(select(func.count()).select_from(OrganizationLogo)) == 0


def test_other_body_cannot_add_signers(client, login_as, make_event):
    event_id = make_event(organization="IACIP")
    login_as("organizer", "INAI")
    assert client.post(f"/asistencia/eventos/{event_id}/firmas", data={"name": "X"}).status_code == 403
