"""The registration endpoint is in the public OpenAPI document, with the contract's answers."""


def test_the_registration_endpoint_is_documented(client):
    document = client.get("/api/v1/openapi.json").json
    operation = document["paths"]["/api/v1/events/{event_id}/registrations"]["post"]
    assert set(operation["responses"]) >= {"201", "409", "410", "422", "429", "503"}
    schema = document["components"]["schemas"]["RegistrationInput"]
    assert set(schema["required"]) == {"name", "email", "institution", "state", "sector", "consent"}
    assert schema["properties"]["consent"] == {"const": True, "description": schema["properties"]["consent"][
        "description"]}
