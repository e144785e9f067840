"""Open data: the datasets page, the CSV/JSON files and their dictionaries, the DCAT-US 1.1 catalogue, and the
schema.org Event JSON-LD of public event pages."""
import csv
import io
import json
import re
from datetime import datetime

import pytest
from sqlalchemy import select

from agenda.catalog.models import State
from agenda.events.models import Event, Person
from agenda.extensions import db

OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")

# DCAT-US 1.1 (Project Open Data metadata schema v1.1): fields "Always" required, and those "Required if
# applicable" that apply to this catalogue (bureauCode and programCode apply to U.S. federal agencies only;
# rights only to non-public datasets).
CATALOG_REQUIRED = ("conformsTo", "dataset")
CATALOG_RECOMMENDED = ("@context", "@type", "describedBy")
DATASET_REQUIRED = ("title", "description", "keyword", "modified", "publisher", "contactPoint", "identifier",
                    "accessLevel")
DATASET_IF_APPLICABLE = ("license", "spatial", "temporal", "distribution")
DATASET_EXPANDED = ("describedBy", "describedByType", "landingPage", "language", "theme", "accrualPeriodicity")
DISTRIBUTION_REQUIRED = ("@type", "downloadURL", "mediaType", "format", "title", "describedBy")


@pytest.fixture
def agenda(app, make_event, make_attendee):
    """A small public agenda with every kind of hidden data next to it."""
    ids = {
        "virtual": make_event(title="Webinar de datos abiertos", capacity=10, stream_url="https://youtube.com/x",
                              meeting_url="https://zoom.us/j/secreto-123"),
        "presencial": make_event(title="Foro regional", modality="presencial", capacity=2, sessions=2,
                                 venue_address="Av. Juárez 1", venue_city="León"),
        "hibrida": make_event(title="Taller híbrido", modality="hibrida", organization="INAI"),
        "cancelled": make_event(title="Panel cancelado", status="cancelled", status_reason="Fuerza mayor"),
        "postponed": make_event(title="Curso pospuesto", status="postponed", status_reason="Cambio de sede"),
        "draft": make_event(title="Borrador secreto", status="draft"),
        "members": make_event(title="Reunión solo miembros", visibility="members"),
    }
    make_attendee(ids["presencial"], name="Rosa Registrada Pérez", email="rosa.registrada@example.org")
    make_attendee(ids["presencial"], name="Luis Lleno Gómez", email="luis.lleno@example.org")
    make_attendee(ids["virtual"], name="Marta Virtual Ruiz", email="marta.virtual@example.org")
    with app.app_context():
        event = db.session.get(Event, ids["presencial"])
        event.venue_state = db.session.scalar(select(State).where(State.code == "GUA"))
        db.session.add(Person(event_id=ids["virtual"], name="Ponente Nombre Privado", role="ponente"))
        db.session.commit()
    return ids


SECRETS = ("Rosa Registrada", "rosa.registrada@example.org", "Luis Lleno", "luis.lleno@example.org", "Marta Virtual",
           "marta.virtual@example.org", "Ponente Nombre Privado", "zoom.us", "secreto-123", "Borrador secreto",
           "Reunión solo miembros", "@iacip", "organizer")


