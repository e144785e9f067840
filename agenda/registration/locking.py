"""The event row lock every seat decision runs under, on PostgreSQL and SQLite, with a bounded wait.

PostgreSQL: `SELECT ... FROM events WHERE id = ... FOR UPDATE`: concurrent registrations for one event queue on
that row; other events are not affected. Every connection already has `lock_timeout` (database.bound_lock_waits);
a different REGISTRATION_LOCK_TIMEOUT is set with `SET LOCAL` for the transaction.
SQLite: one writer at a time for the whole file. The transaction is opened with `BEGIN IMMEDIATE` (the write
lock is taken before anything is read, so two registrations can never read the same seat count), waiting at
most the busy timeout. pysqlite's legacy transaction handling only emits BEGIN before the first DML statement,
so we emit `BEGIN IMMEDIATE` ourselves on the session's connection when no transaction is open on it yet.

A wait that runs out raises `Busy` (503 with Retry-After), never a 500.
"""
from flask import current_app, has_app_context
from flask_babel import gettext as _
from sqlalchemy import bindparam, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from ..database import is_busy_error, lock_timeout_ms
from ..domain import DomainError, NotFound
from ..events.models import Event

DEFAULT_LOCK_TIMEOUT = 10.0  # seconds; app.config["REGISTRATION_LOCK_TIMEOUT"] overrides
RETRY_AFTER_SECONDS = 2


class Busy(DomainError):
    """The event is locked by other registrations for longer than we wait: answer 503 + Retry-After."""

    retry_after = RETRY_AFTER_SECONDS

    def __init__(self):
        super().__init__(_("Hay muchas personas registrándose en este momento. Inténtelo de nuevo en unos "
                           "segundos."), "busy", status=503)


def lock_timeout_seconds() -> float:
    if has_app_context():
        config = current_app.config
        return float(config.get("REGISTRATION_LOCK_TIMEOUT", config.get("LOCK_TIMEOUT", DEFAULT_LOCK_TIMEOUT)))
    return DEFAULT_LOCK_TIMEOUT


def lock_event(session: Session, event_id: int) -> Event:
    """Lock the event's row for the rest of the current transaction and return the event, fresh from the
    database. Raises NotFound, or Busy when the lock is not obtained in time."""
    statement = select(Event).where(Event.id == event_id).execution_options(populate_existing=True)
    event = _locked(session, lambda: session.scalars(_for_update(session, statement, of=Event)).first())
    if event is None:
        raise NotFound(_("El evento no existe."))
    return event


# What a seat decision reads of the event; lock_seats reads just these under the lock.
SEAT_FIELDS = ("status", "visibility", "capacity", "waitlist_enabled", "registration_required",
               "registration_opens_at", "registration_closes_at", "last_ends_at", "timezone")
_events = Event.__table__
_SEAT_FIELDS_BY_ID = select(*(_events.c[name] for name in SEAT_FIELDS)).where(_events.c.id == bindparam("id"))
_SEAT_FIELDS_FOR_UPDATE = _SEAT_FIELDS_BY_ID.with_for_update()  # both built once: this runs in every registration


def lock_seats(session: Session, event_id: int) -> dict:
    """lock_event when only the seat rules are needed: lock the row and return SEAT_FIELDS, fresh from the
    database, one light query instead of loading the whole event. Raises NotFound or Busy."""
    sqlite = session.get_bind().dialect.name == "sqlite"
    statement = _SEAT_FIELDS_BY_ID if sqlite else _SEAT_FIELDS_FOR_UPDATE
    row = _locked(session, lambda: session.connection().execute(statement, {"id": event_id}).first())
    if row is None:
        raise NotFound(_("El evento no existe."))
    return dict(zip(SEAT_FIELDS, row, strict=True))


def _for_update(session: Session, statement, **options):
    """SQLite: no FOR UPDATE (the whole file is locked by BEGIN IMMEDIATE in _locked)."""
    if session.get_bind().dialect.name == "sqlite":
        return statement
    return statement.with_for_update(**options)


def _locked(session: Session, read):
    """Run `read` (the locking query) with the lock wait bounded; a wait that runs out becomes Busy."""
    timeout = lock_timeout_seconds()
    try:
        if session.get_bind().dialect.name == "sqlite":
            _begin_immediate(session, timeout)
        else:
            _bound_wait(session, timeout)
        return read()
    except DBAPIError as error:
        if is_busy_error(error):
            session.rollback()
            raise Busy() from error
        raise


def _bound_wait(session: Session, timeout: float) -> None:
    """PostgreSQL connections already wait at most LOCK_TIMEOUT (database.bound_lock_waits); only a different
    registration timeout needs saying again, for this transaction only."""
    milliseconds = lock_timeout_ms(timeout)
    connection_default = current_app.config.get("CONNECTION_LOCK_TIMEOUT_MS") if has_app_context() else None
    if connection_default != milliseconds:
        session.execute(text(f"SET LOCAL lock_timeout = '{milliseconds}ms'"))


def _begin_immediate(session: Session, timeout: float) -> None:
    connection = session.connection()
    raw = connection.connection.dbapi_connection
    if raw.in_transaction:
        return  # this transaction already wrote: it holds SQLite's write lock until it ends
    connection.exec_driver_sql(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def commit_or_busy(session: Session) -> None:
    """Commit; a lock wait that runs out at commit time becomes Busy (503) instead of a 500."""
    try:
        session.commit()
    except DBAPIError as error:
        session.rollback()
        if is_busy_error(error):
            raise Busy() from error
        raise
