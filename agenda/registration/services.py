"""Registration rules: taking a seat or a place on the waiting list, cancelling, promoting, corrections.

Every function that changes seats runs under the event row lock (locking.lock_event) and writes its mail to
the outbox in the same transaction. Nothing here commits: the caller commits once (views use
locking.commit_or_busy), so a rolled-back registration never mails. Invariants kept under the lock:
- confirmed registrations never exceed the event's capacity;
- waitlisted registrations are numbered 1..n without gaps, in arrival order;
- while a seat is free nobody waits: a freed or added seat goes at once to waiting-list #1.
"""
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import bindparam, delete, func, insert, literal, or_, select, union_all, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from ..catalog.models import Organization, State
from ..catalog.services import normal_state_code
from ..domain import DomainError, NotFound
from ..domain_events import (
    CapacityRaised,
    RegistrationCancelled,
    RegistrationChanged,
    RegistrationCreated,
    RegistrationPromoted,
    publish,
    subscribe,
)
from ..events.models import Event
from ..events.services import can_view
from ..security import hash_token, new_token
from ..timeutil import utcnow
from . import mails
from .locking import lock_event, lock_seats
from .models import Registration, RegistrationAnswer, RegistrationQuestion
from .prefetch import EventForRegistration, event_for_registration
from .seats import registration_window
from .validation import STATE_CODE, clean_registration_values


class DuplicateRegistration(DomainError):
    def __init__(self):
        super().__init__(_("Ya hay un registro con ese correo para este evento. Si no encuentra su enlace, "
                           "podemos enviárselo de nuevo."), "duplicate", status=409, field="email")


class EventFull(DomainError):
    def __init__(self):
        super().__init__(_("Cupo lleno: ya no quedan lugares para este evento."), "full", status=409)


@dataclass
class RegistrationResult:
    registration_id: int
    email: str  # as stored (normalised, lower-case)
    status: str  # confirmed | waitlisted
    waitlist_position: int | None
    token: str  # the self-service secret: shown once (confirmation page) and mailed; only its hash is kept
    session: Session

    @property
    def registration(self) -> Registration:
        """The registration row (loaded on first use: the API answers without it)."""
        return self.session.get(Registration, self.registration_id)


def event_questions(session: Session, event_id: int) -> list[RegistrationQuestion]:
    return list(session.scalars(select(RegistrationQuestion).where(RegistrationQuestion.event_id == event_id)
                                .order_by(RegistrationQuestion.position, RegistrationQuestion.id)))


def register(session: Session, event_id: int, values: dict, *, source: str = "form", actor=None,
             require_consent: bool = True, check_window: bool = True) -> RegistrationResult:
    """Register a person for an event: a confirmed seat, else a waiting-list place, else EventFull (409).

    `values`: name, email, institution, position, state (code), organization (acronym), sector, gender,
    accessibility, answers ({question id: text}), consent (True). Raises RegistrationValidationError (422),
    DuplicateRegistration (409), EventFull (409), DomainError closed|cancelled (410) or draft (409), NotFound,
    Busy (503).
    Organizers adding someone (source manual/walkin) pass require_consent=False and check_window=False.
    """
    # Before the lock: read what is needed, check access, the window and the values, draft the mail's facts.
    event, known_ids = _prefetch(session, event_id, values)
    if source in ("form", "api") and not can_view(actor, event):
        raise NotFound(_("El evento no existe."))
    check_open(event, check_window)
    cleaned = clean_registration_values(session, values, event.questions, require_consent=require_consent,
                                        **known_ids)
    token, token_digest = new_token()
    drafts = mails.draft_first_mails(event, cleaned, token, mails.event_facts(event))
    # Under the lock (registrations of this event queue up here until commit): count, insert, queue the mail.
    event = event.with_seat_fields(lock_seats(session, event.id))
    check_open(event, check_window)  # cancelled or closed while this request waited for the lock
    confirmed, waiting, existing_id = _seat_state(session, event.id, cleaned["email"])
    if existing_id is not None and _is_active(session, existing_id):
        raise DuplicateRegistration()
    if waiting and _has_free_seat(event, confirmed):  # seats freed without promotion (rare): fill them first
        locked_event = session.get(Event, event.id, populate_existing=True)
        confirmed += len(_promote_in_order(session, locked_event, confirmed, waiting))
        waiting = _counts(session, event.id)[1]
    if _has_free_seat(event, confirmed):
        status, position = "confirmed", None
    elif event.waitlist_enabled:
        status, position = "waitlisted", waiting + 1
    else:
        raise EventFull()
    seat = {"status": status, "waitlist_position": position, "source": source, "token_hash": token_digest}
    try:
        registration_id = _write_registration(session, event.id, existing_id, cleaned, seat, require_consent)
    except IntegrityError as error:  # last line of defence: the unique (event_id, email) constraint
        session.rollback()
        raise DuplicateRegistration() from error
    mails.queue_first_mail(session, event, registration_id, cleaned["email"], position, drafts[status])
    publish(session, RegistrationCreated(registration_id=registration_id, event_id=event.id, status=status,
                                         source=source, actor_id=getattr(actor, "id", None)))
    return RegistrationResult(registration_id, cleaned["email"], status, position, token, session)


