"""GET /api/v1/events and /api/v1/events/<id>: contract shape, filters alone and combined, pagination,
visibility for anonymous callers and token holders, and 400s that name the bad parameter."""
from datetime import datetime

import pytest
from sqlalchemy import select

from agenda.catalog.models import State
from agenda.extensions import db
from agenda.security import new_token
from tests.fixtures.api import bearer

CONTRACT_FIELDS = {
    "id", "url", "ics_url", "title", "summary", "description", "type", "themes", "organization", "co_organizers",
    "modality", "venue", "stream_url", "timezone", "status", "visibility", "status_reason", "capacity",
    "waitlist", "seats_left", "registration_required", "registration_opens", "registration_closes",
    "registration_open", "sessions", "people", "updated_at",
}


def titles(response) -> list[str]:
    assert response.status_code == 200, response.get_json()
    return [item["title"] for item in response.get_json()["items"]]


@pytest.fixture
def agenda_2030(app, make_event):
    """Three events that differ in every filter."""
    with app.app_context():
        yucatan = db.session.scalar(select(State.id).where(State.code == "YUC"))
    make_event(title="Webinar de datos abiertos", type="webinar", modality="virtual", organization="IACIP",
               themes=["Datos Abiertos"], start=datetime(2030, 9, 15, 10, 0))
    make_event(title="Panel de justicia abierta", type="panel", modality="presencial", organization="COTAI",
               themes=["Justicia Abierta"], timezone="America/Monterrey", start=datetime(2030, 10, 20, 18, 0),
               venue_city="Mérida", venue_address="Calle 60", venue_state_id=yucatan)
    # 23:00-23:30 in Tijuana on 5 November is 6 November in UTC: the date filter must use the event's zone.
    make_event(title="Curso de gobierno abierto", type="curso", modality="hibrida", organization="INAI",
               co_organizers=["ITEI"], themes=["Gobierno Abierto"], timezone="America/Tijuana",
               start=datetime(2030, 11, 5, 23, 0), session_hours=0.5, venue_city="Guadalajara")


@pytest.mark.parametrize("query, expected", [
    ("", ["Webinar de datos abiertos", "Panel de justicia abierta", "Curso de gobierno abierto"]),
    ("type=panel", ["Panel de justicia abierta"]),
    ("theme=gobierno-abierto", ["Curso de gobierno abierto"]),
    ("theme=Datos+Abiertos", ["Webinar de datos abiertos"]),
    ("region=centro-occidente", ["Webinar de datos abiertos", "Curso de gobierno abierto"]),
    ("region=sureste", ["Panel de justicia abierta"]),
    ("state=JAL", ["Curso de gobierno abierto"]),
    ("state=MX-GUA", ["Webinar de datos abiertos"]),
    ("organization=cotai", ["Panel de justicia abierta"]),
    ("organization=ITEI", ["Curso de gobierno abierto"]),
    ("modality=hibrida", ["Curso de gobierno abierto"]),
    ("from=2030-10-01", ["Panel de justicia abierta", "Curso de gobierno abierto"]),
    ("to=2030-10-01", ["Webinar de datos abiertos"]),
    ("from=2030-11-05&to=2030-11-05", ["Curso de gobierno abierto"]),
    ("from=2030-11-06", []),
    ("q=JUSTICIA", ["Panel de justicia abierta"]),
    ("region=centro-occidente&type=curso", ["Curso de gobierno abierto"]),
    ("region=centro-occidente&from=2030-10-01", ["Curso de gobierno abierto"]),
    ("state=GUA&modality=presencial", []),
    ("organization=INAI&theme=gobierno-abierto&to=2030-12-31&q=curso", ["Curso de gobierno abierto"]),
])
def test_filters_alone_and_combined(client, agenda_2030, query, expected):
    assert titles(client.get(f"/api/v1/events?{query}")) == expected


@pytest.mark.parametrize("query, parameter", [
    ("type=seminario", "type"), ("theme=astronomia", "theme"), ("region=oriente", "region"),
    ("state=XX", "state"), ("organization=NOPE", "organization"), ("modality=radio", "modality"),
    ("from=2030-13-01", "from"), ("to=15/09/2030", "to"), ("from=20300915", "from"),
    ("from=2030-10-02&to=2030-10-01", "to"), ("page=0", "page"), ("page=x", "page"),
    ("per_page=101", "per_page"), ("per_page=-1", "per_page"), ("page=" + "9" * 5000, "page"),
    ("q=a%09b", "q"), ("type=panel&type=foro", "type"),
])
def test_bad_parameters_answer_400_naming_the_parameter(client, query, parameter):
    response = client.get(f"/api/v1/events?{query}")
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] == "invalid_parameter" and body["field"] == parameter
    assert body["message"]


