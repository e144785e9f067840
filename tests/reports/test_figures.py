"""Figures per event: each equals the test's own count from the rows; institution names normalised and
merged by an organizer; shown on /informe, the event's attendance page and the exports."""
import csv
import io
from datetime import datetime

import pytest
from sqlalchemy import select

from agenda.attendance import figures
from agenda.attendance.models import Attendance, AttendanceSettings, Certificate
from agenda.catalog.models import Organization, State
from agenda.events.models import EventSession
from agenda.extensions import db
from agenda.registration.institutions import normalize_institution
from agenda.registration.models import Registration
from agenda.reports import services

PERIOD = "from=2020-09-01&to=2020-11-10"


@pytest.fixture
def jornada(app, make_event, make_attendee, mark_present):
    """A 4-session jornada and a one-session webinar with people from several OGL, states and spellings."""
    jornada = make_event(title="Jornada", type="capacitacion", sessions=4, start=datetime(2020, 9, 15, 10),
                         organization="INAI")
    webinar = make_event(title="Webinar", type="webinar", start=datetime(2020, 10, 1, 10), organization="IZAI")
    people = [  # (state, organization, institution, sector, sessions attended)
        ("GUA", "IACIP", "Instituto de Acceso a la Información Pública", "gobierno", 4),
        ("GUA", "IACIP", "INST. ACCESO  INFORMACION publica", "gobierno", 3),
        ("JAL", "ITEI", "H. Ayto. de Guadalajara", "gobierno", 2),
        ("JAL", None, "Honorable Ayuntamiento Guadalajara", "gobierno", 1),
        ("ZAC", "IZAI", "Municipio de Fresnillo", "gobierno", 4),
        ("YUC", "INAI", "INAI", "gobierno", 4),  # national body: not an OGL
        ("CMX", None, "Universidad X", "academia", 0),  # registered, never came
    ]
    ids = []
    for index, (state, org, institution, sector, attended) in enumerate(people):
        rid = make_attendee(jornada, email=f"p{index}@x.mx", state=state, organization=org,
                            institution=institution, sector=sector)
        for session_index in range(attended):
            mark_present(rid, session_index)
        ids.append(rid)
    make_attendee(jornada, email="espera@x.mx", status="waitlisted")
    one = make_attendee(webinar, email="p0@x.mx", state="GUA", organization="IACIP", institution="IACIP")
    mark_present(one)
    with app.app_context():
        db.session.add(AttendanceSettings(event_id=jornada, min_sessions=3, min_percent=None, min_minutes=30))
        db.session.add(Certificate(code="AAAA-BBBB-CCCC", registration_id=ids[0], event_id=jornada, name="x"))
        db.session.add(Certificate(code="AAAA-BBBB-DDDD", registration_id=ids[1], event_id=jornada, name="y",
                                   revoked_at=datetime(2020, 11, 1)))
        db.session.commit()
    return jornada, webinar


def own_figures(session, event_id, required):
    """Counted the slow, obvious way, from rows."""
    session.expire_all()
    sessions = {s.id for s in session.scalars(select(EventSession).where(EventSession.event_id == event_id))}
    regs = {r.id: r for r in session.scalars(select(Registration).where(Registration.event_id == event_id))}
    attended = {}
    per_session = {}
    for a in session.scalars(select(Attendance)):
        if a.session_id in sessions and regs.get(a.registration_id) and regs[a.registration_id].status == "confirmed":
            attended[a.registration_id] = attended.get(a.registration_id, 0) + 1
            per_session[a.session_id] = per_session.get(a.session_id, 0) + 1
    present = [regs[rid] for rid in attended]
    orgs = {o.id: o for o in session.scalars(select(Organization))}
    states = {s.id: s for s in session.scalars(select(State))}
    return {
        "sessions": len(sessions),
        "registrations": sum(1 for r in regs.values() if r.status == "confirmed"),
        "participants": len(present),
        "public_servants": sum(1 for r in present if r.sector == "gobierno"),
        "completed": sum(1 for n in attended.values() if n >= required),
        "certificates": sum(1 for c in session.scalars(select(Certificate)) if c.event_id == event_id
                            and c.revoked_at is None),
        "bodies": len({r.organization_id for r in present if r.organization_id
                       and orgs[r.organization_id].kind == "ogl"}),
        "states": len({r.state_id for r in present if r.state_id}),
        "regions": len({states[r.state_id].region_id for r in present if r.state_id}),
        "per_session": per_session,
    }


