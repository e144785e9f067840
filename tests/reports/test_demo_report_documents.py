"""After `flask demo`, the report's API, its DOCX and its PDF for the commission's 2019-2020 period say what the
rows say: the Jornada Nacional, Zacatecas and Guanajuato figures, the sessions, the working meetings and reach
(issue 17's acceptance; the page is checked in test_demo_report_figures.py)."""
import io

from docx import Document
from pypdf import PdfReader

from tests.reports.test_demo_report_figures import (GUANAJUATO, NATIONAL, PERIOD, ZACATECAS, event_figures,
                                                    run_demo)

QUERY = f"from={PERIOD[0].isoformat()}&to={PERIOD[1].isoformat()}"


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_api_and_both_documents_carry_the_reports_figures(runner, session, client, login_as):
    run_demo(runner)
    national, zacatecas, guanajuato = (event_figures(session, slug) for slug in (NATIONAL, ZACATECAS, GUANAJUATO))
    login_as("commissioner", "INAI")

    report = client.get(f"/api/v1/report?{QUERY}")
    assert report.status_code == 200, report.get_data(as_text=True)
    body = report.get_json()
    by_id = {item["id"]: item for item in body["events"]}
    jornada = by_id[national["event"].id]
    assert jornada["sessions"] == national["sessions"] == 8
    assert jornada["participants"] == national["participants"] and 400 <= jornada["participants"] <= 420
    assert jornada["bodies"] == 31 and jornada["regions"] == 4
    assert by_id[zacatecas["event"].id]["participants"] == zacatecas["participants"]
    assert 65 <= by_id[zacatecas["event"].id]["institutions"] <= 75  # «cerca de 70 sujetos obligados»
    assert by_id[guanajuato["event"].id]["participants"] == guanajuato["participants"]
    assert 280 <= guanajuato["participants"] <= 310  # «cerca de 300»
    assert body["by_type"]["sesion_ordinaria"]["events"] == 3
    assert body["by_type"]["sesion_extraordinaria"]["events"] == 2
    assert body["by_type"]["reunion_trabajo"]["events"] == 10
    assert body["totals"]["reach"]["people"] > 1_000_000

    docx = client.get(f"/informe/documento.docx?{QUERY}")
    assert docx.status_code == 200
    document = Document(io.BytesIO(docx.data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    text = _flat("\n".join([p.text for p in document.paragraphs] + cells))
    pdf = client.get(f"/informe/documento.pdf?{QUERY}")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    pdf_text = _flat("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages))
    for shown in (text, pdf_text):
        assert national["event"].title in shown
        assert str(national["participants"]) in shown and "31" in shown
        assert str(guanajuato["participants"]) in shown
