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
from sqlalchemy import and_, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..accounts.models import User
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
from .models import Attendance, AttendanceImport, AttendanceImportChange
from .services import check_minutes
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
    """Match the report's people to the event's registrations: by e-mail (trimmed, any case), then by the
    Teams UPN, then by name (accents, case, spacing ignored; the shown and the original name of "Shown
    (Original)" both tried) when exactly one confirmed registration has it. Several registrations with the
    name: listed to confirm by hand (ambiguous_name), never applied. Each row says how it matched (`by`)."""
    addresses = {a for person in report.people for a in (person.email, person.upn) if a}
    registrations = {r.email.lower(): r for r in session.scalars(
        select(Registration).where(Registration.event_id == event_session.event_id,
                                   Registration.email.in_(addresses)))} if addresses else {}
    by_name: dict[str, list[Registration]] = {}
    loaded_names = False
    matched, below, unmatched = [], [], []
    taken: set[int] = set()
    pending_names = []  # (person, row) to match by name once every address match is known

    def place(person, row, registration, by):
        taken.add(registration.id)
        row.update(registration_id=registration.id, name=registration.name, email=registration.email, by=by)
        if by == "name":
            row["by_name"] = True
        (matched if person.minutes >= min_minutes else below).append(row)

    for person in report.people:
        row = {"name": person.name, "email": person.email or person.upn, "minutes": person.minutes,
               "connections": person.connections, "lines": person.lines}
        registration, by = registrations.get(person.email), "email"
        if registration is None and person.upn:
            registration, by = registrations.get(person.upn), "upn"
        if registration is None:
            pending_names.append((person, {**row, "reason": "not_registered"}))
        elif registration.status != "confirmed":
            unmatched.append({**row, "reason": registration.status})
        elif person.minutes is None:
            unmatched.append({**row, "reason": "too_long"})
        elif registration.id in taken:
            unmatched.append({**row, "reason": "not_registered"})
        else:
            place(person, row, registration, by)
    for person in report.by_name:
        pending_names.append((person, {"name": person.name, "email": "", "minutes": person.minutes,
                                       "connections": person.connections, "lines": person.lines,
                                       "reason": "no_email"}))
    for person, row in pending_names:
        if not loaded_names:
            for registration in session.scalars(select(Registration).where(
                    Registration.event_id == event_session.event_id, Registration.status == "confirmed")):
                by_name.setdefault(normalise_name(registration.name), []).append(registration)
            loaded_names = True
        found: dict[int, Registration] = {}
        ambiguous = False
        for name in person.names or [person.name]:
            candidates = by_name.get(normalise_name(name), [])
            if len(candidates) > 1:
                ambiguous = True
            elif candidates:
                found[candidates[0].id] = candidates[0]
        if len(found) > 1 or (ambiguous and not found):
            unmatched.append({**row, "reason": "ambiguous_name"})
        elif not found or next(iter(found)) in taken:
            unmatched.append(row)
        elif person.minutes is None:
            unmatched.append({**row, "reason": "too_long"})
        else:
            row.pop("reason")
            place(person, row, next(iter(found.values())), "name")
    matched.sort(key=lambda r: r["name"].lower())
    below.sort(key=lambda r: r["name"].lower())
    for index, item in enumerate(unmatched):
        item["row"] = index  # stable handle for "add as a walk-in" from the preview
    return {"title": report.title, "matched": matched, "below": below, "unmatched": unmatched,
            "from_durations": report.from_durations, "fits_window": report.fits_window,
            "summary": {"email": sum(1 for r in matched + below if r["by"] == "email"),
                        "upn": sum(1 for r in matched + below if r["by"] == "upn"),
                        "name": sum(1 for r in matched + below if r["by"] == "name"),
                        "to_confirm": sum(1 for r in unmatched if r["reason"] == "ambiguous_name"),
                        "unmatched": len(unmatched), "below": len(below)}}


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
    """Record the minutes of the preview's matched people, also those under the minimum (stored, not counted
    as present: presence.py); returns how many rows are new."""
    if row.status != "pending":
        raise DomainError(_("Esta importación ya se aplicó o se descartó."), "import_closed", status=409)
    event_session = row.session
    if not row.preview.get("matched") and not row.preview.get("below"):
        raise DomainError(_("Nadie del reporte coincide con un registro confirmado: no se guardó nada."),
                          "nothing_matched", status=422)
    if event_session.event.status == "cancelled":
        raise DomainError(_("El evento está cancelado: no se toma asistencia."), "event_cancelled", status=409)
    entries = row.preview.get("matched", []) + row.preview.get("below", [])  # below: stored, not present
    # Two queries for the whole report (a 2,000-row file is one statement each, not one per person).
    registrations = {r.id: r for r in session.scalars(select(Registration).where(
        Registration.id.in_([entry["registration_id"] for entry in entries])))} if entries else {}
    existing = {a.registration_id: a for a in session.scalars(
        select(Attendance).where(Attendance.session_id == event_session.id))}
    added, recorded = 0, []
    now, actor_id = utcnow(), getattr(actor, "id", None)
    for entry in entries:
        registration = registrations.get(entry["registration_id"])
        if registration is None or registration.status != "confirmed" \
                or registration.event_id != event_session.event_id:
            continue  # changed since the preview: skipped, as the preview would now say
        check_minutes(entry["minutes"], registration.name)
        before = existing.get(registration.id)
        if before is not None and before.method != "import":
            continue  # a manual check-in is never overwritten: nothing to record, nothing to undo
        session.add(AttendanceImportChange(
            import_id=row.id, registration_id=registration.id, had_row=before is not None,
            previous_method=before and before.method, previous_minutes=before and before.minutes,
            previous_import_id=before and before.import_id,
            previous_checked_in_at=before and before.checked_in_at,
            previous_recorded_by_id=before and before.recorded_by_id))
        if before is None:
            attendance = Attendance(registration_id=registration.id, session_id=event_session.id,
                                    method="import", checked_in_at=now, minutes=entry["minutes"],
                                    import_id=row.id, recorded_by_id=actor_id)
            session.add(attendance)
            existing[registration.id] = attendance
            added += 1
        else:
            before.minutes, before.import_id = entry["minutes"], row.id
        recorded.append(registration.id)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:  # someone checked a person in between our read and our insert
        raise DomainError(_("Alguien registró asistencia de esta sesión al mismo tiempo: vuelva a aplicar la "
                            "importación."), "import_race", status=409) from None
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


