"""Settings read from environment variables, with safe defaults for a laptop."""
import os
from pathlib import Path

DEFAULT_SECRET_KEY = "dev-insecure-change-me"


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "si", "sí"}


def default_database_url(instance_path: str) -> str:
    return "sqlite:///" + str(Path(instance_path) / "agenda.sqlite")


def from_environment(instance_path: str) -> dict:
    """Build the configuration mapping from the process environment."""
    env = os.environ
    return {
        "ENV_NAME": env.get("AGENDA_ENV", "development"),
        "SECRET_KEY": env.get("SECRET_KEY", DEFAULT_SECRET_KEY),
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(
            env.get("DATABASE_URL") or default_database_url(instance_path)
        ),
        "AGENDA_TIMEZONE": env.get("AGENDA_TIMEZONE", "America/Mexico_City"),
        "AGENDA_BASE_URL": env.get("AGENDA_BASE_URL", "http://127.0.0.1:5000").rstrip("/"),
        "AGENDA_PROXY_COUNT": int(env.get("AGENDA_PROXY_COUNT", "0")),
        "AGENDA_FEED_PAST_DAYS": int(env.get("AGENDA_FEED_PAST_DAYS", "90")),
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_LOGIN": env.get("RATELIMIT_LOGIN", "10 per minute"),
        "RATELIMIT_REGISTRATION": env.get("RATELIMIT_REGISTRATION", "20 per minute"),
        "RATELIMIT_ENABLED": _bool("RATELIMIT_ENABLED", True),
        "MAIL_SERVER": env.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(env.get("MAIL_PORT", "25")),
        "MAIL_USE_TLS": _bool("MAIL_USE_TLS"),
        "MAIL_USE_SSL": _bool("MAIL_USE_SSL"),
        "MAIL_USERNAME": env.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD", ""),
        "MAIL_DEFAULT_SENDER": env.get("MAIL_DEFAULT_SENDER", "Agenda SNT <no-responder@agenda-snt.local>"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool("SESSION_COOKIE_SECURE", env.get("AGENDA_ENV") == "production"),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": "es",
        "BABEL_DEFAULT_TIMEZONE": "UTC",
        # A database error's message must not quote the row (names, e-mails) into the log. Connections idle for
        # a while are pinged (database._ping_if_idle).
        "SQLALCHEMY_ENGINE_OPTIONS": {"hide_parameters": True},
        "MATERIAL_MAX_BYTES": int(float(env.get("AGENDA_MATERIAL_MAX_MB", "20")) * 1024 * 1024),  # per file
        "LOCK_TIMEOUT": float(env.get("AGENDA_LOCK_TIMEOUT", "10")),  # seconds; see database.bound_lock_waits
        # Read as given; the areas that use them fall back to their defaults on a bad value.
        "AGENDA_FEED_CACHE_MB": env.get("AGENDA_FEED_CACHE_MB"),  # feeds/builder.py
        "AGENDA_CHANGE_NOTICE_MINUTES": env.get("AGENDA_CHANGE_NOTICE_MINUTES"),  # notifications/changes.py
        "AGENDA_REMINDER_OFFSETS": env.get("AGENDA_REMINDER_OFFSETS"),  # notifications/reminders.py
        # Webhooks (docs/webhooks.md): hosts or networks that may be private ("hooks.intranet, 10.1.0.0/16"),
        # or every private address (closed networks, tests); an endpoint is switched off after N failures in a row.
        "AGENDA_WEBHOOK_ALLOWED_HOSTS": env.get("AGENDA_WEBHOOK_ALLOWED_HOSTS", ""),
        "AGENDA_WEBHOOK_ALLOW_PRIVATE": _bool("AGENDA_WEBHOOK_ALLOW_PRIVATE"),
        "AGENDA_WEBHOOK_DISABLE_AFTER": int(env.get("AGENDA_WEBHOOK_DISABLE_AFTER", "10")),
        # The audit log's own retention: `flask --app agenda audit purge` deletes older entries (0: keep forever).
        "AGENDA_AUDIT_RETENTION_DAYS": int(env.get("AGENDA_AUDIT_RETENTION_DAYS", str(5 * 365))),
    }


def normalise_database_url(url: str) -> str:
    """Accept the common `postgres://` and `postgresql://` spellings and use the psycopg 3 driver."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


class ConfigurationError(RuntimeError):
    """The app cannot start safely with these settings."""


def check_production_settings(config) -> None:
    if config.get("ENV_NAME") != "production":
        return
    key = config.get("SECRET_KEY") or ""
    if key == DEFAULT_SECRET_KEY or len(key) < 32:
        raise ConfigurationError(
            "SECRET_KEY falta o es la de desarrollo: en producción (AGENDA_ENV=production) defina una clave "
            "aleatoria de al menos 32 caracteres, por ejemplo con "
            "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`."
        )
