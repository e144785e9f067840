"""An event's attendance page for its organizers: counts per session, the completion rule, certificates,
reach per platform, breakdowns and the attendance matrix export."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..accounts.access import organizer_required
from ..catalog.models import Organization
from ..domain import DomainError, NotFound
from ..events.models import Event
from ..extensions import db
from ..forms import EmptyForm
from ..registration.models import Registration
from ..spreadsheets import Sheet, download
from . import certificates, reach, signers, stats
from .figures import figures_for_event
from . import settings as attendance_settings
from .blueprint import bp
from .models import REACH_PLATFORMS, OrganizationLogo
from .responses import pdf_response
from .services import check_manager


def managed_event(event_id: int) -> Event:
    event = db.session.get(Event, event_id, options=[selectinload(Event.sessions),
                                                     selectinload(Event.co_organizers),
                                                     selectinload(Event.organization)])
    if event is None:
        raise NotFound(_("El evento no existe."))
    check_manager(current_user, event)
    return event


def _overview(event: Event, errors: dict | None = None, status: int = 200):
    settings = attendance_settings.settings_for(db.session, event)
    summary = stats.event_summary(db.session, event)
    eligible = certificates.eligible_ids(db.session, event)
    people = db.session.scalars(select(Registration).where(Registration.id.in_(eligible))
                                .order_by(Registration.name)).all() if eligible else []
    return render_template(
        "attendance/event.html", event=event, summary=summary, settings=settings,
        rule_text=attendance_settings.rule_text(settings, len(event.sessions)),
        breakdowns=stats.breakdowns(db.session, event), reach=reach.reach_for(db.session, event),
        platforms=[(code, reach.platform_label(code)) for code in REACH_PLATFORMS],
        platform_label=reach.platform_label, eligible=len(eligible), eligible_people=people,
        signers=signers.event_signers(db.session, event.id),
        figures=figures_for_event(db.session, event),
        errors=errors or {}, form=request.form if errors else {}), status


@bp.get("/asistencia/eventos/<int:event_id>")
@organizer_required
def event_overview(event_id: int):
    return _overview(managed_event(event_id))


@bp.post("/asistencia/eventos/<int:event_id>/regla")
@organizer_required
def save_rule(event_id: int):
    event = managed_event(event_id)
    try:
        attendance_settings.save_settings(db.session, event, {
            "rule": request.form.get("rule"), "min_sessions": request.form.get("min_sessions"),
            "min_percent": request.form.get("min_percent"), "min_minutes": request.form.get("min_minutes"),
            "certificate_hours": request.form.get("certificate_hours"),
            "certificates_enabled": request.form.get("certificates_enabled") == "1",
            "evaluation_required": request.form.get("evaluation_required") == "1"})
    except DomainError as failure:
        db.session.rollback()
        return _overview(managed_event(event_id), {failure.field or "rule": failure.message}, 422)
    db.session.commit()
    flash(_("Regla de asistencia guardada."), "success")
    return redirect(url_for("attendance.event_overview", event_id=event_id) + "#regla")


@bp.post("/asistencia/eventos/<int:event_id>/constancias")
@organizer_required
def issue_certificates(event_id: int):
    event = managed_event(event_id)
    result = certificates.issue_certificates(db.session, event, current_user,
                                             mail=request.form.get("mail", "1") == "1")
    db.session.commit()
    if not (result.issued or result.already):
        flash(_("Nadie cumple todavía la regla de asistencia: no se emitieron constancias."), "warning")
    else:
        flash(_("Constancias emitidas: %(new)s nuevas, %(old)s ya existían; %(mailed)s correos en cola.",
                new=result.issued, old=result.already, mailed=result.mailed), "success")
    return redirect(url_for("attendance.event_overview", event_id=event_id) + "#constancias")


@bp.get("/asistencia/eventos/<int:event_id>/constancias/<int:registration_id>.pdf")
@organizer_required
def organizer_certificate_pdf(event_id: int, registration_id: int):
    event = managed_event(event_id)
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event.id:
        raise NotFound(_("No encontramos ese registro en este evento."))
    certificate, _created = certificates.issue_certificate(db.session, registration, current_user)
    pdf = certificates.certificate_pdf(db.session, certificate)
    db.session.commit()
    return pdf_response(pdf, certificates.pdf_filename(certificate))


@bp.get("/asistencia/eventos/<int:event_id>/matriz.<fmt>")
@organizer_required
def matrix_export(event_id: int, fmt: str):
    if fmt not in ("csv", "xlsx"):
        abort(404)
    event = managed_event(event_id)
    matrix = stats.attendance_matrix(db.session, event)
    sheet = Sheet(title=_("Asistencia"), headers=matrix.headers, rows=matrix.rows)
    return download([sheet], f"asistencia-evento-{event.id}", fmt)


@bp.post("/asistencia/eventos/<int:event_id>/alcance")
@organizer_required
def save_reach(event_id: int):
    event = managed_event(event_id)
    try:
        record = reach.save_reach(db.session, event, request.form.to_dict(), current_user)
    except DomainError as failure:
        db.session.rollback()
        return _overview(managed_event(event_id), {failure.field or "platform": failure.message}, 422)
    db.session.commit()
    flash(_("Alcance guardado.") if record else _("Se quitó el alcance de esa plataforma."), "success")
    return redirect(url_for("attendance.event_overview", event_id=event_id) + "#alcance")


@bp.post("/asistencia/eventos/<int:event_id>/firmas")
@organizer_required
def add_signer(event_id: int):
    event = managed_event(event_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    upload = request.files.get("signature")
    try:
        signers.add_signer(db.session, event, request.form.get("name", ""), request.form.get("title", ""),
                           request.form.get("body", ""), upload.stream if upload and upload.filename else None)
        db.session.commit()
    except DomainError as failure:
        db.session.rollback()
        return _overview(managed_event(event_id), {"signer": failure.message}, failure.status)
    flash(_("Firma agregada a la constancia."), "success")
    return redirect(url_for("attendance.event_overview", event_id=event_id, _anchor="firmas"), 303)


@bp.post("/asistencia/eventos/<int:event_id>/firmas/<int:signer_id>/eliminar")
@organizer_required
def remove_signer(event_id: int, signer_id: int):
    event = managed_event(event_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    signers.remove_signer(db.session, event, signer_id)
    db.session.commit()
    flash(_("Firma quitada."), "success")
    return redirect(url_for("attendance.event_overview", event_id=event_id, _anchor="firmas"), 303)


@bp.route("/asistencia/emblema", methods=["GET", "POST"])
@organizer_required
def organization_logo():
    """The organizer's own body's emblem (admins: ?organismo=<id>)."""
    organization_id = current_user.organization_id
    if current_user.is_admin:
        organization_id = request.values.get("organismo", type=int) or organization_id
    organization = db.session.get(Organization, organization_id) if organization_id else None
    if organization is None:
        raise NotFound(_("Su cuenta no pertenece a un organismo."))
    error, status = None, 200
    if request.method == "POST":
        if not EmptyForm().validate_on_submit():
            abort(400)
        upload = request.files.get("file")
        try:
            signers.save_logo(db.session, organization.id, upload.stream if upload else None)
            db.session.commit()
        except DomainError as failure:
            db.session.rollback()
            error, status = failure.message, failure.status
        else:
            flash(_("Emblema guardado."), "success")
            return redirect(url_for("attendance.organization_logo", organismo=organization.id), 303)
    return render_template("attendance/logo.html", organization=organization, error=error,
                           has_logo=db.session.get(OrganizationLogo, organization.id) is not None), status
