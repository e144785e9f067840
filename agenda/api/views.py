"""JSON API v1 (docs/api.md): the public agenda for any system, and writing events with a personal token.

The blueprint also carries the token management pages (token_views) and the API docs page (docs_views), which
are ordinary CSRF-protected HTML; only the JSON endpoints below are CSRF-exempt (they never read cookies).
"""
import json
from urllib.parse import urlencode

from flask import Blueprint, current_app, request
from flask_babel import gettext as _
from sqlalchemy import select

from ..database import MAX_ID
from ..domain import DomainError, NotFound
from ..events import services as event_services
from ..events.models import Event
from ..events.queries import eager_options, keyset_of, list_events, parse_filters, parse_keyset
from ..extensions import csrf, db
from ..web_input import ascii_number
from . import docs_views, report_views, token_views
from .auth import api_user
from .errors import json_errors
from .inputs import BodyError, InputErrors, event_values
from .openapi import openapi_document
from .serializers import base_url, events_json

PREFIX = "/api/v1"
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 100
MAX_PAGE = 100_000
FILTER_PARAMS = ("type", "theme", "region", "state", "organization", "modality", "from", "to", "q", "sort")

bp = Blueprint("api", __name__)
token_views.register(bp)
docs_views.register(bp)
report_views.register(bp)


def _bad_parameter(name: str, message: str) -> DomainError:
    return DomainError(message, "invalid_parameter", status=400, field=name)


def _int_parameter(name: str, default: int, upper: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    number = ascii_number(raw)
    if number is None or not 1 <= number <= upper:
        raise _bad_parameter(name, _("«%(name)s» debe ser un número entero entre 1 y %(n)d.", name=name, n=upper))
    return number


def _filter_args() -> dict[str, str]:
    """The filter parameters, refusing control characters and dates that are not exactly YYYY-MM-DD."""
    args = {}
    for name in FILTER_PARAMS:
        values = request.args.getlist(name)
        if not values:
            continue
        if len(values) > 1:
            raise _bad_parameter(name, _("El parámetro «%(name)s» aparece más de una vez.", name=name))
        value = values[0]
        if any(ord(char) < 32 for char in value):
            raise _bad_parameter(name, _("El parámetro «%(name)s» contiene caracteres no permitidos.", name=name))
        if name in ("from", "to") and value and not _is_plain_date(value):
            raise _bad_parameter(name, _("La fecha «%(name)s» debe tener el formato AAAA-MM-DD.", name=name))
        args[name] = value
    return args


def _single(name: str) -> str | None:
    """A parameter given at most once, without control characters (None when absent)."""
    values = request.args.getlist(name)
    if len(values) > 1:
        raise _bad_parameter(name, _("El parámetro «%(name)s» aparece más de una vez.", name=name))
    if values and any(ord(char) < 32 for char in values[0]):
        raise _bad_parameter(name, _("El parámetro «%(name)s» contiene caracteres no permitidos.", name=name))
    return values[0] if values else None


def _is_plain_date(value: str) -> bool:
    return len(value) == 10 and value[4] == value[7] == "-" and (value[:4] + value[5:7] + value[8:]).isdigit() \
        and value.isascii()


def _load_event(event_id: int) -> Event:
    """The event with its relations loaded (no N+1 in the serializer), or 404."""
    event = None
    if 1 <= event_id <= MAX_ID:
        event = db.session.scalar(select(Event).options(*eager_options()).where(Event.id == event_id)
                                  .execution_options(populate_existing=True))
    if event is None:
        raise NotFound(_("El evento no existe."))
    return event


def _visible_event(event_id: int, user) -> Event:
    event = _load_event(event_id)
    if not event_services.can_view(user, event):
        raise NotFound(_("El evento no existe."))  # not 403: do not reveal drafts or members-only events
    return event


def json_response(data, status: int = 200):
    """JSON in the contract's field order (jsonify would sort the keys), UTF-8 without escapes."""
    return current_app.response_class(json.dumps(data, ensure_ascii=False), status=status,
                                      mimetype="application/json")


def _event_response(event: Event, status: int = 200):
    return json_response(events_json(db.session, [event])[0], status)


@bp.get(f"{PREFIX}/events")
@csrf.exempt
@json_errors
def list_events_endpoint():
    user = api_user()
    page = _int_parameter("page", 1, MAX_PAGE)
    per_page = _int_parameter("per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
    args = _filter_args()
    filters = parse_filters(args)
    after = parse_keyset(_single("after"))
    events, total = list_events(db.session, filters, user, page=page, per_page=per_page, after=after)
    next_url = None
    if page * per_page < total and events:
        following = {**args, "page": page + 1, "per_page": per_page}
        cursor = None if filters.by_relevance() else keyset_of(events[-1])
        if cursor:  # date order: the next page starts after this one's last event (no OFFSET on deep pages)
            following["after"] = cursor
        next_url = f"{base_url()}{PREFIX}/events?" + urlencode(following)
    return json_response({"items": events_json(db.session, events), "page": page, "per_page": per_page,
                          "total": total, "next": next_url})


@bp.post(f"{PREFIX}/events")
@csrf.exempt
@json_errors
def create_event_endpoint():
    user = api_user(required=True)
    event = _save(user, None)
    db.session.commit()
    response = _event_response(_load_event(event.id), status=201)
    response.headers["Location"] = f"{base_url()}{PREFIX}/events/{event.id}"
    return response


@bp.get(f"{PREFIX}/events/<int:event_id>")
@csrf.exempt
@json_errors
def get_event_endpoint(event_id: int):
    user = api_user()
    return _event_response(_visible_event(event_id, user))


@bp.patch(f"{PREFIX}/events/<int:event_id>")
@csrf.exempt
@json_errors
def update_event_endpoint(event_id: int):
    user = api_user(required=True)
    event = _save(user, _visible_event(event_id, user))
    db.session.commit()
    return _event_response(_load_event(event.id))


@bp.get(f"{PREFIX}/openapi.json")
@csrf.exempt
@json_errors
def openapi():
    return json_response(openapi_document())


def _save(user, event: Event | None) -> Event:
    """Run save_event on the body; report the body's type errors and the service's rule errors together."""
    values, input_errors = event_values(_json_body(), creating=event is None)
    try:
        saved = event_services.save_event(db.session, values, user, event=event)
    except event_services.EventValidationError as error:
        if input_errors:
            raise InputErrors({**error.errors, **input_errors}) from None
        raise
    if input_errors:  # the rest was fine, but nothing is kept from a request with errors
        db.session.rollback()
        raise InputErrors(input_errors)
    return saved


def _json_body():
    if not request.is_json:
        raise BodyError(_("Envíe el cuerpo como JSON (Content-Type: application/json)."))
    body = request.get_json(silent=True)
    if body is None:
        raise BodyError(_("El cuerpo no es JSON válido."))
    return body


@bp.after_request
def api_headers(response):
    if request.path.startswith(PREFIX):
        response.headers.setdefault("Cache-Control", "no-store" if request.method != "GET" else "no-cache")
        response.headers["Vary"] = "Authorization"
        if request.method in ("GET", "HEAD") and request.endpoint != "api.docs":
            # Public data: a body's own web site may read the agenda from the visitor's browser (no cookies).
            response.headers["Access-Control-Allow-Origin"] = "*"
    return response