def test_pagination_walks_every_event_once(client, make_event):
    for day in range(1, 6):
        make_event(title=f"Evento {day}", start=datetime(2030, 3, day, 10, 0))
    first = client.get("/api/v1/events?per_page=2&type=webinar").get_json()
    assert (first["page"], first["per_page"], first["total"]) == (1, 2, 5)
    assert first["next"].startswith("http://agenda.test/api/v1/events?type=webinar&page=2&per_page=2&after=")
    seen = [item["title"] for item in first["items"]]
    url = first["next"]
    while url:
        page = client.get(url.removeprefix("http://agenda.test")).get_json()
        seen += [item["title"] for item in page["items"]]
        url = page["next"]
    assert seen == [f"Evento {day}" for day in range(1, 6)]
    beyond = client.get("/api/v1/events?per_page=2&page=4").get_json()
    assert beyond["items"] == [] and beyond["next"] is None and beyond["total"] == 5
    assert client.get("/api/v1/events").get_json()["per_page"] == 50


def test_anonymous_callers_see_only_public_published_postponed_and_cancelled(client, make_event, make_token):
    make_event(title="Publicado")
    make_event(title="Pospuesto", status="postponed")
    make_event(title="Cancelado", status="cancelled", status_reason="Sin sede")
    members = make_event(title="Sesión de la comisión", visibility="members", type="sesion_ordinaria")
    draft = make_event(title="Borrador", status="draft")
    assert sorted(titles(client.get("/api/v1/events"))) == ["Cancelado", "Pospuesto", "Publicado"]
    assert client.get(f"/api/v1/events/{members}").status_code == 404
    assert client.get(f"/api/v1/events/{draft}").status_code == 404

    secret, _user = make_token(role="commissioner", organization="INAI")
    listed = titles(client.get("/api/v1/events", headers=bearer(secret)))
    assert "Sesión de la comisión" in listed and "Borrador" not in listed
    assert client.get(f"/api/v1/events/{members}", headers=bearer(secret)).get_json()["visibility"] == "members"
    assert client.get(f"/api/v1/events/{draft}", headers=bearer(secret)).status_code == 404

    organizer, _user = make_token(role="organizer", organization="IACIP")
    assert client.get(f"/api/v1/events/{draft}", headers=bearer(organizer)).get_json()["status"] == "draft"


def test_a_bad_token_is_refused_even_for_reading(client, make_event):
    make_event()
    response = client.get("/api/v1/events", headers=bearer("no-es-un-token"))
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.get("/api/v1/events", headers={"Authorization": "Basic abc"}).status_code == 401


def test_event_json_follows_the_contract(app, client, make_event):
    event_id = make_event(title="Jornada Nacional", sessions=2, capacity=10, type="capacitacion",
                          start=datetime(2020, 9, 15, 10, 0), themes=["Transparencia Proactiva"],
                          co_organizers=["INAI"], stream_url="https://youtube.com/live/x",
                          meeting_url="https://zoom.us/j/secreto")
    body = client.get(f"/api/v1/events/{event_id}").get_json()
    assert CONTRACT_FIELDS <= set(body)
    assert body["url"].startswith(f"http://agenda.test/eventos/{event_id}-")
    assert body["ics_url"] == f"http://agenda.test/eventos/{event_id}.ics"
    assert (body["title"], body["type"], body["organization"]) == ("Jornada Nacional", "capacitacion", "IACIP")
    assert body["themes"] == ["Transparencia Proactiva"] and body["co_organizers"] == ["INAI"]
    assert body["venue"] is None and body["stream_url"] == "https://youtube.com/live/x"
    assert "zoom.us" not in str(body)  # the meeting link is for registered people only
    assert [(s["start"], s["end"]) for s in body["sessions"]] == [
        ("2020-09-15T10:00:00-05:00", "2020-09-15T12:00:00-05:00"),
        ("2020-09-16T10:00:00-05:00", "2020-09-16T12:00:00-05:00"),
    ]
    assert body["capacity"] == 10 and body["seats_left"] == 10 and body["waitlist"] is True
    assert body["registration_open"] is False  # its sessions are over
    assert datetime.fromisoformat(body["updated_at"]).utcoffset() is not None


