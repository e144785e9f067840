"""Event rules: who may see and edit, creating and changing events with their sessions and people, status
changes, drafts, next editions. The HTML forms, the JSON API and the demo loader all call these.

Decisions worth knowing:
- Drafts are visible (page, coordination view) to every organizer and admin, editable only by their bodies.
- Theme names: the eight themes of the commission's agenda are created on first use; other unknown names are refused for
  organizers (error on `themes`) and created for admins.
- Every calendar-visible change bumps each affected session's `sequence` once per save and sets
  `changed_at`; event-level changes (title, texts, place, links, zone, status) affect every session.
"""
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import func, inspect, or_, select
from sqlalchemy.orm import Session, selectinload

from ..domain import DomainError, Forbidden, NotFound
from ..domain_events import CapacityRaised, EventCancelled, EventChanged, EventCreated, EventDeleted, publish
from ..timeutil import utcnow
from .clashes import Clash, find_clashes  # noqa: F401  (part of this module's interface)
from .models import Event, EventSession, Person, event_co_organizers
from .themes import slugify
from .validation import clean_event_values

# Which status may follow which (same status: no change).
TRANSITIONS = {
    "draft": {"published"},
    "published": {"postponed", "cancelled"},
    "postponed": {"published", "cancelled"},
    "cancelled": {"published"},
}
EVENT_VISIBLE_FIELDS = ("title", "summary", "description", "modality", "venue_address", "venue_city",
                        "venue_state_id", "stream_url", "meeting_url", "timezone", "status", "status_reason")
CHANGE_KIND = {"title": "details", "summary": "details", "description": "details", "modality": "place",
               "venue_address": "place", "venue_city": "place", "venue_state_id": "place",
               "stream_url": "place", "meeting_url": "place", "timezone": "time", "status": "status",
               "status_reason": "status"}


class EventValidationError(DomainError):
    """Some values are wrong; `.errors` maps each field (`title`, `sessions[0].end`...) to a Spanish message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(_("Revise los datos marcados."), "invalid", status=422,
                         field=next(iter(errors), None))
        self.errors = errors


def get_event(session: Session, event_id: int) -> Event:
    event = session.get(Event, event_id)
    if event is None:
        raise NotFound(_("El evento no existe."))
    return event


def _logged_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def can_view(user, event: Event) -> bool:
    """Published/postponed/cancelled: public for all, members-only for logged-in users. Drafts: organizers."""
    if event.status == "draft":
        return _logged_in(user) and user.is_organizer
    return event.visibility == "public" or _logged_in(user)


def can_create_for(user, organization) -> bool:
    if not _logged_in(user):
        return False
    if user.is_admin:
        return True
    return user.role == "organizer" and organization is not None and user.organization_id == organization.id


def can_edit(user, event: Event) -> bool:
    """Admins: every event. Organizers: their body's events and those it co-organizes. Others: none."""
    if not _logged_in(user):
        return False
    if user.is_admin:
        return True
    if user.role != "organizer" or user.organization_id is None:
        return False
    return (event.organization_id == user.organization_id
            or any(o.id == user.organization_id for o in event.co_organizers))


def _check_transition(current: str, new: str) -> bool:
    return new == current or new in TRANSITIONS.get(current, set())


def _transition_error(current: str, new: str) -> str:
    return _("No se puede pasar un evento de «%(a)s» a «%(b)s».", a=status_label(current), b=status_label(new))


def status_label(status: str) -> str:
    return {"draft": _("borrador"), "published": _("publicado"), "postponed": _("pospuesto"),
            "cancelled": _("cancelado")}.get(status, status)


