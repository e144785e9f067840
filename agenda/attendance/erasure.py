"""What attendance holds of a person goes when their registration is erased or anonymised: their rows in
meeting-report import previews (names and addresses of the report) and the name on their certificate."""
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..domain_events import RegistrationErased, RegistrationsAnonymised, subscribe
from ..events.models import EventSession
from ..registration.models import Registration
from .models import AttendanceImport, Certificate


@subscribe(RegistrationErased)
def on_registration_erased(session: Session, fact: RegistrationErased) -> None:
    registration = session.get(Registration, fact.registration_id)
    if registration is not None:
        scrub_import_previews(session, fact.event_id, {registration.id}, {registration.email}, {registration.name})


@subscribe(RegistrationsAnonymised)
def on_registrations_anonymised(session: Session, fact: RegistrationsAnonymised) -> None:
    ids = set(fact.registration_ids)
    people = session.execute(select(Registration.email, Registration.name).where(Registration.id.in_(ids))).all()
    scrub_import_previews(session, fact.event_id, ids, {email for email, _ in people}, {name for _, name in people})
    session.execute(update(Certificate).where(Certificate.registration_id.in_(ids)).values(name=""))


def scrub_import_previews(session: Session, event_id: int, ids: set[int], addresses: set[str],
                          names: set[str]) -> None:
    """Remove these people's rows from every meeting-report import preview of the event, pending or applied.

    A row is theirs when it names one of the registrations, carries one of the addresses, or is exactly one of
    the names (an unmatched line without an address). The walk is generic so it keeps working whatever shape
    the preview takes."""
    addresses = {address.casefold() for address in addresses if address}
    names = {" ".join(name.split()).casefold() for name in names if name}

    def is_theirs(item) -> bool:
        if isinstance(item, str):
            text = item.casefold()
            return " ".join(text.split()) in names or any(address in text for address in addresses)
        if isinstance(item, list):
            return any(is_theirs(value) for value in item)
        if isinstance(item, dict):
            return item.get("registration_id") in ids or any(map(is_theirs, item.values()))
        return False

    def scrub(value):
        if isinstance(value, list):
            return [scrub(item) for item in value if not is_theirs(item)]
        if isinstance(value, dict):
            return {key: scrub(item) for key, item in value.items()}
        return value

    imports = session.scalars(select(AttendanceImport).join(EventSession).where(EventSession.event_id == event_id))
    for report in imports:
        cleaned = scrub(report.preview)
        if cleaned != report.preview:
            report.preview = cleaned  # a new object: the JSON column sees the change
