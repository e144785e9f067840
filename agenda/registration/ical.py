"""iCalendar for one registered person: the invitation mailed with a confirmation (METHOD:REQUEST, the person
as ATTENDEE), its cancellation (METHOD:CANCEL), and the .ics the self-service page offers (METHOD:PUBLISH).

UIDs are the feeds' per-session UIDs (agenda.events.ical_ids.session_uid) and SEQUENCE is the session's, so a
calendar that received the invitation and also subscribes to a feed shows one entry that updates in place.
"""
from datetime import datetime
from email.utils import parseaddr
from types import SimpleNamespace

from flask import current_app
from icalendar import Calendar, vCalAddress, vText
from icalendar import Event as VEvent

from ..events.ical_ids import session_uid
from ..events.models import Event
from ..extensions import db
from ..notifications.mail import attachment_builder
from ..timeutil import to_local, utcnow
from ..vtimezone import vtimezone_bytes
from .links import event_url
from .models import Registration

PRODID = "-//Sistema Nacional de Transparencia//Agenda SNT//ES"


@attachment_builder("registration_ics")
def invitation_attachment(registration_id: int, method: str) -> str:
    """Builder of the mailed .ics (agenda.notifications.mail): the registration's calendar as it is now."""
    registration = db.session.get(Registration, registration_id)
    if registration is None:
        raise LookupError(f"registration {registration_id} no longer exists")
    return registration_calendar(registration.event, registration, method=method)


def removed_session_rows(removed: list[dict]) -> list[SimpleNamespace]:
    """Sessions an edit deleted (`removed` as events.signals describes them) as stand-ins for EventSession,
    enough to cancel their calendar entries: same UID, the higher SEQUENCE the deletion gave them."""
    now = utcnow()
    return [SimpleNamespace(id=item["id"], title=item.get("title"), sequence=item["sequence"],
                            starts_at=datetime.fromisoformat(item["starts_at"]),
                            ends_at=datetime.fromisoformat(item["ends_at"]), changed_at=now, venue=None,
                            meeting_url=None) for item in removed]


def registration_calendar(event: Event, registration: Registration, method: str = "REQUEST",
                          sessions=None) -> str:
    """The calendar text for `registration` at `event`: METHOD REQUEST (invitation), CANCEL or PUBLISH, for
    every session of the event (or `sessions`). No self-service link inside: calendars are synced and shared
    more than mail is."""
    sessions = event.sessions if sessions is None else sessions
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    organizer = _organizer(event)
    attendee = vCalAddress(f"mailto:{registration.email}")
    attendee.params["CN"] = vText(registration.name)
    attendee.params["ROLE"] = vText("REQ-PARTICIPANT")
    attendee.params["PARTSTAT"] = vText(_participation(registration, method))
    attendee.params["RSVP"] = vText("FALSE")
    now = utcnow()
    show_link = registration.status == "confirmed" and method != "CANCEL"
    for number, session in enumerate(sessions, start=1):
        vevent = VEvent()
        vevent.add("uid", session_uid(session))
        vevent.add("dtstamp", to_local(now, "UTC"))
        vevent.add("sequence", session.sequence)
        vevent.add("dtstart", to_local(session.starts_at, event.timezone))
        vevent.add("dtend", to_local(session.ends_at, event.timezone))
        vevent.add("last-modified", to_local(session.changed_at, "UTC"))
        title = event.title if len(sessions) == 1 else f"{event.title} ({session.title or number})"
        vevent.add("summary", title)
        meeting = (session.meeting_url or event.meeting_url) if show_link else None
        vevent.add("description", _description(event, meeting))
        location = _location(event, session, meeting)
        if location:
            vevent.add("location", location)
        vevent.add("url", event_url(event))
        vevent.add("status", "CANCELLED" if method == "CANCEL" or event.status == "cancelled" else "CONFIRMED")
        vevent.add("organizer", organizer)
        vevent.add("attendee", attendee)
        vevent.add("transp", "OPAQUE")
        calendar.add_component(vevent)
    text = calendar.to_ical().decode("utf-8")
    first_event = text.find("BEGIN:VEVENT\r\n")
    if first_event < 0:
        return text
    years = [item.starts_at.year for item in sessions] + [item.ends_at.year for item in sessions]
    first_year, last_year = min(years) - 1, max(max(years), now.year) + 2  # as the feeds' calendar_header
    block = vtimezone_bytes(event.timezone, first_year, last_year).decode("ascii")
    return text[:first_event] + block + text[first_event:]


def _participation(registration: Registration, method: str) -> str:
    """The person's PARTSTAT: a waiting-list place is not a sure seat, so calendars show it as tentative."""
    if method == "CANCEL" or registration.status == "cancelled":
        return "DECLINED"
    return "TENTATIVE" if registration.status == "waitlisted" else "ACCEPTED"


def _organizer(event: Event) -> vCalAddress:
    _name, address = parseaddr(current_app.config.get("MAIL_DEFAULT_SENDER") or "")
    organizer = vCalAddress(f"mailto:{address or 'no-responder@agenda-snt.local'}")
    organizer.params["CN"] = vText(event.organization.name if event.organization else "Agenda SNT")
    return organizer


def _description(event: Event, meeting: str | None) -> str:
    parts = [event.summary or ""]
    if meeting:
        parts.append(f"Enlace de conexión: {meeting}")
    if event.stream_url:
        parts.append(f"Transmisión: {event.stream_url}")
    parts.append(f"Información: {event_url(event)}")
    return "\n\n".join(p for p in parts if p)


def _location(event: Event, session, meeting: str | None) -> str | None:
    if session.venue:
        return session.venue
    place = ", ".join(p for p in (event.venue_address, event.venue_city,
                                  event.venue_state.name if event.venue_state else None) if p)
    if place:
        return place
    return meeting or event.stream_url or None
