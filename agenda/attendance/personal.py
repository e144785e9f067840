"""What a registered person sees of attendance on their own self-service page: their check-in QR code,
self check-in for sessions happening now, and their certificate once they completed the event.
Registration's page includes templates/attendance/_registration_box.html; this fills it."""
from flask import url_for

from ..extensions import db
from . import certificates, services
from .blueprint import bp
from .qr import checkin_code_for, registration_qr_svg


@bp.app_context_processor
def attendance_personal_helpers():
    return {"attendance_box_for": attendance_box_for}


def attendance_box_for(registration, token: str | None) -> dict | None:
    """The box's content for a confirmed registration, or None (nothing to show)."""
    if registration is None or getattr(registration, "status", None) != "confirmed":
        return None
    event = registration.event
    return {
        "qr_svg": registration_qr_svg(registration, scale=5),
        "code": checkin_code_for(registration),
        "check_in_now": [url_for("attendance.self_check_in", session_id=s.id, correo=registration.email)
                         for s in event.sessions if services.self_check_in_open(s)],
        "certificate_url": (url_for("attendance.my_certificate", token=token)
                            if token and certificates.is_eligible(db.session, registration) else None),
    }
