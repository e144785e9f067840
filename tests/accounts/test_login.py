"""Logging in and out: generic failures, rate limit, CSRF, safe redirects, password changes."""
import pytest
from sqlalchemy import select

from agenda.accounts.models import User
from tests.fixtures.accounts import DEFAULT_PASSWORD


def test_login_shows_the_users_name(client, make_user, auth):
    make_user(role="organizer", email="ana@example.org", name="Ana Pérez")
    response = auth.login("ana@example.org", follow_redirects=True)
    assert "Ana Pérez" in response.text


def test_email_is_case_insensitive(client, make_user, auth):
    make_user(email="Luis@Example.org")
    assert auth.login("LUIS@example.ORG").status_code == 302


def test_wrong_password_and_unknown_email_get_the_same_message(client, make_user, auth):
    make_user(email="ana@example.org")
    wrong = auth.login("ana@example.org", password="equivocada-123")
    unknown = auth.login("nadie@example.org", password="equivocada-123")
    assert wrong.status_code == unknown.status_code == 401
    assert "Correo o contraseña incorrectos." in wrong.text
    assert "Correo o contraseña incorrectos." in unknown.text


def test_deactivated_user_cannot_log_in(client, make_user, auth):
    make_user(email="baja@example.org", is_active=False)
    assert auth.login("baja@example.org").status_code == 401


def test_a_burst_of_login_attempts_is_rate_limited(client, rate_limits_enabled, app):
    statuses = [client.post("/entrar", data={"email": "x@example.org", "password": "nope-nope-1"}).status_code
                for _ in range(15)]
    assert statuses[0] == 401
    assert statuses[-1] == 429
    limited = client.post("/entrar", data={"email": "x@example.org", "password": "nope"})
    assert "Demasiadas solicitudes" in limited.text
    assert limited.headers.get("Retry-After")


def test_post_without_csrf_token_is_refused(client, csrf_enabled, make_user):
    make_user(email="ana@example.org")
    response = client.post("/entrar", data={"email": "ana@example.org", "password": DEFAULT_PASSWORD})
    assert response.status_code == 400
    assert "código de seguridad" in response.text


@pytest.mark.parametrize("target, expected", [
    ("/admin/usuarios", "/admin/usuarios"),
    ("https://evil.example/", "/"),
    ("//evil.example/", "/"),
    ("/\\evil.example", "/"),
    ("/\t/[::1", "/"),  # urlsplit drops the tab, then cannot read the host: not followed, no 500
])
def test_login_follows_only_safe_next(client, make_user, target, expected):
    make_user(role="admin", email="root@example.org")
    response = client.post("/entrar", data={"email": "root@example.org", "password": DEFAULT_PASSWORD,
                                            "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_logout_needs_post_and_ends_the_session(client, login_as):
    login_as("admin")
    assert client.get("/salir").status_code == 405
    client.post("/salir")
    assert client.get("/admin/usuarios").status_code == 302


def test_password_change_requires_the_current_one(client, login_as, session):
    user_id, _ = login_as("organizer")
    bad = client.post("/cuenta", data={"current_password": "no-es-esta-1", "new_password": "nueva-contraseña-2"})
    assert bad.status_code == 200
    assert "La contraseña actual no es correcta." in bad.text
    good = client.post("/cuenta", data={"current_password": DEFAULT_PASSWORD,
                                        "new_password": "nueva-contraseña-2"})
    assert good.status_code == 302
    assert session.get(User, user_id).check_password("nueva-contraseña-2")
    assert client.get("/cuenta").status_code == 200, "the session that changed it stays logged in"


def test_password_change_logs_out_other_sessions(app, client, login_as):
    _, email = login_as("organizer")
    other = app.test_client()
    other.post("/entrar", data={"email": email, "password": DEFAULT_PASSWORD})
    assert other.get("/cuenta").status_code == 200
    client.post("/cuenta", data={"current_password": DEFAULT_PASSWORD, "new_password": "nueva-contraseña-2"})
    assert other.get("/cuenta").status_code == 302


def test_users_create_command_prints_a_generated_password(runner, session):
    result = runner.invoke(args=["users", "create", "--email", "Jefa@Example.org", "--name", "Jefa",
                                 "--role", "admin"])
    assert result.exit_code == 0, result.output
    assert "Contraseña:" in result.output
    assert session.scalar(select(User).where(User.email == "jefa@example.org")).role == "admin"


def test_users_create_command_needs_an_organization_for_organizers(runner):
    result = runner.invoke(args=["users", "create", "--email", "o@example.org", "--name", "O",
                                 "--role", "organizer", "--password", "una-contraseña-1"])
    assert result.exit_code != 0
    assert "organismo" in result.output


def _admin_edits(admin, user_id, email, **changes):
    form = {"name": "Persona", "email": email, "role": "organizer", "organization": "IACIP", "password": "",
            "is_active": "y"}
    form.update(changes)
    form = {key: value for key, value in form.items() if value is not None}
    response = admin.post(f"/admin/usuarios/{user_id}", data=form)
    assert response.status_code == 302, response.text


@pytest.mark.parametrize("changes", [
    {"is_active": None},  # deactivated (and re-activated below)
    {"role": "commissioner"},
    {"organization": "ITEI"},
    {"password": "otra-contraseña-3"},
], ids=["deactivated", "role", "organization", "password"])
def test_an_admin_change_ends_the_users_existing_sessions(app, client, make_user, auth, changes):
    user_id, email = make_user(role="organizer", organization="IACIP")
    person = app.test_client()
    person.post("/entrar", data={"email": email, "password": DEFAULT_PASSWORD})
    assert person.get("/cuenta").status_code == 200
    _, admin_email = make_user(role="admin")
    auth.login(admin_email)
    _admin_edits(client, user_id, email, **changes)
    _admin_edits(client, user_id, email)  # back to an active organizer of IACIP
    assert person.get("/cuenta").status_code == 302, "the old cookie must not log in again"
    password = changes.get("password") or DEFAULT_PASSWORD
    assert person.post("/entrar", data={"email": email, "password": password}).status_code == 302
    assert person.get("/cuenta").status_code == 200, "logging in afresh works"


def test_saving_a_user_unchanged_keeps_their_session(app, client, make_user, auth):
    user_id, email = make_user(role="organizer", organization="IACIP")
    person = app.test_client()
    person.post("/entrar", data={"email": email, "password": DEFAULT_PASSWORD})
    _, admin_email = make_user(role="admin")
    auth.login(admin_email)
    _admin_edits(client, user_id, email, name="Otro nombre")
    assert person.get("/cuenta").status_code == 200


def test_pages_refuse_to_be_framed_and_keep_referrers_and_types_strict(client):
    response = client.get("/")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
