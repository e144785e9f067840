"""The "Informe de actividades" document: narrative per section and session agreements written in the app,
downloaded as DOCX (read back with python-docx) and PDF (pypdf) carrying the same figures."""
import io
from datetime import datetime

import pytest
from docx import Document
from pypdf import PdfReader

from agenda.attendance.models import ReachRecord
from agenda.extensions import db
from agenda.reports.models import ReportNarrative
from tests.reports.test_figures import jornada  # noqa: F401  (fixture)

PERIOD = "from=2020-09-01&to=2020-11-10"


@pytest.fixture
def season(app, make_event, jornada):  # noqa: F811
    ordinary = make_event(title="Tercera Sesión Ordinaria", type="sesion_ordinaria", start=datetime(2020, 9, 3, 11),
                          organization="SNT", visibility="members")
    extra = make_event(title="Segunda Sesión Extraordinaria", type="sesion_extraordinaria",
                       start=datetime(2020, 10, 8, 11), organization="SNT")
    meeting = make_event(title="Reunión del grupo de datos abiertos", type="reunion_trabajo",
                         start=datetime(2020, 9, 24, 12), organization="SNT")
    course = make_event(title="Curso de Gobierno Abierto", type="curso", start=datetime(2020, 10, 12, 10))
    with app.app_context():
        db.session.add(ReachRecord(event_id=jornada[0], platform="facebook", views=1_200_000,
                                   people_reached=1_050_000))
        db.session.commit()
    return {"ordinary": ordinary, "extra": extra, "meeting": meeting, "course": course}


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def test_write_texts_and_download_both_documents(client, login_as, session, season, jornada):  # noqa: F811
    login_as("commissioner", "INAI")
    page = client.get(f"/informe/documento?{PERIOD}")
    assert page.status_code == 200 and "Tercera Sesión Ordinaria" in page.get_data(as_text=True)
    response = client.post(f"/informe/documento?{PERIOD}", data={
        "text-sessions": "La Comisión sesionó tres veces.\n\nSegundo párrafo.",
        "text-reach": "Las transmisiones llegaron lejos.",
        f"notes-{season['ordinary']}": "Se aprobó el Plan de Trabajo."})
    assert response.status_code == 302
    assert session.query(ReportNarrative).filter_by(section="sessions").one().text.startswith("La Comisión")
    docx = client.get(f"/informe/documento.docx?{PERIOD}")
    assert docx.status_code == 200 and docx.mimetype.endswith("wordprocessingml.document")
    text = docx_text(docx.data)
    pdf = client.get(f"/informe/documento.pdf?{PERIOD}")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    pdf_text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    pdf_flat = " ".join(pdf_text.split())
    for expected in ("Informe de actividades", "La Comisión sesionó tres veces.", "Segundo párrafo.",
                     "Tercera Sesión Ordinaria", "Se aprobó el Plan de Trabajo.", "Segunda Sesión Extraordinaria",
                     "Reunión del grupo de datos abiertos", "Curso de Gobierno Abierto",
                     "6 participantes de 3 OGL, 4 instituciones", "1,200,000", "1,050,000",
                     "Las transmisiones llegaron lejos."):
        assert expected in text, expected
        assert expected in pdf_flat, expected
    assert "3 de septiembre de 2020" in text
    document = Document(io.BytesIO(docx.data))
    assert len(document.inline_shapes) == 2  # the two charts


def test_bad_input_and_access(client, login_as, season):
    assert client.get(f"/informe/documento.pdf?{PERIOD}").status_code == 302  # to the login page
    login_as("organizer", "IACIP")
    assert client.get(f"/informe/documento.odt?{PERIOD}").status_code == 404
    response = client.post(f"/informe/documento?{PERIOD}", data={"text-sessions": "x" * 20_001})
    assert response.status_code == 422 and "20000 caracteres" in response.get_data(as_text=True).replace(",", "")
    response = client.post(f"/informe/documento?{PERIOD}", data={"notes-999999": "no"})
    assert response.status_code == 422