def save_event(session: Session, values: dict, actor, event: Event | None = None) -> Event:
    """Create (event None) or partially update an event from plain values (the fields of docs/api.md); flush only.

    Raises Forbidden when `actor` may not create for that body or edit that event, and EventValidationError
    with every field's message at once.
    """
    creating = event is None
    if not creating and not can_edit(actor, event):
        raise Forbidden(_("Solo el organismo organizador, sus coorganizadores o la administración pueden "
                          "editar este evento."))
    if creating and not (_logged_in(actor) and actor.is_organizer):
        raise Forbidden(_("Solo organizadores y administradores pueden crear eventos."))
    cleaned, errors = clean_event_values(session, values, actor, event)
    organization = cleaned.get("organization")
    if organization is not None and (creating or organization.id != event.organization_id):
        owner_ok = creating or actor.is_admin or event.organization_id == actor.organization_id
        if not (owner_ok and can_create_for(actor, organization)):
            raise Forbidden(_("No puede publicar eventos a nombre de otro organismo."))
    if "status" in cleaned:
        current = "draft" if creating else event.status
        if not _check_transition(current, cleaned["status"]):
            errors["status"] = _transition_error(current, cleaned["status"])
    status = cleaned.get("status", "draft" if creating else event.status)
    if status == "cancelled" and not cleaned.get("status_reason", None if creating else event.status_reason):
        errors["status_reason"] = _("Explique el motivo de la cancelación.")
    _check_whole(cleaned, event, errors)
    if errors:
        raise EventValidationError(errors)

    if creating:
        event = Event(created_by_id=getattr(actor, "id", None), status="draft")
        event.scope = "national" if organization.is_national else "state"
        event.waitlist_enabled = True
        event.registration_required = True
        event.visibility = "public"
        event.modality = "virtual"
        event.summary = event.description = ""
        session.add(event)
        before = None
    else:
        before = {name: getattr(event, name) for name in EVENT_VISIBLE_FIELDS}
        never_published = event.status == "draft" and event.published_at is None
        capacity_before = (event.capacity, event.waitlist_enabled)
    session_changes = _apply(session, event, cleaned)
    if "status" in cleaned:
        _stamp_status(event, cleaned["status"])
    event.refresh_span()
    fields = _changed_fields(event)  # before sequences are raised below
    values = {} if creating else changed_values(event)
    changes = set(session_changes["kinds"])
    if not creating:
        event_kinds = {CHANGE_KIND[name] for name in EVENT_VISIBLE_FIELDS if getattr(event, name) != before[name]}
        changes |= event_kinds
        now = utcnow()
        bumped = event.sessions if event_kinds else session_changes["changed"]
        if never_published:
            bumped = []  # no calendar has seen a draft: it is published at SEQUENCE 0
        for item in bumped:
            if item.id is not None:  # new sessions start at sequence 0
                item.sequence = (item.sequence or 0) + 1
                item.changed_at = now
        if session.is_modified(event) and not session.is_modified(event, include_collections=False):
            event.updated_at = now  # only themes, co-organizers or people changed: no column's onupdate fires
    new_sessions = [item for item in event.sessions if item.id is None]
    session.flush()
    actor_id = getattr(actor, "id", None)
    if creating:
        publish(session, EventCreated(event_id=event.id, organization_id=event.organization_id, actor_id=actor_id))
        return event
    if changes or fields:
        changed_ids = sorted({item.id for item in (*bumped, *new_sessions) if item.id is not None})
        publish(session, EventChanged(
            event_id=event.id, kinds=frozenset(changes), fields=frozenset(fields),
            changed_sessions=tuple(changed_ids), was_draft=never_published,
            removed_sessions=() if never_published else tuple(session_changes["removed"]), actor_id=actor_id,
            values=values))
    if _seats_freed(capacity_before, (event.capacity, event.waitlist_enabled)):
        publish(session, CapacityRaised(event_id=event.id, old_capacity=capacity_before[0],
                                        new_capacity=event.capacity, actor_id=actor_id))
    if "status" in fields and event.status == "cancelled":
        publish(session, EventCancelled(event_id=event.id, reason=event.status_reason, actor_id=actor_id))
    return event


def _changed_fields(event: Event) -> set[str]:
    """The event's attributes (columns and collections: themes, people, sessions...) changed since the last
    flush. Read before flushing: the flush clears the history."""
    state = inspect(event)
    changed = {attr.key for attr in state.attrs if attr.history.has_changes()}
    if any(inspect(item).modified for item in event.sessions):
        changed.add("sessions")
    return changed - {"updated_at", "first_starts_at", "last_ends_at"}


# Columns whose values the audit log does not keep: bookkeeping, and the private meeting link (only "changed").
_UNLOGGED_COLUMNS = {"updated_at", "first_starts_at", "last_ends_at", "created_at", "search_vector"}
_MASKED_COLUMNS = {"meeting_url"}


