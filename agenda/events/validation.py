"""Checking the plain values given to save_event: every field's error collected at once, in Spanish.

`clean_event_values` returns (cleaned, errors): `cleaned` holds only the keys present in `values`, converted
(acronyms to Organization, datetimes to naive UTC...); `errors` maps field names as in docs/api.md
(`venue.address`, `sessions[1].end`, `people[0].name`) to messages.
"""
import re
from datetime import date, datetime, time, timedelta
from urllib.parse import urlparse

from flask import current_app, has_app_context
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from ..catalog.services import organization_by_acronym, state_by_code
from ..timeutil import is_valid_timezone, to_local, to_utc
from ..web_input import one_line
from .models import EVENT_STATUSES, EVENT_TYPES, MODALITIES, PERSON_ROLES, SCOPES, VISIBILITIES, Event
from .themes import resolve_themes

FALLBACK_TIMEZONE = "America/Mexico_City"
MIN_YEAR, MAX_YEAR = 1990, 2200  # dates outside are typing mistakes (and would overflow zone arithmetic)
MAX_CAPACITY = 1_000_000
MAX_LINK = 500  # the stream and meeting link columns' length, event and session alike
TEXT_LIMITS = {"title": 255, "summary": 500, "description": 20000, "notes": 20000, "status_reason": 500}
ONE_LINE_FIELDS = {"title"}  # read as one line everywhere (mail subjects, calendar titles): breaks become spaces


def default_timezone(organization=None) -> str:
    """The organizer's state's zone, else AGENDA_TIMEZONE."""
    if organization is not None and organization.state is not None and organization.state.timezone:
        return organization.state.timezone
    if has_app_context():
        return current_app.config.get("AGENDA_TIMEZONE") or FALLBACK_TIMEZONE
    return FALLBACK_TIMEZONE


def is_http_url(value: str) -> bool:
    """An absolute http(s) link with a host; text urlparse cannot read (unclosed IPv6 bracket) is none."""
    try:
        parsed = urlparse(value)
    except ValueError:
        return False
    return parsed.scheme in ("http", "https") and bool(parsed.netloc) and " " not in value


def parse_datetime(value, zone: str) -> datetime:
    """A datetime or ISO 8601 string: aware → UTC; naive → wall-clock time in `zone`. Returns naive UTC."""
    if isinstance(value, str):
        text = value.strip()
        if text.endswith("Z"):
            text = text[:-1] + "+00:00"
        value = datetime.fromisoformat(text)
    if not isinstance(value, datetime):
        raise TypeError("not a datetime")
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError("year out of range")
    return to_utc(value, zone)


def _plain(value) -> str | None:
    """One-line text (see web_input.one_line), or None for empty or non-text values (those get their own
    error)."""
    return (one_line(value) or None) if isinstance(value, str) else None


def _text(values, key, errors, cleaned, required=False):
    if key not in values:
        if required:
            errors[key] = _("Este campo es obligatorio.")
        return
    raw = values[key]
    if raw is not None and not isinstance(raw, str):
        errors[key] = _("Debe ser texto.")
        return
    text = "" if raw is None else (one_line(raw) if key in ONE_LINE_FIELDS else raw.strip())
    if required and not text:
        errors[key] = _("Este campo es obligatorio.")
    elif len(text) > TEXT_LIMITS[key]:
        errors[key] = _("Máximo %(n)d caracteres.", n=TEXT_LIMITS[key])
    else:
        cleaned[key] = text


def _choice(values, key, choices, errors, cleaned, message, required=False):
    if key not in values or values[key] in (None, ""):
        if required:
            errors[key] = _("Este campo es obligatorio.")
        return
    if not isinstance(values[key], str) or values[key] not in choices:
        errors[key] = message
    else:
        cleaned[key] = values[key]


def _link_problem(text: str) -> str | None:
    """Why `text` (stripped) cannot be stored as a stream or meeting link; None when it can (or is empty)."""
    if text and not is_http_url(text):
        return _("Use una dirección web que empiece con http:// o https://.")
    if len(text) > MAX_LINK:
        return _("Máximo %(n)d caracteres.", n=MAX_LINK)
    return None


def _url(values, key, errors, cleaned):
    if key not in values:
        return
    text = (values[key] or "").strip() if isinstance(values[key], (str, type(None))) else None
    if text is None:
        errors[key] = _("Escriba una dirección web.")
    elif problem := _link_problem(text):
        errors[key] = problem
    else:
        cleaned[key] = text or None


