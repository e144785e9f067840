"""Importing a meeting platform's participant report: parse, match by e-mail, preview, then apply.

`preview_import` saves the parsed and matched report as an AttendanceImport row (status pending) and saves
no attendance; the organizer reads the preview (who will count as present, who stayed under the event's
minimum of minutes, which lines match no registration) and then `apply_import` records attendance for the
matched people at or above the minimum. The preview is JSON in the row:

    {"title": str|None,
     "matched":   [{"registration_id", "name", "email", "minutes", "connections", "lines"}],   # >= minimum
     "below":     [... same keys ...],                                                        # < minimum
     "unmatched": [{"name", "email", "minutes", "lines", "reason"}]}   # reason: no_email|not_registered|
                                                                       #   waitlisted|cancelled|too_long

"minutes" is None when the report says more than MAX_SESSION_MINUTES (reason too_long; or no_email).
"""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain import DomainError, NotFound
from ..events.models import EventSession
from ..registration.models import Registration
from ..timeutil import utcnow
from .meeting_reports import (
    MAX_SESSION_MINUTES,
    MeetingReport,
    ReportFormatError,
    believable_minutes,
    parse_report,
)
from .models import AttendanceImport
from .services import check_in
from .settings import settings_for

UNMATCHED_REASONS = {
    "no_email": _l("El reporte no trae correo en esta línea."),
    "not_registered": _l("Ningún registro del evento tiene este correo."),
    "waitlisted": _l("El registro está en lista de espera."),
    "cancelled": _l("El registro está cancelado."),
    "too_long": _l("El reporte le da más de %(hours)s horas de conexión, lo que no es posible en una sesión: "
                   "revise el archivo y, si asistió, márquela en la lista de asistencia.",
                   hours=MAX_SESSION_MINUTES // 60),
}


def reason_label(reason: str) -> str:
    return str(UNMATCHED_REASONS.get(reason, reason))


def match_report(session: Session, event_session: EventSession, report: MeetingReport,
                 min_minutes: int) -> dict:
    """Match the report's people to the event's registrations by e-mail (case-insensitive)."""
    emails = [person.email for person in report.people]
    registrations = {r.email.lower(): r for r in session.scalars(
        select(Registration).where(Registration.event_id == event_session.event_id,
                                   Registration.email.in_(emails)))} if emails else {}
    matched, below, unmatched = [], [], []
    for person in report.people:
        registration = registrations.get(person.email)
        row = {"name": person.name, "email": person.email, "minutes": person.minutes,
               "connections": person.connections, "lines": person.lines}
        if registration is None:
            unmatched.append({**row, "reason": "not_registered"})
        elif registration.status != "confirmed":
            unmatched.append({**row, "reason": registration.status})
        elif person.minutes is None:
            unmatched.append({**row, "reason": "too_long"})
        else:
            row.update(registration_id=registration.id, name=registration.name)
            (matched if person.minutes >= min_minutes else below).append(row)
    for line in report.without_email:
        unmatched.append({"name": line.name, "email": "", "minutes": believable_minutes(line.minutes),
                          "connections": 1, "lines": [line.line], "reason": "no_email"})
    matched.sort(key=lambda r: r["name"].lower())
    below.sort(key=lambda r: r["name"].lower())
    return {"title": report.title, "matched": matched, "below": below, "unmatched": unmatched}


def preview_import(session: Session, event_session: EventSession, data: bytes, filename: str,
                   actor) -> AttendanceImport:
    """Parse and match an uploaded report; store the preview (pending). Raises DomainError for a bad file."""
    try:
        report = parse_report(data)
    except ReportFormatError as error:
        raise DomainError(str(error), "invalid_report", status=422, field="report") from error
    min_minutes = settings_for(session, event_session.event).min_minutes
    preview = match_report(session, event_session, report, min_minutes)
    row = AttendanceImport(session_id=event_session.id, platform=report.platform,
                           filename=(filename or "")[:255], min_minutes=min_minutes, preview=preview,
                           status="pending", created_by_id=getattr(actor, "id", None))
    session.add(row)
    session.flush()
    return row


def get_import(session: Session, import_id: int) -> AttendanceImport:
    row = session.get(AttendanceImport, import_id)
    if row is None:
        raise NotFound(_("Esa importación no existe."))
    return row


def apply_import(session: Session, row: AttendanceImport, actor) -> int:
    """Record attendance for the preview's matched people; returns how many were newly marked present."""
    if row.status != "pending":
        raise DomainError(_("Esta importación ya se aplicó o se descartó."), "import_closed", status=409)
    event_session = row.session
    added = 0
    for entry in row.preview.get("matched", []):
        registration = session.get(Registration, entry["registration_id"])
        if registration is None or registration.status != "confirmed":
            continue  # changed since the preview: skipped, as the preview would now say
        result = check_in(session, event_session, registration, "import", actor, minutes=entry["minutes"],
                          import_id=row.id)
        added += int(result.created)
    row.status = "applied"
    row.applied_at = utcnow()
    session.flush()
    return added


def discard_import(session: Session, row: AttendanceImport) -> None:
    if row.status != "pending":
        raise DomainError(_("Esta importación ya se aplicó o se descartó."), "import_closed", status=409)
    row.status = "discarded"
    session.flush()
