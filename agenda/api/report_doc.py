"""OpenAPI description of GET /api/v1/report (merged into /api/v1/openapi.json by agenda.api.openapi)."""
from ..events.models import EVENT_TYPES


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


COUNT = {"type": "integer", "minimum": 0}
PEOPLE_MAP = {"type": "object", "additionalProperties": COUNT}

EVENT_FIGURES = {
    "type": "object", "additionalProperties": False,
    "required": ["id", "title", "type", "organization", "sessions", "registrations", "participants",
                 "public_servants", "completed", "certificates", "bodies", "institutions", "states", "regions"],
    "properties": {
        "id": {"type": "integer"}, "title": {"type": "string"}, "type": {"type": "string", "enum": list(EVENT_TYPES)},
        "organization": {"type": "string", "description": "Siglas del organismo que organiza."},
        "sessions": COUNT, "registrations": {**COUNT, "description": "Registros confirmados."},
        "participants": {**COUNT, "description": "Registros confirmados con asistencia a una sesión o más."},
        "public_servants": {**COUNT, "description": "Participantes del sector gobierno."},
        "completed": {**COUNT, "description": "Participantes que cumplen la regla de asistencia del evento."},
        "certificates": {**COUNT, "description": "Constancias emitidas y no revocadas."},
        "bodies": {**COUNT, "description": "Organismos garantes locales (OGL) distintos de los participantes."},
        "institutions": {**COUNT, "description": "Instituciones distintas (nombres normalizados y unificados)."},
        "states": COUNT, "regions": COUNT,
    },
}

SCHEMAS = {
    "ReportEvent": EVENT_FIGURES,
    "Report": {
        "type": "object", "additionalProperties": False,
        "required": ["period", "totals", "by_type", "by_region", "by_state", "by_gender", "by_sector", "events"],
        "properties": {
            "period": {"type": "object", "required": ["from", "to"], "properties": {
                "from": {"type": "string", "format": "date"}, "to": {"type": "string", "format": "date"}}},
            "totals": {
                "type": "object", "additionalProperties": False,
                "required": ["events", "sessions", "registrations", "participants", "public_servants", "bodies",
                             "institutions", "states", "regions", "certificates", "reach"],
                "properties": {
                    "events": COUNT, "sessions": {**COUNT, "description": "Sesiones en el periodo."},
                    "registrations": COUNT,
                    "participants": {**COUNT, "description": "Personas distintas (por correo) presentes en una "
                                                             "sesión del periodo."},
                    "public_servants": COUNT, "bodies": COUNT, "institutions": COUNT, "states": COUNT,
                    "regions": COUNT, "certificates": COUNT,
                    "reach": {"type": "object", "additionalProperties": False, "required": ["views", "people"],
                              "properties": {"views": COUNT, "people": COUNT}},
                },
            },
            "by_type": {"type": "object", "description": "Por código de tipo de evento: eventos y sumas por evento.",
                        "additionalProperties": PEOPLE_MAP},
            "by_region": {**PEOPLE_MAP, "description": "Participantes por región (código de región)."},
            "by_state": {"type": "object", "description": "Por clave de entidad: participants, public_servants, "
                                                          "events (organizados).",
                         "additionalProperties": PEOPLE_MAP},
            "by_gender": {**PEOPLE_MAP, "description": "Participantes por género; `sin_dato` sin respuesta."},
            "by_sector": {**PEOPLE_MAP, "description": "Participantes por sector; `sin_dato` sin respuesta."},
            "events": {"type": "array", "items": _ref("ReportEvent")},
        },
    },
}

DATE = {"type": "string", "format": "date"}

PATHS = {
    "/api/v1/report": {
        "get": {
            "operationId": "getReport", "tags": ["Informe"],
            "summary": "Cifras de la Comisión para un periodo",
            "description": "Para administración, organizadores y comisionados, con token personal o sesión "
                           "iniciada. Eventos publicados o pospuestos con alguna sesión en el periodo (días "
                           "completos en la zona de la agenda, ambos extremos incluidos). Sin `from`/`to`: los "
                           "últimos doce meses.",
            "security": [{"bearerAuth": []}],
            "parameters": [
                {"name": "from", "in": "query", "required": False, "schema": DATE,
                 "description": "Primer día, AAAA-MM-DD."},
                {"name": "to", "in": "query", "required": False, "schema": DATE,
                 "description": "Último día, AAAA-MM-DD."},
            ],
            "responses": {
                "200": _json(_ref("Report"), "Las cifras del periodo."),
                "401": _json(_ref("Error"), "Sin token válido ni sesión iniciada."),
                "403": _json(_ref("Error"), "La cuenta no es de administración, organización ni comisión."),
                "422": _json(_ref("ValidationError"), "Fecha no válida, o `from` posterior a `to`."),
            },
        },
    },
}