def _capacity(values, errors, cleaned):
    if "capacity" not in values:
        return
    if values["capacity"] in (None, ""):
        cleaned["capacity"] = None
        return
    capacity = _whole_number(values["capacity"])
    if capacity is None:
        errors["capacity"] = _("Escriba un número entero de lugares, o déjelo vacío para cupo ilimitado.")
    elif capacity < 1:
        errors["capacity"] = _("El cupo debe ser de al menos 1 lugar.")
    elif capacity > MAX_CAPACITY:
        errors["capacity"] = _("El cupo no puede pasar de %(n)d lugares.", n=MAX_CAPACITY)
    else:
        cleaned["capacity"] = capacity


def _whole_number(value) -> int | None:
    """An int, or text of ASCII digits with an optional minus sign; None for anything else. Text longer than
    any capacity counts as just too big (int() refuses thousands of digits)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    match = re.fullmatch(r"(-?)0*([0-9]+)", value.strip()) if isinstance(value, str) else None
    if match is None:
        return None
    sign, digits = match.groups()
    magnitude = int(digits) if len(digits) <= len(str(MAX_CAPACITY)) else MAX_CAPACITY + 1
    return -magnitude if sign else magnitude


def _flag(values, key, errors, cleaned):
    if key in values:
        if not isinstance(values[key], bool):
            errors[key] = _("Debe ser verdadero o falso.")
        else:
            cleaned[key] = values[key]


def clean_event_values(session: Session, values: dict, actor, event: Event | None) -> tuple[dict, dict]:
    creating = event is None
    errors: dict[str, str] = {}
    cleaned: dict = {}
    _text(values, "title", errors, cleaned, required=creating)
    _text(values, "summary", errors, cleaned)
    _text(values, "description", errors, cleaned)
    _text(values, "notes", errors, cleaned)
    _text(values, "status_reason", errors, cleaned)
    _choice(values, "type", EVENT_TYPES, errors, cleaned, _("Elija un tipo de evento de la lista."), creating)
    _choice(values, "modality", MODALITIES, errors, cleaned, _("Elija una modalidad de la lista."))
    _choice(values, "status", EVENT_STATUSES, errors, cleaned, _("Estado no válido."))
    _choice(values, "visibility", VISIBILITIES, errors, cleaned, _("Visibilidad no válida."))
    _choice(values, "scope", SCOPES, errors, cleaned, _("Alcance no válido."))
    _url(values, "stream_url", errors, cleaned)
    _url(values, "meeting_url", errors, cleaned)
    _flag(values, "waitlist", errors, cleaned)
    _flag(values, "registration_required", errors, cleaned)

    if values.get("organization"):
        organization = organization_by_acronym(session, str(values["organization"]))
        if organization is None:
            errors["organization"] = _("Organismo desconocido.")
        else:
            cleaned["organization"] = organization
    elif creating:
        if actor is not None and getattr(actor, "organization", None) is not None:
            cleaned["organization"] = actor.organization
        else:
            errors["organization"] = _("Elija el organismo que organiza el evento.")

    if "co_organizers" in values and not isinstance(values["co_organizers"] or [], (list, tuple)):
        errors["co_organizers"] = _("Debe ser una lista de siglas de organismos.")
    elif "co_organizers" in values:
        co_organizers, unknown = [], []
        for acronym in values["co_organizers"] or []:
            found = organization_by_acronym(session, str(acronym))
            if found is None:
                unknown.append(str(acronym))
            elif found not in co_organizers:
                co_organizers.append(found)
        if unknown:
            errors["co_organizers"] = _("Organismos desconocidos: %(v)s.", v=", ".join(unknown))
        else:
            cleaned["co_organizers"] = co_organizers

    if "themes" in values:
        names = values["themes"] or []
        if isinstance(names, str) or not isinstance(names, (list, tuple)):
            errors["themes"] = _("Debe ser una lista de temas.")
        else:
            themes, unknown = resolve_themes(session, [str(n) for n in names],
                                             may_create=bool(getattr(actor, "is_admin", False)))
            if unknown:
                errors["themes"] = _("Temas desconocidos: %(v)s. Pida a la administración que los agregue.",
                                     v=", ".join(unknown))
            else:
                cleaned["themes"] = themes

    if "venue" in values:
        venue = values["venue"]
        if venue is None:
            cleaned["venue"] = None
        elif not isinstance(venue, dict):
            errors["venue"] = _("La sede debe tener dirección, ciudad y estado.")
        else:
            clean_venue = {"address": _plain(venue.get("address")), "city": _plain(venue.get("city")), "state": None}
            for key in ("address", "city", "state"):
                if venue.get(key) is not None and not isinstance(venue.get(key), str):
                    errors[f"venue.{key}"] = _("Debe ser texto.")
            if clean_venue["address"] and len(clean_venue["address"]) > 255:
                errors["venue.address"] = _("Máximo %(n)d caracteres.", n=255)
            if clean_venue["city"] and len(clean_venue["city"]) > 120:
                errors["venue.city"] = _("Máximo %(n)d caracteres.", n=120)
            if venue.get("state") and isinstance(venue.get("state"), str):
                clean_venue["state"] = state_by_code(session, venue["state"])
                if clean_venue["state"] is None:
                    errors["venue.state"] = _("Estado desconocido.")
            cleaned["venue"] = clean_venue

    if "timezone" in values:
        if not isinstance(values["timezone"], str) or not is_valid_timezone(values["timezone"]):
            errors["timezone"] = _("Zona horaria no válida (use un nombre IANA como America/Mexico_City).")
        else:
            cleaned["timezone"] = values["timezone"]
    zone = cleaned.get("timezone") or (event.timezone if event is not None else
                                       default_timezone(cleaned.get("organization")))
    if creating:
        cleaned.setdefault("timezone", zone)

    _capacity(values, errors, cleaned)

    for key in ("registration_opens", "registration_closes"):
        if key in values:
            if values[key] in (None, ""):
                cleaned[key] = None
            else:
                try:
                    cleaned[key] = parse_datetime(values[key], zone)
                except (ValueError, TypeError):
                    errors[key] = _("Fecha y hora no válidas.")

    _clean_sessions(values, zone, event, errors, cleaned)
    _clean_people(values, event, errors, cleaned)
    return cleaned, errors


def _clean_sessions(values, zone, event, errors, cleaned):
    existing = {s.id: s for s in event.sessions} if event is not None else {}
    if "remove_sessions" in values and not isinstance(values["remove_sessions"] or [], (list, tuple)):
        errors["remove_sessions"] = _("Debe ser una lista de identificadores de sesión.")
    elif "remove_sessions" in values:
        removed = []
        for session_id in values["remove_sessions"] or []:
            if isinstance(session_id, bool) or not isinstance(session_id, int) or session_id not in existing:
                errors["remove_sessions"] = _("La sesión %(id)s no es de este evento.", id=session_id)
            else:
                removed.append(session_id)
        cleaned["remove_sessions"] = removed
    if "sessions" not in values:
        return
    rows = values["sessions"]
    if not isinstance(rows, (list, tuple)):
        errors["sessions"] = _("Debe ser una lista de sesiones.")
        return
    clean_rows = []
    for index, row in enumerate(rows):
        prefix = f"sessions[{index}]"
        if not isinstance(row, dict):
            errors[prefix] = _("Sesión no válida.")
            continue
        clean = {"id": row.get("id")}
        if isinstance(clean["id"], bool) or (clean["id"] is not None and not isinstance(clean["id"], int)):
            errors[f"{prefix}.id"] = _("La sesión no es de este evento.")
            clean["id"] = None
        elif clean["id"] is not None and clean["id"] not in existing:
            errors[f"{prefix}.id"] = _("La sesión no es de este evento.")
        days = {key: _day(row.get(key)) for key in ("start", "end")}
        if days["start"] or days["end"]:
            _clean_all_day(row, clean, days, existing, zone, errors, prefix)
        for key in ("start", "end"):
            if days["start"] or days["end"]:
                break
            if key in row and row.get(key) not in (None, ""):
                clean["all_day"] = False
            if row.get(key) in (None, ""):
                if clean["id"] is None:
                    errors[f"{prefix}.{key}"] = (_("Indique la fecha y hora de inicio.") if key == "start"
                                                 else _("Indique la hora de término."))
                continue
            try:
                clean[key] = parse_datetime(row[key], zone)
            except (ValueError, TypeError):
                errors[f"{prefix}.{key}"] = _("Fecha y hora no válidas.")
        for key, limit in (("title", 255), ("venue", 255)):
            if key in row:
                text = one_line(row.get(key) or "") if isinstance(row.get(key), (str, type(None))) else None
                if text is None or len(text) > limit:
                    errors[f"{prefix}.{key}"] = _("Máximo %(n)d caracteres.", n=limit)
                else:
                    clean[key] = text or None
        if "meeting_url" in row:
            link = row.get("meeting_url") or ""
            if not isinstance(link, str):
                errors[f"{prefix}.meeting_url"] = _("Use una dirección web que empiece con http:// o https://.")
            elif problem := _link_problem(link.strip()):
                errors[f"{prefix}.meeting_url"] = problem
            else:
                clean["meeting_url"] = link.strip() or None
        start = clean.get("start") or (existing[clean["id"]].starts_at if clean["id"] in existing else None)
        end = clean.get("end") or (existing[clean["id"]].ends_at if clean["id"] in existing else None)
        if start and end and end <= start and f"{prefix}.end" not in errors:
            errors[f"{prefix}.end"] = _("La sesión debe terminar después de empezar.")
        clean_rows.append(clean)
    cleaned["sessions"] = clean_rows


DAY_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")


def _day(value) -> date | None:
    """`value` as a calendar day when it is one (a date, or "2027-01-25" without a time), else None."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and DAY_PATTERN.fullmatch(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _clean_all_day(row, clean, days, existing, zone, errors, prefix):
    """An all-day session: `start` and `end` are days (the last day included). Stored as the first day's
    local midnight and the midnight after the last day, in the event's zone."""
    for key in ("start", "end"):
        if days[key] is None and row.get(key) not in (None, ""):
            errors[f"{prefix}.{key}"] = _("Use fechas sin hora (AAAA-MM-DD) en el inicio y el fin de una sesión "
                                          "de todo el día, o fecha y hora en los dos.")
            return
    first = days["start"]
    if first is None and clean["id"] in existing:
        first = to_local(existing[clean["id"]].starts_at, zone).date()
    if first is None:
        errors[f"{prefix}.start"] = _("Indique la fecha de inicio.")
        return
    last = days["end"] or first
    for key, day in (("start", first), ("end", last)):
        if not MIN_YEAR <= day.year <= MAX_YEAR:
            errors[f"{prefix}.{key}"] = _("Fecha y hora no válidas.")
            return
    if last < first:
        errors[f"{prefix}.end"] = _("El último día no puede ser anterior al primero.")
        return
    clean["start"] = to_utc(datetime.combine(first, time()), zone)
    clean["end"] = to_utc(datetime.combine(last + timedelta(days=1), time()), zone)
    clean["all_day"] = True


