"""Home page, health check and the error pages (HTML for people, JSON under /api/)."""
import logging

from flask import Blueprint, jsonify, make_response, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_limiter.errors import RateLimitExceeded
from sqlalchemy import text
from werkzeug.exceptions import HTTPException

from ..database import is_busy_error, is_lost_connection
from ..domain import DomainError
from ..extensions import db
from .navigation import nav_items, role_label

bp = Blueprint("site", __name__)
log = logging.getLogger(__name__)

def error_titles() -> dict[int, str]:
    return {
        400: _("Solicitud no válida"),
        401: _("Se requiere identificarse"),
        403: _("Acceso no permitido"),
        404: _("Página no encontrada"),
        405: _("Método no permitido"),
        409: _("Conflicto"),
        410: _("Ya no está disponible"),
        413: _("Archivo demasiado grande"),
        422: _("Datos no válidos"),
        429: _("Demasiadas solicitudes"),
        500: _("Error interno"),
        503: _("Servicio ocupado"),
    }


@bp.get("/")
def home():
    return render_template("site/home.html")


@bp.get("/privacidad")
def privacy():
    return render_template("site/privacy.html")


@bp.app_context_processor
def template_helpers():
    return {"nav_items": nav_items, "role_label": role_label, "get_locale": get_locale}


@bp.get("/salud")
def health():
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}


def error_messages() -> dict[int, str]:
    return {
        400: _("La solicitud no es válida. Si envió un formulario, recargue la página e inténtelo de nuevo."),
        401: _("Necesita iniciar sesión o un token válido."),
        403: _("No tiene permiso para ver o cambiar esto."),
        404: _("No encontramos lo que busca. Revise la dirección o vuelva a la agenda."),
        405: _("Esta dirección no acepta esa operación."),
        409: _("La operación choca con el estado actual de los datos."),
        410: _("Esto ya no está disponible."),
        413: _("El archivo es demasiado grande."),
        422: _("Algunos datos no son válidos."),
        429: _("Hizo demasiadas solicitudes en poco tiempo. Espere un momento e inténtelo de nuevo."),
        500: _("Ocurrió un error inesperado. Ya quedó registrado; inténtelo más tarde."),
        503: _("El servicio está ocupado. Inténtelo de nuevo en unos segundos."),
    }


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def render_error(status: int, message: str | None = None, code: str | None = None):
    message = message or error_messages().get(status, _("Error."))
    if wants_json():
        return make_response(jsonify({"error": code or ERROR_CODES.get(status, "error"), "message": message}),
                             status)
    title = error_titles().get(status, "Error")
    return make_response(render_template("errors/error.html", status=status, title=title, message=message),
                         status)


BUSY_RETRY_AFTER_SECONDS = 2

ERROR_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 409: "conflict", 410: "gone", 413: "too_large",
               422: "invalid", 429: "rate_limited", 500: "internal_error", 503: "busy"}


@bp.app_errorhandler(HTTPException)
def handle_http_error(error: HTTPException):
    if error.code is None or error.code < 400:
        return error
    description = None
    if error.code == 400 and "CSRF" in (error.description or ""):
        description = _("El formulario caducó o no trae su código de seguridad. Recargue la página e "
                        "inténtelo de nuevo.")
    response = render_error(error.code, description)
    if error.code == 429:
        response.headers.setdefault("Retry-After", str(_window_seconds(error)))
    return response


def _window_seconds(error: HTTPException) -> int:
    """How long until a hit rate limit surely lets requests through again: its window (limits are fixed
    windows, so the count restarts within it)."""
    limit = getattr(error, "limit", None)
    return limit.limit.get_expiry() if isinstance(error, RateLimitExceeded) and limit is not None else 60


@bp.app_errorhandler(DomainError)
def handle_domain_error(error: DomainError):
    db.session.rollback()
    response = render_error(error.status, error.message, error.code)
    retry_after = getattr(error, "retry_after", None)
    if retry_after:  # e.g. 503 when an event is locked by a burst of registrations
        response.headers["Retry-After"] = str(retry_after)
    return response


@bp.app_errorhandler(Exception)
def handle_unexpected_error(error: Exception):
    db.session.rollback()
    if is_busy_error(error) or is_lost_connection(error):
        # a lock held longer than LOCK_TIMEOUT, or a connection lost to a database restart (already replaced):
        # nothing is wrong with the request, and trying again shortly works
        log.warning("Database busy or reconnecting on %s: %s", _request_for_log(), type(error.orig).__name__)
        response = render_error(503)
        response.headers["Retry-After"] = str(BUSY_RETRY_AFTER_SECONDS)
        return response
    log.exception("Unhandled error on %s", _request_for_log())
    return render_error(500)


def _request_for_log() -> str:
    """The request as logs name it: method, matched route rule and endpoint, e.g. "GET /mi-registro/<token>
    (registration.manage)". Never the path: it may carry a secret that opens someone's data (a self-service
    link, a calendar feed, an unsubscribe token, a certificate code)."""
    rule = request.url_rule.rule if request.url_rule is not None else "(no route matched)"
    return f"{request.method} {rule} ({request.endpoint or '-'})"
