"""Bearer-token authentication for the JSON API. Cookies are never used: the API is CSRF-exempt."""
from flask import g, request
from flask_babel import gettext as _

from ..accounts.tokens import user_for_token
from ..domain import DomainError
from ..extensions import db


class Unauthorized(DomainError):
    """No token, or a token that is unknown, revoked or belongs to a deactivated account (401)."""

    def __init__(self, message: str, code: str = "unauthorized"):
        super().__init__(message, code, status=401)


def bearer_secret() -> str | None:
    """The token in `Authorization: Bearer <token>`, '' when the header is malformed, None when absent."""
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _sep, secret = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return ""
    return secret.strip()


def api_user(required: bool = False):
    """The token owner for this request, or None for an anonymous caller.

    A request that sends an Authorization header with a bad token is refused (401) even where anonymous access
    is allowed: a misconfigured client should learn it at once rather than silently see less.
    """
    if "api_user" in g:
        user = g.api_user
    else:
        secret = bearer_secret()
        if secret is None:
            user = None
        else:
            user = user_for_token(db.session, secret)
            if user is None:
                raise Unauthorized(_("El token no es válido o fue revocado."), "invalid_token")
            if db.session.dirty:  # last_used_at moved: keep it even if the request later fails
                db.session.commit()
        g.api_user = user
    if required and user is None:
        raise Unauthorized(_("Envíe un token personal en el encabezado «Authorization: Bearer <token>»."))
    return user
