"""Reading the audit log (who may see which entries, filters) and its own retention (`purge_expired`)."""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import delete, func, or_, select, text
from sqlalchemy.orm import Session

from ..events.models import event_co_organizers
from ..timeutil import to_utc, utcnow
from .models import AuditEntry


@dataclass
class AuditFilters:
    event_id: int | None = None
    registration_id: int | None = None
    actor: str | None = None  # a user id as text, "person" or "system"
    fact: str | None = None
    since: date | None = None  # local dates, inclusive
    until: date | None = None


def visible_to(user):
    """The condition an entry must meet for `user` to read it: admins everything; an organizer the entries of
    their body's events and of the events it co-organizes; anyone else nothing."""
    if user.is_admin:
        return None
    if user.role != "organizer" or user.organization_id is None:
        return AuditEntry.id.is_(None)
    co_organized = select(event_co_organizers.c.event_id).where(
        event_co_organizers.c.organization_id == user.organization_id)
    return or_(AuditEntry.organization_id == user.organization_id, AuditEntry.event_id.in_(co_organized))


def entries_query(user, filters: AuditFilters, zone: str):
    query = select(AuditEntry)
    scope = visible_to(user)
    if scope is not None:
        query = query.where(scope)
    if filters.event_id is not None:
        query = query.where(AuditEntry.event_id == filters.event_id)
    if filters.registration_id is not None:
        query = query.where(AuditEntry.registration_id == filters.registration_id)
    if filters.fact:
        query = query.where(AuditEntry.fact == filters.fact)
    if filters.actor in ("person", "system"):
        query = query.where(AuditEntry.actor_kind == filters.actor)
    elif filters.actor:
        query = query.where(AuditEntry.actor_id == int(filters.actor))
    if filters.since:
        query = query.where(AuditEntry.created_at >= to_utc(datetime.combine(filters.since, time()), zone))
    if filters.until:
        end = datetime.combine(filters.until + timedelta(days=1), time())
        query = query.where(AuditEntry.created_at < to_utc(end, zone))
    return query.order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())


def purge_expired(session: Session, days: int, dry_run: bool = False) -> int:
    """Delete entries older than `days` (0: keep forever). On PostgreSQL the append-only trigger lets a
    DELETE through only in a transaction that set agenda.audit_purge (this one, nothing else). Commits."""
    if not days:
        return 0
    cutoff = utcnow() - timedelta(days=days)
    count = session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.created_at < cutoff)) or 0
    if dry_run or not count:
        session.rollback()
        return count
    allow_purge(session)
    session.execute(delete(AuditEntry).where(AuditEntry.created_at < cutoff))
    session.commit()
    return count


def allow_purge(session: Session) -> None:
    """Let this transaction delete audit rows (PostgreSQL trigger; SQLite has none)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT set_config('agenda.audit_purge', 'on', true)"))
