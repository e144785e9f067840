"""One-line fields (titles, venues, people's names and affiliations, organization names) never carry a line
break: a title pasted with one used to make the event's .ics a 500 and every mail whose Subject carried it
fail for good, so those registrants never got their self-service link. Breaks become one space where input is
read (form and API alike), and the calendar and mail builders flatten rows saved before that."""
import re

import pytest
from sqlalchemy import select

from agenda.catalog.models import Organization
from agenda.catalog.services import save_organization
from agenda.events.models import Event
from agenda.extensions import db
from tests.fixtures.api import bearer
from tests.fixtures.feeds import parse_feed
from tests.fixtures.notifications import calendars_of
from tests.readers import read_with_every_reader

from .conftest import form_data

BREAKS = {"LF": "\n", "CRLF": "\r\n", "CR": "\r", "U+2028": "\u2028"}


def assert_clean_calendar(body: bytes) -> None:
    """Every line ends in CRLF and no property value holds a raw CR or LF (what a reader sees as a new line)."""
    assert body.endswith(b"\r\n")
    for line in body.split(b"\r\n")[:-1]:
        assert b"\r" not in line and b"\n" not in line, line
        assert "\u2028".encode() not in line
    parse_feed(body)  # icalendar and the strict `ical` parser both read it
    for reader, readings in read_with_every_reader(body).items():  # ical.js, libical, icalendar, ical, khal
        assert readings, f"{reader} found no event"


@pytest.mark.parametrize("name", BREAKS)
def test_api_flattens_breaks_and_the_ics_and_the_mail_still_work(app, client, make_token, person, smtp_config,
                                                                  deliver, name):
    br = BREAKS[name]
    secret, _user = make_token(role="organizer", organization="IACIP")
    created = client.post("/api/v1/events", headers=bearer(secret), json={
        "title": f"Taller{br}de datos abiertos", "type": "taller", "modality": "presencial",
        "status": "published", "capacity": 20, "timezone": "America/Mexico_City",
        "venue": {"address": f"Calzada de los Héroes 908{br}Colonia La Martinica", "city": f"León{br}", "state": "GUA"},
        "sessions": [{"title": f"Primera{br}sesión", "venue": f"Sala 1{br}planta baja",
                      "start": "2030-03-04T10:00:00", "end": "2030-03-04T12:00:00"}],
        "people": [{"name": f"Ana{br}Martínez", "role": "ponente", "affiliation": f"IACIP{br}Guanajuato"}],
    })
    assert created.status_code == 201, created.get_json()
    event = created.get_json()
    assert event["title"] == "Taller de datos abiertos"
    assert event["sessions"][0]["title"] == "Primera sesión" and event["sessions"][0]["venue"] == "Sala 1 planta baja"
    assert event["people"][0]["name"] == "Ana Martínez" and event["people"][0]["affiliation"] == "IACIP Guanajuato"
    assert event["venue"]["address"] == "Calzada de los Héroes 908 Colonia La Martinica"
    assert event["venue"]["city"] == "León"

    ics = client.get(f"/eventos/{event['id']}.ics")
    assert ics.status_code == 200
    assert_clean_calendar(ics.data)
    assert b"SUMMARY:Taller de datos abiertos" in ics.data.replace(b"\r\n ", b"")

    registered = client.post(f"/api/v1/events/{event['id']}/registrations",
                             json=person(email="ana@example.org", name=f"Ana{br}Martínez"))
    assert registered.status_code == 201
    deliver()
    (message,) = smtp_config.to("ana@example.org")
    assert message["Subject"] == "Registro confirmado: Taller de datos abiertos"
    for _type, calendar in calendars_of(message):
        assert_clean_calendar(calendar.encode())


@pytest.mark.parametrize("name", BREAKS)
def test_the_organizer_form_flattens_breaks_like_the_api(client, login_as, session, name):
    br = BREAKS[name]
    login_as("organizer", "IACIP")
    response = client.post("/eventos/nuevo", data=form_data(
        title=f"Foro{br}estatal", modality="presencial", venue_address=f"Av. Juárez 1{br}Centro",
        venue_city="León", venue_state="GUA", sessions=[("2030-05-06", "10:00", "12:00", f"Mesa{br}1")],
        people=[(f"Luis{br}Pérez", "ponente", f"INAI{br}México", "")], publish="1"))
    assert response.status_code == 302, response.text
    event = session.scalars(select(Event)).one()
    assert (event.title, event.venue_address, event.sessions[0].title) == ("Foro estatal", "Av. Juárez 1 Centro",
                                                                          "Mesa 1")
    assert [(p.name, p.affiliation) for p in event.people] == [("Luis Pérez", "INAI México")]


def test_rows_saved_with_breaks_before_the_fix_still_give_feeds_and_mail(app, client, make_event, person,
                                                                        smtp_config, deliver):
    """Rows written before input was flattened (or by hand): the builders are the last line of defence."""
    event_id = make_event(title="Webinar\r\nde\rgobierno\nabierto\u20282030", capacity=5)
    with app.app_context():
        event = db.session.get(Event, event_id)
        event.sessions[0].title, event.sessions[0].venue = "Parte\n1", "Sala\r2"
        event.organization.name = "Instituto\nde Acceso"
        db.session.commit()
    for path in (f"/eventos/{event_id}.ics", "/calendario.ics", "/organismos/IACIP/calendario.ics"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_clean_calendar(response.data)
    assert client.get(f"/eventos/{event_id}", follow_redirects=True).status_code == 200
    assert client.post(f"/api/v1/events/{event_id}/registrations",
                       json=person(email="luis@example.org")).status_code == 201
    deliver()
    (message,) = smtp_config.to("luis@example.org")
    assert re.fullmatch(r"Registro confirmado: Webinar de gobierno abierto 2030", message["Subject"])
    for _type, calendar in calendars_of(message):
        assert_clean_calendar(calendar.encode())


def test_organization_names_are_one_line(app):
    with app.app_context():
        organization = save_organization(db.session, {"acronym": "OGLX", "name": "Órgano\r\nGarante\u2028Local",
                                                      "kind": "ogl"})
        db.session.commit()
        assert db.session.scalar(select(Organization.name).where(Organization.id == organization.id)) == \
            "Órgano Garante Local"
