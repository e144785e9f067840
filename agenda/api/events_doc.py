"""OpenAPI description of the events endpoints (merged into /api/v1/openapi.json by agenda.api.openapi).

Kept next to the code it documents: the limits come from agenda.api.inputs (capacity's from the event rules),
the codes from the models.
"""
from ..database import MAX_ID
from ..events.models import EVENT_STATUSES, EVENT_TYPES, MODALITIES, PERSON_ROLES, SCOPES, VISIBILITIES
from ..events.validation import MAX_CAPACITY
from .inputs import DATETIME_PATTERN, DAY_PATTERN, MAX_LIST, MAX_PEOPLE, MAX_SESSIONS, SCALARS

REGIONS = ["centro", "centro-occidente", "norte", "sureste"]


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict) -> dict:
    return {**schema, "type": [schema["type"], "null"]}


def _text(key: str) -> dict:
    return {"type": "string", "maxLength": SCALARS[key][1]}


TIME_OUT = {"type": "string", "format": "date-time",
            "description": "ISO 8601 con el desfase de la zona del evento (2020-09-15T10:00:00-05:00)."}
TIME_IN = {"type": "string", "pattern": DATETIME_PATTERN,
           "description": "ISO 8601. Con desfase (-05:00, Z) o sin él: entonces es hora local en `timezone`.",
           "example": "2020-09-15T10:00:00-05:00"}
SESSION_TIME_IN = {"type": "string", "pattern": f"({DATETIME_PATTERN})|({DAY_PATTERN})",
                   "description": "ISO 8601 como en `TIME_IN`, o solo la fecha (2027-01-25) para una sesión de "
                                  "todo el día.", "example": "2020-09-15T10:00:00-05:00"}
SESSION_ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
CODES = {
    "type": {"type": "string", "enum": list(EVENT_TYPES)},
    "modality": {"type": "string", "enum": list(MODALITIES)},
    "status": {"type": "string", "enum": list(EVENT_STATUSES)},
    "visibility": {"type": "string", "enum": list(VISIBILITIES)},
    "scope": {"type": "string", "enum": list(SCOPES),
              "description": "Alcance: nacional, regional o estatal (la vista de coordinación lo usa)."},
}

EVENT_EXAMPLE = {
    "id": 17, "url": "https://agenda.example.org/eventos/17-jornada-nacional-de-capacitacion",
    "ics_url": "https://agenda.example.org/eventos/17.ics",
    "title": "Jornada Nacional de Capacitación en Transparencia Proactiva",
    "summary": "Ocho sesiones virtuales para los organismos garantes.", "description": "**Programa** completo…",
    "type": "capacitacion", "themes": ["Transparencia Proactiva"], "organization": "INAI",
    "co_organizers": ["IACIP"], "modality": "virtual", "scope": "national", "venue": None,
    "stream_url": "https://www.youtube.com/@INAIMexico", "timezone": "America/Mexico_City",
    "status": "published", "visibility": "public", "status_reason": None, "capacity": 410, "waitlist": True,
    "seats_left": 12, "registration_required": True, "registration_opens": "2020-09-01T09:00:00-05:00",
    "registration_closes": "2020-09-14T18:00:00-05:00", "registration_open": False,
    "sessions": [{"id": 5, "title": "Sesión 1", "start": "2020-09-15T10:00:00-05:00",
                  "end": "2020-09-15T12:00:00-05:00", "venue": None, "all_day": False, "first_day": None,
                  "last_day": None}],
    "people": [{"name": "Josefina Román Vergara", "role": "moderador", "affiliation": "INAI",
                "session_id": None}],
    "updated_at": "2020-09-10T13:05:12-05:00",
}

CREATE_EXAMPLE = {
    "title": "Webinar: datos abiertos municipales", "type": "webinar", "modality": "virtual",
    "themes": ["Datos Abiertos"], "stream_url": "https://www.youtube.com/watch?v=abc",
    "timezone": "America/Mexico_City", "status": "published", "capacity": 300,
    "sessions": [{"title": "Sesión 1", "start": "2020-10-20T10:00:00", "end": "2020-10-20T12:00:00"},
                 {"title": "Sesión 2", "start": "2020-10-21T10:00:00-05:00", "end": "2020-10-21T12:00:00-05:00"}],
    "people": [{"name": "Mariajose González", "role": "moderador", "affiliation": "IACIP", "session_index": 0}],
}
PATCH_EXAMPLE = {"sessions": [{"id": 5, "start": "2020-09-16T11:00:00-05:00", "end": "2020-09-16T13:00:00-05:00"},
                              {"start": "2020-09-30T10:00:00", "end": "2020-09-30T12:00:00"}],
                 "remove_sessions": [6]}


