"""The app shell: configuration, language, error pages."""
import logging
import sqlite3

import pytest
from sqlalchemy.exc import OperationalError

from agenda import create_app
from agenda.config import ConfigurationError, normalise_database_url


def test_production_refuses_default_secret_key(monkeypatch, tmp_path):
    monkeypatch.setenv("AGENDA_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite"})


def test_production_accepts_a_real_secret_key(monkeypatch, tmp_path):
    monkeypatch.setenv("AGENDA_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "k" * 48)
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite"})
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_database_url_defaults_to_sqlite_in_instance(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("instance/agenda.sqlite")


def test_postgres_urls_use_psycopg3():
    assert normalise_database_url("postgres://u@h/d") == "postgresql+psycopg://u@h/d"
    assert normalise_database_url("postgresql://u@h/d") == "postgresql+psycopg://u@h/d"


def test_home_page_is_spanish(client):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="es">' in response.text
    assert "Agenda de Eventos" in response.text


def test_english_is_offered_and_remembered(client):
    response = client.get("/?lang=en")
    assert '<html lang="en">' in response.text
    assert "lang=en" in response.headers.get("Set-Cookie", "")
    assert '<html lang="en">' in client.get("/").text


def test_unknown_page_gives_spanish_404(client):
    response = client.get("/no-existe")
    assert response.status_code == 404
    assert "Página no encontrada" in response.text


def test_api_errors_are_json(client):
    response = client.get("/api/v1/no-existe")
    assert response.status_code == 404
    assert response.json["error"] == "not_found"


def test_unexpected_error_gives_spanish_500_page(db_url):
    from agenda.config import normalise_database_url
    from tests.conftest import test_config

    fresh = create_app(test_config(normalise_database_url(db_url)))

    @fresh.get("/__boom")
    def boom():
        raise RuntimeError("boom")

    response = fresh.test_client().get("/__boom")
    assert response.status_code == 500
    assert "error inesperado" in response.text


SECRET = "Sx9-secreto-que-abre-datos-personales"
SECRET_ADDRESSES = [
    ("GET", f"/mi-registro/{SECRET}"),
    ("POST", f"/mi-registro/{SECRET}/eliminar"),
    ("POST", f"/mis-registros/{SECRET}/7/corregir"),
    ("GET", f"/mis-registros/{SECRET}"),
    ("GET", f"/calendario/{SECRET}.ics"),
    ("GET", f"/recordatorios/baja/{SECRET}"),
    ("GET", f"/constancias/{SECRET}/pdf?firma={SECRET}"),
]


def _failing_view(app, monkeypatch, method: str, address: str, error: Exception):
    """Make the view that answers `address` raise `error`; returns its route rule and endpoint."""
    rule, _args = app.url_map.bind("agenda.test").match(address.split("?")[0], method=method, return_rule=True)

    def fail(**_kwargs):
        raise error

    monkeypatch.setitem(app.view_functions, rule.endpoint, fail)
    return rule.rule, rule.endpoint


@pytest.mark.parametrize(("method", "address"), SECRET_ADDRESSES)
def test_an_unexpected_error_logs_the_route_never_the_secret_in_the_address(app, client, monkeypatch, caplog,
                                                                             method, address):
    rule, endpoint = _failing_view(app, monkeypatch, method, address, RuntimeError("boom"))
    with caplog.at_level(logging.ERROR, logger="agenda.site.views"):
        response = client.open(address, method=method)
    assert response.status_code == 500 and "error inesperado" in response.text
    assert f"Unhandled error on {method} {rule} ({endpoint})" in caplog.text
    assert SECRET not in caplog.text


@pytest.mark.parametrize(("method", "address"), SECRET_ADDRESSES[:1])
def test_a_busy_database_logs_the_route_never_the_secret_in_the_address(app, client, monkeypatch, caplog,
                                                                        method, address):
    busy = OperationalError("SELECT 1", {}, sqlite3.OperationalError("database is locked"))
    rule, _endpoint = _failing_view(app, monkeypatch, method, address, busy)
    with caplog.at_level(logging.WARNING, logger="agenda.site.views"):
        response = client.open(address, method=method)
    assert response.status_code == 503
    assert f"Database busy or reconnecting on {method} {rule}" in caplog.text
    assert SECRET not in caplog.text


def test_static_css_is_served_locally(client):
    assert client.get("/static/css/agenda.css").status_code == 200
    home = client.get("/").text
    assert "https://" not in home.split("<body>")[0], "no CDN assets in <head>"


def test_health_check(client):
    assert client.get("/salud").json == {"status": "ok"}


def test_ids_beyond_database_integers_are_404_not_500(client):
    huge = 2**31
    assert client.get(f"/eventos/{huge}").status_code == 404
    assert client.patch(f"/api/v1/events/{huge}", json={}).status_code == 404
    assert client.patch(f"/api/v1/events/{huge - 1}", json={}).status_code == 401, "largest id still routes"
    response = client.post(f"/api/v1/events/{huge}/registrations", json={})
    assert response.status_code == 404
    assert response.json["error"] == "not_found"


def _kill(dbapi_connection, url: str) -> None:
    """Make a pooled connection dead, as a database restart would."""
    if url.startswith("postgresql"):
        import psycopg

        with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (dbapi_connection.info.backend_pid,))
    else:
        dbapi_connection.close()


def test_a_connection_that_died_while_idle_is_replaced_before_a_request_uses_it(app, client, monkeypatch):
    from agenda import database
    from agenda.extensions import db

    monkeypatch.setattr(database, "PING_AFTER_IDLE_SECONDS", 0.0)
    with app.app_context():
        db.engine.dispose()  # the pool now holds exactly the one connection made below
        pooled = db.engine.raw_connection()
        dead = pooled.dbapi_connection
        pooled.close()  # back to the pool, idle
        _kill(dead, str(db.engine.url.render_as_string(hide_password=False)))
    assert client.get("/salud").status_code == 200
    assert client.get("/").status_code == 200


def test_a_connection_lost_in_use_answers_503_to_retry_and_the_next_request_works(app, client, monkeypatch):
    from agenda import database
    from agenda.extensions import db

    monkeypatch.setattr(database, "PING_AFTER_IDLE_SECONDS", 1e9)  # used moments ago: not pinged
    with app.app_context():
        db.engine.dispose()
        pooled = db.engine.raw_connection()
        dead = pooled.dbapi_connection
        pooled.close()
        _kill(dead, str(db.engine.url.render_as_string(hide_password=False)))
    lost = client.get("/salud")
    assert lost.status_code == 503 and lost.headers["Retry-After"] == "2"
    assert client.get("/salud").status_code == 200