def _is_active(session: Session, registration_id: int) -> bool:
    status = session.scalar(select(Registration.status).where(Registration.id == registration_id))
    return status in ("confirmed", "waitlisted")


def _prefetch(session: Session, event_id: int, values) -> tuple[EventForRegistration, dict]:
    """One query before the lock: the event as registering reads it, and the ids of the state and the
    organization the person named (as validation's known_state_ids and known_organization_ids)."""
    values = values if isinstance(values, dict) else {}
    state = values.get("state")
    if not (isinstance(state, str) and STATE_CODE.fullmatch(state)):
        state = None  # validation will say what is wrong with it
    acronym = values.get("organization")
    if not (isinstance(acronym, str) and acronym.strip() and len(acronym) <= 32):
        acronym = None
    found = event_for_registration(session, event_id, normal_state_code(state or ""),
                                   (acronym or "").strip().upper())
    if found is None:
        raise NotFound(_("El evento no existe."))
    event, state_id, organization_id = found
    return event, {"known_state_ids": {state: state_id} if state else {},
                   "known_organization_ids": {acronym.strip(): organization_id} if acronym else {}}


def _write_registration(session: Session, event_id: int, existing_id: int | None, cleaned: dict, seat: dict,
                        require_consent: bool) -> int:
    """Write the registration with its seat (`seat`: status, waitlist_position, source, token_hash) and its
    answers; returns its id. A new person gets a new row; a person who had cancelled gets their old row back
    with the new details. One statement either way, from one list of columns (`_details`): a burst writes
    hundreds of these while holding the event's lock, and the ORM's unit of work would double the time."""
    now = utcnow()
    row = {**_details(cleaned), **seat, "updated_at": now, "cancelled_at": None,
           "consent_at": now if require_consent else None,
           "confirmed_at": now if seat["status"] == "confirmed" else None}
    connection = session.connection()
    if existing_id is None:
        registration_id = connection.execute(_INSERT_REGISTRATION, {"event_id": event_id, "created_at": now,
                                                                    **row}).scalar_one()
    else:
        registration_id = existing_id
        connection.execute(update(Registration.__table__).where(Registration.__table__.c.id == existing_id)
                           .values(**row))
        connection.execute(delete(RegistrationAnswer.__table__)
                           .where(RegistrationAnswer.__table__.c.registration_id == existing_id))
        _forget_loaded(session, existing_id)
    answers = cleaned.get("answers") or {}
    if answers:
        connection.execute(insert(RegistrationAnswer.__table__), [
            {"registration_id": registration_id, "question_id": question_id, "value": value}
            for question_id, value in answers.items()])
    return registration_id


def _forget_loaded(session: Session, registration_id: int) -> None:
    """A row rewritten with a plain UPDATE: its ORM copy in this session, if any, is read again on next use."""
    for item in list(session.identity_map.values()):
        if isinstance(item, Registration) and item.id == registration_id:
            session.expire(item)


_INSERT_REGISTRATION = insert(Registration.__table__).returning(Registration.__table__.c.id)


