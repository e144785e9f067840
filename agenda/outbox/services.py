"""The outbox: queue a mail in the caller's transaction (`enqueue`), deliver due mail after commit (`send_due`).

Delivery is at-least-once and safe with several workers at the same time:
- a worker *claims* a batch in its own short transaction: status → sending, claimed_until = now + lease,
  attempts + 1, a fresh claim_token. On PostgreSQL the candidates are read with `FOR UPDATE SKIP LOCKED`, so two
  workers never wait for each other; on SQLite (one writer at a time) the claim is a conditional UPDATE that
  only succeeds while the row is still claimable, so two workers never claim the same row either;
- each mail is then sent and marked sent (or rescheduled) in its own transaction, guarded by the claim token;
- a worker that dies mid-batch leaves rows in "sending": once claimed_until passes they are claimable again,
  so nothing is lost (a mail may go out twice in that case, never zero times);
- a failed attempt goes back to pending with an exponential back-off; after MAX_ATTEMPTS, or at once when
  the server refuses the mail for good (SMTP 5xx), it is "failed".
"""
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from flask import Flask, current_app, has_app_context
from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..extensions import db
from ..timeutil import utcnow
from ..web_input import one_line
from .claims import claim_batch
from .health import check_address, describe_error, on_failure
from .mail import build_message, transport_for
from .models import OutboxMessage

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
CLAIM_LEASE = timedelta(minutes=5)  # a claim older than this is considered abandoned (crashed worker)
BACKOFF_BASE = timedelta(minutes=1)  # 1, 2, 4, 8 ... minutes between attempts
BACKOFF_MAX = timedelta(hours=6)


def enqueue(session: Session, to: str, subject: str, text: str, html: str | None = None,
            attachments: Iterable[dict] = (), *, kind: str, dedupe_key: str | None = None,
            registration_id: int | None = None, event_id: int | None = None,
            send_after=None) -> OutboxMessage | None:
    """Queue one mail in the caller's transaction (it is sent only if that transaction commits).

    `attachments`: dicts with filename, content_type (e.g. 'text/calendar; method=REQUEST') and content (str).
    With a `dedupe_key` already queued, nothing is added and the existing row is returned (the same mail is
    never queued twice, even by two transactions racing: the unique constraint decides). Returns the row
    (None only if a racing transaction holds the key but has not committed yet — it will send the mail).
    """
    values = _outbox_values(to, subject, text, html, attachments, kind, dedupe_key, registration_id, event_id,
                            send_after)
    if dedupe_key is None:
        message = OutboxMessage(**values)
        session.add(message)
        session.flush()  # the caller gets the id (and a failure shows here, inside its transaction)
        return message
    session.flush()  # our own pending rows first, so the conflict check sees them
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (insert(OutboxMessage).values(**values)
                 .on_conflict_do_nothing(index_elements=["dedupe_key"]).returning(OutboxMessage.id))
    new_id = session.execute(statement).scalar()
    return session.scalar(select(OutboxMessage).where(OutboxMessage.dedupe_key == dedupe_key)) \
        if new_id is None else session.get(OutboxMessage, new_id)


def queue(session: Session, to: str, subject: str, text: str, html: str | None = None,
          attachments: Iterable[dict] = (), *, kind: str, registration_id: int | None = None,
          event_id: int | None = None) -> None:
    """enqueue() for the busiest path (a registration's first mail): one INSERT in the caller's
    transaction, no ORM object, nothing returned."""
    values = _outbox_values(to, subject, text, html, attachments, kind, None, registration_id, event_id, None)
    session.connection().execute(_QUEUE_STATEMENT, values)


_QUEUE_STATEMENT = OutboxMessage.__table__.insert()


def _outbox_values(to, subject, text, html, attachments, kind, dedupe_key, registration_id, event_id,
                   send_after) -> dict:
    now = utcnow()
    return {
        "kind": kind, "dedupe_key": dedupe_key, "to_address": to, "subject": one_line(subject)[:255],
        "body_text": text,
        "body_html": html, "attachments": list(attachments) or None, "status": "pending", "attempts": 0,
        "next_attempt_at": send_after or now, "created_at": now,
        "registration_id": registration_id, "event_id": event_id,
    }


