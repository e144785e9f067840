"""Change and cancellation notices, debounced: several edits within a few minutes make ONE notice.

1. The events area publishes `EventChanged` inside the editing transaction. `on_event_changed`
   (agenda/domain_events.py) keeps time/place/status changes of events people may be registered for: it upserts
   one `pending_change_notices` row per event, pushing `due_at` to "now + quiet period" (default 5 minutes,
   AGENDA_CHANGE_NOTICE_MINUTES), but never later than 3 quiet periods after the first edit of the burst. It
   also re-arms reminders of sessions moved later. The row commits or rolls back with the edit itself.
2. Each `mail send` / `mail worker` pass calls `enqueue_due_change_notices`: it claims each due row with
   `DELETE ... WHERE due_at <= now RETURNING` (PostgreSQL: a racing worker or a concurrent edit waits for the
   row lock, then sees nothing to claim; an edit that pushed due_at further wins), then reads the event as it is
   NOW and queues one mail per confirmed or waitlisted person, all in the same transaction: a crash leaves the
   row in place and no mail; the next pass does it again.
The mail carries the person's .ics built like their confirmation's (registration/ical.py): every session, same
UID, current SEQUENCE (events bumps it), METHOD:REQUEST; or METHOD:CANCEL with STATUS:CANCELLED when the event
is cancelled. Sessions the edits deleted get a mail of their own with METHOD:CANCEL for their UIDs (a REQUEST
that no longer lists a session does not remove it from a calendar); a cancelled event's CANCEL lists them too.
"""
import logging
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from ..domain_events import EventChanged, subscribe
from ..events.models import Event
from ..outbox.addresses import email_hash, suppressed_hashes
from ..outbox.mail import render_mail
from ..outbox.services import enqueue
from ..registration.ical import registration_calendar, removed_session_rows, upcoming
from ..registration.mails import queue_session_calendars
from ..registration.models import Registration
from ..timeutil import utcnow
from .formatting import event_url, footer, self_service_url, session_facts, session_when
from .notice_models import PendingChange
from .reminders import rearm_sessions

log = logging.getLogger(__name__)

RELEVANT = frozenset({"time", "place", "status"})
DEFAULT_QUIET_MINUTES = 5
MAX_WAIT_FACTOR = 3


def quiet_period() -> timedelta:
    raw = current_app.config.get("AGENDA_CHANGE_NOTICE_MINUTES")
    if raw is None:
        raw = DEFAULT_QUIET_MINUTES
    try:
        return timedelta(minutes=max(float(raw), 0))
    except (TypeError, ValueError):
        return timedelta(minutes=DEFAULT_QUIET_MINUTES)


@subscribe(EventChanged)
def on_event_changed(session: Session, fact: EventChanged) -> None:
    """Remember a time, place or status change of a published event for a debounced notice."""
    kinds = set(fact.kinds) & RELEVANT
    event = session.get(Event, fact.event_id)
    if not kinds or event is None or event.status == "draft":
        return
    now = utcnow()
    if "time" in kinds:
        rearm_sessions(session, [(s.id, s.starts_at) for s in event.sessions if s.id is not None], now)
    record_change(session, event.id, kinds, set(fact.changed_sessions), now, removed=fact.removed_sessions)


def _ids(text: str) -> set[int]:
    return {int(part) for part in text.split(",") if part.strip().isdigit()}


def record_change(session: Session, event_id: int, kinds: set[str], touched: set[int] = frozenset(),
                  now: datetime | None = None, removed=()) -> PendingChange:
    """Upsert the event's pending notice (in the caller's transaction). `removed`: deleted sessions, as
    EventChanged.removed_sessions describes them."""
    now = now or utcnow()
    quiet = quiet_period()
    for _attempt in range(3):
        row = session.scalar(select(PendingChange).where(PendingChange.event_id == event_id).with_for_update())
        if row is not None:
            row.kinds = ",".join(sorted(set(filter(None, row.kinds.split(","))) | kinds))
            row.session_ids = ",".join(str(i) for i in sorted(_ids(row.session_ids) | set(touched)))[:1000]
            row.removed_sessions = [*(row.removed_sessions or []), *removed] or None
            row.last_changed_at = now
            row.due_at = min(now + quiet, row.first_changed_at + quiet * MAX_WAIT_FACTOR)
            session.flush()
            return row
        try:
            with session.begin_nested():
                row = PendingChange(event_id=event_id, kinds=",".join(sorted(kinds)), first_changed_at=now,
                                    session_ids=",".join(str(i) for i in sorted(touched))[:1000],
                                    removed_sessions=list(removed) or None,
                                    last_changed_at=now, due_at=now + quiet)
                session.add(row)
            return row
        except IntegrityError:  # another edit of the same event inserted it first: update theirs
            continue
    raise RuntimeError("could not record the pending change notice")


