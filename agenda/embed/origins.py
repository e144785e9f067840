"""Which sites may frame a body's /embed pages and post its embedded form.

A body lists its sites' origins (organizations.embed_origins, one a line: https://www.iacip-gto.org.mx). With a
list, its /embed pages answer `frame-ancestors 'self' <origins>`; without one, any site may frame them
(`frame-ancestors *`: the agenda is public). A POST of the embedded form must come from the frame itself (our own
origin) or from one of the body's origins: the browser's Origin header (else the Referer's origin) is compared;
a request with neither header is judged by the form token alone (old browsers; every current one sends Origin
on a POST)."""
from urllib.parse import urlsplit

from flask import current_app, request
from flask_babel import gettext as _

from ..domain import DomainError

MAX_ORIGINS = 20


def origin_of(url: str | None) -> str | None:
    """scheme://host[:port] of an absolute http(s) URL, lower-case; None otherwise (and for "null")."""
    if not url or url == "null":
        return None
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    default = {"http": 80, "https": 443}[parts.scheme]
    return f"{parts.scheme}://{host}" + (f":{port}" if port and port != default else "")


def parse_origins(text: str | None) -> list[str]:
    """The origins in `text` (one a line, or separated by spaces or commas), normalised and without repeats.
    Raises DomainError(invalid_origin, 422, field="embed_origins") naming the first bad entry."""
    found: list[str] = []
    for raw in (text or "").replace(",", " ").split():
        origin = origin_of(raw)
        if origin is None or urlsplit(raw).path not in ("", "/") or urlsplit(raw).query:
            raise DomainError(_("«%(v)s» no es un origen válido: escriba solo el esquema y el dominio, por "
                                "ejemplo https://www.organismo.org.mx.", v=raw[:100]),
                              "invalid_origin", status=422, field="embed_origins")
        if origin not in found:
            found.append(origin)
    if len(found) > MAX_ORIGINS:
        raise DomainError(_("Indique como máximo %(n)d sitios.", n=MAX_ORIGINS), "too_many_origins",
                          status=422, field="embed_origins")
    return found


def body_origins(organization) -> list[str]:
    if organization is None or not organization.embed_origins:
        return []
    try:
        return parse_origins(organization.embed_origins)
    except DomainError:  # stored before a rule changed: keep the valid ones
        return [o for o in map(origin_of, organization.embed_origins.split()) if o]


def frame_ancestors(organization) -> str:
    """The CSP frame-ancestors source list for an /embed page of `organization` (None: not bound to a body)."""
    origins = body_origins(organization)
    return " ".join(["'self'", *origins]) if origins else "*"


def own_origins() -> set[str]:
    """Our own origin as the browser sees it (the frame) and as configured (AGENDA_BASE_URL)."""
    return {o for o in (origin_of(request.host_url), origin_of(current_app.config.get("AGENDA_BASE_URL"))) if o}


def post_origin_allowed(organization) -> bool:
    """True when the current POST comes from our own pages (the frame) or one of the body's sites."""
    sender = request.headers.get("Origin")
    if sender is None:
        sender = request.headers.get("Referer")
        if sender is None:
            return True  # neither header: the form token decides
    origin = origin_of(sender)
    return origin is not None and origin in own_origins() | set(body_origins(organization))
