"""Retention: each body keeps registrants' data `Organization.retention_days` after its event ends; then
`flask --app agenda privacy purge` anonymises the registrations through the personal-data registry.

Anonymised rows stay, so every figure (report, attendance, evaluations) stays the same: status, state, sector,
gender and body are kept (categories, not identities); name, position and accessibility needs are erased; the
address and institution become keyed pseudonyms (HMAC with the app's secret) so "distinct people" and
"distinct institutions" count as before; free-text answers are erased, choices kept; the person's mail is
deleted and they disappear from import previews. A certificate keeps its code, event and date, and its name is
erased: public verification still says whether the code is valid, without saying whose it is."""
import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from ..catalog.models import Organization
from ..domain_events import RegistrationsAnonymised, publish
from ..events.models import Event
from ..outbox.models import OutboxMessage
from ..timeutil import utcnow
from .models import Registration, RegistrationAnswer, RegistrationQuestion

BATCH = 1000
ANONYMOUS_DOMAIN = "anonimo.invalid"


def pseudonym(value: str, prefix: str) -> str:
    key = str(current_app.config["SECRET_KEY"]).encode()
    digest = hmac.new(key, value.strip().casefold().encode(), hashlib.sha256).hexdigest()[:24]
    return f"{prefix}-{digest}"


def is_anonymous_address(address: str) -> bool:
    return address.endswith("@" + ANONYMOUS_DOMAIN)


@dataclass
class Due:
    organization: str
    event_id: int
    title: str
    due_at: datetime
    registrations: int


def due_events(session: Session, now: datetime | None = None, horizon: timedelta | None = None) -> list[Due]:
    """Events whose registrants' data falls due by `now + horizon`, per body, with how many still to purge."""
    limit = (now or utcnow()) + (horizon or timedelta(0))
    rows = session.execute(
        select(Organization.acronym, Organization.retention_days, Event.id, Event.title, Event.last_ends_at,
               func.count(Registration.id))
        .join(Event, Event.organization_id == Organization.id)
        .join(Registration, Registration.event_id == Event.id)
        .where(Organization.retention_days.is_not(None), Event.last_ends_at.is_not(None),
               Registration.anonymised_at.is_(None))
        .group_by(Organization.acronym, Organization.retention_days, Event.id, Event.title, Event.last_ends_at))
    due = [Due(acronym, event_id, title, ends + timedelta(days=days), count)
           for acronym, days, event_id, title, ends, count in rows]
    return sorted((d for d in due if d.due_at <= limit), key=lambda d: (d.due_at, d.event_id))


def purge(session: Session, now: datetime | None = None, dry_run: bool = False, batch: int = BATCH) -> int:
    """Anonymise every registration past its body's retention; commits each batch. Returns how many."""
    now = now or utcnow()
    total = 0
    for due in due_events(session, now):
        if dry_run:
            total += due.registrations
            continue
        while True:
            rows = session.execute(
                select(Registration.id, Registration.email, Registration.name, Registration.institution)
                .where(Registration.event_id == due.event_id, Registration.anonymised_at.is_(None))
                .order_by(Registration.id).limit(batch)).all()
            if not rows:
                break
            _anonymise(session, due.event_id, rows, now)
            session.commit()
            total += len(rows)
    return total


def _anonymise(session: Session, event_id: int, rows, now: datetime) -> None:
    ids = {row.id for row in rows}
    # Before the rows change, so areas above (attendance: import previews, certificate names) find the people.
    publish(session, RegistrationsAnonymised(event_id=event_id, registration_ids=tuple(sorted(ids))))
    session.execute(delete(OutboxMessage).where(OutboxMessage.registration_id.in_(ids)))
    texts = select(RegistrationQuestion.id).where(RegistrationQuestion.kind == "text")
    session.execute(update(RegistrationAnswer).where(RegistrationAnswer.registration_id.in_(ids),
                                                     RegistrationAnswer.question_id.in_(texts)).values(value=""))
    session.execute(update(Registration), [
        {"id": row.id, "email": f"{pseudonym(row.email, 'anon')}@{ANONYMOUS_DOMAIN}", "name": "",
         "institution": pseudonym(row.institution, "inst") if row.institution.strip() else "",
         "position": "", "accessibility": "", "anonymised_at": now}
        for row in rows])
