"""Delivery health: the admin's view of the outbox (filters, errors, retries, the retry button), and the two
rules the sender applies for bad addresses:
- before sending, a mail to an address marked bounced/invalid, or that is not a well-formed address, fails at
  once without touching the SMTP server (`check_address`);
- an SMTP 5xx (permanent) answer fails the mail at once and marks the address bounced (`on_failure`), so it is
  not retried for hours and later mail to it is not attempted. 4xx and network errors keep the back-off retries.
"""
import re
import smtplib
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..domain import DomainError, NotFound
from ..timeutil import utcnow
from .addresses import (
    address_states,
    address_status,
    email_hash,
    is_permanent_failure,
    is_syntactically_valid,
    mark_address,
)
from .models import OutboxMessage

PER_PAGE = 50
STATUS_FILTERS = ("pending", "sent", "failed")


class UndeliverableAddress(Exception):
    """The mail is not attempted: its address is malformed, or already known to bounce."""

    def __init__(self, message: str, mark: str | None = None):
        super().__init__(message)
        self.mark = mark  # "invalid" to mark the address now; None when it is already marked


def check_address(session: Session, message: OutboxMessage) -> None:
    """Raise UndeliverableAddress when this mail must not be attempted (called just before sending)."""
    if not is_syntactically_valid(message.to_address):
        raise UndeliverableAddress("Dirección de correo no válida (sintaxis): no se intenta el envío.", "invalid")
    status = address_status(session, message.to_address)
    if status == "bounced":
        raise UndeliverableAddress("La dirección rebotó antes (error SMTP permanente): no se intenta el envío.")
    if status == "invalid":
        raise UndeliverableAddress("Dirección marcada como no válida: no se intenta el envío.")


def describe_error(error: BaseException, address: str = "") -> str:
    """A readable, address-free account of a failed attempt, e.g. "SMTP 550 5.1.1 Usuario desconocido"."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        answers = [f"SMTP {code} {_text(reply)} (destinatario rechazado)"
                   for code, reply in error.recipients.values()]
        text = "; ".join(answers) or "SMTP: destinatario rechazado"
    elif isinstance(error, smtplib.SMTPResponseException):
        text = f"SMTP {error.smtp_code} {_text(error.smtp_error)}"
    elif isinstance(error, UndeliverableAddress):
        text = str(error)
    else:
        text = f"{type(error).__name__}: {error}"
    if address:
        text = re.sub(re.escape(address), "<destinatario>", text, flags=re.IGNORECASE)
    return text[:1000]


def _text(reply) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


def on_failure(session: Session, message: OutboxMessage, error: BaseException) -> bool:
    """Record what a failed attempt says about the address (in the caller's transaction). True when the failure
    is permanent: the mail is marked failed now instead of being retried."""
    if isinstance(error, UndeliverableAddress):
        if error.mark:
            mark_address(session, message.to_address, error.mark, str(error))
        return True
    if is_permanent_failure(error):
        mark_address(session, message.to_address, "bounced", describe_error(error, message.to_address))
        return True
    return False


@dataclass
class OutboxFilters:
    status: str = ""  # "", pending, sent, failed
    kind: str = ""
    q: str = ""  # part of the recipient address
    page: int = 1

    @classmethod
    def from_args(cls, args, page: int) -> "OutboxFilters":
        """The filters of the admin's outbox page from its query string (`page` already checked by the view)."""
        status = args.get("status", "")
        if status and status not in STATUS_FILTERS:
            raise DomainError(_("Estado no válido."), "invalid_parameter", status=400, field="status")
        return cls(status=status, kind=(args.get("kind") or "").strip()[:40],
                   q=(args.get("q") or "").strip().lower()[:254], page=page)


def _filtered(filters: OutboxFilters):
    query = select(OutboxMessage)
    if filters.status == "pending":
        query = query.where(OutboxMessage.status.in_(("pending", "sending")))
    elif filters.status:
        query = query.where(OutboxMessage.status == filters.status)
    if filters.kind:
        query = query.where(OutboxMessage.kind == filters.kind)
    if filters.q:
        query = query.where(func.lower(OutboxMessage.to_address).contains(filters.q, autoescape=True))
    return query


def list_outbox(session: Session, filters: OutboxFilters) -> dict:
    """One page of the outbox (newest first), the totals per status, the kinds present and address marks."""
    total = session.scalar(select(func.count()).select_from(_filtered(filters).subquery())) or 0
    rows = list(session.scalars(_filtered(filters).order_by(OutboxMessage.id.desc())  # newest first, indexed
                                .limit(PER_PAGE).offset((filters.page - 1) * PER_PAGE)))
    counts = dict(session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())
    counts["pending"] = counts.get("pending", 0) + counts.pop("sending", 0)
    kinds = list(session.scalars(select(OutboxMessage.kind).distinct().order_by(OutboxMessage.kind)))
    marks = address_states(session, [r.to_address for r in rows])
    oldest = session.scalar(select(func.min(OutboxMessage.created_at))
                            .where(OutboxMessage.status.in_(("pending", "sending"))))
    return {
        "rows": rows, "total": total, "page": filters.page, "pages": max((total + PER_PAGE - 1) // PER_PAGE, 1),
        "counts": {s: counts.get(s, 0) for s in STATUS_FILTERS}, "kinds": kinds, "oldest_pending_at": oldest,
        "address_marks": {r.id: marks[email_hash(r.to_address)].status for r in rows
                          if email_hash(r.to_address) in marks and marks[email_hash(r.to_address)].is_suppressed},
    }


def retry(session: Session, message_id: int) -> OutboxMessage:
    """Put a failed (or still pending) mail back in the queue now, with its attempts reset. The admin vouches
    for the address, so a bounced/invalid mark on it is lifted."""
    message = session.get(OutboxMessage, message_id)
    if message is None:
        raise NotFound(_("No existe ese mensaje."))
    if message.status == "sent":
        raise DomainError(_("Ese mensaje ya se entregó."), "already_sent", status=409)
    if message.status == "sending" and message.claimed_until and message.claimed_until > utcnow():
        raise DomainError(_("Ese mensaje se está enviando ahora mismo."), "sending", status=409)
    if message.status == "failed" and message.body_text is None and message.body_html is None:
        raise DomainError(_("Ese mensaje ya no tiene contenido que reenviar."), "no_content", status=409)
    mark_address(session, message.to_address, "ok", None)
    session.execute(update(OutboxMessage).where(OutboxMessage.id == message.id)
                    .values(status="pending", attempts=0, next_attempt_at=utcnow(), claimed_until=None,
                            claim_token=None)
                    .execution_options(synchronize_session=False))
    session.refresh(message)
    return message


def retry_failed(session: Session) -> int:
    """Retry every failed mail whose address is not marked bounced or invalid; returns how many."""
    failed = list(session.scalars(select(OutboxMessage).where(OutboxMessage.status == "failed")))
    marks = address_states(session, [m.to_address for m in failed])
    ids = [m.id for m in failed if not (email_hash(m.to_address) in marks
                                       and marks[email_hash(m.to_address)].is_suppressed)]
    if ids:
        session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(ids))
                        .values(status="pending", attempts=0, next_attempt_at=utcnow())
                        .execution_options(synchronize_session=False))
    return len(ids)

