"""Account rules: creating and editing users, authenticating, permissions."""
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..catalog.services import organization_by_acronym
from ..domain import DomainError, NotFound
from ..timeutil import utcnow
from .models import ROLES, User

MIN_PASSWORD_LENGTH = 10


def normalise_email(email: str | None) -> str:
    return (email or "").strip().lower()


def user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == normalise_email(email)))


def get_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(_("El usuario no existe."))
    return user


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).options(selectinload(User.organization)).order_by(User.name)))


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with that e-mail and password, or None (callers show one generic message)."""
    user = user_by_email(session, email)
    if user is None or not user.is_active_account or not user.check_password(password or ""):
        return None
    user.last_login_at = utcnow()
    return user


def check_password_strength(password: str, field: str = "password") -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise DomainError(
            _("La contraseña debe tener al menos %(n)d caracteres.", n=MIN_PASSWORD_LENGTH),
            "weak_password", field=field,
        )


def save_user(session: Session, values: dict, user: User | None = None) -> User:
    """Create or update a user from plain values: email, name, role, organization (acronym), password, active."""
    email = normalise_email(values.get("email"))
    if "@" not in email:
        raise DomainError(_("Escriba un correo electrónico válido."), "invalid_email", field="email")
    other = user_by_email(session, email)
    if other is not None and other is not user:
        raise DomainError(_("Ya existe un usuario con ese correo."), "email_taken", status=409, field="email")
    role = values.get("role") or "organizer"
    if role not in ROLES:
        raise DomainError(_("Rol no válido."), "invalid_role", field="role")
    organization = organization_by_acronym(session, values.get("organization"))
    if values.get("organization") and organization is None:
        raise DomainError(_("El organismo no existe."), "unknown_organization", field="organization")
    if role == "organizer" and organization is None:
        raise DomainError(_("Un organizador debe pertenecer a un organismo."), "organization_required",
                          field="organization")
    is_active = bool(values.get("is_active", True))
    if user is not None:
        _keep_an_active_admin(session, user, role, is_active)
    password = values.get("password")
    if user is None:
        check_password_strength(password)
        user = User(email=email)
        session.add(user)
        user.set_password(password)
    elif password:
        check_password_strength(password)
        user.set_password(password)
    elif role != user.role or organization is not user.organization or (user.is_active_account and not is_active):
        user.end_sessions()  # a deactivated or re-scoped user must log in again, even after re-activation
    user.email = email
    user.name = (values.get("name") or "").strip() or email
    user.role = role
    user.organization = organization
    user.is_active_account = is_active
    session.flush()
    return user


def _keep_an_active_admin(session: Session, user: User, role: str, is_active: bool) -> None:
    """Refuse to demote or deactivate the last active admin: nobody could manage accounts any more.

    The active admins' rows stay locked until commit (PostgreSQL), so two admins demoting each other at the
    same time cannot both pass; SQLite allows one writer at a time anyway."""
    if not (user.role == "admin" and user.is_active_account) or (role == "admin" and is_active):
        return
    admins = session.scalars(select(User.id).where(User.role == "admin", User.is_active_account.is_(True))
                             .order_by(User.id).with_for_update())
    if not any(admin_id != user.id for admin_id in admins):
        raise DomainError(_("Debe quedar al menos una cuenta de administración activa. Active o cree otra "
                            "antes de quitar el rol o desactivar esta."), "last_admin", status=409,
                          field="role" if role != "admin" else "is_active")


def change_password(user: User, current: str, new: str) -> None:
    if not user.check_password(current or ""):
        raise DomainError(_("La contraseña actual no es correcta."), "wrong_password", status=422,
                          field="current_password")
    check_password_strength(new, field="new_password")
    user.set_password(new)


def load_user_from_session(session: Session, session_id: str) -> User | None:
    """Resolve Flask-Login's stored id `user_id:version`; a stale version (password changed) logs out."""
    try:
        user_id, version = (int(part) for part in session_id.split(":", 1))
    except ValueError:
        return None
    user = session.get(User, user_id)
    if user is None or user.session_version != version or not user.is_active_account:
        return None
    return user