def get_json(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return json.loads(response.get_data(as_text=True))


def get_csv(client, path):
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == "text/csv", path
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_the_page_lists_each_dataset_with_csv_json_dictionary_and_licence(client, agenda):
    html = client.get("/datos-abiertos").get_data(as_text=True)
    for slug in ("agenda-eventos", "agenda-sesiones"):
        for path in (f"/datos-abiertos/{slug}.csv", f"/datos-abiertos/{slug}.json", f"/datos-abiertos/{slug}"):
            assert f'href="{path}"' in html
    assert "Libre Uso MX" in html and "https://datos.gob.mx/libreusomx" in html
    detail = client.get("/datos-abiertos/agenda-eventos").get_data(as_text=True)
    assert "lugares_disponibles" in detail and "/datos-abiertos/agenda-eventos/diccionario.csv" in detail
    assert client.get("/datos-abiertos/nada.csv").status_code == 404
    assert "Datos abiertos" in client.get("/agenda").get_data(as_text=True)  # linked from every page's footer


def test_the_files_parse_follow_their_dictionary_and_match_the_api(client, agenda):
    api = get_json(client, "/api/v1/events?per_page=100")
    by_id = {item["id"]: item for item in api["items"]}
    for slug in ("agenda-eventos", "agenda-sesiones"):
        names = [f["name"] for f in get_json(client, f"/datos-abiertos/{slug}/diccionario.json")["fields"]]
        assert [row["campo"] for row in get_csv(client, f"/datos-abiertos/{slug}/diccionario.csv")] == names
        rows_csv, rows_json = get_csv(client, f"/datos-abiertos/{slug}.csv"), get_json(client, f"/datos-abiertos/{slug}.json")
        assert len(rows_csv) == len(rows_json) > 0
        assert list(rows_csv[0]) == names and all(list(row) == names for row in rows_json)
    events = get_json(client, "/datos-abiertos/agenda-eventos.json")
    assert len(events) == api["total"] == 5  # the public agenda: neither the draft nor the members-only event
    for row in events:
        item = by_id[row["id"]]
        assert (row["titulo"], row["url"], row["estado"], row["cupo"], row["lugares_disponibles"], row["organismo"]) == \
            (item["title"], item["url"], item["status"], item["capacity"], item["seats_left"], item["organization"])
        assert row["inicio"] == item["sessions"][0]["start"] and OFFSET.match(row["inicio"])
        assert row["sesiones"] == len(item["sessions"])
    assert {row["id"]: row["lugares_disponibles"] for row in events}[agenda["presencial"]] == 0
    sessions = get_json(client, "/datos-abiertos/agenda-sesiones.json")
    assert sorted(s["id"] for s in sessions) == sorted(s["id"] for item in api["items"] for s in item["sessions"])
    csv_events = get_csv(client, "/datos-abiertos/agenda-eventos.csv")
    assert {r["id"]: r["lugares_disponibles"] for r in csv_events}[str(agenda["virtual"])] == "9"
    assert {r["id"]: r["cupo"] for r in csv_events}[str(agenda["hibrida"])] == ""  # no limit: empty cell


def test_no_file_carries_personal_or_hidden_data(client, agenda):
    paths = ["/datos-abiertos/data.json"] + [f"/datos-abiertos/{slug}{suffix}" for slug in ("agenda-eventos", "agenda-sesiones",
                                                                                            "informe-cifras-por-evento")
                                             for suffix in (".csv", ".json", "/diccionario.csv", "/diccionario.json")]
    for path in paths:
        text = client.get(path).get_data(as_text=True)
        for secret in SECRETS:
            assert secret not in text, (path, secret)
        assert not re.search(r"[\w.+-]+@(?!agenda\.test)[\w-]+\.[\w.]+", text), path  # no address but the contact


def test_the_dcat_catalogue_has_every_field_dcat_us_requires(client, agenda):
    catalog = get_json(client, "/datos-abiertos/data.json")
    for name in CATALOG_REQUIRED + CATALOG_RECOMMENDED:
        assert catalog.get(name), name
    assert catalog["conformsTo"] == "https://project-open-data.cio.gov/v1.1/schema"
    assert catalog["@type"] == "dcat:Catalog"
    assert [d["identifier"] for d in catalog["dataset"]] == [
        "http://agenda.test/datos-abiertos/agenda-eventos", "http://agenda.test/datos-abiertos/agenda-sesiones",
        "http://agenda.test/datos-abiertos/informe-cifras-por-evento"]
    for dataset in catalog["dataset"]:
        for name in DATASET_REQUIRED + DATASET_IF_APPLICABLE + DATASET_EXPANDED:
            assert dataset.get(name), (dataset["identifier"], name)
        assert dataset["accessLevel"] == "public"
        assert dataset["license"] == "https://datos.gob.mx/libreusomx"
        assert isinstance(dataset["keyword"], list) and all(isinstance(k, str) for k in dataset["keyword"])
        datetime.fromisoformat(dataset["modified"])
        start, end = dataset["temporal"].split("/")
        assert datetime.fromisoformat(start) < datetime.fromisoformat(end)
        assert dataset["publisher"]["@type"] == "org:Organization" and dataset["publisher"]["name"]
        assert dataset["contactPoint"]["@type"] == "vcard:Contact" and dataset["contactPoint"]["fn"]
        assert dataset["contactPoint"]["hasEmail"].startswith("mailto:")
        assert {d["format"] for d in dataset["distribution"]} == {"CSV", "JSON"}
        for distribution in dataset["distribution"]:
            for name in DISTRIBUTION_REQUIRED:
                assert distribution.get(name), name
            path = distribution["downloadURL"].removeprefix("http://agenda.test")
            response = client.get(path)
            assert response.status_code == 200 and response.mimetype == distribution["mediaType"]
            assert client.get(distribution["describedBy"].removeprefix("http://agenda.test")).status_code == 200


def json_ld(client, event_id):
    html = client.get(f"/eventos/{event_id}", follow_redirects=True).get_data(as_text=True)
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    return [json.loads(block) for block in blocks]


REQUIRED_EVENT = ("@context", "@type", "name", "startDate", "endDate", "location", "organizer", "eventStatus",
                  "eventAttendanceMode", "offers", "description", "url")


def test_every_public_event_page_carries_event_json_ld(client, agenda):
    expected = {"virtual": ("EventScheduled", "OnlineEventAttendanceMode", "VirtualLocation", "InStock"),
                "presencial": ("EventScheduled", "OfflineEventAttendanceMode", "Place", "SoldOut"),
                "hibrida": ("EventScheduled", "MixedEventAttendanceMode", "Place", "InStock"),
                "cancelled": ("EventCancelled", "OnlineEventAttendanceMode", "VirtualLocation", "InStock"),
                "postponed": ("EventPostponed", "OnlineEventAttendanceMode", "VirtualLocation", "InStock")}
    for key, (status, mode, location, availability) in expected.items():
        (data,) = json_ld(client, agenda[key])
        for name in REQUIRED_EVENT:
            assert data.get(name), (key, name)
        assert data["@context"] == "https://schema.org" and data["@type"] == "Event"
        assert OFFSET.match(data["startDate"]) and OFFSET.match(data["endDate"]), key
        assert data["startDate"] < data["endDate"]
        assert data["eventStatus"] == f"https://schema.org/{status}", key
        assert data["eventAttendanceMode"] == f"https://schema.org/{mode}", key
        first = data["location"][0] if isinstance(data["location"], list) else data["location"]
        assert first["@type"] == location, key
        assert data["organizer"]["@type"] == "Organization" and data["organizer"]["name"]
        assert data["offers"]["availability"] == f"https://schema.org/{availability}", key
        assert data["offers"]["@type"] == "Offer" and data["offers"]["url"].endswith(f"/eventos/{agenda[key]}/registro")
    (place,) = json_ld(client, agenda["presencial"])
    assert place["location"]["address"]["addressLocality"] == "León"
    assert place["location"]["address"]["addressRegion"] == "Guanajuato"
    assert place["remainingAttendeeCapacity"] == 0 and place["maximumAttendeeCapacity"] == 2
    (hybrid,) = json_ld(client, agenda["hibrida"])
    assert [loc["@type"] for loc in hybrid["location"]] == ["Place", "VirtualLocation"]
    (virtual,) = json_ld(client, agenda["virtual"])
    assert virtual["location"]["url"] == "https://youtube.com/x"  # the public stream, never the meeting link
    assert virtual["offers"]["availability"] == "https://schema.org/InStock"


def test_rescheduled_limited_and_script_safe(client, app, make_event, make_attendee):
    moved = make_event(title="Evento </script><b>x</b> & más", status_reason="Nueva fecha", capacity=20)
    for _ in range(18):
        make_attendee(moved)
    (data,) = json_ld(client, moved)
    assert data["eventStatus"] == "https://schema.org/EventRescheduled"
    assert data["offers"]["availability"] == "https://schema.org/LimitedAvailability"
    assert data["name"] == "Evento </script><b>x</b> & más"


def test_drafts_and_members_only_events_carry_no_json_ld(client, agenda, login_as):
    login_as("organizer", organization="IACIP")
    assert json_ld(client, agenda["members"]) == []
    assert json_ld(client, agenda["draft"]) == []


def test_the_report_figures_dataset_matches_the_report_suppressed_and_holds_nobody(client, app, make_event,
                                                                                   make_attendee, mark_present,
                                                                                   login_as):
    big = make_event(title="Jornada abierta", start=datetime(2031, 3, 3, 10), sessions=2)
    small = make_event(title="Taller pequeño", start=datetime(2031, 3, 10, 10))
    for n in range(7):
        mark_present(make_attendee(big, email=f"grande{n}@x.mx", name=f"Persona Grande {n}", state="GUA"))
    for n in range(2):
        mark_present(make_attendee(small, email=f"chico{n}@x.mx", name=f"Persona Chica {n}", state="ZAC"))
    rows = {row["id"]: row for row in get_json(client, "/datos-abiertos/informe-cifras-por-evento.json")}
    names = [f["name"] for f in get_json(client, "/datos-abiertos/informe-cifras-por-evento/diccionario.json")["fields"]]
    assert all(list(row) == names for row in rows.values())
    assert (rows[big]["participantes"], rows[big]["registros"], rows[big]["entidades"], rows[big]["sesiones"]) == (7, 7, 1, 2)
    assert rows[small]["participantes"] == "<5" and rows[small]["entidades"] == "<5", "two people: suppressed"
    login_as("commissioner", "INAI")
    report = get_json(client, "/api/v1/report?from=2031-03-01&to=2031-03-31")
    assert {e["id"]: e["participants"] for e in report["events"]} == {big: 7, small: 2}, "the same figures"
    csv_text = client.get("/datos-abiertos/informe-cifras-por-evento.csv").get_data(as_text=True)
    assert "Persona" not in csv_text and "@x.mx" not in csv_text
    assert "informe-cifras-por-evento" in client.get("/datos-abiertos/data.json").get_data(as_text=True)
