"""Reminders before each session (default 24 h and 1 h; each event may choose its own offsets).

`enqueue_due_reminders` runs at the start of every `mail send` / `mail worker` pass. For each confirmed
registration and each session of a published event it finds the offsets now due, and writes, in ONE transaction
per session, a `reminder_log` row per (registration, session, offset) and the outbox mail. The log's unique key
is the referee: `INSERT ... ON CONFLICT DO NOTHING` lets exactly one of two racing workers win (on PostgreSQL the
loser waits for the winner's commit and then inserts nothing; on SQLite writers take turns), and a crash before
the commit leaves neither the log row nor the mail, so the next pass does it again. Once queued, the outbox
delivers at-least-once (see services.py).

Rules:
- an offset counts only if the person already had their seat when it came due (someone who registers 30 minutes
  before the start just got their confirmation; they get no "tomorrow" reminder);
- when several offsets are due at once (worker was stopped, or late registration) only the nearest one is sent;
  the others are logged as "superseded" so they never go out late;
- a reminder is never sent after an offset nearer to the start already went;
- addresses that asked for no reminders ("opted_out") or bounced ("suppressed") are logged, not mailed;
- moving a session to a later date re-arms the reminders whose moment is still ahead (changes.py).
"""
import logging
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, exists, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, selectinload

from ..database import get_or_create
from ..domain import DomainError, Forbidden
from ..events.models import Event, EventSession
from ..events.services import can_edit
from ..outbox.addresses import address_states, email_hash
from ..outbox.mail import render_mail
from ..outbox.services import enqueue
from ..registration.models import Registration
from ..timeutil import utcnow
from .formatting import event_url, footer, self_service_url, session_facts
from .notice_models import ReminderLog, ReminderSetting

log = logging.getLogger(__name__)
DEFAULT_OFFSETS = (24 * 60, 60)
MAX_OFFSET = 14 * 24 * 60  # two weeks
MAX_OFFSETS_PER_EVENT = 4
OFFSET_CHOICES = (7 * 24 * 60, 2 * 24 * 60, 24 * 60, 3 * 60, 60, 30, 15)


def offset_label(minutes: int) -> str:
    if minutes % (24 * 60) == 0:
        days = minutes // (24 * 60)
        return _("%(n)d día antes", n=days) if days == 1 else _("%(n)d días antes", n=days)
    if minutes % 60 == 0:
        hours = minutes // 60
        return _("%(n)d hora antes", n=hours) if hours == 1 else _("%(n)d horas antes", n=hours)
    return _("%(n)d minutos antes", n=minutes)


def default_offsets() -> list[int]:
    """AGENDA_REMINDER_OFFSETS (minutes, comma-separated) or 24 h and 1 h."""
    raw = current_app.config.get("AGENDA_REMINDER_OFFSETS")
    if raw:
        try:
            return _clean_offsets(int(part) for part in str(raw).split(",") if part.strip())
        except (ValueError, DomainError):
            pass
    return list(DEFAULT_OFFSETS)


def offsets_for_events(session: Session, event_ids) -> dict[int, list[int]]:
    ids = list(set(event_ids))
    own = {s.event_id: s.offset_minutes for s in session.scalars(
        select(ReminderSetting).where(ReminderSetting.event_id.in_(ids)))} if ids else {}
    defaults = default_offsets()
    return {event_id: own.get(event_id, defaults) for event_id in ids}


def offsets_for(session: Session, event_id: int) -> list[int]:
    return offsets_for_events(session, [event_id])[event_id]


def _clean_offsets(offsets) -> list[int]:
    cleaned = sorted({int(m) for m in offsets}, reverse=True)
    if any(m <= 0 or m > MAX_OFFSET for m in cleaned):
        raise DomainError(_("Cada recordatorio debe ser entre 1 minuto y 14 días antes."), "invalid_offset",
                          status=422, field="offsets")
    if len(cleaned) > MAX_OFFSETS_PER_EVENT:
        raise DomainError(_("Elija como máximo %(n)d recordatorios.", n=MAX_OFFSETS_PER_EVENT),
                          "too_many_offsets", status=422, field="offsets")
    return cleaned


def set_offsets(session: Session, event: Event, actor, offsets) -> list[int]:
    """An organizer of the event chooses its reminder offsets (an empty list: no reminders)."""

    if not can_edit(actor, event):
        raise Forbidden(_("Solo quien organiza el evento puede cambiar sus recordatorios."))
    cleaned = _clean_offsets(offsets)
    setting = get_or_create(session, ReminderSetting, {"event_id": event.id})  # two saving: the last wins
    setting.offsets = ",".join(str(m) for m in cleaned)
    setting.updated_by_id = getattr(actor, "id", None)
    session.flush()
    return cleaned


def rearm_sessions(session: Session, starts: list[tuple[int, datetime]], now: datetime | None = None) -> int:
    """After sessions moved: forget their logged reminders whose moment, at the new start, is still ahead, so
    those reminders go out again at the right time. Reminders whose moment has passed stay sent."""
    now = now or utcnow()
    new_start = dict(starts)
    if not new_start:
        return 0
    logged = session.execute(select(ReminderLog.id, ReminderLog.session_id, ReminderLog.offset_minutes,
                                    ReminderLog.session_starts_at)
                             .where(ReminderLog.session_id.in_(list(new_start)))).all()
    stale = [row.id for row in logged
             if row.session_starts_at != new_start[row.session_id]
             and new_start[row.session_id] - timedelta(minutes=row.offset_minutes) > now]
    if stale:
        session.execute(delete(ReminderLog).where(ReminderLog.id.in_(stale)))
    return len(stale)


