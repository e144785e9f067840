"""Meeting-report imports: upload, preview (nothing saved yet), apply or discard."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.access import organizer_required
from ..domain import DomainError
from ..extensions import db
from ..timeutil import is_valid_timezone, mexican_timezones
from . import imports, services
from .blueprint import bp
from .meeting_reports import MAX_REPORT_BYTES, PLATFORM_LABELS
from .settings import settings_for


def _managed_import(import_id: int):
    row = imports.get_import(db.session, import_id)
    event_session = services.managed_session(db.session, row.session_id, current_user)
    return row, event_session


@bp.route("/asistencia/sesiones/<int:session_id>/importar", methods=["GET", "POST"])
@organizer_required
def import_report(session_id: int):
    event_session = services.managed_session(db.session, session_id, current_user)
    error = None
    if request.method == "POST":
        upload = request.files.get("report")
        zone = request.form.get("report_zone") or event_session.event.timezone
        if upload is None or not upload.filename:
            error = _("Elija el archivo del reporte.")
        elif not is_valid_timezone(zone):
            error = _("La zona horaria del reporte no es válida.")
        else:
            data = upload.read(MAX_REPORT_BYTES + 1)
            try:
                row = imports.preview_import(db.session, event_session, data, upload.filename, current_user,
                                             zone=zone)
            except DomainError as failure:
                db.session.rollback()
                error = failure.message
            else:
                db.session.commit()
                return redirect(url_for("attendance.import_preview", import_id=row.id))
    event_session = services.managed_session(db.session, session_id, current_user)
    return render_template("attendance/import_upload.html", event_session=event_session,
                           event=event_session.event, error=error,
                           zones=sorted({*mexican_timezones(), event_session.event.timezone}),
                           history=imports.import_history(db.session, event_session),
                           platforms=PLATFORM_LABELS,
                           min_minutes=settings_for(db.session, event_session.event).min_minutes), \
        (422 if error else 200)


@bp.get("/asistencia/importaciones/<int:import_id>")
@organizer_required
def import_preview(import_id: int):
    row, event_session = _managed_import(import_id)
    return render_template("attendance/import_preview.html", row=row, preview=row.preview,
                           event_session=event_session, event=event_session.event,
                           platform=PLATFORM_LABELS.get(row.platform, row.platform),
                           reason_label=imports.reason_label)


@bp.post("/asistencia/importaciones/<int:import_id>/aplicar")
@organizer_required
def import_apply(import_id: int):
    row, event_session = _managed_import(import_id)
    added = imports.apply_import(db.session, row, current_user)
    db.session.commit()
    flash(_("Importación aplicada: %(n)s asistencias nuevas.", n=added), "success")
    return redirect(url_for("attendance.roster", session_id=event_session.id))


@bp.post("/asistencia/importaciones/<int:import_id>/descartar")
@organizer_required
def import_discard(import_id: int):
    row, event_session = _managed_import(import_id)
    imports.discard_import(db.session, row)
    db.session.commit()
    flash(_("Importación descartada: no se guardó ninguna asistencia."), "success")
    return redirect(url_for("attendance.import_report", session_id=event_session.id))


@bp.post("/asistencia/importaciones/<int:import_id>/deshacer")
@organizer_required
def import_undo(import_id: int):
    row, event_session = _managed_import(import_id)
    deleted, restored = imports.undo_import(db.session, row, current_user)
    db.session.commit()
    message = _("Importación deshecha: %(deleted)s asistencias quitadas y %(restored)s devueltas a como estaban.",
                deleted=deleted, restored=restored)
    if request.accept_mimetypes.best == "application/json":
        return {"status": "undone", "deleted": deleted, "restored": restored, "message": message}
    flash(message, "success")
    return redirect(url_for("attendance.import_report", session_id=event_session.id) + "#historial")
