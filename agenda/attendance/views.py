"""Taking attendance at a session: the roster (one tap per person), walk-ins, the QR scanner, the session's
own code for self check-in. Event-level pages (rule, certificates, reach, exports) are in views_event.py,
meeting-report imports in views_imports.py, public pages (verification, QR images) in views_public.py."""
from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.access import organizer_required
from ..catalog.services import states
from ..domain import DomainError, NotFound
from ..events.pages import page_number
from ..events.services import can_view, events_for_manager
from ..extensions import db, limiter
from ..registration.models import GENDER_LABELS, SECTOR_LABELS
from ..registration.validation import RegistrationValidationError
from ..timeutil import to_local
from . import codes, services
from .blueprint import bp
from .walkins import add_walk_in
from .wording import short_datetime


@bp.app_template_filter("attendance_when")
def attendance_when(instant, zone: str) -> str:
    """A stored UTC instant in the event's zone, short Spanish form: "mar 15 sep 2020, 10:00"."""
    return short_datetime(to_local(instant, zone)) if instant else ""


@bp.app_template_filter("attendance_percent")
def attendance_percent(rate) -> str:
    return "—" if rate is None else f"{rate * 100:.0f} %"


@bp.app_template_global()
def attendance_session_label(event_session) -> str:
    """The session's title, or "Sesión N" by its place in the event."""
    if event_session.title:
        return event_session.title
    position = next((i for i, s in enumerate(event_session.event.sessions, start=1) if s.id == event_session.id), 1)
    return _("Sesión %(n)s", n=position)


def wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _counts(event_session) -> dict:
    present = services.present_count(db.session, event_session.id)
    registered = services.confirmed_count(db.session, event_session.event_id)
    return {"present": present, "registered": registered}


@bp.get("/asistencia")
@organizer_required
def index():
    page = page_number()
    events, total = events_for_manager(db.session, current_user, show="todos", page=page, per_page=50)
    return render_template("attendance/index.html", events=events, page=page, has_next=page * 50 < total)


@bp.get("/asistencia/sesiones/<int:session_id>")
@organizer_required
def roster(session_id: int):
    event_session = services.managed_session(db.session, session_id, current_user)
    q = request.args.get("q", "").strip()[:100]
    rows = services.roster(db.session, event_session, q)
    walkin = {}
    if request.args.get("importacion", "").isdigit() and request.args.get("fila", "").isdigit():
        from . import imports  # an unmatched line of a report, added as a walk-in with its minutes

        report = imports.get_import(db.session, int(request.args["importacion"]))
        item = imports.unmatched_row(report, int(request.args["fila"]))
        if report.session_id == event_session.id:
            walkin = {"name": item.get("name", ""), "email": item.get("email", ""),
                      "import_id": report.id, "import_row": item["row"]}
    return render_template("attendance/roster.html", event_session=event_session, event=event_session.event,
                           rows=rows, q=q, counts=_counts(event_session), states=states(db.session),
                           sectors=SECTOR_LABELS, genders=GENDER_LABELS, walkin=walkin, walkin_errors={})


def _answer(event_session, result, message: str, status: int = 200):
    db.session.commit()
    if wants_json():
        return jsonify({"ok": True, "created": result.created if result else False,
                        "registration_id": result.attendance.registration_id if result else None,
                        "message": message, **_counts(event_session)}), status
    flash(message, "success")
    return redirect(request.form.get("next") if request.form.get("next", "").startswith("/asistencia/")
                    else url_for("attendance.roster", session_id=event_session.id))


@bp.post("/asistencia/sesiones/<int:session_id>/presente")
@organizer_required
def check_in(session_id: int):
    event_session = services.managed_session(db.session, session_id, current_user)
    try:
        registration_id = int(request.form.get("registration_id", ""))
    except ValueError:
        raise DomainError(_("Falta la persona a registrar."), "invalid", status=400) from None
    result = services.check_in_on_roster(db.session, event_session, registration_id, current_user)
    message = (_("Asistencia registrada: %(name)s.", name=result.name) if result.created
               else _("%(name)s ya tenía asistencia registrada.", name=result.name))
    return _answer(event_session, result, message)