def _input_properties() -> dict:
    text_list = lambda key: {"type": "array", "maxItems": MAX_LIST,  # noqa: E731
                             "items": {"type": "string", "maxLength": SCALARS[key][1]}}
    return {
        "title": _text("title"), "summary": _text("summary"),
        "description": {**_text("description"), "description": "Markdown."},
        **CODES,
        "themes": {**text_list("themes"), "description": "Nombres (o códigos) de temas del catálogo."},
        "organization": {**_text("organization"),
                         "description": "Siglas del organismo organizador; por omisión, el de la persona del token."},
        "co_organizers": {**text_list("co_organizers"), "description": "Siglas de organismos coorganizadores."},
        "venue": {"type": ["object", "null"], "additionalProperties": False, "properties": {
            "address": {"type": ["string", "null"], "maxLength": 255},
            "city": {"type": ["string", "null"], "maxLength": 120},
            "state": {"type": ["string", "null"], "maxLength": 6, "description": "GUA o MX-GUA."}}},
        "stream_url": {"type": ["string", "null"], "maxLength": 500, "description": "Transmisión pública (http/https)."},
        "meeting_url": {"type": ["string", "null"], "maxLength": 500,
                        "description": "Enlace de la reunión: solo se muestra a personas registradas; la API no lo devuelve."},
        "timezone": {**_text("timezone"), "description": "Zona IANA, p. ej. America/Mexico_City."},
        "status_reason": {"type": ["string", "null"], "maxLength": 500},
        "capacity": {"type": ["integer", "null"], "minimum": 1, "maximum": MAX_CAPACITY,
                     "description": "Lugares; null = sin límite."},
        "waitlist": {"type": "boolean"},
        "registration_required": {"type": "boolean"},
        "registration_opens": _nullable(TIME_IN),
        "registration_closes": _nullable(TIME_IN),
        "sessions": {"type": "array", "maxItems": MAX_SESSIONS, "items": _ref("SessionInput"),
                     "description": "Con `id`: cambia esa sesión; sin `id`: agrega una. Las no listadas se quedan."},
        "remove_sessions": {"type": "array", "maxItems": MAX_SESSIONS, "items": SESSION_ID,
                            "description": "Ids de sesiones a quitar."},
        "people": {"type": "array", "maxItems": MAX_PEOPLE, "items": _ref("PersonInput"),
                   "description": "Reemplaza a las personas del evento."},
    }


