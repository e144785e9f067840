"""Flask extensions, created once and bound to the app in create_app."""

from flask import has_request_context, request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

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
