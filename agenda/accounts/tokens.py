"""Personal API tokens: a user creates one per system that writes to the agenda, sees it once, can revoke it.

Only a SHA-256 hash of the token is stored (agenda.security), so a copy of the database does not give access.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, Session, joinedload, mapped_column, relationship

from ..domain import DomainError, NotFound
from ..extensions import db
from ..security import hash_token, new_token
from ..timeutil import utcnow

if TYPE_CHECKING:
    from .models import User

NAME_MAX = 80
# last_used_at is written at most this often per token, so read-heavy clients do not write on every call.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class ApiToken(db.Model):
    """A bearer token for the JSON API, acting as its owner with the owner's permissions."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)  # owner
    name: Mapped[str] = mapped_column(String(NAME_MAX))  # what the owner calls it ("Portal IACIP")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex of the secret
    hint: Mapped[str] = mapped_column(String(8))  # first characters of the secret, to tell tokens apart
    created_at: Mapped[datetime] = mapped_column(default=utcnow)  # UTC
    last_used_at: Mapped[datetime | None] = mapped_column()  # UTC, to the minute; None = never used
    revoked_at: Mapped[datetime | None] = mapped_column()  # UTC; a revoked token never works again

    user: Mapped["User"] = relationship()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} of user {self.user_id}>"


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
