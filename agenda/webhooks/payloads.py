"""What a delivery carries, in the API's JSON shapes (agenda/api/serializers.py), documented in
docs/webhooks.md.

Personal data: a registration's `person` (name, email, institution, position, state, organization, sector:
the fields of the API's registration body) is included only when the endpoint's owner may read the event's
registrations (an admin, or an organizer of the event's body or of a co-organizing body: events.can_edit) and
the owner's account is active; otherwise it is null. Gender, accessibility needs, answers to the event's
questions and the self-service link are never sent. Attendance and certificates carry registration ids only."""
from sqlalchemy.orm import Session

from ..api.serializers import confirmed_counts, event_json, iso
from ..attendance.models import Certificate
from ..events.models import Event
from ..events.services import can_edit
from ..registration.models import Registration

PERSON_FIELDS = ("name", "email", "institution", "position", "state", "organization", "sector")


def may_read_registrations(owner, event: Event) -> bool:
    return owner is not None and owner.is_active and can_edit(owner, event)


def person_json(registration: Registration) -> dict:
    return {
        "name": registration.name, "email": registration.email, "institution": registration.institution or None,
        "position": registration.position or None,
        "state": registration.state.code if registration.state is not None else None,
        "organization": registration.organization.acronym if registration.organization is not None else None,
        "sector": registration.sector or None,
    }


def registration_json(registration: Registration, event: Event, with_person: bool) -> dict:
    zone = event.timezone
    return {
        "id": registration.id, "event_id": registration.event_id, "status": registration.status,
        "position": registration.waitlist_position, "source": registration.source,
        "created_at": iso(registration.created_at, zone), "confirmed_at": iso(registration.confirmed_at, zone),
        "cancelled_at": iso(registration.cancelled_at, zone),
        "person": person_json(registration) if with_person else None,
    }


def data_for(session: Session, fact, event: Event, owner) -> dict | None:
    """The `data` of one fact for one endpoint owner (None: nothing to send, e.g. the row is gone)."""
    name = fact.name
    if name.startswith("event."):
        data = {"event": event_json(event, confirmed_counts(session, [event]).get(event.id, 0))}
        if name == "event.changed":
            data["changed_fields"] = sorted(fact.fields)
            data["changes"] = sorted(fact.kinds)
        if name == "event.cancelled":
            data["reason"] = fact.reason
        return data
    if name.startswith("registration."):
        registration = session.get(Registration, fact.registration_id)
        if registration is None:
            return None
        return {"registration": registration_json(registration, event, may_read_registrations(owner, event))}
    if name == "attendance.recorded":
        return {"event_id": fact.event_id, "session_id": fact.session_id, "method": fact.method,
                "registration_ids": sorted(fact.registration_ids), "removed_registration_ids": sorted(fact.removed)}
    if name == "certificate.issued":
        certificate = session.get(Certificate, fact.certificate_id)
        if certificate is None:
            return None
        return {"certificate": {"id": certificate.id, "event_id": certificate.event_id,
                                "registration_id": certificate.registration_id, "code": certificate.code,
                                "issued_at": iso(certificate.issued_at, event.timezone)}}
    return None
