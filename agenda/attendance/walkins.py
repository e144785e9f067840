"""Walk-ins: someone arrives without a registration. The organizer registers them on the spot through the
registration service (source "walkin": seats, waiting list and the confirmation mail with their
self-service link all follow the usual rules) and marks them present at the session in the same step."""
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..events.models import EventSession
from ..registration.models import Registration
from ..registration.services import register
from ..registration.validation import clean_email
from .services import CheckIn, check_in


def add_walk_in(session: Session, event_session: EventSession, values: dict, actor) -> CheckIn:
    """Register (or find, if the e-mail is already confirmed) and check in. Raises the registration
    service's errors (422 with every wrong field, 409 full) or check_in's (409 waitlisted)."""
    address = clean_email(values.get("email"))
    if address:
        existing = session.scalar(select(Registration).where(Registration.event_id == event_session.event_id,
                                                             Registration.email == address))
        if existing is not None and existing.status == "confirmed":
            return check_in(session, event_session, existing, "roster", actor)
    result = register(session, event_session.event_id, values, source="walkin", actor=actor,
                      require_consent=False, check_window=False)
    event_session = session.get(EventSession, event_session.id)
    return check_in(session, event_session, result.registration, "roster", actor)