def undo_import(session: Session, row: AttendanceImport, actor) -> tuple[int, int]:
    """Take back an applied import: every row it created is deleted, every row whose minutes it replaced gets
    the earlier import's values back; rows an organizer changed since (a manual check-in) stay as they are.
    Only the latest applied import of a session can be undone (a later one recorded what this one set).
    Returns (rows deleted, rows restored). 409 when not applied (or undone already)."""
    if row.status == "undone":
        raise DomainError(_("Esta importación ya se deshizo."), "import_undone", status=409)
    if row.status != "applied":
        raise DomainError(_("Solo se puede deshacer una importación aplicada."), "import_not_applied", status=409)
    later = session.scalar(select(func.count(AttendanceImport.id)).where(
        AttendanceImport.session_id == row.session_id, AttendanceImport.status == "applied",
        AttendanceImport.id != row.id,
        or_(AttendanceImport.applied_at > row.applied_at,
            and_(AttendanceImport.applied_at == row.applied_at, AttendanceImport.id > row.id))))
    if later:
        raise DomainError(_("Después de esta se aplicó otra importación de la misma sesión: deshaga primero la "
                            "más reciente."), "later_import", status=409)
    deleted, restored = [], []
    changes = session.scalars(select(AttendanceImportChange).where(AttendanceImportChange.import_id == row.id)
                              .order_by(AttendanceImportChange.id)).all()
    rows_now = {a.registration_id: a for a in session.scalars(
        select(Attendance).where(Attendance.session_id == row.session_id))}
    still_there = set(session.scalars(select(AttendanceImport.id).where(AttendanceImport.id.in_(
        {c.previous_import_id for c in changes if c.previous_import_id is not None})))) if changes else set()
    for change in changes:
        current = rows_now.get(change.registration_id)
        if current is None or current.import_id != row.id or current.method != "import":
            continue  # removed or marked by hand since: the organizer's word stands
        if not change.had_row:
            session.delete(current)
            deleted.append(change.registration_id)
        else:
            current.method, current.minutes = change.previous_method, change.previous_minutes
            current.checked_in_at = change.previous_checked_in_at or current.checked_in_at
            current.recorded_by_id = change.previous_recorded_by_id
            current.import_id = change.previous_import_id if change.previous_import_id in still_there else None
            restored.append(change.registration_id)
    row.status, row.undone_at, row.undone_by_id = "undone", utcnow(), getattr(actor, "id", None)
    session.flush()
    event_session = row.session
    publish(session, AttendanceRecorded(event_id=event_session.event_id, session_id=event_session.id,
                                        registration_ids=tuple(restored), removed=tuple(deleted),
                                        method="import", actor_id=getattr(actor, "id", None)))
    return len(deleted), len(restored)