def check_open(event: Event, check_window: bool = True) -> None:
    """Raise 410 closed|cancelled when the event does not take registrations now. Organizers adding someone
    (check_window=False) skip the dates, never publication: a draft is refused with 409 draft, since its
    confirmation mail would announce an event nobody can see, and deleting the draft would drop the seat."""
    window = registration_window(event)
    if window.is_open:
        return
    if window.code == "cancelled" or check_window:
        raise DomainError(window.message, window.code, status=410)
    if event.status == "draft":
        raise DomainError(_("Publique el evento antes de registrar personas."), "draft", status=409)


DETAIL_FIELDS = ("email", "name", "institution", "position", "sector", "gender", "accessibility", "state_id",
                 "organization_id")


def _details(cleaned: dict) -> dict:
    """The registration columns the clean values set (only those present: corrections may be partial). The
    one list of what a person's details are, for new registrations, returning people and corrections."""
    details = {key: cleaned[key] for key in DETAIL_FIELDS if key in cleaned}
    if "gender" in details:
        details["gender"] = details["gender"] or None  # "" (not said) is stored as no value
    return details


def _apply_details(session: Session, registration: Registration, cleaned: dict) -> None:
    details = _details(cleaned)
    # State and body through their relationships, so registration.state is right at once.
    if "state_id" in details:
        state_id = details.pop("state_id")
        registration.state = session.get(State, state_id) if state_id else None
    if "organization_id" in details:
        organization_id = details.pop("organization_id")
        registration.organization = session.get(Organization, organization_id) if organization_id else None
    for key, value in details.items():
        setattr(registration, key, value)


def _set_answers(registration: Registration, answers: dict[int, str]) -> None:
    """Replace the answers in place (update, add, drop), so the unique (registration, question) holds."""
    existing = {answer.question_id: answer for answer in registration.answers} if registration.id else {}
    kept = []
    for question_id, value in answers.items():
        answer = existing.get(question_id) or RegistrationAnswer(question_id=question_id)
        answer.value = value
        kept.append(answer)
    registration.answers = kept


def _counts(session: Session, event_id: int) -> tuple[int, int]:
    """(confirmed, waitlisted) for the event — call under the event lock."""
    rows = dict(session.execute(
        select(Registration.status, func.count()).where(Registration.event_id == event_id,
                                                         Registration.status.in_(("confirmed", "waitlisted")))
        .group_by(Registration.status)).all())
    return rows.get("confirmed", 0), rows.get("waitlisted", 0)


def _seat_state(session: Session, event_id: int, email: str) -> tuple[int, int, int | None]:
    """(confirmed, waitlisted, id of this e-mail's registration or None) in one round trip, each part on its
    own index — call under the event lock."""
    rows = dict(session.connection().execute(_SEAT_STATE, {"event_id": event_id, "email": email}).all())
    return rows["confirmed"], rows["waitlisted"] or 0, rows.get("existing")


_registrations = Registration.__table__
_of_event = _registrations.c.event_id == bindparam("event_id")
_SEAT_STATE = union_all(  # built once: the busiest query of a registration burst
    select(literal("confirmed").label("key"), func.count().label("value"))
    .where(_of_event, _registrations.c.status == "confirmed"),
    # waiting-list places are 1..n without gaps, so the last one is how many wait: one index probe, no count
    select(literal("waitlisted"), func.max(_registrations.c.waitlist_position))
    .where(_of_event, _registrations.c.status == "waitlisted"),
    select(literal("existing"), _registrations.c.id).where(_of_event, _registrations.c.email == bindparam("email")))


def _has_free_seat(event: Event, confirmed: int) -> bool:
    return event.capacity is None or confirmed < event.capacity


