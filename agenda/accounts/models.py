"""User accounts. People who register for events need no account; organizers, admins and commissioners do."""
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..catalog.models import Organization
from ..extensions import db
from ..timeutil import utcnow

ROLES = ("admin", "organizer", "commissioner")


class User(UserMixin, db.Model):
    """Someone who logs in: an admin, an organizer of one body, or a commissioner."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # always stored lower-case (services)
    name: Mapped[str] = mapped_column(String(160))  # shown in the header and on events
    password_hash: Mapped[str] = mapped_column(String(255))  # werkzeug scrypt/pbkdf2 hash
    role: Mapped[str] = mapped_column(String(16), default="organizer")  # admin | organizer | commissioner
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    is_active_account: Mapped[bool] = mapped_column("is_active", default=True)  # deactivated users cannot log in
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column()
    session_version: Mapped[int] = mapped_column(default=1)  # bumped on password, role or body change and deactivation
    organization: Mapped[Organization | None] = relationship()

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)
        self.end_sessions()

    def end_sessions(self) -> None:
        """Every session cookie (and remember-me cookie) issued so far stops working: `get_id` carries the version."""
        self.session_version = (self.session_version or 0) + 1

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login asks this
        return self.is_active_account

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_organizer(self) -> bool:
        return self.role in ("admin", "organizer")

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


NAME_MAX = 80  # an API token's name


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

    user: Mapped[User] = relationship()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} of user {self.user_id}>"