def test_seats_left_counts_confirmed_registrations(app, client, make_event):
    registration_models = pytest.importorskip("agenda.registration.models")
    event_id = make_event(capacity=5)
    with app.app_context():
        for number, status in enumerate(["confirmed", "confirmed", "confirmed", "waitlisted", "cancelled"]):
            db.session.add(registration_models.Registration(
                event_id=event_id, email=f"p{number}@example.org", name=f"Persona {number}", status=status,
                token_hash=new_token()[1]))
        db.session.commit()
    body = client.get(f"/api/v1/events/{event_id}").get_json()
    assert body["seats_left"] == 2 and body["registration_open"] is True
    assert client.get("/api/v1/events").get_json()["items"][0]["seats_left"] == 2


def test_registration_open_follows_window_and_status(client, make_event):
    make_event(title="Cerrado", registration_closes_at=datetime(2000, 1, 1))
    make_event(title="Aún no", registration_opens_at=datetime(2999, 1, 1))
    make_event(title="Pospuesto", status="postponed")
    make_event(title="Abierto")
    flags = {item["title"]: item["registration_open"] for item in client.get("/api/v1/events").get_json()["items"]}
    assert flags == {"Cerrado": False, "Aún no": False, "Pospuesto": False, "Abierto": True}


def test_unknown_event_is_404_json(client):
    for url in ("/api/v1/events/999", "/api/v1/events/99999999999999999999", "/api/v1/events/" + "9" * 5000):
        response = client.get(url)
        assert response.status_code == 404 and response.get_json()["error"] == "not_found"


def test_registration_open_agrees_with_the_registration_area(app, make_event):
    seats = pytest.importorskip("agenda.registration.seats")
    from agenda.api.serializers import registration_open
    from agenda.events.models import Event

    past, future = datetime(2000, 1, 1), datetime(2999, 1, 1)
    ids = [make_event(status=status, registration_opens_at=opens, registration_closes_at=closes,
                      registration_required=required)
           for status in ("published", "postponed", "cancelled", "draft")
           for opens in (None, past, future) for closes in (None, past, future) for required in (True, False)]
    with app.test_request_context():
        for event in db.session.scalars(select(Event).where(Event.id.in_(ids))):
            assert registration_open(event) == seats.registration_window(event).is_open, event


def test_next_carries_a_keyset_cursor_that_walks_like_the_page_numbers(client, session, make_event):
    """Following `next` in date order continues after the last event shown (no OFFSET): the same events in the
    same order as page numbers, ties on the start broken by id, the total unchanged; relevance keeps pages."""
    from urllib.parse import parse_qs, urlsplit

    for day in (1, 2, 2, 2, 3, 4, 4):
        make_event(title=f"Capacitación {day}", start=datetime(2030, 3, day, 10, 0))
    by_pages = [item["id"] for page in range(1, 5)
                for item in client.get(f"/api/v1/events?per_page=2&page={page}").get_json()["items"]]
    assert len(by_pages) == 7
    seen, url, pages = [], "/api/v1/events?per_page=2", []
    while url:
        body = client.get(url.removeprefix("http://agenda.test")).get_json()
        assert body["total"] == 7
        pages.append(body["page"])
        seen += [item["id"] for item in body["items"]]
        url = body["next"]
        if url:
            assert "after" in parse_qs(urlsplit(url).query)
    assert seen == by_pages and pages == [1, 2, 3, 4]
    dated = client.get("/api/v1/events?per_page=2&q=capacitacion&sort=date").get_json()
    assert "after=" in dated["next"]
    ranked = client.get("/api/v1/events?per_page=2&q=capacitacion").get_json()
    assert "after=" not in ranked["next"] and "page=2" in ranked["next"]


@pytest.mark.parametrize("after", ["x", "2030-03-01T10:00:00", "2030-03-01T10:00:00~", "2030-13-01~5", "~5",
                                   "2030-03-01T10:00:00~-1", "2030-03-01T10:00:00~" + "9" * 20])
def test_a_malformed_cursor_is_a_clear_400(client, after):
    response = client.get("/api/v1/events", query_string={"after": after})
    assert response.status_code == 400
    assert response.get_json()["field"] == "after" and "cursor" in response.get_json()["message"]


def test_a_cursor_with_the_relevance_order_is_refused(client):
    response = client.get("/api/v1/events?q=datos&after=2030-03-01T10:00:00~5")
    assert response.status_code == 400 and response.get_json()["field"] == "after"
    assert client.get("/api/v1/events?q=datos&sort=date&after=2030-03-01T10:00:00~5").status_code == 200
