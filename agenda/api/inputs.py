"""Turn an API request body into the plain `values` dict events.services.save_event takes.

Only what is about the JSON itself is checked here: types, lengths, time formats, contract codes, blank titles
(so nothing odd reaches the database, and "" is not read as "unchanged" as an empty form field is). The rules
(catalog codes, end after start, registration window, permissions...) stay in events.services. Errors name the
field as the contract does: `title`, `venue.state`, `sessions[1].end`.
"""
from __future__ import annotations

import re
from datetime import date, datetime

from flask_babel import gettext as _

from ..database import MAX_ID
from ..domain import DomainError
from ..events.models import EVENT_STATUSES, EVENT_TYPES, MODALITIES, PERSON_ROLES, SCOPES, VISIBILITIES

MAX_SESSIONS = 200
MAX_PEOPLE = 200
MAX_LIST = 50
YEARS = (1900, 2999)  # times outside these years are refused before any time-zone arithmetic can overflow
# Contract codes. The forms' service reads an empty choice as "not given"; through the API "" is an error.
CODES = {"type": EVENT_TYPES, "modality": MODALITIES, "status": EVENT_STATUSES, "visibility": VISIBILITIES,
         "scope": SCOPES, "role": PERSON_ROLES}
# RFC 3339 date-time; the offset may be left out (then the time is read in the event's time zone).
DATETIME_PATTERN = r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?([Zz]|[+-]\d{2}:\d{2})?$"
_DATETIME = re.compile(DATETIME_PATTERN)
DAY_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
_DAY = re.compile(DAY_PATTERN)

# Output-only fields a client may send back unchanged (a GET body re-sent as a PATCH): ignored.
READ_ONLY = frozenset({"id", "url", "ics_url", "seats_left", "registration_open", "updated_at"})

# field -> (kind, max length). Kinds (a trailing ? allows null): str, title (non-blank str), code (one of
# CODES), bool, int (any integer: the service judges it), id (1..MAX_ID), index (0..MAX_SESSIONS-1), datetime,
# strlist.
SCALARS: dict[str, tuple[str, int | None]] = {
    "title": ("title", 255),
    "summary": ("str", 500),
    "description": ("str", 20_000),
    "type": ("code", 32),
    "organization": ("str", 32),
    "modality": ("code", 16),
    "scope": ("code", 16),
    "stream_url": ("str?", 500),
    "meeting_url": ("str?", 500),
    "timezone": ("str", 64),
    "status": ("code", 16),
    "status_reason": ("str?", 500),
    "visibility": ("code", 16),
    "capacity": ("int?", None),
    "waitlist": ("bool", None),
    "registration_required": ("bool", None),
    "registration_opens": ("datetime?", None),
    "registration_closes": ("datetime?", None),
    "themes": ("strlist", 120),
    "co_organizers": ("strlist", 32),
}
VENUE_FIELDS = {"address": 255, "city": 120, "state": 6}
SESSION_FIELDS: dict[str, tuple[str, int | None]] = {
    # A day without a time ("2027-01-25") in both makes an all-day session (`end`: the last day, included).
    "id": ("id", None), "title": ("str?", 255), "start": ("datetime_or_day", None),
    "end": ("datetime_or_day", None),
    "venue": ("str?", 255), "meeting_url": ("str?", 500),
}
SESSION_OUTPUT_ONLY = frozenset({"all_day", "first_day", "last_day"})  # a GET's session re-sent: ignored
PERSON_FIELDS: dict[str, tuple[str, int | None]] = {
    "name": ("str", 160), "role": ("code", 32), "affiliation": ("str?", 255), "session_id": ("id?", None),
    "session_index": ("index?", None),  # a session of this same request's `sessions` list (new sessions)
}
EVENT_FIELDS = frozenset(SCALARS) | {"venue", "sessions", "remove_sessions", "people"}


class BodyError(DomainError):
    """The body is not a JSON object (400)."""

    def __init__(self, message: str):
        super().__init__(message, "bad_request", status=400)


