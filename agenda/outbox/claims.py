"""Claiming a batch of due rows of a delivery queue, safe with several workers at once (the outbox's mail,
the webhooks' deliveries). The table has `status` (pending | sending | ...), `next_attempt_at`,
`claimed_until`, `claim_token` and `attempts`.

A row is claimable while pending and due, or while "sending" under a claim that expired (a crashed worker).
On PostgreSQL the candidates are read with FOR UPDATE SKIP LOCKED, so two workers never wait for each other;
on SQLite (one writer at a time) each claim is a conditional UPDATE that only succeeds while the row is still
claimable, so two workers never claim the same row either."""
import secrets
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session


def claimable(model, now: datetime):
    return or_(and_(model.status == "pending", model.next_attempt_at <= now),
               and_(model.status == "sending", model.claimed_until < now))


def claim_batch(session: Session, model, limit: int, now: datetime, lease: timedelta) -> tuple[str, list[int]]:
    """Claim up to `limit` claimable rows of `model` for this worker, oldest due first, in a short transaction
    of its own (committed). Returns (the claim token, the claimed ids in order)."""
    token = secrets.token_hex(16)
    condition = claimable(model, now)
    candidates = select(model.id).where(condition).order_by(model.next_attempt_at, model.id).limit(limit)
    session.rollback()  # start a fresh, short transaction for the claim
    if session.get_bind().dialect.name == "postgresql":
        candidates = candidates.with_for_update(skip_locked=True)
    claimed = []
    for row_id in list(session.scalars(candidates)):
        result = session.execute(
            update(model).where(model.id == row_id, condition)
            .values(status="sending", claimed_until=now + lease, claim_token=token, attempts=model.attempts + 1)
            .execution_options(synchronize_session=False))
        if result.rowcount == 1:
            claimed.append(row_id)
    session.commit()
    return token, claimed
