"""What a `mail send` / `mail worker` pass queues before delivering: due change notices, then due reminders
(change notices first; both kinds show the sessions as they are now)."""
from datetime import datetime

from sqlalchemy.orm import Session

from .changes import enqueue_due_change_notices
from .reminders import enqueue_due_reminders


def enqueue_due(session: Session, now: datetime | None = None) -> dict[str, int]:
    """Queue due change notices and reminders (each in its own short transactions); returns counts."""
    return {"changes": enqueue_due_change_notices(session, now), "reminders": enqueue_due_reminders(session, now)}
