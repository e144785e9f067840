"""The event's attendance page: counts per session and per event, breakdowns, reach and the matrix export."""
import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from agenda.attendance.models import ReachRecord


@pytest.fixture
def taller(make_event, make_attendee, mark_present):
    event_id = make_event(title="Taller de datos abiertos", sessions=3, organization="IACIP")
    people = [
        make_attendee(event_id, name="Ana", state="GUA", sector="gobierno", gender="mujer", organization="IACIP"),
        make_attendee(event_id, name="Beto", state="JAL", sector="academia", gender="hombre"),
        make_attendee(event_id, name="=HYPERLINK(\"http://x\")", state="JAL", sector="gobierno", gender="hombre"),
        make_attendee(event_id, name="Dora", state="ZAC", sector="sociedad_civil", gender="mujer"),
    ]
    for index in range(3):
        mark_present(people[0], index)
    mark_present(people[1], 0)
    mark_present(people[1], 1)
    mark_present(people[1], 2, method="import", minutes=95)
    mark_present(people[2], 0)
    return event_id, people


def test_counts_per_session_and_event(client, login_as, taller):
    event_id, people = taller
    login_as("organizer", "IACIP")
    html = client.get(f"/asistencia/eventos/{event_id}").get_data(as_text=True)
    assert '<span class="stat-value" data-stat="registered">4</span>' in html
    assert '<span class="stat-value" data-stat="attendees">3</span>' in html
    assert '<span class="stat-value" data-stat="completed">2</span>' in html  # 80 % of 3 → 3 sessions
    assert "(50 %)" in html
    assert "<td>75 %</td>" in html and "<td>50 %</td>" in html  # session 1: 3 of 4; sessions 2-3: 2 of 4
    assert "<td>Jalisco</td><td>2</td>" in html
    assert "<td>Centro-Occidente</td><td>3</td>" in html
    assert "<td>Mujer</td><td>1</td>" in html and "<td>Hombre</td><td>2</td>" in html


def test_attendance_matrix_exports_people_by_sessions(client, login_as, taller):
    event_id, people = taller
    login_as("organizer", "IACIP")
    response = client.get(f"/asistencia/eventos/{event_id}/matriz.csv")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith('.csv"')
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    header = rows[0]
    assert header[7:10] == ["Sesión 1", "Sesión 2", "Sesión 3"]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Beto"][7:] == ["Sí", "Sí", "95 min", "3", "Sí"]
    assert by_name["Dora"][7:] == ["", "", "", "0", "No"]
    assert "'=HYPERLINK(\"http://x\")" in by_name  # a formula in a name is neutralised

    workbook = load_workbook(io.BytesIO(client.get(f"/asistencia/eventos/{event_id}/matriz.xlsx").data))
    sheet = workbook.active
    assert [cell.value for cell in sheet[1]][7:10] == ["Sesión 1", "Sesión 2", "Sesión 3"]
    assert sheet.max_row == 5


def test_reach_is_recorded_per_platform_and_corrected(client, login_as, session, taller):
    event_id, people = taller
    login_as("organizer", "IACIP")
    assert client.post(f"/asistencia/eventos/{event_id}/alcance",
                       data={"platform": "facebook", "views": "9,200", "people_reached": "5000"}).status_code == 302
    client.post(f"/asistencia/eventos/{event_id}/alcance",
                data={"platform": "facebook", "views": "9300", "people_reached": "5100"})
    client.post(f"/asistencia/eventos/{event_id}/alcance", data={"platform": "youtube", "views": "800"})
    session.expire_all()
    records = {r.platform: (r.views, r.people_reached) for r in session.scalars(select(ReachRecord))}
    assert records == {"facebook": (9300, 5100), "youtube": (800, 0)}
    bad = client.post(f"/asistencia/eventos/{event_id}/alcance", data={"platform": "youtube", "views": "mucho"})
    assert bad.status_code == 422


def test_other_bodies_cannot_open_the_event_page(client, login_as, taller):
    event_id, people = taller
    login_as("organizer", "ITEI")
    assert client.get(f"/asistencia/eventos/{event_id}").status_code == 403
    assert client.get(f"/asistencia/eventos/{event_id}/matriz.csv").status_code == 403


def test_attendance_index_lists_the_organizers_events(client, login_as, taller, make_event):
    event_id, people = taller
    make_event(title="Evento de otro organismo", organization="ITEI")
    login_as("organizer", "IACIP")
    html = client.get("/asistencia").get_data(as_text=True)
    assert f'href="/asistencia/eventos/{event_id}"' in html and "Taller de datos abiertos" in html
    assert "Evento de otro organismo" not in html


@pytest.mark.parametrize("page", ["99999999999999999999", "0", "abc"])
def test_attendance_index_refuses_a_page_number_that_cannot_be(client, login_as, page):
    login_as("organizer", "IACIP")
    response = client.get(f"/asistencia?page={page}")
    assert response.status_code == 400
    assert "El número de página no es válido." in response.get_data(as_text=True)
