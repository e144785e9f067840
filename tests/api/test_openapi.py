"""The OpenAPI 3.1 document: served, valid enough for Schemathesis to load, and in step with the app's routes."""
import pytest

from agenda.api.openapi import merge_fragment


def test_document_is_served_as_openapi_31(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    document = response.get_json()
    assert document["openapi"] == "3.1.0"
    assert document["servers"] == [{"url": "http://agenda.test"}]
    scheme = document["components"]["securitySchemes"]["bearerAuth"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    post = document["paths"]["/api/v1/events"]["post"]
    assert post["security"] == [{"bearerAuth": []}]
    assert {"201", "400", "401", "403", "422"} <= set(post["responses"])
    assert "WWW-Authenticate" in post["responses"]["401"]["headers"]


def test_every_api_route_is_documented_and_every_documented_path_exists(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    documented = {(path, method.upper()) for path, item in document["paths"].items() for method in item}
    routes = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.endpoint == "api.docs":
            continue
        path = rule.rule.replace("<int:", "{").replace(">", "}")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            routes.add((path, method))
    assert routes == documented


def test_contract_fields_are_required_in_the_event_schema(client):
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    event = schemas["Event"]
    assert event["additionalProperties"] is False
    assert {"id", "url", "ics_url", "sessions", "people", "seats_left", "registration_open",
            "updated_at"} <= set(event["required"])
    assert set(event["required"]) == set(event["properties"])
    for name in ("EventCreate", "EventUpdate", "SessionInput", "PersonInput"):
        assert schemas[name]["additionalProperties"] is False
    assert schemas["EventCreate"]["required"] == ["title", "type", "sessions"]


def test_fragments_merge_but_never_overwrite():
    document = {"paths": {"/a": {"get": {"summary": "A"}}}, "components": {"schemas": {"X": {"type": "string"}}}}
    merge_fragment(document, {"/a": {"post": {"summary": "B"}}, "/b": {"get": {}}}, {"Y": {"type": "integer"}})
    assert set(document["paths"]["/a"]) == {"get", "post"} and "/b" in document["paths"]
    merge_fragment(document, {}, {"X": {"type": "string"}})  # the same schema twice is fine
    with pytest.raises(ValueError):
        merge_fragment(document, {"/a": {"get": {}}}, {})
    with pytest.raises(ValueError):
        merge_fragment(document, {}, {"X": {"type": "integer"}})


def test_public_reads_allow_other_sites_to_fetch(client):
    assert client.get("/api/v1/events").headers["Access-Control-Allow-Origin"] == "*"