def changed_values(event: Event) -> dict:
    """before → after of the event's changed columns (read before the flush clears the history), as
    JSON-ready values: {"title": ["old", "new"], ...}; long texts cut at 300 characters, the meeting link
    masked. Event columns are published data (agenda/personal_data.py), so nothing personal is copied."""
    state = inspect(event)
    values = {}
    for attribute in state.mapper.column_attrs:
        key = attribute.key
        history = state.attrs[key].history
        if key in _UNLOGGED_COLUMNS or not history.has_changes():
            continue
        before = history.deleted[0] if history.deleted else None
        after = history.added[0] if history.added else None
        if key in _MASKED_COLUMNS:
            values[key] = ["***" if before else None, "***" if after else None]
        else:
            values[key] = [_plain(before), _plain(after)]
    return values


def _plain(value):
    if value is None or isinstance(value, (bool, int, float)):
        return value
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return text if len(text) <= 300 else text[:300] + "…"


def _seats_freed(before: tuple, after: tuple) -> bool:
    """(capacity, waitlist_enabled) before and after a save: may people waiting now get a seat?"""
    (old_capacity, old_waitlist), (new_capacity, new_waitlist) = before, after
    if (old_capacity, old_waitlist) == (new_capacity, new_waitlist):
        return False
    raised = new_capacity is None or (old_capacity is not None and new_capacity > old_capacity)
    return raised or (new_waitlist and not old_waitlist)


def _check_whole(cleaned: dict, event: Event | None, errors: dict) -> None:
    """Rules on the event as it will be: sessions left, registration window, venue for in-person events."""
    existing = {s.id: (s.starts_at, s.ends_at) for s in event.sessions} if event is not None else {}
    for removed in cleaned.get("remove_sessions", []):
        existing.pop(removed, None)
    spans = dict(existing)
    new_spans = []
    for row in cleaned.get("sessions", []):
        if row.get("id") in spans:
            start, end = spans[row["id"]]
            spans[row["id"]] = (row.get("start", start), row.get("end", end))
        elif row.get("start") and row.get("end"):
            new_spans.append((row["start"], row["end"]))
    all_spans = list(spans.values()) + new_spans
    if not all_spans and not any(k.startswith("sessions[") for k in errors):
        errors["sessions"] = _("El evento necesita al menos una sesión con fecha y hora.")
    last_end = max((end for _start, end in all_spans), default=None)
    opens = cleaned.get("registration_opens", event.registration_opens_at if event is not None else None)
    closes = cleaned.get("registration_closes", event.registration_closes_at if event is not None else None)
    if closes and last_end and closes > last_end and "registration_closes" not in errors:
        errors["registration_closes"] = _("El registro debe cerrar antes de que termine la última sesión.")
    if opens and closes and opens >= closes and "registration_closes" not in errors:
        errors["registration_closes"] = _("El registro debe cerrar después de abrir.")
    modality = cleaned.get("modality", event.modality if event is not None else "virtual")
    if modality in ("presencial", "hibrida"):
        if "venue" in cleaned:
            venue = cleaned["venue"] or {}
            has_place = venue.get("address") or venue.get("city")
        else:
            has_place = event is not None and (event.venue_address or event.venue_city)
        if not has_place and "venue.address" not in errors:
            errors["venue.address"] = _("Indique la sede (dirección o ciudad) de un evento presencial o híbrido.")


