"""`flask --app agenda demo` loads the commission's real 2019-2020 agenda and a few upcoming events, once."""
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from agenda.catalog.models import Organization
from agenda.cli import DEMO_LOADERS
from agenda.events.demo import load_demo_agenda
from agenda.events.models import (
    EVENT_STATUSES,
    EVENT_TYPES,
    MODALITIES,
    PERSON_ROLES,
    SCOPES,
    VISIBILITIES,
    Event,
    EventSession,
    Person,
    Theme,
)
from agenda.timeutil import to_local, utcnow

STATE_JORNADA = "Jornada Estatal de Capacitación en Transparencia Proactiva"


def run_demo(runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    return result.output


def event_by_title(session, title) -> Event:
    return session.scalar(select(Event).where(Event.title == title).options(
        selectinload(Event.sessions), selectinload(Event.people), selectinload(Event.co_organizers),
        selectinload(Event.themes)))


def local_starts(event) -> list[datetime]:
    """Each session's start as a naive wall-clock time in the event's zone."""
    return [to_local(s.starts_at, event.timezone).replace(tzinfo=None) for s in event.sessions]


def counts(session) -> dict:
    return {model.__name__: session.scalar(select(func.count()).select_from(model))
            for model in (Event, EventSession, Person, Theme, Organization)}


def test_the_demo_command_loads_the_2020_agenda(runner, session):
    output = run_demo(runner)

    assert "Agenda:" in output
    in_report_period = session.scalar(select(func.count(Event.id)).where(
        Event.first_starts_at >= datetime(2019, 11, 1), Event.first_starts_at < datetime(2021, 1, 1)))
    assert in_report_period >= 25


def test_the_jornada_nacional_has_its_eight_sessions_at_local_times(runner, session):
    run_demo(runner)

    jornada = event_by_title(session, "Jornada Nacional de Capacitación en Transparencia Proactiva")
    assert jornada.organization.acronym == "INAI"
    assert {o.acronym for o in jornada.co_organizers} == {"SNT", "IACIP"}
    # No seat limit (410 was the report's head count, now counted from registrations): the call closed on 31 Aug.
    assert (jornada.type, jornada.modality, jornada.scope, jornada.capacity) == (
        "capacitacion", "virtual", "national", None)
    assert jornada.registration_closes_at == datetime(2020, 9, 1, 4, 59)  # 31 Aug 23:59 in Mexico City (CDT)
    assert jornada.published_at < jornada.registration_closes_at
    assert jornada.timezone == "America/Mexico_City"
    assert local_starts(jornada) == [datetime(2020, 9, day, 10) for day in (15, 16, 17, 18, 24, 25, 28, 29)]
    # Mexico City was on daylight time in September 2020: 10:00 local is 15:00 UTC.
    assert jornada.sessions[0].starts_at == datetime(2020, 9, 15, 15)
    assert jornada.first_starts_at == datetime(2020, 9, 15, 15)
    assert jornada.last_ends_at == datetime(2020, 9, 29, 17)
    assert {t.slug for t in jornada.themes} == {"transparencia-proactiva", "gobierno-abierto"}


def test_the_state_jornadas_of_zacatecas_and_guanajuato(runner, session):
    run_demo(runner)

    zacatecas = event_by_title(session, f"{STATE_JORNADA} — Zacatecas")
    assert zacatecas.organization.acronym == "IZAI"
    assert [d.date() for d in local_starts(zacatecas)] == [date(2020, 10, 20), date(2020, 10, 21),
                                                          date(2020, 10, 22)]
    guanajuato = event_by_title(session, f"{STATE_JORNADA} — Guanajuato")
    assert guanajuato.organization.acronym == "IACIP"
    assert local_starts(guanajuato) == [datetime(2020, 10, 28, 10), datetime(2020, 11, 3, 10),
                                        datetime(2020, 11, 5, 10)]
    # Daylight time ended on 25 October 2020: the same 10:00 is now 16:00 UTC.
    assert guanajuato.sessions[0].starts_at == datetime(2020, 10, 28, 16)
    assert guanajuato.capacity == 300


def test_the_five_commission_sessions_are_for_members_only(runner, session):
    run_demo(runner)

    sessions = list(session.scalars(select(Event).where(
        Event.type.in_(("sesion_ordinaria", "sesion_extraordinaria"))).options(selectinload(Event.sessions))))
    dates = {(e.type, to_local(e.first_starts_at, e.timezone).date()) for e in sessions}
    assert dates == {
        ("sesion_ordinaria", date(2020, 1, 9)), ("sesion_ordinaria", date(2020, 8, 10)),
        ("sesion_ordinaria", date(2020, 11, 10)),
        ("sesion_extraordinaria", date(2020, 5, 25)), ("sesion_extraordinaria", date(2020, 10, 20)),
    }
    assert {(e.visibility, e.scope, e.organization.acronym, e.status) for e in sessions} == {
        ("members", "national", "SNT", "published")}
    meetings = list(session.scalars(select(Event).where(Event.type == "reunion_trabajo")))
    assert len(meetings) == 10
    assert {m.visibility for m in meetings} == {"members"}


def test_panels_and_webinars_keep_the_reports_times_and_people(runner, session):
    run_demo(runner)

    international = event_by_title(session, "Panel internacional: Impacto del ejercicio de un Gobierno "
                                            "Abierto durante la contingencia COVID-19")
    assert local_starts(international) == [datetime(2020, 5, 28, 10)]
    people = {(p.name, p.role) for p in international.people}
    assert ("Cynthia Patricia Cantero Pacheco", "clausura") in people

    justice = event_by_title(session, "Panel Nacional de Justicia Abierta")
    assert [(p.name, p.role) for p in justice.people] == [("Josefina Román Vergara", "moderador")]
    municipal = event_by_title(session, "Panel Nacional de Municipio Abierto")
    assert [(p.name, p.role) for p in municipal.people] == [("Oscar Mauricio Guerra Ford", "moderador")]
    assert event_by_title(session, "Panel Nacional de Parlamento Abierto") is not None

    izai = event_by_title(session, "Panel virtual «Mujeres impulsoras del Gobierno Abierto: ¿a dónde vamos?»")
    assert izai.organization.acronym == "IZAI"
    assert local_starts(izai) == [datetime(2020, 6, 16, 11)]
    quintana_roo = event_by_title(session, "Conversatorio de Gobierno Abierto y Participación Ciudadana")
    assert quintana_roo.timezone == "America/Cancun"
    assert local_starts(quintana_roo) == [datetime(2020, 8, 19, 14)]
    assert quintana_roo.sessions[0].starts_at == datetime(2020, 8, 19, 19)

    webinar = session.scalar(select(Event).where(Event.organization.has(acronym="INFO CDMX"),
                                                 Event.first_starts_at < datetime(2021, 1, 1)))
    assert local_starts(webinar) == [datetime(2020, 5, 6, 12), datetime(2020, 5, 7, 12)]
    by_session = {p.name: webinar.sessions.index(p.session) for p in webinar.people}
    assert by_session["María del Carmen Nava Polina"] == 0
    assert by_session["Norma Sánchez Castillo"] == 1


def test_every_demo_event_uses_the_model_codes(runner, session):
    run_demo(runner)

    events = list(session.scalars(
        select(Event).options(selectinload(Event.people), selectinload(Event.sessions))))
    for event in events:
        assert event.type in EVENT_TYPES, event.slug
        assert event.status in EVENT_STATUSES and event.visibility in VISIBILITIES, event.slug
        assert event.modality in MODALITIES and event.scope in SCOPES, event.slug
        assert all(p.role in PERSON_ROLES for p in event.people), event.slug
        assert all(s.ends_at > s.starts_at for s in event.sessions), event.slug
        assert event.published_at is not None and event.published_at <= utcnow(), event.slug
    assert len({e.slug for e in events}) == len(events)
    assert {t.slug for t in session.scalars(select(Theme))} == {
        "gobierno-abierto", "transparencia-proactiva", "justicia-abierta", "parlamento-abierto",
        "municipio-abierto", "datos-abiertos", "agenda-2030", "proteccion-de-datos"}


def test_running_the_demo_again_creates_nothing(runner, session):
    run_demo(runner)
    before = counts(session)
    assert before["Event"] >= 30

    output = run_demo(runner)
    session.expire_all()
    assert counts(session) == before
    assert "(0 creados ahora)" in output


def test_running_the_demo_days_later_does_not_duplicate_the_upcoming_events(app, session):
    load_demo_agenda(session)
    session.commit()
    before = counts(session)

    line = load_demo_agenda(session, now=utcnow() + timedelta(days=1))
    session.commit()
    load_demo_agenda(session, now=utcnow() + timedelta(days=40))
    session.commit()
    assert counts(session) == before
    assert "(0 creados ahora)" in line


def test_an_edited_demo_event_is_left_alone(runner, session):
    run_demo(runner)
    jornada = event_by_title(session, "Jornada Nacional de Capacitación en Transparencia Proactiva")
    jornada.title = "Jornada Nacional 2020 (editada)"
    session.commit()

    run_demo(runner)
    session.expire_all()
    assert session.get(Event, jornada.id).title == "Jornada Nacional 2020 (editada)"
    assert event_by_title(session, "Jornada Nacional de Capacitación en Transparencia Proactiva") is None


def test_the_agenda_has_upcoming_public_events_and_one_today(runner, session):
    run_demo(runner)

    now = utcnow()
    upcoming = list(session.scalars(select(Event).where(
        Event.status == "published", Event.visibility == "public", Event.last_ends_at > now)
        .options(selectinload(Event.sessions))))
    assert upcoming
    assert any(s.starts_at > now for e in upcoming for s in e.sessions)
    today_somewhere = {to_local(now, e.timezone).date() for e in upcoming}
    assert any(to_local(s.starts_at, e.timezone).date() in today_somewhere
               for e in upcoming for s in e.sessions)
    statuses = dict(session.execute(select(Event.status, Event.status_reason).where(
        Event.status.in_(("cancelled", "postponed")), Event.last_ends_at > now)).all())
    assert set(statuses) == {"cancelled", "postponed"}
    assert all(statuses.values())
    cancelled = session.scalar(select(Event).where(Event.status == "cancelled"))
    assert cancelled.cancelled_at is not None


def test_upcoming_dates_count_working_days(app, session):
    friday = datetime(2031, 1, 3, 18, 0)  # a Friday, 12:00 in Mexico City
    assert friday.weekday() == 4
    load_demo_agenda(session, now=friday)
    session.flush()

    course = event_by_title(session, "Curso: Transparencia proactiva para sujetos obligados")
    assert local_starts(course) == [datetime(2031, 1, 10, 10), datetime(2031, 1, 13, 10)]  # Friday, Monday
    webinar = event_by_title(session, "Webinar: Datos abiertos para la rendición de cuentas local")
    assert local_starts(webinar) == [datetime(2031, 1, 8, 11)]  # three working days later
    diploma = event_by_title(session, "Diplomado en Gobierno Abierto (edición en curso)")
    assert [d.date() for d in local_starts(diploma)] == [  # weekly, calendar days, one session today
        date(2030, 12, 27), date(2031, 1, 3), date(2031, 1, 10), date(2031, 1, 17)]
    assert diploma.first_starts_at < friday < diploma.last_ends_at
    assert course.published_at <= friday  # announced before the demo's "now", never in the future


def test_themes_that_exist_under_another_slug_are_reused(app, session):
    session.add(Theme(slug="gob-abierto", name="Gobierno Abierto"))
    session.flush()

    load_demo_agenda(session)
    session.flush()
    assert session.scalar(select(func.count(Theme.id)).where(Theme.name == "Gobierno Abierto")) == 1
    jornada = event_by_title(session, "Jornada Nacional de Capacitación en Transparencia Proactiva")
    assert "gob-abierto" in {t.slug for t in jornada.themes}


def test_the_loader_is_registered_with_the_demo_command(app):
    assert load_demo_agenda in DEMO_LOADERS
    assert DEMO_LOADERS.count(load_demo_agenda) == 1
