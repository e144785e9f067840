"""Each event's attendance settings: the completion rule (N sessions or X %), the minimum minutes that make
an imported participant present, and the hours printed on certificates.

Without saved settings an event uses the defaults: attended at least 80 % of its sessions (rounded up, so a
one-session event needs that session and an eight-session jornada needs seven) and 30 minutes in imports.
"""
import math

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from ..database import get_or_create
from ..domain import DomainError
from ..events.models import Event
from .models import AttendanceSettings

DEFAULT_MIN_PERCENT = 80
DEFAULT_MIN_MINUTES = 30


def settings_for(session: Session, event: Event) -> AttendanceSettings:
    """The saved settings, or unsaved defaults (nothing is written until an organizer saves them)."""
    settings = session.get(AttendanceSettings, event.id)
    if settings is None:
        settings = AttendanceSettings(event_id=event.id, min_sessions=None, min_percent=DEFAULT_MIN_PERCENT,
                                      min_minutes=DEFAULT_MIN_MINUTES, certificate_hours=None,
                                      certificates_enabled=True, evaluation_required=False)
    return settings


def required_sessions(settings: AttendanceSettings, total_sessions: int) -> int:
    """How many sessions a person must attend to complete the event (at least 1, at most all)."""
    if total_sessions <= 0:
        return 0
    if settings.min_sessions:
        needed = settings.min_sessions
    else:
        percent = settings.min_percent if settings.min_percent is not None else DEFAULT_MIN_PERCENT
        needed = math.ceil(total_sessions * percent / 100 - 1e-9)
    return max(1, min(needed, total_sessions))


def rule_text(settings: AttendanceSettings, total_sessions: int) -> str:
    needed = required_sessions(settings, total_sessions)
    if settings.min_sessions:
        return _("Asistir al menos a %(n)s de %(total)s sesiones.", n=needed, total=total_sessions)
    return _("Asistir al menos al %(p)s %% de las sesiones (%(n)s de %(total)s).",
             p=settings.min_percent if settings.min_percent is not None else DEFAULT_MIN_PERCENT,
             n=needed, total=total_sessions)


def _int_or_none(value, field: str, low: int, high: int) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise DomainError(_("Escriba un número entero."), "invalid", status=422, field=field) from None
    if not low <= number <= high:
        raise DomainError(_("Escriba un número entre %(low)s y %(high)s.", low=low, high=high), "invalid",
                          status=422, field=field)
    return number


def save_settings(session: Session, event: Event, values: dict) -> AttendanceSettings:
    """values: rule ("sessions" | "percent"), min_sessions, min_percent, min_minutes, certificate_hours,
    certificates_enabled, evaluation_required. Raises DomainError (422, with the field) for a bad number."""
    total = len(event.sessions)
    rule = values.get("rule") or ("sessions" if values.get("min_sessions") else "percent")
    if rule not in ("sessions", "percent"):
        raise DomainError(_("Elija una regla."), "invalid", status=422, field="rule")
    settings = get_or_create(session, AttendanceSettings, {"event_id": event.id})  # two saving: last wins
    if rule == "sessions":
        settings.min_sessions = _int_or_none(values.get("min_sessions"), "min_sessions", 1, max(total, 1))
        if settings.min_sessions is None:
            raise DomainError(_("Escriba cuántas sesiones."), "invalid", status=422, field="min_sessions")
        settings.min_percent = None
    else:
        settings.min_percent = _int_or_none(values.get("min_percent"), "min_percent", 1, 100)
        if settings.min_percent is None:
            raise DomainError(_("Escriba el porcentaje."), "invalid", status=422, field="min_percent")
        settings.min_sessions = None
    minutes = _int_or_none(values.get("min_minutes"), "min_minutes", 0, 24 * 60)
    settings.min_minutes = DEFAULT_MIN_MINUTES if minutes is None else minutes
    settings.certificate_hours = _int_or_none(values.get("certificate_hours"), "certificate_hours", 1, 1000)
    settings.certificates_enabled = bool(values.get("certificates_enabled", True))
    settings.evaluation_required = bool(values.get("evaluation_required", False))
    session.flush()
    return settings
