"""POST and PATCH /api/v1/events with a personal token: same rules and permissions as the organizer forms."""
from datetime import datetime

from sqlalchemy import select

from agenda.accounts.models import User
from agenda.accounts.tokens import revoke_token
from agenda.events.models import Event, EventSession
from agenda.extensions import db
from tests.fixtures.api import bearer

JORNADA = {
    "title": "Jornada estatal de transparencia proactiva",
    "summary": "Tres sesiones para sujetos obligados de Guanajuato.",
    "type": "capacitacion",
    "modality": "virtual",
    "themes": ["Transparencia Proactiva"],
    "co_organizers": ["INAI"],
    "timezone": "America/Mexico_City",
    "status": "published",
    "capacity": 120,
    "stream_url": "https://www.youtube.com/watch?v=jornada",
    "sessions": [
        {"title": "Sesión 1", "start": "2030-10-28T10:00:00", "end": "2030-10-28T12:00:00"},
        {"title": "Sesión 2", "start": "2030-11-03T10:00:00-06:00", "end": "2030-11-03T12:00:00-06:00"},
        {"title": "Sesión 3", "start": "2030-11-05T16:00:00Z", "end": "2030-11-05T18:00:00Z"},
    ],
    "people": [{"name": "Mariajose González", "role": "moderador", "affiliation": "IACIP", "session_index": 0}],
}


def post(client, body, secret=None, **kwargs):
    headers = bearer(secret) if secret else {}
    return client.post("/api/v1/events", json=body, headers=headers, **kwargs)


def patch(client, event_id, body, secret):
    return client.patch(f"/api/v1/events/{event_id}", json=body, headers=bearer(secret))


def test_create_event_with_sessions_then_move_one_by_patch(app, client, make_token):
    secret, _user = make_token(role="organizer", organization="IACIP")
    created = post(client, JORNADA, secret)
    assert created.status_code == 201, created.get_json()
    event = created.get_json()
    assert created.headers["Location"] == f"http://agenda.test/api/v1/events/{event['id']}"
    assert (event["organization"], event["status"], event["co_organizers"]) == ("IACIP", "published", ["INAI"])
    assert [(s["title"], s["start"]) for s in event["sessions"]] == [
        ("Sesión 1", "2030-10-28T10:00:00-06:00"),  # naive: read in the event's zone
        ("Sesión 2", "2030-11-03T10:00:00-06:00"),
        ("Sesión 3", "2030-11-05T10:00:00-06:00"),  # given in UTC, shown in the event's zone
    ]
    first, second, third = (s["id"] for s in event["sessions"])
    assert event["people"] == [{"name": "Mariajose González", "role": "moderador", "affiliation": "IACIP",
                                "session_id": first}]
    assert client.get(f"/api/v1/events/{event['id']}").get_json()["title"] == JORNADA["title"]

    moved = patch(client, event["id"], {"sessions": [
        {"id": second, "start": "2030-11-04T11:00:00", "end": "2030-11-04T13:00:00"}]}, secret)
    assert moved.status_code == 200, moved.get_json()
    sessions = {s["id"]: s for s in moved.get_json()["sessions"]}
    assert set(sessions) == {first, second, third}  # sessions left out stay
    assert (sessions[second]["start"], sessions[second]["end"]) == ("2030-11-04T11:00:00-06:00",
                                                                    "2030-11-04T13:00:00-06:00")
    assert sessions[first]["start"] == "2030-10-28T10:00:00-06:00"
    assert moved.get_json()["title"] == JORNADA["title"]  # fields left out stay
    with app.app_context():
        assert db.session.get(EventSession, second).sequence == 1  # calendars see the move
        assert db.session.get(EventSession, first).sequence == 0

    grown = patch(client, event["id"], {"sessions": [{"title": "Clausura", "start": "2030-11-10T10:00:00",
                                                      "end": "2030-11-10T11:00:00"}],
                                        "remove_sessions": [third]}, secret)
    assert grown.status_code == 200, grown.get_json()
    assert [s["title"] for s in grown.get_json()["sessions"]] == ["Sesión 1", "Sesión 2", "Clausura"]


def test_naive_times_are_read_in_the_events_own_zone(client, make_token):
    secret, _user = make_token(organization="ITEI")
    body = {**JORNADA, "timezone": "America/Tijuana", "people": [],
            "sessions": [{"start": "2030-03-01T10:00", "end": "2030-03-01T12:00"}]}
    created = post(client, body, secret).get_json()
    assert created["sessions"][0]["start"] == "2030-03-01T10:00:00-08:00"
    assert created["organization"] == "ITEI"  # the token owner's body by default


