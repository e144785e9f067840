"""The commission's report: its figures for a period equal the test's own count from the database rows,
and the page, charts and exports are there for admins, organizers and commissioners."""
import csv
import io
import re
from datetime import date, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from agenda.attendance.models import Attendance, ReachRecord
from agenda.catalog.models import State
from agenda.events.models import Event, EventSession
from agenda.extensions import db
from agenda.registration.models import Registration
from agenda.timeutil import to_local

PERIOD = "from=2020-05-01&to=2020-10-31"


@pytest.fixture
def season(app, make_event, make_attendee, mark_present):
    """Demo-like 2020 data: a jornada (8 sessions), panels, a webinar, an event outside the period, a
    cancelled one and a draft; people who attend several events, one registered twice with two states."""
    jornada = make_event(title="Jornada Nacional", type="capacitacion", sessions=8, start=datetime(2020, 9, 15, 10),
                         organization="INAI", co_organizers=("IACIP",))
    panel = make_event(title="Panel de Justicia Abierta", type="panel", start=datetime(2020, 5, 28, 10),
                       organization="IACIP", stream_url="https://facebook.com/x")
    panel2 = make_event(title="Panel de Municipio Abierto", type="panel", start=datetime(2020, 6, 25, 17),
                        organization="IACIP")
    webinar = make_event(title="Webinar en Zacatecas", type="webinar", start=datetime(2020, 10, 20, 11),
                         organization="IZAI")
    outside = make_event(title="Sesión de 2019", type="sesion_ordinaria", start=datetime(2019, 11, 22, 10))
    cancelled = make_event(title="Foro cancelado", type="foro", start=datetime(2020, 8, 1, 10), status="cancelled")
    draft = make_event(title="Borrador", type="taller", start=datetime(2020, 8, 2, 10), status="draft")

    people = [  # (email, state, sector, gender, organization)
        ("ana@iacip-gto.org.mx", "GUA", "gobierno", "mujer", "IACIP"),
        ("beto@itei.org.mx", "JAL", "gobierno", "hombre", "ITEI"),
        ("carla@izai.org.mx", "ZAC", "gobierno", "mujer", "IZAI"),
        ("dario@ayuntamiento.gob.mx", "ZAC", "gobierno", "hombre", None),
        ("eva@osc.org", "CMX", "sociedad_civil", "mujer", None),
        ("fer@uni.mx", "NLE", "academia", "no_binario", None),
        ("gil@ejemplo.mx", "YUC", "gobierno", None, None),
    ]
    ids = {}
    for index, (email, state, sector, gender, organization) in enumerate(people):
        ids[email] = make_attendee(jornada, email=email, state=state, sector=sector, gender=gender,
                                   organization=organization, institution=f"Institución {index % 4}")
    for session_index in range(8):  # everyone but gil attends some sessions
        for email in list(ids)[: 6 - session_index % 3]:
            mark_present(ids[email], session_index)
    panelists = {
        "ana@iacip-gto.org.mx": make_attendee(panel, email="ana@iacip-gto.org.mx", state="GUA", sector="gobierno",
                                              organization="IACIP"),
        "hugo@otro.mx": make_attendee(panel, email="hugo@otro.mx", state="SLP", sector="gobierno", gender="hombre"),
        "ines@otro.mx": make_attendee(panel, email="ines@otro.mx", state="SLP", sector="iniciativa_privada"),
    }
    for registration_id in panelists.values():
        mark_present(registration_id)
    make_attendee(panel, email="waiting@otro.mx", status="waitlisted")
    make_attendee(panel2, email="solo-registro@otro.mx", state="PUE")
    beto_again = make_attendee(webinar, email="beto@itei.org.mx", state="ZAC", sector="gobierno", gender="hombre")
    mark_present(beto_again)
    past = make_attendee(outside, email="antes@otro.mx", state="OAX")
    mark_present(past)
    gone = make_attendee(cancelled, email="cancelado@otro.mx", state="OAX")
    mark_present(gone)
    make_attendee(draft, email="borrador@otro.mx")
    with app.app_context():
        db.session.add_all([ReachRecord(event_id=panel, platform="facebook", views=9200, people_reached=5400),
                            ReachRecord(event_id=panel, platform="youtube", views=1300, people_reached=900),
                            ReachRecord(event_id=jornada, platform="youtube", views=700, people_reached=650),
                            ReachRecord(event_id=outside, platform="facebook", views=50000, people_reached=1)])
        db.session.commit()


