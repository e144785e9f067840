"""OpenAPI description of POST /api/v1/events/{event_id}/registrations (merged into /api/v1/openapi.json by
agenda.api.openapi). Every limit here is one validation.py enforces, so a request outside it is refused."""
from ..catalog.data import STATES
from .models import GENDERS, SECTORS
from .validation import LIMITS

STATE_CODES = [code for code, *_rest in STATES]


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str, headers: dict | None = None) -> dict:
    response = {"description": description, "content": {"application/json": {"schema": schema}}}
    if headers:
        response["headers"] = headers
    return response


EXAMPLE = {
    "name": "Ana Martínez Ruiz", "email": "ana.martinez@iacip-gto.org.mx",
    "institution": "Instituto de Acceso a la Información Pública para el Estado de Guanajuato",
    "position": "Jefa de Unidad de Transparencia", "state": "GUA", "organization": "IACIP", "sector": "gobierno",
    "gender": "mujer", "accessibility": "", "answers": {"3": "si"}, "consent": True,
}

SCHEMAS = {
    "RegistrationInput": {
        "type": "object",
        "required": ["name", "email", "institution", "state", "sector", "consent"],
        "properties": {
            "name": {"type": "string", "minLength": 1, "maxLength": LIMITS["name"], "pattern": "\\S",
                     "description": "Nombre completo."},
            "email": {"type": "string", "maxLength": 254, "format": "email",
                      "description": "Correo electrónico (un registro por correo y evento)."},
            "institution": {"type": "string", "minLength": 1, "maxLength": LIMITS["institution"],
                            "pattern": "\\S", "description": "Sujeto obligado o lugar de trabajo."},
            "position": {"type": ["string", "null"], "maxLength": LIMITS["position"], "description": "Cargo."},
            "state": {"type": "string", "enum": STATE_CODES + [f"MX-{code}" for code in STATE_CODES],
                      "description": "Entidad federativa: clave ISO 3166-2:MX sin prefijo (GUA) o con él (MX-GUA)."},
            "organization": {"type": ["string", "null"], "maxLength": 32,
                             "description": "Siglas del organismo del catálogo donde trabaja, si es el caso."},
            "sector": {"type": "string", "enum": list(SECTORS)},
            "gender": {"enum": [*GENDERS, "", None], "description": "Opcional."},
            "accessibility": {"type": ["string", "null"], "maxLength": LIMITS["accessibility"],
                              "description": "Necesidades de accesibilidad, opcional."},
            "answers": {"type": ["object", "null"],
                        "additionalProperties": {"type": ["string", "boolean", "null"], "maxLength": 2000},
                        "description": "Respuestas a las preguntas propias del evento: {\"id de pregunta\": "
                                       "\"respuesta\"}; sí/no como \"si\"/\"no\" (o true/false), opción única con "
                                       "el texto de la opción."},
            "consent": {"const": True, "description": "Aceptación del aviso de privacidad del organismo que "
                                                      "organiza (obligatoria)."},
        },
        "example": EXAMPLE,
    },
    "RegistrationCreated": {
        "type": "object", "additionalProperties": False, "required": ["status", "position", "event_id"],
        "properties": {
            "status": {"type": "string", "enum": ["confirmed", "waitlisted"]},
            "position": {"type": ["integer", "null"], "minimum": 1,
                         "description": "Lugar en la lista de espera; null si el lugar está confirmado."},
            "event_id": {"type": "integer"},
        },
        "example": {"status": "waitlisted", "position": 3, "event_id": 17},
    },
}

RETRY_AFTER = {"Retry-After": {"description": "Segundos a esperar antes de reintentar.", "required": True,
                               "schema": {"type": "string"}}}

PATHS = {
    "/api/v1/events/{event_id}/registrations": {
        "post": {
            "operationId": "registerForEvent",
            "tags": ["Registro"],
            "summary": "Registrar a una persona en un evento",
            "description": "Sin autenticación: lo usan los sitios de los organismos. Confirma un lugar si hay "
                           "cupo, si no da un lugar en la lista de espera (si el evento la tiene). El enlace para "
                           "consultar, corregir o cancelar el registro se envía solo por correo. Límite de "
                           "solicitudes por dirección (RATELIMIT_REGISTRATION).",
            "security": [{}],
            "parameters": [{"name": "event_id", "in": "path", "required": True,
                            "schema": {"type": "integer", "minimum": 1}}],
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": _ref("RegistrationInput")}}},
            "responses": {
                "201": _json(_ref("RegistrationCreated"), "Registrado: lugar confirmado o en lista de espera."),
                "400": _json(_ref("Error"), "El cuerpo no es JSON."),
                "404": _json(_ref("Error"), "El evento no existe o no es público."),
                "409": _json(_ref("Error"), "`duplicate`: ese correo ya está registrado en el evento; `full`: "
                                            "cupo lleno y sin lista de espera."),
                "410": _json(_ref("Error"), "`closed`: el registro no está abierto (fuera de fechas, pospuesto "
                                            "o sin registro); `cancelled`: el evento fue cancelado."),
                "422": _json(_ref("ValidationError"), "Datos no válidos: un mensaje en español por campo "
                                                      "(`email`, `consent`, `state`, `answers.3`...)."),
                "429": _json(_ref("Error"), "Demasiadas solicitudes desde esta dirección.", RETRY_AFTER),
                "503": _json(_ref("Error"), "Demasiados registros simultáneos para este evento.", RETRY_AFTER),
            },
        },
    },
}
