"""Schemathesis fuzzes every operation of /api/v1/openapi.json against the app (WSGI, no server).

For each operation the document declares (the registration area's included, once it adds its fragment),
Hypothesis draws a bounded number of requests, valid and invalid, anonymous and with a valid organizer token.
No answer may be a 5xx, and every answer's status, headers, content type and body must match the document
(plus: invalid requests must be refused). Path ids are mostly drawn from events that exist, so GET and PATCH
reach the services instead of stopping at 404.
"""
from datetime import datetime

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from tests.fixtures.api import bearer

MAX_EXAMPLES = {GenerationMode.POSITIVE: 60, GenerationMode.NEGATIVE: 30}
CHECKS = ["not_a_server_error", "status_code_conformance", "content_type_conformance",
          "response_schema_conformance", "response_headers_conformance", "negative_data_rejection"]


@pytest.fixture
def fuzz_data(make_event, make_token):
    event_ids = [
        make_event(title="Jornada", sessions=3, capacity=50, themes=["Gobierno Abierto"], co_organizers=["INAI"],
                   start=datetime(2030, 9, 15, 10, 0)),
        make_event(title="Borrador", status="draft"),
        make_event(title="Comisión", visibility="members", organization="INAI", type="sesion_ordinaria"),
        make_event(title="Foro en Monterrey", organization="COTAI", modality="presencial", venue_city="Monterrey",
                   timezone="America/Monterrey"),
        make_event(title="Cupo lleno", capacity=1, registration_closes_at=datetime(2000, 1, 1)),
    ]
    secret, _user = make_token(role="organizer", organization="IACIP")
    return {"event_ids": event_ids, "token": secret}


def load_schema(app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    schema.config.checks.update(included_check_names=CHECKS)
    # The test sets the Authorization header itself (a real token, or none), so invalid requests stay invalid.
    schema.config.generation.update(with_security_parameters=False)
    return schema


def operations(schema) -> list:
    found = [result.ok() for result in schema.get_all_operations()]
    assert found, "the document declares no operation"
    return found


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=lambda m: m.value)
def test_every_operation_answers_as_documented(app, fuzz_data, mode):
    schema = load_schema(app)
    seen = []
    for operation in operations(schema):
        seen.append(f"{operation.method.upper()} {operation.path}")
        fuzz_operation(operation, mode, fuzz_data)
    assert {"GET /api/v1/events", "POST /api/v1/events", "GET /api/v1/events/{event_id}",
            "PATCH /api/v1/events/{event_id}"} <= set(seen)


def fuzz_operation(operation, mode, data) -> None:
    ids = data["event_ids"]
    writes = operation.method.upper() in ("POST", "PATCH", "PUT", "DELETE")

    @given(case=operation.as_strategy(generation_mode=mode), pick=st.integers(0, len(ids)),
           with_token=st.booleans())
    @settings(max_examples=MAX_EXAMPLES[mode], deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case, pick, with_token):
        drawn = (case.path_parameters or {}).get("event_id")
        if isinstance(drawn, int) and not isinstance(drawn, bool) and drawn >= 1 and pick < len(ids):
            case.path_parameters["event_id"] = ids[pick]  # an existing event; pick == len(ids): keep the draw
        # Writes carry the token except in about one case in twelve (the 401 path); reads in one of two.
        anonymous = (not with_token and pick == 0) if writes else not with_token
        headers = None if anonymous else bearer(data["token"])
        case.call_and_validate(headers=headers)

    run()
