"""GET /api/v1/report: the issue's JSON, equal to our own count; 401 anonymous, 403 other roles, 200 for
organizers, commissioners and admins by token or session; 422 for a bad date; in the OpenAPI document."""
import pytest

from agenda.accounts.models import User
from agenda.extensions import db
from tests.fixtures.api import bearer
from tests.reports.test_figures import jornada, own_figures  # noqa: F401  (fixture)

URL = "/api/v1/report?from=2020-09-01&to=2020-11-10"


def test_anonymous_gets_401(client, jornada):  # noqa: F811
    response = client.get(URL)
    assert response.status_code == 401
    assert response.get_json()["error"] == "unauthorized" and "Bearer" in response.headers["WWW-Authenticate"]
    assert client.get(URL, headers=bearer("nope")).status_code == 401


def test_other_role_gets_403(app, client, make_token, jornada):  # noqa: F811
    secret, user_id = make_token(role="organizer")
    with app.app_context():  # an account whose role is not one of the report's (a future "registrant" role)
        db.session.get(User, user_id).role = "registrant"
        db.session.commit()
    response = client.get(URL, headers=bearer(secret))
    assert response.status_code == 403 and response.get_json()["error"] == "forbidden"


@pytest.mark.parametrize("role, organization", [("organizer", "IACIP"), ("commissioner", "INAI"), ("admin", None)])
def test_report_roles_get_the_figures_by_token(client, session, make_token, jornada, role, organization):  # noqa: F811
    jornada_id, _webinar_id = jornada
    secret, _user = make_token(role=role, organization=organization)
    response = client.get(URL, headers=bearer(secret))
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert set(body) == {"period", "totals", "by_type", "by_region", "by_state", "by_gender", "by_sector", "events"}
    assert set(body["totals"]) == {"events", "sessions", "registrations", "participants", "public_servants",
                                   "bodies", "institutions", "states", "regions", "certificates", "reach"}
    assert body["totals"]["events"] == 2 and body["totals"]["sessions"] == 5
    assert body["totals"]["participants"] == 6  # p0 is in both events: once
    assert body["totals"]["certificates"] == 1 and body["totals"]["bodies"] == 3
    assert body["by_type"]["capacitacion"]["events"] == 1
    event = next(e for e in body["events"] if e["id"] == jornada_id)
    expected = own_figures(session, jornada_id, required=3)
    for name in ("registrations", "participants", "public_servants", "completed", "certificates", "bodies",
                 "states", "regions", "sessions"):
        assert event[name] == expected[name], name
    assert set(event) == {"id", "title", "type", "organization", "sessions", "registrations", "participants",
                          "public_servants", "completed", "certificates", "bodies", "institutions", "states",
                          "regions"}
    assert event["organization"] == "INAI" and event["type"] == "capacitacion"
    assert sum(body["by_region"].values()) >= 6 and body["by_state"]["GUA"]["participants"] == 2


def test_session_login_works_too(client, login_as, jornada):  # noqa: F811
    login_as("commissioner", "INAI")
    assert client.get(URL).status_code == 200


@pytest.mark.parametrize("query, field", [("from=2020-13-01", "from"), ("to=ayer", "to"), ("from=", "from"),
                                          ("from=2020-12-01&to=2020-01-01", "from")])
def test_bad_dates_are_422(client, make_token, query, field):
    secret, _user = make_token()
    response = client.get(f"/api/v1/report?{query}", headers=bearer(secret))
    assert response.status_code == 422
    assert field in response.get_json()["errors"]


def test_in_the_openapi_document(client):
    document = client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/api/v1/report"]["get"]
    assert set(operation["responses"]) == {"200", "401", "403", "422"}
    assert "Report" in document["components"]["schemas"]
