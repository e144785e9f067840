"""After `flask demo`, the commission's 2019-2020 report's figures are in the platform's own rows, counted here
straight from the database (plain queries and Python, not the app's report code), and /informe for the
report's period shows the ones it has; /informe without a period opens on the latest commission year with
data (November to November)."""
import re
import unicodedata
from datetime import date, datetime

from sqlalchemy import func, select

from agenda.attendance.models import Attendance, Certificate, ReachRecord
from agenda.catalog.models import Organization, State
from agenda.events import demo_data
from agenda.events.labels import TYPE_NAMES
from agenda.events.models import Event, EventSession
from agenda.registration.models import Registration
from agenda.reports.queries import commission_year, latest_year_with_data
from agenda.timeutil import to_local

PERIOD = (date(2019, 11, 22), date(2020, 11, 10))
NATIONAL = "jornada-nacional-capacitacion-transparencia-proactiva-2020"
ZACATECAS = "jornada-estatal-transparencia-proactiva-zacatecas-2020"
GUANAJUATO = "jornada-estatal-transparencia-proactiva-guanajuato-2020"
UVEG = "curso-autogestivo-gobierno-abierto-uveg-2020"
VERACRUZ = "diplomado-transparencia-acceso-informacion-gobierno-abierto-veracruz-2020"
UG = "diplomado-gobierno-abierto-universidad-de-guanajuato-2020"


