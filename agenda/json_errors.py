"""The one JSON error shape of /api/v1 (docs/api.md): {"error": code, "message": "…", "errors": {field: "…"}}.

`errors` is present on 422 (every field at fault at once) and, on other statuses, when the error names a
field; `field` repeats that name for older clients. Used by the API area and by the registration endpoint."""
from flask import Response, jsonify

from .domain import DomainError


def error_body(error: DomainError) -> dict:
    body = {"error": error.code, "message": error.message}
    errors = getattr(error, "errors", None)
    if error.status == 422:
        body["errors"] = dict(errors or {error.field or "event": error.message})
    elif error.field:
        body["errors"] = {error.field: error.message}
        body["field"] = error.field
    return body


def json_error(error: DomainError) -> Response:
    response = jsonify(error_body(error))
    response.status_code = error.status
    return response