class InputErrors(DomainError):
    """Field-level problems found before the service runs (422, like the service's own validation)."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(_("Algunos datos no son válidos."), "invalid", status=422)
        self.errors = errors


def parse_datetime(text: str) -> datetime:
    """An RFC 3339 date-time, aware or naive, between YEARS; ValueError otherwise."""
    if not _DATETIME.match(text):
        raise ValueError(text)
    value = datetime.fromisoformat(text.replace("t", "T").replace("z", "Z"))
    if not YEARS[0] <= value.year <= YEARS[1]:
        raise ValueError(text)
    return value


class _Reader:
    def __init__(self):
        self.errors: dict[str, str] = {}

    def fail(self, path: str, message: str) -> None:
        self.errors.setdefault(path, message)

    def value(self, path: str, raw, kind: str, limit: int | None):
        """Check one JSON value against `kind`; returns the converted value, or None after recording an error."""
        nullable = kind.endswith("?")
        kind = kind.rstrip("?")
        if raw is None:
            if not nullable:
                self.fail(path, _("Este dato no puede ser nulo."))
            return None
        if kind == "str":
            return self.text(path, raw, limit)
        if kind == "title":  # required on creation by the service; never blanked by a PATCH
            text = self.text(path, raw, limit)
            if text is not None and not text.strip():
                self.fail(path, _("Este campo es obligatorio."))
            return text
        if kind == "code":
            code = self.text(path, raw, limit)
            if code is not None and code not in CODES[path.rsplit(".", 1)[-1]]:
                self.fail(path, _("Valor no válido. Use uno de: %(codes)s.",
                                  codes=", ".join(CODES[path.rsplit(".", 1)[-1]])))
            return code
        if kind == "bool":
            if not isinstance(raw, bool):
                self.fail(path, _("Debe ser true o false."))
            return raw
        if kind == "index":
            if isinstance(raw, bool) or not isinstance(raw, int) or not (0 <= raw < MAX_SESSIONS):
                self.fail(path, _("Debe ser la posición (desde 0) de una sesión de «sessions»."))
                return None
            return raw
        if kind in ("int", "id"):
            if isinstance(raw, bool) or not isinstance(raw, int):
                self.fail(path, _("Debe ser un número entero."))
                return None
            # An int (capacity) goes to the service, whose message states its real bounds (1 to MAX_CAPACITY).
            if kind == "id" and not 1 <= raw <= MAX_ID:
                self.fail(path, _("Debe ser un número entero entre %(a)d y %(b)d.", a=1, b=MAX_ID))
                return None
            return raw
        if kind == "datetime_or_day" and isinstance(raw, str) and _DAY.fullmatch(raw):
            try:
                return date.fromisoformat(raw)
            except ValueError:
                self.fail(path, _("Fecha no válida."))
                return None
        if kind in ("datetime", "datetime_or_day"):
            if isinstance(raw, str):
                try:
                    return parse_datetime(raw)
                except ValueError:
                    pass
            self.fail(path, _("Use fecha y hora ISO 8601, por ejemplo 2020-09-15T10:00:00-05:00."))
            return None
        if kind == "strlist":
            if not isinstance(raw, list) or len(raw) > MAX_LIST:
                self.fail(path, _("Debe ser una lista de textos (hasta %(n)d).", n=MAX_LIST))
                return None
            return [self.text(f"{path}[{i}]", item, limit) for i, item in enumerate(raw)]
        raise AssertionError(kind)

    def text(self, path: str, raw, limit: int | None):
        if not isinstance(raw, str):
            self.fail(path, _("Debe ser texto."))
            return None
        if "\x00" in raw:
            self.fail(path, _("El texto contiene caracteres no permitidos."))
            return None
        if limit is not None and len(raw) > limit:
            self.fail(path, _("Puede tener hasta %(n)d caracteres.", n=limit))
            return None
        return raw

    def has_error(self, path: str) -> bool:
        return any(p == path or p.startswith((f"{path}.", f"{path}[")) for p in self.errors)

    def record(self, path: str, raw, fields: dict[str, tuple[str, int | None]]) -> dict | None:
        """A JSON object with only `fields`; returns the converted values of the keys present and valid."""
        if not isinstance(raw, dict):
            self.fail(path, _("Debe ser un objeto."))
            return None
        values = {}
        for key, item in raw.items():
            if fields is SESSION_FIELDS and key in SESSION_OUTPUT_ONLY:
                continue
            if key not in fields:
                self.fail(f"{path}.{key}", _("Campo desconocido."))
                continue
            value = self.value(f"{path}.{key}", item, *fields[key])
            if not self.has_error(f"{path}.{key}"):
                values[key] = value
        return values

    def records(self, path: str, raw, fields, limit: int) -> list[dict] | None:
        if not isinstance(raw, list) or len(raw) > limit:
            self.fail(path, _("Debe ser una lista (hasta %(n)d elementos).", n=limit))
            return None
        return [self.record(f"{path}[{i}]", item, fields) or {} for i, item in enumerate(raw)]


def event_values(body, creating: bool) -> tuple[dict, dict[str, str]]:
    """The body of POST/PATCH /api/v1/events as save_event values, and the type errors found.

    Fields (or list rows' fields) with an error are left out of the values, so the service can still be run
    to report its own errors on the rest in the same answer. Raises BodyError when the body is not an object.
    """
    if not isinstance(body, dict):
        raise BodyError(_("El cuerpo debe ser un objeto JSON."))
    reader = _Reader()
    values: dict = {}
    for key, raw in body.items():
        if key in READ_ONLY:
            continue
        if key not in EVENT_FIELDS:
            reader.fail(key, _("Campo desconocido."))
            continue
        if key in SCALARS:
            value = reader.value(key, raw, *SCALARS[key])
        elif key == "venue":
            value = None if raw is None else reader.record(
                "venue", raw, {name: ("str?", limit) for name, limit in VENUE_FIELDS.items()})
        elif key == "sessions":
            # With an id: change that session (only the fields given); without: a new session.
            value = reader.records("sessions", raw, SESSION_FIELDS, MAX_SESSIONS)
        elif key == "remove_sessions":
            if not isinstance(raw, list) or len(raw) > MAX_SESSIONS:
                reader.fail(key, _("Debe ser una lista de identificadores de sesión."))
                continue
            value = [reader.value(f"{key}[{i}]", item, "id", None) for i, item in enumerate(raw)]
        else:  # people
            value = reader.records("people", raw, PERSON_FIELDS, MAX_PEOPLE)
        if key in ("sessions", "people", "venue") and value is not None:
            values[key] = value  # rows keep their valid fields; the bad ones were left out
        elif not reader.has_error(key):
            values[key] = value
    return values, reader.errors
