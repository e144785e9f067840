"""JSON errors of the API, shaped as the contract says: 422 {"errors": {field: message}}; other 4xx
{"error": code, "message": "...", "field"?: name}; 401 also carries `WWW-Authenticate: Bearer`."""
from functools import wraps

from flask import jsonify

from ..domain import DomainError
from ..extensions import db
from .auth import Unauthorized


def error_response(error: DomainError):
    db.session.rollback()
    errors = getattr(error, "errors", None)
    if error.status == 422:
        if not errors:
            errors = {error.field or "event": error.message}
        body = {"error": error.code, "message": error.message, "errors": dict(errors)}
    else:
        body = {"error": error.code, "message": error.message}
        if error.field:
            body["field"] = error.field
    response = jsonify(body)
    response.status_code = error.status
    if isinstance(error, Unauthorized):
        detail = ', error="invalid_token"' if error.code == "invalid_token" else ""
        response.headers["WWW-Authenticate"] = f'Bearer realm="agenda-snt"{detail}'
    return response


def json_errors(view):
    """Turn the DomainErrors a JSON endpoint raises (services, parsing, auth) into contract-shaped responses."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        try:
            return view(*args, **kwargs)
        except DomainError as error:
            return error_response(error)

    return wrapped