@dataclass
class SendReport:
    """What one `send_due` call did (ids only: no addresses in logs)."""

    claimed: int = 0
    sent: list[int] = field(default_factory=list)
    retried: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


def send_due(app_or_session: Flask | Session | None = None, limit: int = 100, transport=None) -> SendReport:
    """Claim up to `limit` due messages, send them, record the outcome. Commits its own transactions, so call
    it with a session that has nothing pending (a CLI command, a worker loop, a test after commit)."""
    if isinstance(app_or_session, Flask):
        with app_or_session.app_context():
            return _send_due(db.session, limit, transport)
    return _send_due(app_or_session or db.session, limit, transport)


def _send_due(session: Session, limit: int, transport) -> SendReport:

    report = SendReport()
    token, claimed_ids = claim_due(session, limit)
    report.claimed = len(claimed_ids)
    if not claimed_ids:
        return report
    config = current_app.config if has_app_context() else {}
    transport = transport or transport_for(config)
    with transport:
        for message_id in claimed_ids:
            message = session.get(OutboxMessage, message_id)
            if message is None or message.claim_token != token or message.status != "sending":
                session.rollback()
                continue
            try:
                check_address(session, message)  # known-bad address: fail now, no SMTP (health.py)
                transport.send(build_message(message, config), message)
            except Exception as error:  # noqa: BLE001 - any delivery error is retried, never crashes the batch
                _record_failure(session, message_id, token, error, report)
            else:
                _record_success(session, message_id, token)
                report.sent.append(message_id)
    return report


def claim_due(session: Session, limit: int) -> tuple[str, list[int]]:
    """Claim up to `limit` claimable rows for this worker; commits. Returns (claim token, ids in order)."""
    return claim_batch(session, OutboxMessage, limit, utcnow(), CLAIM_LEASE)


def _record_success(session: Session, message_id: int, token: str) -> None:
    session.execute(
        update(OutboxMessage).where(OutboxMessage.id == message_id, OutboxMessage.claim_token == token)
        .values(status="sent", sent_at=utcnow(), claimed_until=None, claim_token=None, last_error=None,
                body_text=None, body_html=None, attachments=None)  # the bodies may carry secret links
        .execution_options(synchronize_session=False))
    session.commit()


def _record_failure(session: Session, message_id: int, token: str, error: Exception,
                    report: SendReport) -> None:
    session.rollback()
    message = session.get(OutboxMessage, message_id)
    if message is None or message.claim_token != token:
        session.rollback()
        return

    description = describe_error(error, message.to_address)  # readable, without the address (health.py)

    permanent = on_failure(session, message, error)  # SMTP 5xx / bad address: marked, not retried (health.py)
    if permanent or message.attempts >= MAX_ATTEMPTS:
        values = {"status": "failed"}
        report.failed.append(message_id)
        log.warning("outbox %s (%s) failed for good after %s attempts", message_id, message.kind,
                    message.attempts)
    else:
        values = {"status": "pending", "next_attempt_at": utcnow() + backoff(message.attempts)}
        report.retried.append(message_id)
        log.info("outbox %s (%s) attempt %s failed; retrying later", message_id, message.kind, message.attempts)
    session.execute(
        update(OutboxMessage).where(OutboxMessage.id == message_id, OutboxMessage.claim_token == token)
        .values(claimed_until=None, claim_token=None, last_error=description, **values)
        .execution_options(synchronize_session=False))
    session.commit()


def backoff(attempts: int) -> timedelta:
    """Wait before the next attempt after `attempts` failed ones: 1, 2, 4 ... minutes, at most 6 hours."""
    return min(BACKOFF_BASE * (2 ** max(attempts - 1, 0)), BACKOFF_MAX)

