"""Agenda SNT: events agenda and training registration of Mexico's National Transparency System."""
import importlib
import importlib.util
import logging
import os

from flask import Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from . import config as settings
from . import database, log_privacy
from .extensions import babel, csrf, db, limiter, login_manager, migrate, select_locale
from .paths import resource_dir
from .security import FRAME_ANCESTORS_ATTRIBUTE
from .web_input import CleanRequest

# Areas in dependency order: each may use the ones before it. An area's views.py exposes `bp`;
# an optional commands.py exposes `register(app)` for its CLI commands.
AREAS = (
    "outbox",
    "site",
    "catalog",
    "accounts",
    "events",
    "registration",
    "attendance",
    "feeds",
    "notifications",
    "reports",
    "materials",
    "evaluations",
    "api",
    "embed",
    "opendata",
    "audit",
    "webhooks",
)
# Modules whose handlers subscribe to domain events (agenda/domain_events.py; who listens to what:
# docs/architecture.md). Imported by create_app so every process hears the same facts.
LISTENERS = (
    "registration.services",  # a raised capacity promotes people from the waiting list
    "feeds.changes",  # anything a feed shows changed: the feeds' change log
    "attendance.erasure",  # a registration erased or anonymised: its import-preview rows, certificate name
    "notifications.changes",  # time, place or status changed: a debounced change notice
    "events.search",  # a body or theme renamed: the search rows of its events
    "evaluations.erasure",  # registrations anonymised: their evaluation answers unlinked, open texts removed
    "audit.listeners",  # every fact: one audit-log row in the same transaction
    "webhooks.services",  # events, registrations, attendance, certificates: a delivery per endpoint; erasure scrubs
)


def create_app(config: dict | None = None) -> Flask:
    """Build the Flask app; `config` overrides the settings read from the environment (tests use it)."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=resource_dir("templates"),
        static_folder=resource_dir("static"),
    )
    app.request_class = CleanRequest
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.update(settings.from_environment(app.instance_path))
    if config:
        app.config.update(config)
    settings.check_production_settings(app.config)
    if app.config["AGENDA_PROXY_COUNT"]:
        count = app.config["AGENDA_PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)

    app.url_map.converters["int"] = DatabaseIntegerConverter
    _init_extensions(app)
    with app.app_context():
        app.config["CONNECTION_LOCK_TIMEOUT_MS"] = database.bound_lock_waits(db.engine, app.config["LOCK_TIMEOUT"])
    _load_areas(app)
    from . import cli

    cli.register(app)
    _configure_logging(app)
    return app


class DatabaseIntegerConverter(IntegerConverter):
    """`<int:...>` in URLs only matches ids a database integer column can hold (0..2,147,483,647), so a huge
    id is a plain 404, never a database overflow error. The bound is in the regex, not in a range check,
    because Werkzeug turns a failed range check into 405 when another method's rule shares the path."""

    regex = (r"(?:\d{1,9}|1\d{9}|20\d{8}|21[0-3]\d{7}|214[0-6]\d{6}|2147[0-3]\d{5}|21474[0-7]\d{4}"
             r"|214748[0-2]\d{3}|2147483[0-5]\d{2}|21474836[0-3]\d|214748364[0-7])")


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=resource_dir("migrations"), render_as_batch=True)
    csrf.init_app(app)
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    limiter.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=os.path.join(os.path.dirname(__file__), "translations"),
    )
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message_category = "info"
    from flask_babel import lazy_gettext

    login_manager.login_message = lazy_gettext("Inicie sesión para ver esta página.")

    @app.after_request
    def remember_language(response):
        chosen = request.args.get("lang")
        ancestors = getattr(response, FRAME_ANCESTORS_ATTRIBUTE, None)
        if chosen in {"es", "en"} and not ancestors:  # framed pages take the language from the URL, no cookie
            response.set_cookie("lang", chosen, max_age=365 * 24 * 3600, samesite="Lax")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        # No page may be framed (clickjacking) except the /embed pages, which say who may frame them
        # (security.allow_framing); the full policy without inline code comes with the template rework.
        if ancestors:
            response.headers["Content-Security-Policy"] = f"frame-ancestors {ancestors}"
            response.headers.pop("X-Frame-Options", None)
        else:
            response.headers.setdefault("X-Frame-Options", "DENY")
            response.headers.setdefault("Content-Security-Policy", "frame-ancestors 'none'")
        return response


def _load_areas(app: Flask) -> None:
    for area in AREAS:
        models = f"{__name__}.{area}.models"
        if importlib.util.find_spec(models):
            importlib.import_module(models)
        views = f"{__name__}.{area}.views"
        if importlib.util.find_spec(views):
            app.register_blueprint(importlib.import_module(views).bp)
        commands = f"{__name__}.{area}.commands"
        if importlib.util.find_spec(commands):
            importlib.import_module(commands).register(app)
    for module in LISTENERS:
        importlib.import_module(f"{__name__}.{module}")


def _configure_logging(app: Flask) -> None:
    if not app.debug and not app.testing:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    log_privacy.install(logging.getLogger(), app.logger)