@bp.post("/asistencia/sesiones/<int:session_id>/quitar")
@organizer_required
def undo(session_id: int):
    event_session = services.managed_session(db.session, session_id, current_user)
    try:
        registration_id = int(request.form.get("registration_id", ""))
    except ValueError:
        raise DomainError(_("Falta la persona."), "invalid", status=400) from None
    registration = services.registration_for(db.session, event_session, registration_id)
    services.undo_check_in(db.session, event_session, registration_id)
    db.session.commit()
    message = _("Se quitó la asistencia de %(name)s.", name=registration.name)
    if wants_json():
        return jsonify({"ok": True, "registration_id": registration_id, "message": message,
                        **_counts(event_session)})
    flash(message, "success")
    return redirect(url_for("attendance.roster", session_id=session_id))


@bp.post("/asistencia/sesiones/<int:session_id>/sin-registro")
@organizer_required
def walk_in(session_id: int):
    event_session = services.managed_session(db.session, session_id, current_user)
    values = {key: request.form.get(key, "") for key in
              ("name", "email", "institution", "position", "state", "organization", "sector", "gender")}
    from_import = request.form.get("import_id", ""), request.form.get("import_row", "")
    if all(part.isdigit() for part in from_import):
        values.update(import_id=from_import[0], import_row=from_import[1])
    try:
        result = add_walk_in(db.session, event_session, values, current_user)
        if "import_id" in values:
            from . import imports

            report = imports.get_import(db.session, int(values["import_id"]))
            if report.session_id == event_session.id:
                imports.attach_walk_in(db.session, report, int(values["import_row"]), result.attendance)
    except RegistrationValidationError as failure:
        db.session.rollback()
        event_session = services.managed_session(db.session, session_id, current_user)
        return render_template("attendance/roster.html", event_session=event_session, event=event_session.event,
                               rows=services.roster(db.session, event_session), q="",
                               counts=_counts(event_session), states=states(db.session),
                               sectors=SECTOR_LABELS, genders=GENDER_LABELS, walkin=values,
                               walkin_errors=failure.errors), 422
    db.session.commit()
    flash(_("Registro en sitio de %(name)s, con asistencia.", name=result.name), "success")
    return redirect(url_for("attendance.roster", session_id=session_id))


@bp.route("/asistencia/sesiones/<int:session_id>/qr", methods=["GET", "POST"])
@organizer_required
def scanner(session_id: int):
    event_session = services.managed_session(db.session, session_id, current_user)
    if request.method == "POST":
        result = services.check_in_by_code(db.session, event_session, request.form.get("code", ""),
                                           current_user)
        message = (_("Asistencia registrada: %(name)s.", name=result.name) if result.created
                   else _("%(name)s ya tenía asistencia registrada.", name=result.name))
        db.session.commit()
        if wants_json():
            return jsonify({"ok": True, "created": result.created, "message": message,
                            **_counts(event_session)})
        flash(message, "success")
        return redirect(url_for("attendance.scanner", session_id=session_id))
    return render_template("attendance/scanner.html", event_session=event_session, event=event_session.event,
                           counts=_counts(event_session))


@bp.get("/asistencia/sesiones/<int:session_id>/codigo")
@organizer_required
def session_code(session_id: int):
    event_session = services.managed_session(db.session, session_id, current_user)
    return render_template("attendance/session_code.html", event_session=event_session,
                           event=event_session.event, code=codes.session_code(event_session.id),
                           refresh=codes.seconds_until_next_code() + 1,
                           is_open=services.self_check_in_open(event_session),
                           self_url=url_for("attendance.self_check_in", session_id=session_id, _external=True))


@bp.route("/asistencia/sesiones/<int:session_id>/autorregistro", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
def self_check_in(session_id: int):
    event_session = services.get_session(db.session, session_id)
    if not can_view(current_user, event_session.event):
        raise NotFound(_("La sesión no existe."))
    error, field, done = None, None, None
    email = request.values.get("correo", request.form.get("email", "")).strip()[:254]
    if request.method == "POST":
        try:
            done = services.self_check_in(db.session, event_session, request.form.get("email", ""),
                                          request.form.get("code", ""))
            db.session.commit()
        except DomainError as failure:
            db.session.rollback()
            error, field = failure.message, failure.field
    status = 422 if error else 200
    return render_template("attendance/self_check_in.html", event_session=event_session,
                           event=event_session.event, error=error, field=field, done=done, email=email,
                           is_open=services.self_check_in_open(event_session)), status


from . import personal, views_event, views_imports, views_public  # noqa: F401,E402  (their routes, same blueprint)