def enqueue_due_change_notices(session: Session, now: datetime | None = None) -> int:
    """Queue the notices whose quiet period is over; one transaction per event. Returns mails queued."""
    now = now or utcnow()
    session.rollback()
    due = list(session.scalars(select(PendingChange.id).where(PendingChange.due_at <= now)
                               .order_by(PendingChange.due_at)))
    session.rollback()
    queued = 0
    for pending_id in due:
        try:
            queued += _claim_and_queue(session, pending_id, now)
            session.commit()
        except Exception:
            session.rollback()
            log.exception("change notice %s failed; will retry on the next pass", pending_id)
    return queued


def _claim_and_queue(session: Session, pending_id: int, now: datetime) -> int:
    claimed = session.execute(
        delete(PendingChange).where(PendingChange.id == pending_id, PendingChange.due_at <= now)
        .returning(PendingChange.event_id, PendingChange.kinds, PendingChange.session_ids,
                   PendingChange.first_changed_at, PendingChange.removed_sessions)).first()
    if claimed is None:
        return 0  # another worker took it, or a newer edit pushed it back
    session.expire_all()  # read the event as it is now, after the claim
    event = session.scalar(select(Event).where(Event.id == claimed.event_id).options(
        selectinload(Event.sessions), selectinload(Event.organization), selectinload(Event.venue_state)))
    if event is None or event.status == "draft" or not event.sessions:
        return 0
    removed = claimed.removed_sessions or []
    if event.last_ends_at and event.last_ends_at < now:
        # What is left is over, so corrections need no notice; a session deleted ahead must still leave the
        # calendars that have it.
        removed = [item for item in removed if datetime.fromisoformat(item["ends_at"]) >= now]
        if not removed:
            return 0
        return queue_notices(session, event, set(), set(), claimed.first_changed_at, removed, removal_only=True)
    return queue_notices(session, event, set(claimed.kinds.split(",")), _ids(claimed.session_ids),
                         claimed.first_changed_at, removed)