def run_demo(runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    return result.output


def folded(institution: str) -> str:
    """Case, accents, spacing and the usual abbreviations folded, the way a person reading the list would."""
    text = "".join(c for c in unicodedata.normalize("NFKD", institution) if not unicodedata.combining(c))
    text = " ".join(text.casefold().split())
    text = re.sub(r"^h\. ", "", text)
    return re.sub(r"\bsria\. ", "secretaria ", text)


def event_figures(session, slug: str) -> dict:
    """One event's figures from its rows: sessions, registrations, participants and where they come from."""
    event = session.scalar(select(Event).where(Event.slug == slug))
    sessions = list(session.scalars(select(EventSession).where(EventSession.event_id == event.id)
                                    .order_by(EventSession.starts_at)))
    registrations = {r.id: r for r in session.scalars(select(Registration).where(Registration.event_id == event.id))}
    attendance = [a for a in session.scalars(select(Attendance)) if a.registration_id in registrations]
    present = {registrations[a.registration_id] for a in attendance}
    states = {s.id: s for s in session.scalars(select(State))}
    organizations = {o.id: o for o in session.scalars(select(Organization))}
    return {
        "event": event, "sessions": len(sessions),
        "dates": [to_local(s.starts_at, event.timezone).date() for s in sessions],
        "registrations": len([r for r in registrations.values() if r.status == "confirmed"]),
        "participants": len({r.email for r in present}),
        "per_session": [sum(1 for a in attendance if a.session_id == s.id) for s in sessions],
        "bodies": {organizations[r.organization_id] for r in present if r.organization_id},
        "institutions": {folded(r.institution) for r in present if r.institution.strip()},
        "states": {states[r.state_id].code for r in present if r.state_id},
        "regions": {states[r.state_id].region_id for r in present if r.state_id},
        "sectors": {r.sector for r in present},
        "certificates": session.scalar(select(func.count(Certificate.id)).where(Certificate.event_id == event.id)),
    }


def in_period(session, types) -> list[Event]:
    events = session.scalars(select(Event).where(Event.type.in_(types)))
    return [e for e in events if PERIOD[0] <= to_local(e.first_starts_at, e.timezone).date() <= PERIOD[1]]


def test_the_demo_holds_the_reports_figures(runner, session):
    run_demo(runner)

    national = event_figures(session, NATIONAL)
    assert national["sessions"] == 8
    assert national["dates"] == [date(2020, 9, day) for day in (15, 16, 17, 18, 24, 25, 28, 29)]
    assert 400 <= national["participants"] <= 420  # «alrededor de 410 servidores públicos»
    assert national["registrations"] > national["participants"]  # some registered and never came
    assert len(national["bodies"]) == 31 and {o.kind for o in national["bodies"]} == {"ogl"}  # «de 31 OGL»
    assert len(national["regions"]) == 4  # «de las cuatro regiones del SNT»
    assert national["sectors"] == {"gobierno"}
    per_session = national["per_session"]
    assert per_session[0] > per_session[-1] and len(set(per_session)) > 2  # people drop off
    assert max(per_session) < national["participants"]
    assert 0 < national["certificates"] < national["participants"]  # the 80 % rule leaves some out

    zacatecas = event_figures(session, ZACATECAS)
    assert zacatecas["dates"] == [date(2020, 10, 20), date(2020, 10, 21), date(2020, 10, 22)]
    assert 65 <= len(zacatecas["institutions"]) <= 75  # «alrededor de 70 sujetos obligados»
    kinds = " ".join(sorted(zacatecas["institutions"]))
    for kind in ("sindicato", "partido", "fideicomiso", "legislatura", "tribunal", "secretaria", "ayuntamiento"):
        assert kind in kinds, kind
    assert zacatecas["states"] == {"ZAC"} and zacatecas["participants"] > 70

    guanajuato = event_figures(session, GUANAJUATO)
    assert guanajuato["dates"] == [date(2020, 10, 28), date(2020, 11, 3), date(2020, 11, 5)]
    assert 285 <= guanajuato["participants"] <= 300  # «cerca de 300 servidores públicos»
    assert guanajuato["registrations"] <= guanajuato["event"].capacity == 300

    assert event_figures(session, UVEG)["participants"] == 332  # «tomado por 332 alumnas y alumnos»
    uveg_sectors = event_figures(session, UVEG)["sectors"]
    assert {"gobierno", "academia", "sociedad_civil"} <= uveg_sectors  # «distintos sectores»
    assert 70 < event_figures(session, VERACRUZ)["participants"] < 80  # «más de 70 participantes»
    assert event_figures(session, UG)["registrations"] == 42  # «se inscribieron un total de 42»

    ordinary = in_period(session, ["sesion_ordinaria"])
    extraordinary = in_period(session, ["sesion_extraordinaria"])
    assert (len(ordinary), len(extraordinary)) == (3, 2)
    assert all(re.match(r"(1\. )?Se ", e.notes) for e in ordinary + extraordinary)  # what was agreed
    assert len(in_period(session, ["reunion_trabajo"])) == 10

    events = {e.id: e for e in session.scalars(select(Event))}
    reached = sum(r.people_reached for r in session.scalars(select(ReachRecord))
                  if PERIOD[0] <= to_local(events[r.event_id].first_starts_at, events[r.event_id].timezone).date()
                  <= PERIOD[1])
    assert reached > 1_000_000  # «más de 1 millón de personas»


def test_the_demo_people_look_like_a_real_audience(runner, session):
    run_demo(runner)

    genders = dict(session.execute(select(Registration.gender, func.count()).group_by(Registration.gender)).all())
    total = sum(genders.values())
    assert 0.45 < genders["mujer"] / total < 0.65 and 0.35 < genders["hombre"] / total < 0.55
    assert (genders.get("no_binario", 0) + genders.get("prefiero_no_decir", 0)) / total < 0.05
    people = dict(session.execute(select(Registration.email, Registration.name)).all())
    assert len(people) < total  # some people come to more than one event
    assert len(set(people.values())) > 0.95 * len(people)  # and few share a name
    assert all(len(name.split()) >= 3 for name in people.values())  # given name(s) and two surnames
    assert all(re.fullmatch(r"[a-z0-9.]+@ejemplo\.(gob|edu|org|com)\.mx", e) for e in people)


def test_descriptions_carry_no_typed_figures(runner, session):
    run_demo(runner)

    typed = re.compile(r"\b(410|332|300|70|42|102,000|9,200)\b|alrededor de|cerca de|más de \d")
    for entry in demo_data.REPORT_EVENTS:
        text = entry.get("description", "") + entry.get("summary", "")
        assert not typed.search(text), entry["slug"]


def test_the_report_page_for_the_reports_period_shows_them(runner, client, login_as, session):
    run_demo(runner)
    login_as("commissioner", "INAI")

    html = client.get("/informe?from=2019-11-22&to=2020-11-10").get_data(as_text=True)
    counts = dict(re.findall(r"<tr><td>([^<]+)</td><td data-type-count>([\d,]+)</td></tr>", html))
    assert counts[TYPE_NAMES["sesion_ordinaria"]] == "3"
    assert counts[TYPE_NAMES["sesion_extraordinaria"]] == "2"
    assert counts[TYPE_NAMES["reunion_trabajo"]] == "10"
    reached = re.search(r"visualizaciones \(([\d,]+) personas alcanzadas\)", html).group(1)
    assert int(reached.replace(",", "")) > 1_000_000
    participants = int(re.search(r'data-figure="participants">([\d,]+)<', html).group(1).replace(",", ""))
    assert participants > 410 + 294 + 332  # the jornadas and the course alone


def test_the_report_opens_on_the_latest_commission_year_with_data(runner, client, login_as, session):
    run_demo(runner)
    login_as("organizer", "IACIP")

    html = client.get("/informe").get_data(as_text=True)
    assert 'name="from" value="2019-11-11"' in html and 'name="to" value="2020-11-10"' in html
    same = client.get("/informe?from=2019-11-11&to=2020-11-10").get_data(as_text=True)
    figures = re.compile(r'data-figure="(\w+)">([\d,]+)<')
    assert figures.findall(html) == figures.findall(same)
    assert dict(figures.findall(html))["participants"] != "0"


def test_the_commission_year_runs_from_november_to_november():
    assert (commission_year(date(2020, 11, 10)).date_from, commission_year(date(2020, 11, 10)).date_to) == (
        date(2019, 11, 11), date(2020, 11, 10))
    assert commission_year(date(2019, 11, 22)).date_from == date(2019, 11, 11)
    assert (commission_year(date(2020, 11, 11)).date_from, commission_year(date(2020, 11, 11)).date_to) == (
        date(2020, 11, 11), date(2021, 11, 10))
    assert commission_year(date(2024, 2, 29)).date_to == date(2024, 11, 10)


def test_latest_year_with_data_follows_attendance_and_reach(app, session, make_event, make_attendee,
                                                            mark_present):
    now = datetime(2026, 12, 2, 18)
    assert latest_year_with_data(session, "America/Mexico_City", now).date_from == date(2026, 11, 11)  # empty
    old = make_event(start=datetime(2021, 3, 1, 10))
    mark_present(make_attendee(old))
    make_event(start=datetime(2023, 5, 1, 10))  # no attendance, no reach: not "data"
    assert latest_year_with_data(session, "America/Mexico_City", now).date_from == date(2020, 11, 11)
    streamed = make_event(start=datetime(2022, 11, 20, 10))
    session.add(ReachRecord(event_id=streamed, platform="youtube", views=10, people_reached=5))
    session.commit()
    assert latest_year_with_data(session, "America/Mexico_City", now).date_from == date(2022, 11, 11)
    cancelled = make_event(start=datetime(2024, 1, 10, 10), status="cancelled")
    mark_present(make_attendee(cancelled))
    future = make_event(start=datetime(2027, 1, 10, 10))
    session.add(ReachRecord(event_id=future, platform="youtube", views=10, people_reached=5))
    session.commit()
    assert latest_year_with_data(session, "America/Mexico_City", now).date_from == date(2022, 11, 11)


def test_the_demo_leaves_a_persons_events_alone(runner, session, make_event, make_user):
    user_id, _ = make_user()
    own = make_event(start=datetime(2020, 6, 1, 10), created_by_id=user_id)  # past, public, takes registrations
    upcoming = make_event(created_by_id=user_id)
    run_demo(runner)
    run_demo(runner)
    for event_id in (own, upcoming):
        assert session.scalar(select(func.count(Registration.id)).where(Registration.event_id == event_id)) == 0
    assert session.scalar(select(func.count(Registration.id))) > 1500  # the demo's own events got theirs


def test_the_demo_twice_adds_no_attendance_certificates_or_reach(runner, session):
    run_demo(runner)
    models = (Registration, Attendance, Certificate, ReachRecord)
    before = [session.scalar(select(func.count()).select_from(m)) for m in models]
    output = run_demo(runner)
    session.expire_all()
    assert [session.scalar(select(func.count()).select_from(m)) for m in models] == before
    assert "0 cifras de alcance, 0 asistencias y 0 constancias" in output