def _promote_in_order(session: Session, event: Event, confirmed: int, waiting: int) -> list[Registration]:
    """Give every free seat to the first people on the waiting list, renumber the rest, queue their mail."""
    free = waiting if event.capacity is None else min(event.capacity - confirmed, waiting)
    if free <= 0:
        return []
    promoted = list(session.scalars(
        select(Registration).where(Registration.event_id == event.id, Registration.status == "waitlisted")
        .order_by(Registration.waitlist_position).limit(free)))
    now = utcnow()
    for registration in promoted:
        registration.status, registration.waitlist_position = "confirmed", None
        registration.confirmed_at = registration.updated_at = now
    session.flush()
    _close_gap(session, event.id, after=0, by=len(promoted))
    for registration in promoted:
        mails.queue_promoted(session, event, registration, _promotion_link(registration))
        publish(session, RegistrationPromoted(registration_id=registration.id, event_id=event.id))
    return promoted


def _close_gap(session: Session, event_id: int, after: int, by: int) -> None:
    """Move everyone waiting behind position `after` up by `by` places."""
    if by:
        session.execute(
            update(Registration).where(Registration.event_id == event_id, Registration.status == "waitlisted",
                                       Registration.waitlist_position > after)
            .values(waitlist_position=Registration.waitlist_position - by)
            .execution_options(synchronize_session="fetch"))


@subscribe(CapacityRaised)
def on_capacity_raised(session: Session, fact: CapacityRaised) -> None:
    """Raising an event's capacity (event form, API, admin) promotes waiting people at once."""
    fill_from_waitlist(session, fact.event_id)


def fill_from_waitlist(session: Session, event_id: int) -> list[Registration]:
    """Promote waiting people into free seats (after capacity was raised); locks the event. Returns them."""
    event = lock_event(session, event_id)
    confirmed, waiting = _counts(session, event.id)
    if not waiting or not _has_free_seat(event, confirmed):
        return []
    return _promote_in_order(session, event, confirmed, waiting)


def cancel(session: Session, registration_id: int, by_organizer: bool = False,
           notify: bool = True) -> Registration:
    """Cancel a registration: a confirmed seat goes at once to waiting-list #1 (who is mailed); a waiting
    place closes its gap. Cancelling twice changes nothing."""
    return cancel_returning_status(session, registration_id, by_organizer, notify)[0]


def cancel_returning_status(session: Session, registration_id: int, by_organizer: bool = False,
                            notify: bool = True) -> tuple[Registration, str]:
    """cancel(), also returning the status the registration had just before (read under the lock)."""
    event_id = session.scalar(select(Registration.event_id).where(Registration.id == registration_id))
    if event_id is None:
        raise NotFound(_("El registro no existe."))
    event = lock_event(session, event_id)
    registration = _read_under_lock(session, registration_id)
    previous, position = registration.status, registration.waitlist_position
    if previous == "cancelled":
        return registration, previous
    now = utcnow()
    registration.status, registration.waitlist_position = "cancelled", None
    registration.cancelled_at = registration.updated_at = now
    session.flush()
    if previous == "waitlisted":
        _close_gap(session, event.id, after=position or 0, by=1)
    else:
        confirmed, waiting = _counts(session, event.id)
        if waiting:
            _promote_in_order(session, event, confirmed, waiting)
    if notify:
        mails.queue_cancelled(session, event, registration, by_organizer)
    publish(session, RegistrationCancelled(registration_id=registration.id, event_id=event.id,
                                           previous_status=previous, by_organizer=by_organizer))
    return registration, previous


def _read_under_lock(session: Session, registration_id: int) -> Registration:
    """The registration, read again once its event is locked. A parallel request (the person erasing their
    data in another tab, a double click) may have deleted it while this one waited: NotFound, not a 500."""
    registration = session.scalars(select(Registration).where(Registration.id == registration_id)
                                   .execution_options(populate_existing=True)).first()
    if registration is None:
        raise NotFound(_("El registro no existe."))
    return registration


def _promotion_link(registration: Registration) -> str:
    """A fresh personal link for the promotion mail (only hashes are kept, so the first link cannot be sent
    again); the link from registration keeps working beside it. Returns the secret."""
    token, digest = new_token()
    registration.promotion_token_hash = digest
    return token