def test_event_figures_equal_our_own_count(session, jornada):
    jornada_id, webinar_id = jornada
    rows = {row.id: row for row in figures.event_figures(session, [jornada_id, webinar_id])}
    expected = own_figures(session, jornada_id, required=3)
    row = rows[jornada_id]
    assert (expected["participants"], expected["completed"], expected["bodies"]) == (6, 4, 3)  # the fixture
    for name in ("sessions", "registrations", "participants", "public_servants", "completed", "certificates",
                 "bodies", "states", "regions"):
        assert getattr(row, name) == expected[name], name
    assert row.required == 3 and row.sessions_held == 4
    # five spellings, three institutions after normalisation (IACIP x2, Guadalajara x2, Fresnillo) + INAI
    assert row.institutions == 4
    assert {s.id: s.present for s in row.per_session if s.present} == expected["per_session"]
    webinar = rows[webinar_id]
    assert (webinar.participants, webinar.completed, webinar.required, webinar.bodies) == (1, 1, 1, 1)


def test_period_totals_count_people_once(session, jornada):
    jornada_id, webinar_id = jornada
    totals = figures.period_totals(session, [jornada_id, webinar_id])
    assert (totals.bodies, totals.states, totals.institutions) == (3, 4, 5)  # "IACIP" is a fifth spelling


@pytest.mark.parametrize("a, b", [
    ("H. Ayto. de León", "HONORABLE  AYUNTAMIENTO LEÓN"),
    ("Secretaría de la Función Pública", "sria. funcion publica"),
    ("Instituto Tecnológico de Celaya", "Inst. Tec. Celaya"),
    ("Poder Judicial del Estado", "poder judicial edo."),
])
def test_normalisation_folds_case_accents_spacing_and_abbreviations(a, b):
    assert normalize_institution(a) == normalize_institution(b) != ""


def test_normalisation_keeps_different_institutions_apart():
    assert normalize_institution("Ayuntamiento de León") != normalize_institution("Ayuntamiento de Lerma")
    assert normalize_institution("") == normalize_institution(None) == ""


def test_organizer_merges_and_splits_variants(session, jornada, client, login_as):
    jornada_id, _webinar = jornada
    before = figures.figures_for_event(session, session.get(__import__("agenda.events.models", fromlist=["Event"])
                                                            .Event, jornada_id))
    assert before.institutions == 4
    login_as("organizer", "IACIP")
    page = client.get("/informe/instituciones")
    assert page.status_code == 200 and "Municipio de Fresnillo" in page.get_data(as_text=True)
    response = client.post("/informe/instituciones", data={
        "names": ["Municipio de Fresnillo", "H. Ayto. de Guadalajara"], "canonical": "Municipios de prueba"})
    assert response.status_code == 302
    session.expire_all()
    rows = {r.id: r for r in figures.event_figures(session, [jornada_id])}
    assert rows[jornada_id].institutions == 3
    groups = {g.label: g for g in services.institution_groups(session)}
    assert groups["Municipios de prueba"].registrations == 3 and groups["Municipios de prueba"].merged
    # merging again into another name re-points the earlier merge (no chains)
    services.merge_institutions(session, ["Municipios de prueba", "INAI"], "Todos")
    session.commit()
    assert figures.event_figures(session, [jornada_id])[0].institutions == 2
    bad = client.post("/informe/instituciones", data={"names": ["INAI"], "canonical": ""})
    assert bad.status_code == 422 and "Escriba el nombre" in bad.get_data(as_text=True)
    split = client.post("/informe/instituciones", data={"split": normalize_institution("Todos")})
    assert split.status_code == 302
    session.expire_all()
    assert figures.event_figures(session, [jornada_id])[0].institutions == 4


def test_commissioner_cannot_merge(client, login_as):
    login_as("commissioner", "INAI")
    assert client.get("/informe/instituciones").status_code == 403


def test_figures_on_report_page_attendance_page_and_export(client, login_as, jornada):
    jornada_id, _webinar = jornada
    login_as("admin", None)
    html = client.get(f"/informe?{PERIOD}").get_data(as_text=True)
    assert f'<tr data-event="{jornada_id}">' in html
    row = html.split(f'<tr data-event="{jornada_id}">')[1].split("</tr>")[0]
    assert '<td data-col="participants">6</td>' in row and '<td data-col="completed">4</td>' in row
    assert '<td data-col="bodies">3</td>' in row and '<td data-col="institutions">4</td>' in row
    page = client.get(f"/asistencia/eventos/{jornada_id}").get_data(as_text=True)
    assert "de 3 OGL, 4 instituciones distintas, 4 entidades" in page
    text = client.get(f"/informe.csv?{PERIOD}").get_data(as_text=True)
    lines = list(csv.reader(io.StringIO(text)))
    event_line = next(line for line in lines if line[:2] == [str(jornada_id), "Jornada"])
    assert event_line[4:] == ["4", "4", "7", "6", "6", "4", "1", "3", "4", "4", "2"]
    assert any(line[:3] == [str(jornada_id), "Jornada", "4"] and line[-1] == "3" for line in lines)
