"""The registration blueprint, its error handling for busy events, and the helpers its templates use."""
from flask import Blueprint
from flask_login import current_user

from ..events.services import can_edit
from ..extensions import db
from .models import GENDER_LABELS, SECTOR_LABELS, SOURCE_LABELS, STATUS_LABELS
from .notice import notice_html  # noqa: F401  (moved; the embedded form uses it too)

bp = Blueprint("registration", __name__)

@bp.app_context_processor
def registration_helpers():
    return {"registration_box_for": registration_box_for, "registration_labels": {
        "status": STATUS_LABELS, "sector": SECTOR_LABELS, "gender": GENDER_LABELS, "source": SOURCE_LABELS}}


def registration_box_for(event) -> dict:
    """What the event page's registration box shows (for pages whose view did not pass `registration_box`)."""
    from .seats import registration_window, seat_counts

    counts = seat_counts(db.session, [event])[event.id]
    return {"window": registration_window(event), "counts": counts,
            "can_manage": can_edit(current_user, event)}