# --- the pass run by the mail worker -----------------------------------------------------------------------

def due_sessions(session: Session, now: datetime) -> list[EventSession]:
    """Sessions of published events starting within the longest possible offset."""
    query = (select(EventSession).join(Event)
             .where(Event.status == "published", EventSession.starts_at > now,
                    EventSession.starts_at <= now + timedelta(minutes=MAX_OFFSET))
             .options(selectinload(EventSession.event).selectinload(Event.organization),
                      selectinload(EventSession.event).selectinload(Event.venue_state))
             .order_by(EventSession.starts_at))
    return list(session.scalars(query))


def enqueue_due_reminders(session: Session, now: datetime | None = None) -> int:
    """Queue every reminder due now; commits once per session. Returns the number of mails queued."""
    now = now or utcnow()
    session.rollback()
    sessions = due_sessions(session, now)
    offsets = offsets_for_events(session, [s.event_id for s in sessions])
    queued = 0
    ids = [(s.id, s.event_id) for s in sessions
           if any(s.starts_at - timedelta(minutes=m) <= now for m in offsets[s.event_id])]
    session.rollback()
    for session_id, event_id in ids:
        try:
            queued += _remind_session(session, session_id, offsets[event_id], now)
            session.commit()
        except Exception:
            session.rollback()
            log.exception("reminders for session %s failed; will retry on the next pass", session_id)
    return queued


def _remind_session(session: Session, session_id: int, offsets: list[int], now: datetime) -> int:

    item = session.get(EventSession, session_id)
    if item is None or item.event.status != "published" or item.starts_at <= now:
        return 0
    due = [m for m in offsets if item.starts_at - timedelta(minutes=m) <= now]
    if not due:
        return 0
    # People with a reminder logged at the nearest due offset or nearer are done: skip them in SQL, so
    # the worker's frequent passes stay cheap.
    done_already = exists().where(ReminderLog.registration_id == Registration.id,
                                  ReminderLog.session_id == item.id, ReminderLog.offset_minutes <= min(due))
    registrations = list(session.scalars(select(Registration).where(
        Registration.event_id == item.event_id, Registration.status == "confirmed", ~done_already)
        .order_by(Registration.id)))
    if not registrations:
        return 0
    logged: dict[int, set[int]] = {}
    for registration_id, offset in session.execute(
            select(ReminderLog.registration_id, ReminderLog.offset_minutes)
            .where(ReminderLog.session_id == item.id)):
        logged.setdefault(registration_id, set()).add(offset)
    states = None
    queued = 0
    for registration in registrations:
        joined = registration.confirmed_at or registration.created_at
        done = logged.get(registration.id, set())
        todo = sorted(m for m in due
                      if m not in done and joined <= item.starts_at - timedelta(minutes=m))
        if not todo:
            continue
        nearest = todo[0]
        if done and nearest > min(done):  # a nearer reminder already went: never send an older one late
            _log(session, registration.id, item, todo, None)
            continue
        if states is None:
            states = address_states(session, [r.email for r in registrations])
        state = states.get(email_hash(registration.email))
        outcome = ("suppressed" if state and state.is_suppressed
                   else "opted_out" if state and state.reminders_stopped_at else "queued")
        if _log(session, registration.id, item, todo, (nearest, outcome)) and outcome == "queued":
            _queue_mail(session, registration, item, nearest)
            queued += 1
    return queued


def _insert_ignore(session: Session, table, values: dict, conflict_columns: list[str]) -> bool:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(table).values(**values).on_conflict_do_nothing(index_elements=conflict_columns)
    return session.execute(statement.returning(table.id)).scalar() is not None


def _log(session: Session, registration_id: int, item: EventSession, offsets: list[int], sent) -> bool:
    """Write the log rows; returns whether the row for `sent` (offset, outcome) is ours (we won the race)."""
    won = False
    key = ["registration_id", "session_id", "offset_minutes"]
    for offset in offsets:
        outcome = sent[1] if sent and offset == sent[0] else "superseded"
        inserted = _insert_ignore(session, ReminderLog, {
            "registration_id": registration_id, "session_id": item.id, "offset_minutes": offset,
            "session_starts_at": item.starts_at, "outcome": outcome, "created_at": utcnow()}, key)
        if sent and offset == sent[0]:
            won = inserted
    return won


def _queue_mail(session: Session, registration, item: EventSession, offset: int) -> None:

    event = item.event
    facts = session_facts(event, item)
    context = {
        "event": event, "session": facts, "person_name": registration.name, "event_url": event_url(event),
        "self_service_url": self_service_url(session, registration, item.ends_at + timedelta(days=1)),
        "sessions_count": len(event.sessions), **footer(event, registration.email),
    }
    text, html = render_mail("reminder", **context)
    subject = _("Recordatorio: %(title)s, %(when)s", title=event.title, when=facts["when"].split(" (")[0])
    enqueue(session, registration.email, subject, text, html, kind="reminder",
            dedupe_key=f"reminder:{registration.id}:{item.id}:{offset}",
            registration_id=registration.id, event_id=event.id)