def _apply(session: Session, event: Event, cleaned: dict) -> dict:
    """Copy cleaned values onto the event; return the sessions changed and the kinds of session changes."""
    for key in ("title", "summary", "description", "notes", "type", "modality", "status_reason", "visibility",
                "scope", "stream_url", "meeting_url", "timezone", "capacity", "registration_required"):
        if key in cleaned:
            setattr(event, key, cleaned[key] if key != "status_reason" else (cleaned[key] or None))
    if "title" in cleaned:
        event.slug = slugify(cleaned["title"])
    if "status" in cleaned:
        event.status = cleaned["status"]
    if "organization" in cleaned:
        event.organization = cleaned["organization"]
    if "co_organizers" in cleaned:
        event.co_organizers = [o for o in cleaned["co_organizers"] if o.id != event.organization.id]
    if "themes" in cleaned:
        event.themes = cleaned["themes"]
    if "waitlist" in cleaned:
        event.waitlist_enabled = cleaned["waitlist"]
    if "registration_opens" in cleaned:
        event.registration_opens_at = cleaned["registration_opens"]
    if "registration_closes" in cleaned:
        event.registration_closes_at = cleaned["registration_closes"]
    if "venue" in cleaned:
        venue = cleaned["venue"] or {}
        event.venue_address = venue.get("address")
        event.venue_city = venue.get("city")
        event.venue_state = venue.get("state")
    changed: list[EventSession] = []
    kinds: set[str] = set()
    by_id = {s.id: s for s in event.sessions}
    removed = []
    for session_id in cleaned.get("remove_sessions", []):
        removed.append(_removed_session(by_id[session_id]))
        event.sessions.remove(by_id[session_id])
        kinds.add("time")
    added: list[EventSession] = []
    for row in cleaned.get("sessions", []):
        if row.get("id") is None:
            item = EventSession(starts_at=row["start"], ends_at=row["end"], title=row.get("title"),
                                venue=row.get("venue"), meeting_url=row.get("meeting_url"),
                                is_all_day=bool(row.get("all_day")))
            event.sessions.append(item)
            added.append(item)
            if event.id is not None:
                kinds.add("time")
            continue
        item = by_id[row["id"]]
        added.append(item)
        touched = False
        for key, attr, kind in (("start", "starts_at", "time"), ("end", "ends_at", "time"),
                                ("all_day", "is_all_day", "time"),
                                ("title", "title", "details"), ("venue", "venue", "place"),
                                ("meeting_url", "meeting_url", "place")):
            if key in row and getattr(item, attr) != row[key]:
                setattr(item, attr, row[key])
                kinds.add(kind)
                touched = True
        if touched:
            changed.append(item)
    if "people" in cleaned:
        session.flush()  # new sessions get ids people may point to
        event.people.clear()
        valid_ids = {s.id for s in event.sessions}
        for position, row in enumerate(cleaned["people"]):
            target = None
            if row.get("session_index") is not None and 0 <= int(row["session_index"]) < len(added):
                target = added[int(row["session_index"])]
            elif row.get("session_id") in valid_ids:
                target = next(s for s in event.sessions if s.id == row["session_id"])
            event.people.append(Person(name=row["name"], role=row["role"], affiliation=row["affiliation"],
                                       session=target, position=position))
    return {"changed": changed, "kinds": kinds, "removed": removed}


def _removed_session(item: EventSession) -> dict:
    """What calendars knew of a session being deleted (EventChanged.removed_sessions): enough to cancel it."""
    return {"id": item.id, "sequence": (item.sequence or 0) + 1, "title": item.title,
            "starts_at": item.starts_at.isoformat(), "ends_at": item.ends_at.isoformat(),
            "all_day": bool(item.is_all_day)}


def _stamp_status(event: Event, status: str) -> None:
    now = utcnow()
    if status in ("published", "postponed", "cancelled") and event.published_at is None:
        event.published_at = now
    if status == "cancelled":
        event.cancelled_at = event.cancelled_at or now
    else:
        event.cancelled_at = None


def change_status(session: Session, event: Event, actor, status: str, reason: str | None = None) -> Event:
    """Publish, postpone, cancel (a reason is required) or re-publish; bumps every session's sequence."""
    if not can_edit(actor, event):
        raise Forbidden(_("No puede cambiar el estado de este evento."))
    if status not in TRANSITIONS:
        raise DomainError(_("Estado no válido."), "invalid_status", status=422, field="status")
    if status == event.status:
        return event
    if not _check_transition(event.status, status):
        raise DomainError(_transition_error(event.status, status), "invalid_transition", status=409,
                          field="status")
    reason = (reason or "").strip() or None
    if status == "cancelled" and not reason:
        raise EventValidationError({"status_reason": _("Explique el motivo de la cancelación.")})
    if reason and len(reason) > 500:
        raise EventValidationError({"status_reason": _("Máximo %(n)d caracteres.", n=500)})
    first_publication = event.status == "draft" and event.published_at is None
    event.status = status
    if status in ("postponed", "cancelled"):
        event.status_reason = reason
    elif status == "published" and reason is None:
        event.status_reason = None
    _stamp_status(event, status)
    now = utcnow()
    if not first_publication:  # no calendar has seen a draft: its first publication starts at SEQUENCE 0
        for item in event.sessions:
            item.sequence = (item.sequence or 0) + 1
            item.changed_at = now
    session.flush()
    actor_id = getattr(actor, "id", None)
    publish(session, EventChanged(event_id=event.id, kinds=frozenset({"status"}),
                                  fields=frozenset({"status", "status_reason"}), was_draft=first_publication,
                                  changed_sessions=tuple(item.id for item in event.sessions), actor_id=actor_id))
    if status == "cancelled":
        publish(session, EventCancelled(event_id=event.id, reason=event.status_reason, actor_id=actor_id))
    return event


