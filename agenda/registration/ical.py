"""iCalendar for one registered person: the invitations mailed to them (METHOD:REQUEST, the person as
ATTENDEE), their cancellations (METHOD:CANCEL), and the .ics the self-service page offers (METHOD:PUBLISH).

Each VEVENT is the feeds' own (agenda.events.ical.session_vevent: same UID, SEQUENCE, SUMMARY, LOCATION,
DESCRIPTION, LAST-MODIFIED), so a calendar that got the invitation and also subscribes to a feed shows one entry
that updates in place. An iTIP message (REQUEST or CANCEL) carries exactly one session: RFC 5546 allows one UID
per message, calendar servers keep one UID per scheduling object (RFC 6638), and Outlook acts on the first
VEVENT only. Its DTSTAMP is when the message was written (RFC 5546), so a later CANCEL always wins.
"""
from datetime import datetime
from types import SimpleNamespace

from flask import current_app
from icalendar import Calendar, vCalAddress, vText

from ..events.ical import FeedContext, meeting_url_for, session_vevent
from ..events.models import Event
from ..extensions import db
from ..outbox.mail import attachment_builder
from ..timeutil import to_local, utcnow
from ..vtimezone import vtimezone_bytes
from ..web_input import one_line
from .models import Registration

PRODID = "-//Comision de Gobierno Abierto SNT//Agenda SNT//ES"  # the feeds' (agenda.events.ical.PRODID)
ITIP_METHODS = ("REQUEST", "CANCEL")


@attachment_builder("registration_ics")
def invitation_attachment(registration_id: int, method: str, session_id: int | None = None) -> str:
    """Builder of a mailed invitation (agenda.outbox.mail): one session's entry as it is at sending
    time. `session_id` None (rows queued before invitations were per session): every session."""
    registration = db.session.get(Registration, registration_id)
    if registration is None:
        raise LookupError(f"registration {registration_id} no longer exists")
    event = registration.event
    sessions = [s for s in event.sessions if s.id == session_id] if session_id is not None else None
    if sessions == []:  # the session was deleted meanwhile: its own CANCEL mail takes it out of calendars
        raise LookupError(f"session {session_id} no longer exists")
    return registration_calendar(event, registration, method=method, sessions=sessions)


def removed_session_rows(removed: list[dict]) -> list[SimpleNamespace]:
    """Sessions an edit deleted (`removed` as EventChanged.removed_sessions describes them) as stand-ins for EventSession,
    enough to cancel their calendar entries: same UID, the higher SEQUENCE the deletion gave them."""
    now = utcnow()
    return [SimpleNamespace(id=item["id"], title=item.get("title"), sequence=item["sequence"],
                            starts_at=datetime.fromisoformat(item["starts_at"]),
                            ends_at=datetime.fromisoformat(item["ends_at"]), changed_at=now, created_at=now,
                            venue=None, meeting_url=None, is_all_day=bool(item.get("all_day")))
            for item in removed]


def upcoming(sessions, now: datetime | None = None) -> list:
    """The sessions not yet over: the only ones worth an invitation or a cancellation in a calendar."""
    now = now or utcnow()
    return [session for session in sessions if session.ends_at > now]


def registration_calendar(event: Event, registration: Registration, method: str = "REQUEST",
                          sessions=None) -> str:
    """The calendar text for `registration` at `event`: METHOD REQUEST (invitation) or CANCEL for one session,
    or PUBLISH for every session of the event (or `sessions`). No self-service link inside: calendars are synced
    and shared more than mail is."""
    sessions = list(event.sessions if sessions is None else sessions)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    ctx = FeedContext.from_config(current_app.config)
    attendee = _attendee(registration, method)
    show_link = registration.status == "confirmed" and method != "CANCEL"
    now = to_local(utcnow(), "UTC")
    for session in sessions:
        vevent = session_vevent(event, session, ctx, meeting_url_for(event, session) if show_link else None)
        if method in ITIP_METHODS:
            vevent.pop("DTSTAMP")
            vevent.add("dtstamp", now)
            vevent.add("attendee", attendee)
        if method == "CANCEL":
            vevent.pop("STATUS")
            vevent.add("status", "CANCELLED")
        calendar.add_component(vevent)
    text = calendar.to_ical().decode("utf-8")
    first_event = text.find("BEGIN:VEVENT\r\n")
    if first_event < 0:
        return text
    years = [item.starts_at.year for item in sessions] + [item.ends_at.year for item in sessions]
    first_year, last_year = min(years) - 1, max(max(years), utcnow().year) + 2  # as the feeds' calendar_header
    block = vtimezone_bytes(event.timezone, first_year, last_year).decode("ascii")
    return text[:first_event] + block + text[first_event:]


def _attendee(registration: Registration, method: str) -> vCalAddress:
    """The person, with RSVP=FALSE: nobody is expected to answer (the organizer's address does not read
    replies; registration is managed through the personal link)."""
    attendee = vCalAddress(f"mailto:{registration.email}")
    attendee.params["CN"] = vText(one_line(registration.name))
    attendee.params["ROLE"] = vText("REQ-PARTICIPANT")
    attendee.params["PARTSTAT"] = vText(_participation(registration, method))
    attendee.params["RSVP"] = vText("FALSE")
    return attendee


def _participation(registration: Registration, method: str) -> str:
    """The person's PARTSTAT: a waiting-list place is not a sure seat, so calendars show it as tentative."""
    if method == "CANCEL" or registration.status == "cancelled":
        return "DECLINED"
    return "TENTATIVE" if registration.status == "waitlisted" else "ACCEPTED"