def queue_notices(session: Session, event: Event, kinds: set[str], touched: set[int], since: datetime,
                  removed: list[dict] = (), removal_only: bool = False) -> int:
    """One notice per confirmed or waitlisted person of `event`, showing its current state. Sessions the edits
    `removed` get their calendar entries cancelled: a REQUEST listing the sessions left does not remove them,
    and a mail carries one iTIP message (mail programs act on its first calendar part only), so a removal is a
    second mail with METHOD:CANCEL, or part of the CANCEL when the whole event is cancelled. `removal_only`:
    only that second mail (the rest of the event is over)."""

    registrations = list(session.scalars(select(Registration).where(
        Registration.event_id == event.id, Registration.status.in_(("confirmed", "waitlisted")))
        .order_by(Registration.id)))
    if not registrations:
        return 0
    skip = suppressed_hashes(session, [r.email for r in registrations])
    cancel = event.status == "cancelled"
    url = event_url(event)
    sessions = [(item, session_facts(event, item)) for item in event.sessions]
    gone = removed_session_rows(removed)
    gone_facts = [{"title": item.title, "when": session_when(item.starts_at, item.ends_at, event.timezone)}
                  for item in gone]
    # Mark the sessions the edits touched, unless they touched them all (an event-level change).
    changed_ids = touched if not {item.id for item in event.sessions} <= touched else set()
    what = _what_changed(event, kinds)
    subject = (_("Cancelado: %(title)s", title=event.title) if cancel
               else _("Pospuesto: %(title)s", title=event.title) if event.status == "postponed"
               else _("Cambio en %(title)s", title=event.title))
    marker = since.strftime("%Y%m%d%H%M%S%f")
    queued = 0
    for registration in registrations:
        if email_hash(registration.email) in skip:
            continue
        context = {
            "event": event, "person_name": registration.name, "cancelled": cancel, "what": what,
            "postponed": event.status == "postponed", "reason": event.status_reason,
            "waitlisted": registration.status == "waitlisted", "event_url": url,
            "sessions": [dict(facts, changed=item.id in changed_ids) for item, facts in sessions],
            "removed": gone_facts, "with_notice": not removal_only,
            "self_service_url": self_service_url(session, registration,
                                                 (event.last_ends_at or since) + timedelta(days=1)),
            **footer(event, registration.email, reminders=not cancel),
        }
        if not removal_only:
            text, html = render_mail("change_notice", **context)
            method = "CANCEL" if cancel else "REQUEST"
            entries = upcoming([*event.sessions, *gone]) if cancel else _changed_sessions(event, touched)
            calendars = _calendar_entries(event, registration, method, entries,
                                          "cancelacion.ics" if cancel else "evento-actualizado.ics")
            dedupe = f"change:{event.id}:{marker}:{registration.id}"
            enqueue(session, registration.email, subject, text, html, [a for _s, a in calendars[:1]],
                    kind="event_cancelled" if cancel else "event_changed", dedupe_key=dedupe,
                    registration_id=registration.id, event_id=event.id)
            queued += 1 + queue_session_calendars(
                session, event, registration.id, registration.email, method, calendars[1:],
                kind="event_cancelled" if cancel else "event_changed", dedupe_prefix=dedupe)
        if gone and (removal_only or not cancel):
            queued += _queue_removal_notice(session, event, registration, gone, context, marker)
    return queued


def _queue_removal_notice(session: Session, event: Event, registration, gone: list, context: dict,
                          marker: str) -> int:
    """The mail that takes deleted sessions out of a person's calendar: METHOD:CANCEL for the first one's UID,
    and a calendar mail of its own for each further one (one iTIP message per mail). Returns the mails queued."""

    text, html = render_mail("session_removed", **context)
    subject = ngettext("Sesión retirada: %(title)s", "Sesiones retiradas: %(title)s", len(gone), title=event.title)
    calendars = _calendar_entries(event, registration, "CANCEL", gone, "sesiones-retiradas.ics")
    dedupe = f"removed:{event.id}:{marker}:{registration.id}"
    enqueue(session, registration.email, subject, text, html, [a for _s, a in calendars[:1]],
            kind="event_changed", dedupe_key=dedupe, registration_id=registration.id, event_id=event.id)
    return 1 + queue_session_calendars(session, event, registration.id, registration.email, "CANCEL",
                                       calendars[1:], kind="event_changed", dedupe_prefix=dedupe)


def _changed_sessions(event: Event, touched: set[int]) -> list:
    """The upcoming sessions a change notice re-sends: those the edits touched (EventChanged.changed_sessions;
    all of them after an event-level change)."""
    return upcoming([item for item in event.sessions if item.id in touched])


def _calendar_entries(event: Event, registration, method: str, sessions: list, filename: str) -> list:
    """(session, attachment) for each of `sessions`, written now (a waiting-list place shows as tentative)."""

    return [(item, calendar_attachment(filename, method,
                                       registration_calendar(event, registration, method=method, sessions=[item])))
            for item in sessions]


def calendar_attachment(filename: str, method: str, calendar: str) -> dict:
    return {"filename": filename, "content_type": f"text/calendar; method={method}", "content": calendar}


def _what_changed(event: Event, kinds: set[str]) -> str:
    if event.status == "cancelled":
        return _("El evento fue cancelado.")
    if event.status == "postponed":
        return _("El evento se pospuso.")
    parts = []
    if "time" in kinds:
        parts.append(_("la fecha u horario"))
    if "place" in kinds:
        parts.append(_("el lugar o el enlace de conexión"))
    if not parts:
        return _("El evento vuelve a estar confirmado.")
    return _("Cambió %(what)s.", what=" y ".join(parts))