def import_history(session: Session, event_session: EventSession) -> list[dict]:
    """Every import of the session, newest first: who, when, file, platform, rows matched / unmatched, status,
    how many attendance rows still come from it, and whether it can be undone now."""
    rows = session.scalars(select(AttendanceImport).where(AttendanceImport.session_id == event_session.id)
                           .order_by(AttendanceImport.created_at.desc(), AttendanceImport.id.desc())).all()
    users = {}
    ids = {r.created_by_id for r in rows} | {r.undone_by_id for r in rows}
    ids.discard(None)
    if ids:
        users = {u.id: u.name for u in session.scalars(select(User).where(User.id.in_(ids)))}
    current = dict(session.execute(
        select(Attendance.import_id, func.count(Attendance.id))
        .where(Attendance.session_id == event_session.id, Attendance.import_id.is_not(None))
        .group_by(Attendance.import_id)).all())
    applied = [r for r in rows if r.status == "applied"]
    latest_applied = max(applied, key=lambda r: (r.applied_at, r.id)).id if applied else None
    history = []
    for r in rows:
        preview = r.preview or {}
        history.append({
            "id": r.id, "created_at": r.created_at, "created_by": users.get(r.created_by_id, ""),
            "filename": r.filename, "platform": r.platform, "status": r.status,
            "matched": len(preview.get("matched", [])), "below": len(preview.get("below", [])),
            "unmatched": len(preview.get("unmatched", [])), "applied_at": r.applied_at,
            "undone_at": r.undone_at, "undone_by": users.get(r.undone_by_id, ""),
            "rows_now": current.get(r.id, 0), "can_undo": r.id == latest_applied,
        })
    return history


def unmatched_row(row: AttendanceImport, index: int) -> dict:
    """One unmatched line of the preview, by its `row` handle; 404 if there is none."""
    for item in (row.preview or {}).get("unmatched", []):
        if item.get("row") == index:
            return item
    raise NotFound(_("Esa fila no está entre las que no coinciden."))


def attach_walk_in(session: Session, row: AttendanceImport, index: int, attendance: Attendance) -> None:
    """A walk-in added from an unmatched line of an applied import gets that line's minutes, as if the report
    had matched it (the presence rule applies; undoing the import takes the attendance back, not the
    registration)."""
    item = unmatched_row(row, index)
    if row.status != "applied" or item.get("minutes") is None or attendance.session_id != row.session_id:
        return
    session.add(AttendanceImportChange(import_id=row.id, registration_id=attendance.registration_id,
                                       had_row=False))
    attendance.method, attendance.minutes, attendance.import_id = "import", item["minutes"], row.id
    item["walk_in_registration_id"] = attendance.registration_id
    row.preview = {**row.preview}  # a new object: the JSON column sees the change
    session.flush()