def _clean_people(values, event, errors, cleaned):
    if "people" not in values:
        return
    sessions = _SessionTargets(values, event, cleaned)
    rows = values["people"]
    if not isinstance(rows, (list, tuple)):
        errors["people"] = _("Debe ser una lista de personas.")
        return
    clean_rows = []
    for index, row in enumerate(rows):
        prefix = f"people[{index}]"
        if not isinstance(row, dict):
            errors[prefix] = _("Persona no válida.")
            continue
        name = one_line(row.get("name") or "") if isinstance(row.get("name"), (str, type(None))) else ""
        if not name:
            errors[f"{prefix}.name"] = _("Escriba el nombre de la persona.")
        elif len(name) > 160:
            errors[f"{prefix}.name"] = _("Máximo %(n)d caracteres.", n=160)
        role = row.get("role") or "ponente"
        if not isinstance(role, str) or role not in PERSON_ROLES:
            errors[f"{prefix}.role"] = _("Elija un papel de la lista.")
        affiliation = row.get("affiliation") or ""
        if not isinstance(affiliation, str) or len(affiliation) > 255:
            errors[f"{prefix}.affiliation"] = _("Máximo %(n)d caracteres.", n=255)
            affiliation = ""
        links = {}
        for key in ("session_id", "session_index"):
            value = row.get(key)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                errors[f"{prefix}.{key}"] = _("Debe ser un número de sesión.")
                value = None
            elif value is not None and (problem := sessions.problem(key, value)):
                errors[f"{prefix}.{key}"] = problem
                value = None
            links[key] = value
        if role not in PERSON_ROLES:
            role = "otro"
        clean_rows.append({"name": name, "role": role, "affiliation": one_line(affiliation) or None, **links})
    cleaned["people"] = clean_rows


class _SessionTargets:
    """The sessions a person may be attached to: `session_index`, a row of this same `sessions` list;
    `session_id`, a session the event already has and keeps."""

    def __init__(self, values, event, cleaned):
        rows = values.get("sessions")
        self.rows = len(rows) if isinstance(rows, (list, tuple)) else 0
        self.removed = set(cleaned.get("remove_sessions", []))
        self.ids = {s.id for s in event.sessions} if event is not None else set()

    def problem(self, key: str, value: int) -> str | None:
        """The Spanish message when `value` points at no session of the event as it will be, else None."""
        if key == "session_index":
            if 0 <= value < self.rows:
                return None
            return _("Debe ser la posición (desde 0) de una sesión de «sessions».")
        if value in self.removed:
            return _("La sesión %(id)s se quita en este mismo cambio.", id=value)
        return None if value in self.ids else _("La sesión %(id)s no es de este evento.", id=value)
