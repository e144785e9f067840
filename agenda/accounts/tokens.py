"""Personal API tokens: a user creates one per system that writes to the agenda, sees it once, can revoke it.

Only a SHA-256 hash of the token is stored (agenda.security), so a copy of the database does not give access.
"""
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from ..domain import DomainError, NotFound
from ..security import hash_token, new_token
from ..timeutil import utcnow
from .models import NAME_MAX, ApiToken, User

# last_used_at is written at most this often per token, so read-heavy clients do not write on every call.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def create_token(session: Session, user: User, name: str | None = None) -> tuple[ApiToken, str]:
    """Create a token for `user`; return (row, secret). The secret is shown once and never stored."""
    name = (name or "").strip() or _("Token de la API")
    if len(name) > NAME_MAX:
        raise DomainError(_("El nombre puede tener hasta %(n)d caracteres.", n=NAME_MAX), "invalid_name",
                          field="name")
    secret, digest = new_token()
    token = ApiToken(user_id=user.id, name=name, token_hash=digest, hint=secret[:6])
    session.add(token)
    session.flush()
    return token, secret


def list_tokens(session: Session, user: User) -> list[ApiToken]:
    """The user's tokens, active first, newest first."""
    return list(session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id)
        .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc(), ApiToken.id.desc())
    ))


def revoke_token(session: Session, user: User, token_id: int) -> ApiToken:
    """Revoke one of `user`'s own tokens (someone else's is reported as not found). Revoking twice is fine."""
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound(_("El token no existe."))
    if token.revoked_at is None:
        token.revoked_at = utcnow()
    return token


def user_for_token(session: Session, secret: str | None) -> User | None:
    """The active owner of an unrevoked token, or None. Records when the token was last used."""
    if not secret:
        return None
    token = session.scalar(select(ApiToken).options(joinedload(ApiToken.user))
                           .where(ApiToken.token_hash == hash_token(secret)))
    if token is None or token.revoked_at is not None or not token.user.is_active_account:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        token.last_used_at = now
    return token.user
