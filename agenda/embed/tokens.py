"""The embedded registration form's protection: a signed, short-lived form token bound to the event.

Inside a frame on another site the browser keeps no cookie of ours (third-party cookies are blocked by
default), so the usual CSRF token, kept in the session cookie, cannot work there. Instead the form carries a
token signed with SECRET_KEY (itsdangerous, salted for this use only) that names the event and the moment it was
issued; it is accepted for AGENDA_EMBED_TOKEN_MINUTES. Nothing is stored on the server. The Origin check
(origins.post_origin_allowed) is the other half: a page elsewhere cannot post the form in a visitor's name."""
from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

SALT = "agenda-embed-registration"
DEFAULT_MINUTES = 120


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def max_age_seconds() -> int:
    return int(current_app.config.get("AGENDA_EMBED_TOKEN_MINUTES", DEFAULT_MINUTES)) * 60


def make_form_token(event_id: int) -> str:
    return _serializer().dumps({"event": event_id})


def check_form_token(token: str | None, event_id: int) -> str | None:
    """None when `token` is a valid, fresh token for `event_id`; else why not: missing | expired | invalid."""
    if not token:
        return "missing"
    try:
        data = _serializer().loads(token, max_age=max_age_seconds())
    except SignatureExpired:
        return "expired"
    except BadSignature:
        return "invalid"
    if not isinstance(data, dict) or data.get("event") != event_id:
        return "invalid"
    return None
