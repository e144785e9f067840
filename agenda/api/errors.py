"""JSON errors of the API in the one shape of agenda/json_errors.py; 401 also carries
`WWW-Authenticate: Bearer`."""
from functools import wraps

from ..domain import DomainError
from ..extensions import db
from ..json_errors import json_error
from .auth import Unauthorized


def error_response(error: DomainError):
    db.session.rollback()
    response = json_error(error)
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