SCHEMAS = {
    "Venue": {"type": ["object", "null"], "additionalProperties": False,
              "required": ["address", "city", "state"],
              "properties": {"address": {"type": ["string", "null"]}, "city": {"type": ["string", "null"]},
                             "state": {"type": ["string", "null"], "description": "Código ISO 3166-2:MX sin prefijo."}}},
    "Session": {"type": "object", "additionalProperties": False,
                "required": ["id", "title", "start", "end", "venue", "all_day", "first_day", "last_day"],
                "properties": {"id": {"type": "integer"}, "title": {"type": ["string", "null"]},
                               "start": TIME_OUT, "end": TIME_OUT, "venue": {"type": ["string", "null"]},
                               "all_day": {"type": "boolean", "description": "Todo el día: `start` y `end` son "
                                           "la medianoche local del primer día y la del día después del último."},
                               "first_day": {"type": ["string", "null"], "format": "date",
                                             "description": "Primer día de una sesión de todo el día, o null."},
                               "last_day": {"type": ["string", "null"], "format": "date",
                                            "description": "Último día (incluido) de una sesión de todo el día."}}},
    "Person": {"type": "object", "additionalProperties": False,
               "required": ["name", "role", "affiliation", "session_id"],
               "properties": {"name": {"type": "string"}, "role": {"type": "string", "enum": list(PERSON_ROLES)},
                              "affiliation": {"type": ["string", "null"]},
                              "session_id": {"type": ["integer", "null"]}}},
    "Event": {
        "type": "object", "additionalProperties": False, "example": EVENT_EXAMPLE,
        "required": list(EVENT_EXAMPLE),
        "properties": {
            "id": {"type": "integer"},
            "url": {"type": "string", "format": "uri", "description": "Página pública del evento."},
            "ics_url": {"type": "string", "format": "uri", "description": "Todas las sesiones en iCalendar."},
            "title": {"type": "string"}, "summary": {"type": "string"},
            "description": {"type": "string", "description": "Markdown."},
            **CODES,
            "themes": {"type": "array", "items": {"type": "string"}},
            "organization": {"type": "string"},
            "co_organizers": {"type": "array", "items": {"type": "string"}},
            "venue": _ref("Venue"),
            "stream_url": {"type": ["string", "null"]},
            "timezone": {"type": "string"},
            "status_reason": {"type": ["string", "null"]},
            "capacity": {"type": ["integer", "null"], "minimum": 1},
            "waitlist": {"type": "boolean"},
            "seats_left": {"type": ["integer", "null"], "minimum": 0,
                           "description": "Cupo menos registros confirmados; null = sin límite."},
            "registration_required": {"type": "boolean"},
            "registration_opens": _nullable(TIME_OUT),
            "registration_closes": _nullable(TIME_OUT),
            "registration_open": {"type": "boolean", "description": "Publicado y dentro del periodo de registro."},
            "sessions": {"type": "array", "items": _ref("Session")},
            "people": {"type": "array", "items": _ref("Person")},
            "updated_at": TIME_OUT,
        },
    },
    "EventList": {
        "type": "object", "additionalProperties": False, "required": ["items", "page", "per_page", "total", "next"],
        "properties": {"items": {"type": "array", "items": _ref("Event")},
                       "page": {"type": "integer", "minimum": 1}, "per_page": {"type": "integer", "minimum": 1},
                       "total": {"type": "integer", "minimum": 0},
                       "next": {"type": ["string", "null"], "format": "uri",
                                "description": "La página siguiente, o null en la última."}},
    },
    "SessionInput": {
        "type": "object", "additionalProperties": False,
        "properties": {"id": SESSION_ID, "title": {"type": ["string", "null"], "maxLength": 255},
                       "start": SESSION_TIME_IN, "end": SESSION_TIME_IN,
                       "venue": {"type": ["string", "null"], "maxLength": 255},
                       "meeting_url": {"type": ["string", "null"], "maxLength": 500}},
        "description": "Una sesión nueva (sin `id`) necesita `start` y `end`. Con fechas sin hora en los dos "
                       "(`2027-01-25`, `2027-01-27`) es una sesión de todo el día; `end` es el último día.",
    },
    "PersonInput": {
        "type": "object", "additionalProperties": False, "required": ["name"],
        "properties": {"name": {"type": "string", "maxLength": 160},
                       "role": {"type": "string", "enum": list(PERSON_ROLES)},
                       "affiliation": {"type": ["string", "null"], "maxLength": 255},
                       "session_id": {"type": ["integer", "null"], "minimum": 1, "maximum": MAX_ID,
                                      "description": "Id de una sesión que el evento ya tiene y no quita."},
                       "session_index": {"type": ["integer", "null"], "minimum": 0, "maximum": MAX_SESSIONS - 1,
                                         "description": "Posición en `sessions` de esta misma solicitud."}},
    },
    "EventCreate": {"type": "object", "additionalProperties": False, "required": ["title", "type", "sessions"],
                    "properties": _input_properties(), "example": CREATE_EXAMPLE},
    "EventUpdate": {"type": "object", "additionalProperties": False, "properties": _input_properties(),
                    "example": PATCH_EXAMPLE},
}


def _error(description: str, headers: dict | None = None, schema: str = "Error") -> dict:
    response = {"description": description, "content": {"application/json": {"schema": _ref(schema)}}}
    if headers:
        response["headers"] = headers
    return response


UNAUTHORIZED = _error("Falta el token o no es válido (o fue revocado).", headers={
    "WWW-Authenticate": {"schema": {"type": "string"}, "description": "Bearer"}})
BAD_PARAMETER = _error("Un parámetro no es válido; `field` lo nombra.")
NOT_FOUND = _error("El evento no existe o no es visible para quien llama.")
FORBIDDEN = _error("La persona del token no puede crear o editar este evento.")
INVALID = _error("Datos no válidos: un mensaje por campo (`sessions[1].end`).", schema="ValidationError")
CONFLICT = _error("Choca con el estado actual de los datos.")
BAD_BODY = _error("El cuerpo no es un objeto JSON.")

