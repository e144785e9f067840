"""The OpenAPI 3.1 document served at /api/v1/openapi.json, built from Python dicts kept next to the code.

Each module in OPENAPI_FRAGMENTS that exists defines PATHS and SCHEMAS; they are merged into the base below
(a later fragment may add methods to a path an earlier one declared, never replace one).
"""
import copy
import importlib
import importlib.util
from functools import lru_cache

from flask import current_app

OPENAPI_FRAGMENTS = ("agenda.api.events_doc", "agenda.registration.openapi", "agenda.api.report_doc")

BASE_SCHEMAS = {
    "Error": {
        "type": "object", "additionalProperties": False, "required": ["error", "message"],
        "properties": {"error": {"type": "string", "description": "Código estable: not_found, forbidden, "
                                                                  "invalid_parameter, duplicate, full..."},
                       "message": {"type": "string", "description": "Explicación en español."},
                       "field": {"type": "string", "description": "El parámetro o campo en falta, si lo hay."},
                       "errors": {"type": "object", "additionalProperties": {"type": "string"},
                                  "description": "Campo → mensaje, cuando el error es de un campo."}},
    },
    "ValidationError": {
        "type": "object", "additionalProperties": False, "required": ["error", "message", "errors"],
        "properties": {"error": {"type": "string"}, "message": {"type": "string"},
                       "errors": {"type": "object", "additionalProperties": {"type": "string"},
                                  "description": "Campo → mensaje; filas de listas como `sessions[1].end`."}},
    },
}

DESCRIPTION = """API pública de la Agenda de Eventos del Sistema Nacional de Transparencia.

Lectura sin autenticación (eventos públicos). Escritura con un token personal, creado en «Mi cuenta → Tokens de
la API» o con `flask --app agenda tokens create --email …`, enviado como `Authorization: Bearer <token>`.
Las horas van en ISO 8601 con desfase; una hora sin desfase se lee en la zona (`timezone`) del evento.
Errores, siempre con la misma forma: `{"error": "código", "message": "…", "errors": {"campo": "mensaje"}}`
(`errors` en 422, con todos los campos a la vez, y cuando el error es de un campo)."""


def _fragments():
    for name in OPENAPI_FRAGMENTS:
        try:
            found = importlib.util.find_spec(name)
        except ModuleNotFoundError:
            found = None
        if found is not None:
            yield importlib.import_module(name)


def merge_fragment(document: dict, paths: dict, schemas: dict) -> None:
    for path, operations in paths.items():
        target = document["paths"].setdefault(path, {})
        for method, operation in operations.items():
            if method in target:
                raise ValueError(f"OpenAPI: {method.upper()} {path} is declared twice")
            target[method] = copy.deepcopy(operation)
    for name, schema in schemas.items():
        existing = document["components"]["schemas"].get(name)
        if existing is not None and existing != schema:
            raise ValueError(f"OpenAPI: schema {name} is declared twice, differently")
        document["components"]["schemas"][name] = copy.deepcopy(schema)


@lru_cache(maxsize=4)
def _build(server_url: str) -> dict:
    document = {
        "openapi": "3.1.0",
        "info": {"title": "Agenda SNT API", "version": "1.0.0", "description": DESCRIPTION,
                 "license": {"name": "MIT", "identifier": "MIT"}},
        "servers": [{"url": server_url}],
        "tags": [{"name": "Eventos", "description": "La agenda nacional: consultar, crear y cambiar eventos."},
                 {"name": "Informe", "description": "Las cifras de la Comisión para un periodo."},
                 {"name": "Documentación", "description": "Esta descripción de la API."}],
        "paths": {
            "/api/v1/openapi.json": {"get": {
                "operationId": "getOpenApi", "tags": ["Documentación"], "summary": "Este documento",
                "security": [{}],
                "responses": {"200": {"description": "OpenAPI 3.1", "content": {
                    "application/json": {"schema": {"type": "object", "required": ["openapi", "paths"]}}}}},
            }},
        },
        "components": {
            "schemas": copy.deepcopy(BASE_SCHEMAS),
            "securitySchemes": {"bearerAuth": {
                "type": "http", "scheme": "bearer",
                "description": "Token personal: «Mi cuenta → Tokens de la API» o `flask --app agenda tokens create`."}},
        },
    }
    for module in _fragments():
        merge_fragment(document, getattr(module, "PATHS", {}), getattr(module, "SCHEMAS", {}))
    return document


def openapi_document() -> dict:
    """The whole document (a fresh copy), with the server URL from AGENDA_BASE_URL."""
    return copy.deepcopy(_build(current_app.config["AGENDA_BASE_URL"].rstrip("/")))