def delete_draft(session: Session, event: Event, actor) -> None:
    """Delete an event that was never published (published ones are cancelled instead, so feeds can tell)."""
    if not can_edit(actor, event):
        raise Forbidden(_("No puede borrar este evento."))
    if event.status != "draft":
        raise DomainError(_("Solo se pueden borrar borradores; un evento publicado se cancela."), "not_draft",
                          status=409)
    event_id, organization_id = event.id, event.organization_id
    session.delete(event)
    session.flush()
    publish(session, EventDeleted(event_id=event_id, organization_id=organization_id,
                                  actor_id=getattr(actor, "id", None)))


def duplicate_event(session: Session, event: Event, actor, shift: timedelta | None = None) -> Event:
    """A draft copy of `event` for its next edition: same texts, people and programme moved by `shift`
    (default 52 weeks, so sessions keep their weekday). The copy belongs to the actor's body unless admin."""
    if not can_edit(actor, event):
        raise Forbidden(_("No puede duplicar este evento."))
    shift = shift if shift is not None else timedelta(weeks=52)
    copy = Event(
        title=event.title, slug=event.slug, summary=event.summary, description=event.description,
        type=event.type, scope=event.scope, organization=event.organization, modality=event.modality,
        venue_address=event.venue_address, venue_city=event.venue_city, venue_state=event.venue_state,
        stream_url=event.stream_url, meeting_url=event.meeting_url, timezone=event.timezone, status="draft",
        visibility=event.visibility, capacity=event.capacity, waitlist_enabled=event.waitlist_enabled,
        registration_required=event.registration_required, created_by_id=getattr(actor, "id", None),
        registration_opens_at=event.registration_opens_at + shift if event.registration_opens_at else None,
        registration_closes_at=event.registration_closes_at + shift if event.registration_closes_at else None,
    )
    copy.co_organizers = list(event.co_organizers)
    copy.themes = list(event.themes)
    mapping = {}
    for item in event.sessions:
        mapping[item.id] = EventSession(title=item.title, starts_at=item.starts_at + shift,
                                        ends_at=item.ends_at + shift, venue=item.venue,
                                        meeting_url=item.meeting_url)
        copy.sessions.append(mapping[item.id])
    for person in event.people:
        copy.people.append(Person(name=person.name, role=person.role, affiliation=person.affiliation,
                                  position=person.position, session=mapping.get(person.session_id)))
    copy.refresh_span()
    session.add(copy)
    session.flush()
    publish(session, EventCreated(event_id=copy.id, organization_id=copy.organization_id,
                                  actor_id=getattr(actor, "id", None)))
    return copy


def events_for_manager(session: Session, user, show: str = "todos", page: int = 1,
                       per_page: int = 30) -> tuple[list[Event], int]:
    """The events a user may edit (admin: all) for the organizer's list: `show` is proximos (not ended,
    soonest first), pasados, borradores or todos (newest first). Returns (page of events, total)."""
    query = select(Event)
    if not user.is_admin:
        co = select(event_co_organizers.c.event_id).where(
            event_co_organizers.c.organization_id == user.organization_id)
        query = query.where(or_(Event.organization_id == user.organization_id, Event.id.in_(co)))
    now = utcnow()
    order = (Event.first_starts_at.desc(), Event.id.desc())
    if show == "proximos":
        query = query.where(Event.last_ends_at >= now)
        order = (Event.first_starts_at, Event.id)
    elif show == "pasados":
        query = query.where(Event.last_ends_at < now)
    elif show == "borradores":
        query = query.where(Event.status == "draft")
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.options(selectinload(Event.organization), selectinload(Event.co_organizers),
                                         selectinload(Event.sessions))
                           .order_by(*order).limit(per_page).offset((max(page, 1) - 1) * per_page))
    return list(rows), int(total)