def own_count(session, date_from: date, date_to: date, zone="America/Mexico_City") -> dict:
    """The figures counted the slow, obvious way: load rows, filter in Python."""
    session.expire_all()
    sessions = list(session.scalars(select(EventSession)))
    events = {e.id: e for e in session.scalars(select(Event))}

    def in_period(s):
        return date_from <= to_local(s.starts_at, zone).date() <= date_to

    counted = {s.event_id for s in sessions if in_period(s) and events[s.event_id].status in ("published", "postponed")}
    counted_sessions = [s for s in sessions if s.event_id in counted and in_period(s)]
    registrations = {r.id: r for r in session.scalars(select(Registration))}
    session_ids = {s.id for s in counted_sessions}
    present = [registrations[a.registration_id] for a in session.scalars(select(Attendance))
               if a.session_id in session_ids]
    confirmed = [r for r in registrations.values() if r.event_id in counted and r.status == "confirmed"]
    servants = [r for r in present if r.sector == "gobierno"]
    states = {s.id: s.code for s in session.scalars(select(State))}
    by_state = {}
    for code in set(states.values()):
        by_state[code] = len({r.email for r in present if states.get(r.state_id) == code})
    types = {}
    for event_id in counted:
        types[events[event_id].type] = types.get(events[event_id].type, 0) + 1
    reach = [r for r in session.scalars(select(ReachRecord)) if r.event_id in counted]
    return {
        "events": len(counted), "types": types, "sessions": len(counted_sessions),
        "registrations": len(confirmed), "participants": len({r.email for r in present}),
        "public_servants": len({r.email for r in servants}),
        "bodies": len({r.organization_id for r in servants if r.organization_id}),
        "states": len({r.state_id for r in servants if r.state_id}),
        "women": len({r.email for r in present if r.gender == "mujer"}),
        "men": len({r.email for r in present if r.gender == "hombre"}),
        "by_state": by_state, "reach_views": sum(r.views for r in reach),
    }


def figure(html: str, name: str) -> int:
    match = re.search(rf'data-figure="{name}">([\d,]+)<', html)
    assert match, name
    return int(match.group(1).replace(",", ""))


@pytest.mark.parametrize("role, organization", [("admin", None), ("organizer", "ITEI"), ("commissioner", "INAI")])
def test_report_figures_match_our_own_count(client, login_as, session, season, role, organization):
    login_as(role, organization)
    page = client.get(f"/informe?{PERIOD}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    expected = own_count(session, date(2020, 5, 1), date(2020, 10, 31))
    assert expected["events"] == 4 and expected["participants"] == 8  # the fixture is what we think it is
    assert figure(html, "events") == expected["events"]
    assert figure(html, "sessions_held") == expected["sessions"]
    assert figure(html, "registrations") == expected["registrations"]
    assert figure(html, "participants") == expected["participants"]
    assert figure(html, "public_servants") == expected["public_servants"]
    assert figure(html, "reach_views") == expected["reach_views"] == 11200
    sentence = re.search(r'data-figure="public_servants_sentence">([^<]+)<', html).group(1)
    assert (f"{expected['public_servants']} servidoras y servidores públicos de {expected['bodies']} organismos"
            in sentence)
    assert f"de {expected['states']} entidades federativas" in sentence
    for code, count in expected["by_state"].items():
        assert f'<td data-state="{code}">{count}</td>' in html, code
    assert "<svg" in html and 'class="chart chart-map"' in html


def test_csv_and_xlsx_exports_carry_the_same_figures(client, login_as, session, season):
    login_as("commissioner", "INAI")
    expected = own_count(session, date(2020, 5, 1), date(2020, 10, 31))
    response = client.get(f"/informe.csv?{PERIOD}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    summary = {row[0]: row[1] for row in rows if len(row) == 2}
    assert int(summary["Participantes (asistieron al menos a una sesión)"]) == expected["participants"]
    assert int(summary["Eventos"]) == expected["events"]

    workbook = load_workbook(io.BytesIO(client.get(f"/informe.xlsx?{PERIOD}").data))
    assert "Por entidad" in workbook.sheetnames
    by_state = {row[0]: row[2] for row in workbook["Por entidad"].iter_rows(min_row=2, values_only=True)}
    assert by_state == expected["by_state"]
    genders = dict(workbook["Por género"].iter_rows(min_row=2, values_only=True))
    assert (genders["Mujer"], genders["Hombre"]) == (expected["women"], expected["men"])
    types = dict(workbook["Eventos por tipo"].iter_rows(min_row=2, values_only=True))
    assert types == {"Capacitación / jornada": 1, "Panel": 2, "Webinar": 1}


def test_a_narrower_period_counts_less(client, login_as, session, season):
    login_as("admin", None)
    html = client.get("/informe?from=2020-09-01&to=2020-09-30").get_data(as_text=True)
    expected = own_count(session, date(2020, 9, 1), date(2020, 9, 30))
    assert figure(html, "events") == expected["events"] == 1
    assert figure(html, "participants") == expected["participants"]


@pytest.mark.parametrize("query", ["from=2020-13-01", "from=2020-10-01&to=2020-09-01"])
def test_bad_dates_are_a_400_with_a_message(client, login_as, query):
    login_as("admin", None)
    response = client.get(f"/informe?{query}")
    assert response.status_code == 400


@pytest.mark.parametrize("path", ["/informe", "/informe.csv", "/informe.xlsx"])
@pytest.mark.parametrize("query, field", [("from=9999-01-01&to=9999-12-31", "to"), ("to=0001-01-01", "to"),
                                          ("from=1899-12-31&to=1900-01-10", "from")])
def test_dates_outside_the_agendas_years_are_a_400_not_a_500(client, login_as, path, query, field):
    login_as("admin", None)
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400
    assert f"La fecha «{field}» está fuera del rango permitido." in response.text


def test_the_report_is_not_public(client):
    response = client.get("/informe")
    assert response.status_code == 302 and "/entrar" in response.headers["Location"]


def test_the_report_is_in_the_navigation(client, login_as):
    login_as("commissioner", "INAI")
    html = client.get("/").get_data(as_text=True)
    assert 'href="/informe"' in html
