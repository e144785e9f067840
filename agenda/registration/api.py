"""POST /api/v1/events/<id>/registrations: registration from the bodies' own web sites (JSON, no CSRF, rate
limited per client address together with the form). The answer never carries anyone's personal data: only
the status, the waiting-list position and the event id; the self-service link goes by mail only."""
from flask import jsonify, request
from flask_login import current_user

from ..domain import DomainError
from ..extensions import csrf, db
from . import services
from .blueprint import bp
from .locking import commit_or_busy
from .validation import RegistrationValidationError
from .views_public import limit_registrations


def _error(status: int, code: str, message: str):
    response = jsonify({"error": code, "message": message})
    response.status_code = status
    return response


@bp.post("/api/v1/events/<int:event_id>/registrations")
@csrf.exempt
@limit_registrations
def api_register(event_id: int):
    from flask_babel import gettext as _

    payload = request.get_json(silent=True)
    if payload is None:
        return _error(400, "bad_request", _("Envíe el registro como JSON (Content-Type: application/json)."))
    try:
        result = services.register(db.session, event_id, payload, source="api", actor=current_user)
        commit_or_busy(db.session)
    except RegistrationValidationError as error:
        db.session.rollback()
        response = jsonify({"errors": error.errors})
        response.status_code = 422
        return response
    except DomainError as error:
        if error.status == 503:
            raise  # Busy: the blueprint's handler adds Retry-After
        db.session.rollback()
        return _error(error.status, error.code, error.message)
    response = jsonify({"status": result.status, "position": result.waitlist_position, "event_id": event_id})
    response.status_code = 201
    return response
