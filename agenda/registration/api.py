"""POST /api/v1/events/<id>/registrations: registration from the bodies' own web sites (JSON, no CSRF, rate
limited per client address together with the form). The answer never carries anyone's personal data: only
the status, the waiting-list position and the event id; the self-service link goes by mail only."""
from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from ..domain import DomainError
from ..extensions import csrf, db
from ..json_errors import json_error
from . import services
from .blueprint import bp
from .locking import commit_or_busy
from .views_public import limit_registrations


def _error(status: int, code: str, message: str):
    return json_error(DomainError(message, code, status=status))


@bp.post("/api/v1/events/<int:event_id>/registrations")
@csrf.exempt
@limit_registrations
def api_register(event_id: int):
    payload = request.get_json(silent=True)
    if payload is None:
        return _error(400, "bad_request", _("Envíe el registro como JSON (Content-Type: application/json)."))
    try:
        result = services.register(db.session, event_id, payload, source="api", actor=current_user)
        commit_or_busy(db.session)
    except DomainError as error:  # RegistrationValidationError included: 422 with every field's message
        if error.status == 503:
            raise  # Busy: the blueprint's handler adds Retry-After
        db.session.rollback()
        return json_error(error)
    response = jsonify({"status": result.status, "position": result.waitlist_position, "event_id": event_id})
    response.status_code = 201
    return response