def test_no_bad_or_revoked_token_is_401(app, client, make_token, make_event):
    event_id = make_event()
    for headers in ({}, bearer("inventado"), {"Authorization": "Token abc"}):
        for response in (client.post("/api/v1/events", json=JORNADA, headers=headers),
                         client.patch(f"/api/v1/events/{event_id}", json={"title": "X"}, headers=headers)):
            assert response.status_code == 401
            assert response.headers["WWW-Authenticate"].startswith("Bearer")
            assert response.get_json()["error"] in ("unauthorized", "invalid_token")
    secret, user_id = make_token()
    with app.app_context():
        from agenda.accounts.tokens import ApiToken

        token_id = db.session.scalar(select(ApiToken.id))
        revoke_token(db.session, db.session.get(User, user_id), token_id)
        db.session.commit()
    assert post(client, JORNADA, secret).status_code == 401
    with app.app_context():
        assert db.session.scalar(select(Event.id).where(Event.title == JORNADA["title"])) is None


def test_a_logged_in_browser_session_is_not_enough_to_write(client, login_as):
    login_as("organizer")
    assert post(client, JORNADA).status_code == 401


def test_other_bodys_organizer_and_commissioner_get_403(app, client, make_token, make_event):
    event_id = make_event(organization="IACIP")
    other, _user = make_token(role="organizer", organization="ITEI")
    response = patch(client, event_id, {"title": "Tomado"}, other)
    assert response.status_code == 403 and response.get_json()["error"] == "forbidden"
    assert post(client, {**JORNADA, "organization": "IACIP"}, other).status_code == 403
    commissioner, _user = make_token(role="commissioner", organization="INAI")
    assert post(client, JORNADA, commissioner).status_code == 403
    assert patch(client, event_id, {"title": "Tomado"}, commissioner).status_code == 403
    with app.app_context():
        assert db.session.get(Event, event_id).title != "Tomado"


def test_owner_co_organizer_and_admin_may_patch(client, make_token, make_event):
    event_id = make_event(organization="IACIP", co_organizers=["INAI"])
    for role, body in (("organizer", "IACIP"), ("organizer", "INAI"), ("admin", None)):
        secret, _user = make_token(role=role, organization=body)
        response = patch(client, event_id, {"summary": f"Cambiado por {role} {body}"}, secret)
        assert response.status_code == 200, response.get_json()
        assert response.get_json()["summary"] == f"Cambiado por {role} {body}"


def test_invalid_body_is_422_naming_every_field(client, make_token):
    secret, _user = make_token()
    response = post(client, {"title": "", "type": "seminario", "capacity": 0, "stream_url": "ftp://x",
                             "sessions": [{"start": "2030-10-28T10:00", "end": "2030-10-28T12:00"},
                                          {"start": "2030-10-29T12:00", "end": "2030-10-29T10:00"}]}, secret)
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert {"title", "type", "capacity", "stream_url", "sessions[1].end"} <= set(errors)
    assert all(isinstance(message, str) and message for message in errors.values())

    typed = post(client, {**JORNADA, "capacity": "diez", "waitlist": "sí", "color": "rojo",
                          "sessions": [{"start": "mañana", "end": "2030-10-28T12:00"}]}, secret)
    assert typed.status_code == 422
    assert {"capacity", "waitlist", "color", "sessions[0].start"} <= set(typed.get_json()["errors"])

    missing = post(client, {"title": "Sin sesiones", "type": "webinar"}, secret)
    assert missing.status_code == 422 and "sessions" in missing.get_json()["errors"]


def test_capacity_errors_state_the_real_bounds(client, make_token):
    secret, _user = make_token()
    for capacity, message in ((1_000_001, "El cupo no puede pasar de 1000000 lugares."),
                              (10**30, "El cupo no puede pasar de 1000000 lugares."),
                              (-5, "El cupo debe ser de al menos 1 lugar.")):
        response = post(client, {**JORNADA, "capacity": capacity}, secret)
        assert response.status_code == 422
        assert response.get_json()["errors"] == {"capacity": message}, capacity
    assert post(client, {**JORNADA, "capacity": 1_000_000}, secret).status_code == 201


def test_patch_validation_uses_the_event_as_it_will_be(client, make_token, make_event):
    event_id = make_event(sessions=2, organization="IACIP", start=datetime(2030, 5, 4, 10, 0))
    secret, _user = make_token()
    session_id = client.get(f"/api/v1/events/{event_id}").get_json()["sessions"][0]["id"]
    response = patch(client, event_id, {"sessions": [{"id": session_id, "end": "2030-05-04T09:00:00"}]}, secret)
    assert response.status_code == 422 and "sessions[0].end" in response.get_json()["errors"]
    other = patch(client, event_id, {"sessions": [{"id": 999999, "title": "Ajena"}]}, secret)
    assert other.status_code == 422 and "sessions[0].id" in other.get_json()["errors"]
    blanked = patch(client, event_id, {"title": "  ", "modality": "", "summary": "Cambiado"}, secret)
    assert blanked.status_code == 422 and {"title", "modality"} <= set(blanked.get_json()["errors"])
    assert client.get(f"/api/v1/events/{event_id}").get_json()["summary"] == "Resumen del evento"  # nothing kept


