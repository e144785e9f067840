"""Fixtures shared by the whole suite.

The database is SQLite (a file, so threads and a live server share it) unless TEST_DATABASE_URL names a
PostgreSQL database. The schema is built once by running the real migrations; before each test every table
is emptied and the catalog reloaded. Emptying instead of rolling back lets tests exercise real commits from
several connections (concurrency, live server, mail worker) on both databases.
"""
import os
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import delete

from agenda import create_app
from agenda.audit.services import allow_purge
from agenda.catalog.services import load_catalog
from agenda.extensions import db, limiter

pytest_plugins = sorted(
    f"tests.fixtures.{path.stem}"
    for path in (Path(__file__).parent / "fixtures").glob("*.py")
    if path.stem != "__init__"
)


def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite")


def test_config(url: str, **overrides) -> dict:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-for-tests",
        "SQLALCHEMY_DATABASE_URI": url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": True,  # hooks installed; switched off below and on by `rate_limits_enabled`
        "RATELIMIT_STORAGE_URI": "memory://",
        "MAIL_SERVER": "",
        "AGENDA_BASE_URL": "http://agenda.test",
        "SERVER_NAME": None,
    }
    config.update(overrides)
    return config


@pytest.fixture(scope="session")
def db_url(tmp_path_factory):
    return database_url(tmp_path_factory)


@pytest.fixture(scope="session")
def app(db_url):
    from agenda.config import normalise_database_url

    application = create_app(test_config(normalise_database_url(db_url)))
    limiter.enabled = False
    with application.app_context():
        upgrade()
    return application


@pytest.fixture(autouse=True)
def clean_database(request):
    """Empty every table and reload the catalog before each test that uses the app."""
    if "app" not in request.fixturenames:
        yield
        return
    application = request.getfixturevalue("app")
    with application.app_context():
        db.session.remove()
        allow_purge(db.session)  # the audit log is append-only on PostgreSQL (a trigger) except for a purge
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(delete(table))
        load_catalog(db.session)
        db.session.commit()
    limiter.reset()
    yield
    with application.app_context():
        db.session.remove()


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield
        db.session.rollback()


@pytest.fixture
def session(app_ctx):
    """The SQLAlchemy session, inside an app context."""
    return db.session


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def csrf_enabled(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


@pytest.fixture
def rate_limits_enabled(app):
    limiter.enabled = True
    limiter.reset()
    yield
    limiter.enabled = False
    limiter.reset()
