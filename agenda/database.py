"""Database plumbing every area relies on: the same rules on SQLite and PostgreSQL (foreign keys, bounded lock
waits), pooled connections checked after idling, and the errors that mean "busy" or "connection lost", which
the app answers with 503 and Retry-After, never 500."""
import sqlite3
import time
from typing import TypeVar

from sqlalchemy import event, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, DisconnectionError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.pool import Pool

PING_AFTER_IDLE_SECONDS = 10.0
# The largest id an INTEGER primary key holds on PostgreSQL; SQLite raises OverflowError past 2**63 - 1. An id
# read from a form or a query string is checked against it before it reaches a query.
MAX_ID = 2**31 - 1
BUSY_SQLSTATES = {"55P03", "40P01", "40001"}  # lock_not_available, deadlock_detected, serialization_failure
Model = TypeVar("Model")


@event.listens_for(Engine, "connect")
def enforce_sqlite_foreign_keys(dbapi_connection, _record) -> None:
    """SQLite ignores foreign keys (and so ON DELETE CASCADE) unless asked on every connection; PostgreSQL
    always enforces them. Asking keeps both databases deleting and refusing the same rows."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def bound_lock_waits(engine: Engine, seconds: float) -> int:
    """Make every connection of `engine` wait at most `seconds` for a lock (PostgreSQL `lock_timeout`, SQLite
    `busy_timeout`), set once when the connection opens. A request queued behind others then answers "busy"
    instead of holding a worker indefinitely, and a migration that cannot get its lock fails instead of
    stopping the site. Returns the bound in milliseconds.

    Behind a pooler in transaction mode (PgBouncer), session settings do not stick: set it on the role too,
    `ALTER ROLE agenda SET lock_timeout = '10s'`."""
    milliseconds = lock_timeout_ms(seconds)
    statement = (f"PRAGMA busy_timeout = {milliseconds}" if engine.dialect.name == "sqlite"
                 else f"SET lock_timeout = {milliseconds}")

    @event.listens_for(engine, "connect")
    def _bound(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(statement)
        cursor.close()
        if not isinstance(dbapi_connection, sqlite3.Connection):
            dbapi_connection.commit()  # psycopg opened a transaction for the SET; a session setting stays

    return milliseconds


def lock_timeout_ms(seconds: float) -> int:
    return max(int(seconds * 1000), 1)


@event.listens_for(Pool, "checkin")
def _note_when_idle(_dbapi_connection, record) -> None:
    record.info["idle_since"] = time.monotonic()


@event.listens_for(Pool, "checkout")
def _ping_if_idle(dbapi_connection, record, _proxy) -> None:
    """Check that a pooled connection still works before a request uses it, if it sat idle for a while (the
    database may have restarted meanwhile); a dead one is replaced: DisconnectionError makes the pool retry
    with a fresh connection. SQLAlchemy's pool_pre_ping does this on every checkout, which costs a round trip
    per request; a connection used seconds ago is almost surely alive (and if not, is_lost_connection makes
    that request a 503 to retry), and in a burst of registrations that round trip was one in eight."""
    idle_since = record.info.get("idle_since")
    if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_SECONDS:
        return
    try:
        cursor = dbapi_connection.cursor()
        cursor.execute("SELECT 1")
        cursor.close()
        dbapi_connection.rollback()  # psycopg opened a transaction for the ping; the request starts afresh
    except Exception as error:  # whatever the driver raises for a dead connection
        raise DisconnectionError() from error


def is_busy_error(error: BaseException) -> bool:
    """A lock wait that ran out (PostgreSQL lock_timeout, deadlock; SQLite 'database is locked')."""
    if not isinstance(error, DBAPIError):
        return False
    if getattr(error.orig, "sqlstate", None) in BUSY_SQLSTATES:
        return True
    return isinstance(error, OperationalError) and "database is locked" in str(error.orig).lower()


def is_lost_connection(error: BaseException) -> bool:
    """The database connection broke mid-request (a restart, a failover); the pool has already replaced it."""
    return isinstance(error, DBAPIError) and bool(error.connection_invalidated)


def get_or_create(session: Session, model: type[Model], keys: dict, defaults: dict | None = None) -> Model:
    """The row of `model` whose unique `keys` match, inserted (with `defaults`) if missing; the caller then
    sets its own values on it (when two save at once, the last to commit wins).

    Two requests saving the same new row at once both find it missing and both insert it; with a plain
    INSERT the second fails with an IntegrityError (a 500). Here it is INSERT ... ON CONFLICT DO NOTHING, so
    the unique constraint decides: the second insert does nothing (on PostgreSQL it first waits for the
    other transaction to commit) and the row the other request created is read instead. Catching the
    IntegrityError under a SAVEPOINT would not do: on SQLite, releasing one before the transaction's first
    write commits the insert, which the caller's rollback (a form error) could no longer undo."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    query = select(model).filter_by(**keys)
    for _attempt in range(3):  # a row found taken, then deleted before we read it: insert it again
        row = session.scalar(query)
        if row is not None:
            return row
        session.execute(insert(model).values(**keys, **(defaults or {}))
                        .on_conflict_do_nothing(index_elements=list(keys)))
    raise RuntimeError(f"could not get or create {model.__name__} {keys}")
