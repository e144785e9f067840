"""Admin pages: login required for anonymous visitors, 403 for other roles, 404 for unknown ids."""
import pytest
from sqlalchemy import select

from agenda.accounts.models import User

ADMIN_PAGES = ["/admin/usuarios", "/admin/usuarios/nuevo", "/admin/organismos", "/admin/organismos/nuevo"]


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_anonymous_visitors_are_sent_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/entrar?next=")


@pytest.mark.parametrize("role", ["organizer", "commissioner"])
@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_other_roles_get_403(client, login_as, role, path):
    login_as(role)
    response = client.get(path)
    assert response.status_code == 403
    assert "Acceso no permitido" in response.text


@pytest.mark.parametrize("path", ["/admin/usuarios/9999", "/admin/organismos/9999"])
def test_unknown_ids_get_404(client, login_as, path):
    login_as("admin")
    assert client.get(path).status_code == 404


def test_admin_creates_edits_and_deactivates_a_user(client, login_as, session):
    login_as("admin")
    response = client.post("/admin/usuarios/nuevo", data={
        "name": "Nueva Organizadora", "email": "Nueva@Example.org", "role": "organizer",
        "organization": "ITEI", "password": "una-contraseña-1", "is_active": "y"})
    assert response.status_code == 302
    user = session.scalar(select(User).where(User.email == "nueva@example.org"))
    assert user.organization.acronym == "ITEI"
    response = client.post(f"/admin/usuarios/{user.id}", data={
        "name": "Nueva Organizadora", "email": "nueva@example.org", "role": "organizer",
        "organization": "ITEI", "password": ""})
    assert response.status_code == 302
    session.expire_all()
    assert session.get(User, user.id).is_active_account is False
    assert session.get(User, user.id).check_password("una-contraseña-1"), "empty password keeps the old one"


def test_duplicate_email_regardless_of_case_is_refused(client, login_as, make_user):
    make_user(email="ana@example.org")
    login_as("admin")
    response = client.post("/admin/usuarios/nuevo", data={
        "name": "Ana", "email": "ANA@example.org", "role": "commissioner", "password": "una-contraseña-1"})
    assert response.status_code == 422
    assert "Ya existe un usuario con ese correo." in response.text


def test_admin_sees_admin_navigation_and_organizer_does_not(client, login_as, auth):
    login_as("admin")
    assert "/admin/usuarios" in client.get("/").text
    auth.logout()
    login_as("organizer")
    assert "/admin/usuarios" not in client.get("/").text


LAST_ADMIN = ("Debe quedar al menos una cuenta de administración activa. Active o cree otra antes de "
              "quitar el rol o desactivar esta.")


def test_the_last_active_admin_can_be_neither_demoted_nor_deactivated(client, login_as, make_user, session):
    admin_id, email = login_as("admin")
    make_user(role="admin", is_active=False)  # a deactivated admin manages nothing
    own = {"name": "Admin", "email": email, "role": "admin", "organization": "", "password": "",
           "is_active": "y"}
    demoted, deactivated = {"role": "commissioner", "is_active": ""}, {"is_active": ""}
    for change, field in ((demoted, "role"), (deactivated, "is_active")):
        response = client.post(f"/admin/usuarios/{admin_id}", data={**own, **change})
        assert response.status_code == 422
        assert f'id="{field}-error">{LAST_ADMIN}</p>' in response.text, "the form is shown with the reason"
        session.expire_all()
        user = session.get(User, admin_id)
        assert (user.role, user.is_active_account) == ("admin", True)

    make_user(role="admin")
    response = client.post(f"/admin/usuarios/{admin_id}", data={**own, "role": "commissioner"})
    assert response.status_code == 302, "another active admin is left"
    session.expire_all()
    assert session.get(User, admin_id).role == "commissioner"


def test_the_rule_is_the_services_so_every_path_keeps_it(app, make_user):
    from agenda.accounts.services import save_user
    from agenda.domain import DomainError
    from agenda.extensions import db

    admin_id, email = make_user(role="admin")
    with app.app_context():
        admin = db.session.get(User, admin_id)
        with pytest.raises(DomainError) as caught:
            save_user(db.session, {"email": email, "role": "admin", "is_active": False}, admin)
        error = caught.value
        assert (error.code, error.status, error.message) == ("last_admin", 409, LAST_ADMIN)
