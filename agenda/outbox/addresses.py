"""Address health: bounced and invalid addresses, and the signed one-click "stop reminders" link.

Addresses are remembered by the SHA-256 of their lower-case form (see MailAddress), never in clear.
"""
import hashlib
import smtplib
from collections.abc import Iterable

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..database import get_or_create
from ..domain import DomainError
from ..timeutil import utcnow
from ..urls import external_url
from .models import MailAddress

OPT_OUT_SALT = "agenda.notifications.stop-reminders"
REASON_MAX = 500


def email_hash(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()


def is_syntactically_valid(email: str) -> bool:
    """A well-formed address (no DNS look-up: the platform must work offline)."""
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def is_permanent_failure(error: BaseException) -> bool:
    """SMTP 5xx answers (unknown user, refused recipient, ...) are permanent; 4xx and network errors are not."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return 500 <= error.smtp_code < 600
    return False


def _row(session: Session, email: str, create: bool = True) -> MailAddress | None:
    return _row_by_hash(session, email_hash(email), create)


def _row_by_hash(session: Session, digest: str, create: bool = True) -> MailAddress | None:
    if create:  # the worker and an admin, or two clicks on a mail's link, may create it at once
        return get_or_create(session, MailAddress, {"email_hash": digest}, {"status": "ok"})
    return session.scalar(select(MailAddress).where(MailAddress.email_hash == digest))


def mark_address(session: Session, email: str, status: str, reason: str | None = None) -> MailAddress:
    """Mark an address bounced or invalid (mail to it is no longer attempted), or "ok" again."""
    if status not in ("ok", "bounced", "invalid"):
        raise ValueError(status)
    row = _row(session, email)
    if row.status != status:
        row.status = status
        row.status_changed_at = utcnow()
    row.status_reason = (reason or "")[:REASON_MAX] or None
    session.flush()
    return row


def suppressed_hashes(session: Session, emails: Iterable[str]) -> set[str]:
    """The hashes among `emails` whose address is bounced or invalid."""
    digests = {email_hash(e) for e in emails}
    if not digests:
        return set()
    return set(session.scalars(select(MailAddress.email_hash).where(
        MailAddress.email_hash.in_(digests), MailAddress.status.in_(("bounced", "invalid")))))


def address_states(session: Session, emails: Iterable[str]) -> dict[str, MailAddress]:
    """MailAddress rows for `emails`, keyed by hash (missing = nothing known)."""
    digests = list({email_hash(e) for e in emails})
    rows: dict[str, MailAddress] = {}
    for start in range(0, len(digests), 500):
        chunk = digests[start:start + 500]
        rows.update((row.email_hash, row) for row in session.scalars(
            select(MailAddress).where(MailAddress.email_hash.in_(chunk))))
    return rows


def address_status(session: Session, email: str) -> str:
    row = _row(session, email, create=False)
    return row.status if row else "ok"


# --- stopping reminders -------------------------------------------------------------------------------------

def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=OPT_OUT_SALT)


def opt_out_token(email: str) -> str:
    """A signed token naming the address's hash (not the address: URLs end up in logs)."""
    return _serializer().dumps(email_hash(email))


def hash_from_token(token: str) -> str:
    try:
        digest = _serializer().loads(token)
    except BadSignature:
        digest = None
    if not isinstance(digest, str) or len(digest) != 64:
        from flask_babel import gettext as _

        raise DomainError(_("El enlace no es válido. Cópielo completo desde el correo."), "invalid_link",
                          status=404)
    return digest


def set_reminders(session: Session, token: str, wanted: bool) -> bool:
    """Stop (wanted=False) or resume reminders for the address in `token`; returns the new wish."""
    row = _row_by_hash(session, hash_from_token(token))
    row.reminders_stopped_at = None if wanted else (row.reminders_stopped_at or utcnow())
    session.flush()
    return wanted


def reminders_stopped(session: Session, token: str) -> bool:
    row = _row_by_hash(session, hash_from_token(token), create=False)
    return bool(row and row.reminders_stopped_at)


def stop_reminders_url(email: str) -> str:
    """The signed one-click link that stops every reminder to `email` (also the mail's List-Unsubscribe)."""
    return external_url("notifications.stop_reminders", token=opt_out_token(email))
