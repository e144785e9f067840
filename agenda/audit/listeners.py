"""One audit row per domain event, written in the transaction of the change (it commits or rolls back with it).

Who: the fact's actor_id; a service that does not pass one (a cancellation, a promotion, an erasure) is
attributed to the account logged in to the request, else to "the person" (a request without an account: the
public form or the self-service link), else to "the system" (a worker, the CLI, the retention purge)."""
from dataclasses import fields as dataclass_fields

from flask import has_request_context
from flask_login import current_user
from sqlalchemy import insert
from sqlalchemy.orm import Session

from ..domain_events import DomainEvent, subscribe
from ..events.models import Event
from ..timeutil import utcnow
from .models import AuditEntry

ID_COLUMNS = ("event_id", "session_id", "registration_id", "certificate_id")
ID_LISTS = ("registration_ids", "removed", "changed_sessions")
# Facts' attributes that are codes or numbers (no personal data): kept in `details`.
DETAIL_KEYS = ("kinds", "status", "previous_status", "by_organizer", "source", "method", "old_capacity",
               "new_capacity", "was_draft", "theme_id", "out_of_order", "beyond_capacity")


def who(fact: DomainEvent) -> tuple[str, int | None]:
    if fact.actor_id is not None:
        return "user", fact.actor_id
    if has_request_context():
        if current_user and current_user.is_authenticated:
            return "user", current_user.id
        return "person", None
    return "system", None


def entry_values(session: Session, fact: DomainEvent) -> dict:
    data = {field.name: getattr(fact, field.name) for field in dataclass_fields(fact)}
    actor_kind, actor_id = who(fact)
    values = {"created_at": utcnow(), "actor_kind": actor_kind, "actor_id": actor_id, "fact": fact.name,
              "reason": data.get("reason") or None}
    for column in ID_COLUMNS:
        values[column] = data.get(column)
    ids = {key: sorted(data[key]) for key in ID_LISTS if data.get(key)}
    if data.get("removed_sessions"):
        ids["removed_sessions"] = sorted(item["id"] for item in data["removed_sessions"])
    if data.get("theme_id") is not None:
        ids["theme_id"] = data["theme_id"]
    values["object_ids"] = ids or None
    values["fields"] = sorted(data["fields"]) if data.get("fields") else None
    values["changes"] = dict(data["values"]) if data.get("values") else None  # EventChanged: published columns
    details = {}
    for key in DETAIL_KEYS:
        value = data.get(key)
        if value is None or value is False or value == () or value == frozenset():
            continue
        details[key] = sorted(value) if isinstance(value, (set, frozenset, tuple)) else value
    values["details"] = details or None
    organization_id = data.get("organization_id")
    if organization_id is None and values["event_id"] is not None:
        event = session.get(Event, values["event_id"])  # in the identity map: the service just changed it
        organization_id = event.organization_id if event is not None else None
    values["organization_id"] = organization_id
    return values


@subscribe(DomainEvent)
def record(session: Session, fact: DomainEvent) -> None:
    session.execute(insert(AuditEntry).values(**entry_values(session, fact)))
