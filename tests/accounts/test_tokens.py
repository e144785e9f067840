"""Personal API tokens: stored hashed, shown once, listed with their use, revocable; the CLI prints one."""
import re

from sqlalchemy import select

from agenda.accounts.models import User
from agenda.accounts.tokens import ApiToken, create_token, revoke_token, user_for_token
from agenda.extensions import db
from agenda.security import hash_token
from tests.fixtures.api import bearer


def test_token_is_long_random_and_stored_only_hashed(app, make_user):
    user_id, _ = make_user()
    with app.app_context():
        user = db.session.get(User, user_id)
        token, secret = create_token(db.session, user, "Portal")
        other, other_secret = create_token(db.session, user, "Portal 2")
        db.session.commit()
        assert len(secret) >= 43 and secret != other_secret  # 32 random bytes, URL-safe base64
        stored = db.session.get(ApiToken, token.id)
        assert stored.token_hash == hash_token(secret) and secret not in stored.token_hash
        assert user_for_token(db.session, secret).id == user_id
        assert user_for_token(db.session, secret[:-1] + ("A" if secret[-1] != "A" else "B")) is None


def test_revoked_token_and_deactivated_owner_stop_working(app, make_user):
    user_id, _ = make_user()
    with app.app_context():
        user = db.session.get(User, user_id)
        token, secret = create_token(db.session, user, "Portal")
        _kept, kept_secret = create_token(db.session, user, "Otro")
        revoke_token(db.session, user, token.id)
        db.session.commit()
        assert user_for_token(db.session, secret) is None
        assert user_for_token(db.session, kept_secret) is not None
        user.is_active_account = False
        db.session.commit()
        assert user_for_token(db.session, kept_secret) is None


def test_cli_prints_a_working_token(app, runner, make_user, client):
    make_user(email="sistemas@iacip.mx")
    result = runner.invoke(args=["tokens", "create", "--email", "Sistemas@IACIP.mx"])
    assert result.exit_code == 0, result.output
    secret = result.output.strip()
    assert re.fullmatch(r"[A-Za-z0-9_-]{43,}", secret)
    assert client.get("/api/v1/events", headers=bearer(secret)).status_code == 200
    missing = runner.invoke(args=["tokens", "create", "--email", "nadie@example.org"])
    assert missing.exit_code != 0 and "nadie@example.org" in missing.output


def test_account_page_creates_shows_once_lists_and_revokes(app, client, login_as):
    login_as("organizer")
    assert "/cuenta/tokens" in client.get("/cuenta").get_data(as_text=True)
    page = client.post("/cuenta/tokens", data={"name": "Portal del IACIP"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    secret = re.search(r'id="new-token" value="([^"]+)"', html).group(1)
    assert "no se volverá a mostrar" in html

    listing = client.get("/cuenta/tokens").get_data(as_text=True)
    assert "Portal del IACIP" in listing and secret not in listing and "Nunca" in listing

    assert client.get("/api/v1/events", headers=bearer(secret)).status_code == 200
    listing = client.get("/cuenta/tokens").get_data(as_text=True)
    assert "Nunca" not in listing  # last use recorded

    with app.app_context():
        token_id = db.session.scalar(select(ApiToken.id))
    response = client.post(f"/cuenta/tokens/{token_id}/revocar")
    assert response.status_code == 302
    assert "Revocado el" in client.get("/cuenta/tokens").get_data(as_text=True)
    assert client.get("/api/v1/events", headers=bearer(secret)).status_code == 401


def test_cannot_revoke_someone_elses_token(app, client, login_as, make_token):
    secret, _owner = make_token()
    login_as("organizer", email="otra@example.org")
    with app.app_context():
        token_id = db.session.scalar(select(ApiToken.id))
    assert client.post(f"/cuenta/tokens/{token_id}/revocar").status_code == 404
    assert client.get("/api/v1/events", headers=bearer(secret)).status_code == 200


def test_token_pages_need_login_and_csrf(app, client, login_as):
    assert client.get("/cuenta/tokens").status_code == 302
    login_as("commissioner", organization="INAI")
    assert client.get("/cuenta/tokens").status_code == 200
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert client.post("/cuenta/tokens", data={"name": "Sin CSRF"}).status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    with app.app_context():
        assert db.session.scalar(select(ApiToken.id)) is None


def test_token_name_is_required(client, login_as):
    login_as("organizer")
    response = client.post("/cuenta/tokens", data={"name": ""})
    assert response.status_code == 422
    assert "Escriba para qué sistema es el token." in response.get_data(as_text=True)