EVENT_ID = {"name": "event_id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}
EMPTY = "Vacío = sin filtro."
DATE = {"type": "string", "anyOf": [{"format": "date"}, {"enum": [""]}]}
QUERY = [
    {"name": "type", "in": "query", "schema": {"type": "string", "enum": [*EVENT_TYPES, ""]}, "description": EMPTY},
    {"name": "theme", "in": "query", "schema": {"type": "string", "maxLength": 120},
     "description": "Código (slug) o nombre del tema: `transparencia-proactiva`."},
    {"name": "region", "in": "query", "schema": {"type": "string", "enum": [*REGIONS, ""]}, "description": EMPTY},
    {"name": "state", "in": "query", "schema": {"type": "string", "pattern": "^((MX-|mx-)?[A-Za-z]{3})?$"},
     "description": "Código ISO 3166-2:MX (GUA o MX-GUA): organizador, coorganizador o sede en ese estado."},
    {"name": "organization", "in": "query", "schema": {"type": "string", "maxLength": 32},
     "description": "Siglas del organismo (organizador o coorganizador), sin distinguir mayúsculas."},
    {"name": "modality", "in": "query", "schema": {"type": "string", "enum": [*MODALITIES, ""]},
     "description": EMPTY},
    {"name": "from", "in": "query", "schema": DATE,
     "description": "AAAA-MM-DD: eventos con alguna sesión ese día o después (en la zona del evento)."},
    {"name": "to", "in": "query", "schema": DATE,
     "description": "AAAA-MM-DD: eventos con alguna sesión ese día o antes (en la zona del evento)."},
    {"name": "q", "in": "query", "schema": {"type": "string", "maxLength": 200},
     "description": "Texto libre: cada palabra debe aparecer (la última como prefijo), sin importar acentos, "
                    "mayúsculas ni plurales; busca en título, resumen, descripción, títulos de sesión, personas y "
                    "su adscripción, organismos, temas, ciudad y sede."},
    {"name": "sort", "in": "query", "schema": {"type": "string", "enum": ["relevance", "date", ""]},
     "description": "Orden: «relevance» (el predeterminado cuando hay q: coincidencias en el título primero) o "
                    "«date» (por fecha de la primera sesión, el orden sin q)."},
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100000, "default": 1}},
    {"name": "after", "in": "query", "schema": {"type": "string", "maxLength": 40},
     "description": "Cursor de la página siguiente en orden por fecha: lo lleva el enlace «next» (siga «next» y "
                    "las páginas profundas cuestan lo que la primera); «page» sigue numerando. No se combina "
                    "con el orden por relevancia."},
    {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 50}},
]
READ_SECURITY = [{}, {"bearerAuth": []}]
WRITE_SECURITY = [{"bearerAuth": []}]


def _json(schema: str, description: str, example=None, headers=None) -> dict:
    content = {"schema": _ref(schema)}
    if example is not None:
        content["example"] = example
    response = {"description": description, "content": {"application/json": content}}
    if headers:
        response["headers"] = headers
    return response


PATHS = {
    "/api/v1/events": {
        "get": {
            "operationId": "listEvents", "tags": ["Eventos"], "summary": "Buscar eventos de la agenda",
            "description": "Sin token: eventos públicos publicados, pospuestos o cancelados. Con token: además, "
                           "los de solo integrantes. Filtros combinables; ordenados por primera sesión.",
            "security": READ_SECURITY, "parameters": QUERY,
            "responses": {"200": _json("EventList", "Una página de eventos."), "400": BAD_PARAMETER,
                          "401": UNAUTHORIZED},
        },
        "post": {
            "operationId": "createEvent", "tags": ["Eventos"], "summary": "Crear un evento con sus sesiones",
            "description": "Mismas reglas y permisos que el formulario: una persona organizadora crea eventos de su "
                           "organismo; la administración, de cualquiera.",
            "security": WRITE_SECURITY,
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": _ref("EventCreate"), "example": CREATE_EXAMPLE}}},
            "responses": {
                "201": _json("Event", "Evento creado.", EVENT_EXAMPLE, headers={
                    "Location": {"schema": {"type": "string", "format": "uri"}, "description": "URL del evento en la API."}}),
                "400": BAD_BODY, "401": UNAUTHORIZED, "403": FORBIDDEN, "409": CONFLICT, "422": INVALID,
            },
        },
    },
    "/api/v1/events/{event_id}": {
        "get": {
            "operationId": "getEvent", "tags": ["Eventos"], "summary": "Un evento",
            "security": READ_SECURITY, "parameters": [EVENT_ID],
            "responses": {"200": _json("Event", "El evento.", EVENT_EXAMPLE), "401": UNAUTHORIZED, "404": NOT_FOUND},
        },
        "patch": {
            "operationId": "updateEvent", "tags": ["Eventos"], "summary": "Cambiar un evento",
            "description": "Solo cambian los campos enviados. `sessions` con `id` cambia esa sesión, sin `id` agrega "
                           "una; las sesiones no listadas se quedan; `remove_sessions` quita. `people` reemplaza.",
            "security": WRITE_SECURITY, "parameters": [EVENT_ID],
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": _ref("EventUpdate"), "example": PATCH_EXAMPLE}}},
            "responses": {"200": _json("Event", "El evento cambiado."), "400": BAD_BODY, "401": UNAUTHORIZED,
                          "403": FORBIDDEN, "404": NOT_FOUND, "409": CONFLICT, "422": INVALID},
        },
    },
}