def promote(session: Session, registration_id: int, reason: str | None = None, actor=None) -> Registration:
    """An organizer confirms one person from the waiting list out of turn. Seats are never overbooked: with no
    free seat the event's capacity grows by one, and the page says so. Confirming someone who is not first on
    the waiting list, or beyond capacity, asks for a `reason` (DomainError 422 without one); it goes into the
    fact, hence the audit log."""
    event_id = session.scalar(select(Registration.event_id).where(Registration.id == registration_id))
    if event_id is None:
        raise NotFound(_("El registro no existe."))
    event = lock_event(session, event_id)
    registration = _read_under_lock(session, registration_id)
    if registration.status != "waitlisted":
        raise DomainError(_("Solo se puede confirmar a alguien que está en la lista de espera."), "not_waitlisted",
                          status=409)
    confirmed, _waiting = _counts(session, event.id)
    position = registration.waitlist_position or 0
    out_of_order, beyond_capacity = position > 1, not _has_free_seat(event, confirmed)
    reason = (reason or "").strip()[:500] or None
    if (out_of_order or beyond_capacity) and reason is None:
        raise DomainError(_("Indique el motivo: confirmar a alguien fuera del orden de la lista de espera o por "
                            "encima del cupo queda registrado en la bitácora con su motivo."), "reason_required",
                          status=422, field="reason")
    if beyond_capacity:
        event.capacity = confirmed + 1
    registration.status, registration.waitlist_position = "confirmed", None
    registration.confirmed_at = registration.updated_at = utcnow()
    session.flush()
    _close_gap(session, event.id, after=position, by=1)
    mails.queue_promoted(session, event, registration, _promotion_link(registration))
    publish(session, RegistrationPromoted(registration_id=registration.id, event_id=event.id, reason=reason,
                                          out_of_order=out_of_order, beyond_capacity=beyond_capacity,
                                          actor_id=getattr(actor, "id", None)))
    return registration


def update_details(session: Session, registration: Registration, values: dict) -> Registration:
    """The person (or an organizer) corrects data; the seat and consent stay as they are."""
    questions = event_questions(session, registration.event_id)
    cleaned = clean_registration_values(session, values, questions, require_consent=False, partial=True)
    if "email" in cleaned and cleaned["email"] != registration.email:
        clash = session.scalar(select(Registration.id).where(Registration.event_id == registration.event_id,
                                                             Registration.email == cleaned["email"]))
        if clash is not None:
            raise DuplicateRegistration()
    _apply_details(session, registration, cleaned)
    if "answers" in cleaned:
        _set_answers(registration, cleaned["answers"])
    registration.updated_at = utcnow()
    try:
        session.flush()
    except IntegrityError as error:
        session.rollback()
        raise DuplicateRegistration() from error
    except StaleDataError:  # erased meanwhile (the person's other tab): nothing left to correct
        session.rollback()
        raise NotFound(_("El registro no existe.")) from None
    publish(session, RegistrationChanged(registration_id=registration.id, event_id=registration.event_id,
                                         fields=frozenset(cleaned)))
    return registration


def by_token(session: Session, token: str) -> Registration:
    """The registration a self-service link opens (NotFound for an unknown or revoked link)."""
    if not token or len(token) > 200:
        raise NotFound(_("El enlace no es válido o ya no está vigente."))
    digest = hash_token(token)
    registration = session.scalar(
        select(Registration).where(or_(Registration.token_hash == digest, Registration.promotion_token_hash == digest))
        .options(selectinload(Registration.event).selectinload(Event.sessions),
                 selectinload(Registration.answers), selectinload(Registration.state),
                 selectinload(Registration.organization)))
    if registration is None:
        raise NotFound(_("El enlace no es válido o ya no está vigente."))
    return registration


def resend_link(session: Session, event_id: int, email: str) -> bool:
    """Mail a fresh self-service link to an address registered for the event (the old link stops working).
    Returns whether a registration was found; callers show the same message either way."""
    from .validation import clean_email

    address = clean_email(email)
    if address is None:
        return False
    registration = session.scalar(select(Registration).where(Registration.event_id == event_id,
                                                             Registration.email == address))
    if registration is None or not registration.is_active:
        return False
    token, digest = new_token()
    registration.token_hash, registration.promotion_token_hash = digest, None  # every older link stops
    session.flush()
    mails.queue_link(session, registration.event, registration, token)
    return True