def test_links_urlparse_cannot_read_are_422_not_500(client, make_token, make_event):
    secret, _user = make_token(organization="IACIP")
    invalid_link = "Use una dirección web que empiece con http:// o https://."
    created = post(client, {**JORNADA, "stream_url": "http://[::1", "sessions": [
        {"start": "2030-10-28T10:00", "end": "2030-10-28T12:00", "meeting_url": "https://[x"}]}, secret)
    assert created.status_code == 422
    assert created.get_json()["errors"] == {"stream_url": invalid_link,
                                            "sessions[0].meeting_url": invalid_link}
    event_id = make_event(organization="IACIP")
    changed = patch(client, event_id, {"stream_url": "https://[x"}, secret)
    assert changed.status_code == 422 and changed.get_json()["errors"] == {"stream_url": invalid_link}


def test_a_person_on_a_session_the_event_does_not_have_is_422_not_the_whole_event(client, make_token,
                                                                                  make_event):
    secret, _user = make_token(organization="IACIP")
    person = {"name": "Mariajose González", "role": "moderador", "affiliation": "IACIP"}
    out_of_range = post(client, {**JORNADA, "people": [{**person, "session_index": 3}]}, secret)
    assert out_of_range.status_code == 422
    assert out_of_range.get_json()["errors"] == {
        "people[0].session_index": "Debe ser la posición (desde 0) de una sesión de «sessions»."}
    unknown = post(client, {**JORNADA, "people": [{**person, "session_id": 999999}]}, secret)
    assert unknown.status_code == 422
    assert unknown.get_json()["errors"] == {"people[0].session_id": "La sesión 999999 no es de este evento."}

    event_id, other_id = make_event(organization="IACIP", sessions=2), make_event(organization="IACIP")
    first, second = (s["id"] for s in client.get(f"/api/v1/events/{event_id}").get_json()["sessions"])
    foreign = client.get(f"/api/v1/events/{other_id}").get_json()["sessions"][0]["id"]
    for body, field, message in (
            ({"people": [{**person, "session_id": foreign}]}, "people[0].session_id",
             f"La sesión {foreign} no es de este evento."),
            ({"people": [{**person, "session_id": second}], "remove_sessions": [second]}, "people[0].session_id",
             f"La sesión {second} se quita en este mismo cambio."),
            ({"people": [{**person, "session_index": 0}]}, "people[0].session_index",
             "Debe ser la posición (desde 0) de una sesión de «sessions».")):
        response = patch(client, event_id, body, secret)
        assert response.status_code == 422 and response.get_json()["errors"] == {field: message}, body
    assert client.get(f"/api/v1/events/{event_id}").get_json()["people"] == []  # nothing kept

    kept = patch(client, event_id, {"people": [{**person, "session_id": first}]}, secret)
    assert kept.status_code == 200 and kept.get_json()["people"][0]["session_id"] == first


def test_malformed_or_non_object_json_is_400(client, make_token, make_event):
    secret, _user = make_token()
    headers = {**bearer(secret), "Content-Type": "application/json"}
    assert client.post("/api/v1/events", data="{title: ", headers=headers).status_code == 400
    assert client.post("/api/v1/events", data="[1, 2]", headers=headers).status_code == 400
    plain = client.post("/api/v1/events", data="title=x", headers=bearer(secret))
    assert plain.status_code == 400 and plain.get_json()["error"] == "bad_request"


def test_patch_unknown_or_invisible_event_is_404(client, make_token, make_event):
    secret, _user = make_token(organization="ITEI")
    assert patch(client, 424242, {"title": "X"}, secret).status_code == 404


def test_api_writes_need_no_csrf_token(client, make_token, csrf_enabled):
    secret, _user = make_token()
    assert post(client, JORNADA, secret).status_code == 201


def test_an_edit_that_waits_too_long_for_a_lock_answers_503_not_500(db_url, make_token, make_event):
    """A burst of registrations (or any transaction) holding the event longer than LOCK_TIMEOUT."""
    from sqlalchemy import text

    from agenda import create_app
    from agenda.config import normalise_database_url
    from agenda.extensions import db, limiter
    from tests.conftest import test_config

    secret, _user_id = make_token()
    event_id = make_event(organization="IACIP")
    short = create_app({**test_config(normalise_database_url(db_url)), "LOCK_TIMEOUT": 0.3})
    limiter.enabled = False
    client = short.test_client()
    with short.app_context(), db.engine.connect() as blocker:
        if blocker.dialect.name == "postgresql":
            blocker.execute(text("SELECT id FROM events WHERE id = :id FOR UPDATE"), {"id": event_id})
        else:
            blocker.connection.dbapi_connection.isolation_level = None
            blocker.exec_driver_sql("BEGIN IMMEDIATE")
        response = client.patch(f"/api/v1/events/{event_id}", json={"title": "Nuevo título"},
                                headers=bearer(secret))
        blocker.rollback()
        if blocker.dialect.name == "sqlite":
            blocker.connection.dbapi_connection.isolation_level = ""
    with short.app_context():
        db.engine.dispose()
    assert response.status_code == 503
    assert response.json["error"] == "busy" and response.headers["Retry-After"] == "2"
