"""The report against `flask demo`: the commission's 2019-2020 agenda, its reach figures, and attendance the
demo marks for registrations on the report's past events."""
from datetime import date

from sqlalchemy import func, select

from agenda.attendance.demo import REPORT_REACH
from agenda.attendance.models import Attendance, ReachRecord
from agenda.events.models import Event
from tests.reports.test_commission_report import figure, own_count

PERIOD = "from=2019-11-22&to=2020-11-10"  # the report's own period


def test_report_on_the_demo_data_matches_our_own_count(runner, client, login_as, session, make_attendee):
    assert runner.invoke(args=["demo"]).exit_code == 0
    jornada = session.scalar(select(Event).where(Event.slug == "jornada-nacional-capacitacion-transparencia-proactiva-2020"))
    for index, (state, sector, gender) in enumerate([("GUA", "gobierno", "mujer"), ("ZAC", "gobierno", "hombre"),
                                                     ("JAL", "gobierno", "mujer"), ("YUC", "academia", "hombre"),
                                                     ("CMX", "sociedad_civil", "mujer"), ("SON", "gobierno", None)]):
        make_attendee(jornada.id, email=f"demo{index}@example.org", state=state, sector=sector, gender=gender)
    result = runner.invoke(args=["demo"])  # the event has attendance already: a second run leaves it alone
    assert result.exit_code == 0 and "Asistencia:" in result.output
    marked = session.scalar(select(func.count(Attendance.id)))
    assert marked > 0
    assert runner.invoke(args=["demo"]).exit_code == 0
    session.expire_all()
    assert session.scalar(select(func.count(Attendance.id))) == marked
    assert session.scalar(select(func.count(ReachRecord.id))) == sum(len(r) for r in REPORT_REACH.values())

    login_as("commissioner", "INAI")
    html = client.get(f"/informe?{PERIOD}").get_data(as_text=True)
    expected = own_count(session, date(2019, 11, 22), date(2020, 11, 10))
    assert expected["events"] > 20
    assert figure(html, "events") == expected["events"]
    assert figure(html, "sessions_held") == expected["sessions"]
    assert figure(html, "registrations") == expected["registrations"] >= 6
    assert figure(html, "participants") == expected["participants"] > 0
    assert figure(html, "public_servants") == expected["public_servants"]
    assert figure(html, "reach_views") == expected["reach_views"] == 9200
    reached = session.scalar(select(func.sum(ReachRecord.people_reached)))
    assert reached > 1_000_000  # «más de 1 millón de personas»
    assert f"{reached:,} personas alcanzadas" in html
    for code, count in expected["by_state"].items():
        assert f'<td data-state="{code}">{count}</td>' in html, code
