"""The follow-up mail after a session: to its attendees (thanks, the session's materials, the evaluation
link) and to the confirmed registrants who missed it (the recording and the materials they may see). The
organizer previews both versions first; sending queues one mail per person through the outbox with the
dedupe key "followup:<session>:<registration>", so pressing the button twice, or two organizers at once,
never mails anyone twice (the outbox's unique key decides), and `mail send` delivers each row once."""
from dataclasses import dataclass

from flask import current_app, render_template
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..attendance.models import Attendance
from ..events.models import EventSession
from ..materials import services as materials
from ..materials.links import signed_path as material_path
from ..outbox.models import OutboxMessage
from ..outbox.services import enqueue
from ..registration.models import Registration
from . import services
from .links import signed_answer_path


def _absolute(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return current_app.config["AGENDA_BASE_URL"].rstrip("/") + path


def dedupe_key(event_session: EventSession, registration: Registration) -> str:
    return f"followup:{event_session.id}:{registration.id}"


def audiences(session: Session, event_session: EventSession) -> tuple[list[Registration], list[Registration]]:
    """(attendees, missed): the event's confirmed registrations, split by attendance at this session."""
    present = set(session.scalars(select(Attendance.registration_id)
                                  .where(Attendance.session_id == event_session.id)))
    people = list(session.scalars(select(Registration).where(Registration.event_id == event_session.event_id,
                                                             Registration.status == "confirmed")
                                  .order_by(Registration.id)))
    return [p for p in people if p.id in present], [p for p in people if p.id not in present]


@dataclass
class Draft:
    subject: str
    text: str
    html: str


def compose(session: Session, event_session: EventSession, registration: Registration, attended: bool) -> Draft:
    event = event_session.event
    attended_ids = {event_session.id} if attended else set()
    items = [m for m in materials.event_materials(session, event.id)
             if m.session_id in (None, event_session.id)
             and materials.may_see(session, m, None, registration,
                                   attended_ids | materials.attended_session_ids(session, registration))]
    links = [(m.title, m.link_kind if m.kind == "link" else "file", _absolute(material_path(m, registration)))
             for m in items]
    evaluations = []
    if attended:
        for evaluation in services.event_evaluations(session, event.id):
            if evaluation.session_id in (None, event_session.id) and services.state(evaluation) == "open" \
                    and services.may_answer(session, evaluation, registration):
                evaluations.append((evaluation.title, _absolute(signed_answer_path(evaluation.id, registration))))
    context = {"name": registration.name, "event": event, "event_session": event_session, "attended": attended,
               "links": links, "evaluations": evaluations,
               "recordings": [link for link in links if link[1] == "recording"]}
    subject = (_("Gracias por participar: %(title)s", title=event.title) if attended
               else _("Materiales de la sesión que se perdió: %(title)s", title=event.title))
    return Draft(subject, render_template("evaluations/mail/followup.txt", **context),
                 render_template("evaluations/mail/followup.html", subject=subject, **context))


@dataclass
class Preview:
    attendees: int
    missed: int
    already: int
    attendee_draft: Draft | None
    missed_draft: Draft | None


def preview(session: Session, event_session: EventSession) -> Preview:
    attendees, missed = audiences(session, event_session)
    keys = [dedupe_key(event_session, p) for p in attendees + missed]
    already = session.scalar(select(OutboxMessage.id).where(OutboxMessage.dedupe_key.in_(keys)).limit(1)) \
        if keys else None
    sent = len(set(session.scalars(select(OutboxMessage.dedupe_key)
                                   .where(OutboxMessage.dedupe_key.in_(keys))))) if already else 0
    return Preview(len(attendees), len(missed), sent,
                   compose(session, event_session, attendees[0], True) if attendees else None,
                   compose(session, event_session, missed[0], False) if missed else None)


def send(session: Session, event_session: EventSession) -> int:
    """Queue the follow-up for everyone who has not got it; returns how many mails were queued now."""
    attendees, missed = audiences(session, event_session)
    everyone = [(p, True) for p in attendees] + [(p, False) for p in missed]
    keys = {dedupe_key(event_session, p) for p, _a in everyone}
    existing = set(session.scalars(select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.in_(keys)))) \
        if keys else set()
    queued = 0
    for person, attended in everyone:
        key = dedupe_key(event_session, person)
        if key in existing:
            continue
        draft = compose(session, event_session, person, attended)
        enqueue(session, person.email, draft.subject, draft.text, draft.html, kind="followup", dedupe_key=key,
                registration_id=person.id, event_id=event_session.event_id)
        queued += 1
    return queued
