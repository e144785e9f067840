"""Flask extensions, created once and bound to the app in create_app."""
import sqlite3
import time

from flask import has_request_context, request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.pool import Pool

# Named constraints keep migrations portable between SQLite (batch mode) and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)


@event.listens_for(Engine, "connect")
def enforce_sqlite_foreign_keys(dbapi_connection, _record) -> None:
    """SQLite ignores foreign keys (and so ON DELETE CASCADE) unless asked on every connection; PostgreSQL
    always enforces them. Asking keeps both databases deleting and refusing the same rows."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
PING_AFTER_IDLE_SECONDS = 10.0


@event.listens_for(Pool, "checkin")
def _note_when_idle(_dbapi_connection, record) -> None:
    record.info["idle_since"] = time.monotonic()


@event.listens_for(Pool, "checkout")
def _ping_if_idle(dbapi_connection, record, _proxy) -> None:
    """Check that a pooled connection still works before a request uses it, if it sat idle for a while (the
    database may have restarted meanwhile); a dead one is replaced: DisconnectionError makes the pool retry
    with a fresh connection. SQLAlchemy's pool_pre_ping does this on every checkout, which costs a round trip
    per request; a connection used seconds ago is alive, and in a burst of registrations that round trip was
    one in eight."""
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


migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
# No X-RateLimit-* headers: with several processes the counters live in Redis, and the headers would cost two
# more Redis round trips on every limited request (a registration burst is exactly that). A 429 still says
# when to come back: Retry-After (site.views).
limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=False)
babel = Babel()


def select_locale() -> str:
    """Spanish unless the visitor chose English (?lang=en, remembered in a cookie). CLI and workers: Spanish."""
    if not has_request_context():
        return "es"
    chosen = request.args.get("lang") or request.cookies.get("lang")
    if chosen in {"es", "en"}:
        return chosen
    return "es"
