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
from ..domain_events import AttendanceRecorded, publish
from ..events.models import EventSession
from ..registration.models import Registration
from ..timeutil import to_local, utcnow
from .meeting_reports import (
    MAX_SESSION_MINUTES,
    MeetingReport,
    ReportFormatError,
    Window,
    normalise_name,
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
    "ambiguous_name": _l("Varias personas registradas tienen este nombre: márquela usted en la lista de "
                         "asistencia."),
    "too_long": _l("El reporte le da más de %(hours)s horas de conexión, lo que no es posible en una sesión: "
                   "revise el archivo y, si asistió, márquela en la lista de asistencia.",
                   hours=MAX_SESSION_MINUTES // 60),
}


def reason_label(reason: str) -> str:
    return str(UNMATCHED_REASONS.get(reason, reason))


def session_window(event_session: EventSession, zone: str | None = None) -> Window:
    """The session's start and end as wall-clock times in `zone` (default: the event's), as the reports
    write them."""
    zone = zone or event_session.event.timezone
    return (to_local(event_session.starts_at, zone).replace(tzinfo=None),
            to_local(event_session.ends_at, zone).replace(tzinfo=None))


def match_report(session: Session, event_session: EventSession, report: MeetingReport,
                 min_minutes: int) -> dict:
    """Match the report's people to the event's registrations by e-mail (case-insensitive); people without
    an e-mail by name (accents, case and spacing ignored) when exactly one registration has that name."""
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
    taken = {r["registration_id"] for r in matched + below}
    by_name: dict[str, list[Registration]] = {}
    if report.by_name:
        for registration in session.scalars(select(Registration).where(
                Registration.event_id == event_session.event_id, Registration.status == "confirmed")):
            by_name.setdefault(normalise_name(registration.name), []).append(registration)
    for person in report.by_name:
        row = {"name": person.name, "email": "", "minutes": person.minutes, "connections": person.connections,
               "lines": person.lines}
        candidates = by_name.get(normalise_name(person.name), [])
        if len(candidates) > 1:
            unmatched.append({**row, "reason": "ambiguous_name"})
        elif not candidates or candidates[0].id in taken:
            unmatched.append({**row, "reason": "no_email"})
        elif person.minutes is None:
            unmatched.append({**row, "reason": "too_long"})
        else:
            registration = candidates[0]
            taken.add(registration.id)
            row.update(registration_id=registration.id, name=registration.name, email=registration.email,
                       by_name=True)
            (matched if person.minutes >= min_minutes else below).append(row)
    matched.sort(key=lambda r: r["name"].lower())
    below.sort(key=lambda r: r["name"].lower())
    return {"title": report.title, "matched": matched, "below": below, "unmatched": unmatched,
            "from_durations": report.from_durations, "fits_window": report.fits_window}


def preview_import(session: Session, event_session: EventSession, data: bytes, filename: str,
                   actor, zone: str | None = None) -> AttendanceImport:
    """Parse and match an uploaded report; store the preview (pending). Raises DomainError for a bad file."""
    try:
        report = parse_report(data, session_window(event_session, zone))
    except ReportFormatError as error:
        raise DomainError(str(error), "invalid_report", status=422, field="report") from error
    min_minutes = settings_for(session, event_session.event).min_minutes
    preview = match_report(session, event_session, report, min_minutes)
    zone = zone or event_session.event.timezone
    start, end = session_window(event_session, zone)
    preview["window"] = f"{start:%d/%m/%Y %H:%M}–{end:%H:%M} ({zone})"
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
    if not row.preview.get("matched") and not row.preview.get("below"):
        raise DomainError(_("Nadie del reporte coincide con un registro confirmado: no se guardó nada."),
                          "nothing_matched", status=422)
    added, recorded = 0, []
    for entry in row.preview.get("matched", []):
        registration = session.get(Registration, entry["registration_id"])
        if registration is None or registration.status != "confirmed":
            continue  # changed since the preview: skipped, as the preview would now say
        result = check_in(session, event_session, registration, "import", actor, minutes=entry["minutes"],
                          import_id=row.id, announce=False)
        added += int(result.created)
        recorded.append(registration.id)
    row.status = "applied"
    row.applied_at = utcnow()
    session.flush()
    publish(session, AttendanceRecorded(event_id=event_session.event_id, session_id=event_session.id,
                                        registration_ids=tuple(recorded), method="import",
                                        actor_id=getattr(actor, "id", None)))
    return added


def discard_import(session: Session, row: AttendanceImport) -> None:
    if row.status != "pending":
        raise DomainError(_("Esta importación ya se aplicó o se descartó."), "import_closed", status=409)
    row.status = "discarded"
    session.flush()
