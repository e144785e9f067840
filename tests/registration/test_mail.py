"""Registration mail through a real SMTP server on loopback (aiosmtpd), parsed as a mail program would."""
import logging
import re
from datetime import datetime

from icalendar import Calendar
from sqlalchemy import select

from agenda.events.ical_ids import session_uid
from agenda.events.models import Event
from agenda.extensions import db
from agenda.outbox.models import OutboxMessage
from agenda.outbox.services import send_due
from tests.fixtures.notifications import calendars_of, html_of, text_of


def test_the_confirmation_arrives_with_text_html_and_an_ics_invitation(app, client, make_event, person,
                                                                      smtp_config, deliver):
    event_id = make_event(title="Taller de datos abiertos", capacity=10, sessions=2,
                          meeting_url="https://zoom.example/j/987")
    response = client.post(f"/api/v1/events/{event_id}/registrations",
                           json=person(email="ana@example.org", name="Ana Martínez Ruiz"))
    assert response.status_code == 201
    deliver()
    mails = {m["Subject"]: m for m in smtp_config.to("ana@example.org")}
    message = mails.pop("Registro confirmado: Taller de datos abiertos")
    (second,) = mails.values()  # the second session's invitation comes in a mail of its own
    assert second["Subject"] == "Calendario: Sesión 2 de 2 — Taller de datos abiertos"
    text, html = text_of(message), html_of(message)
    assert "Su registro está confirmado" in text and "Su registro está confirmado" in html
    assert "http://agenda.test/mi-registro/" in text  # the self-service link, by mail only
    assert "https://zoom.example/j/987" in text
    assert "/mi-registro/" not in text_of(second)
    with app.app_context():
        uids = [session_uid(s) for s in db.session.get(Event, event_id).sessions]
    for mail, uid in ((message, uids[0]), (second, uids[1])):
        ((content_type, ics),) = calendars_of(mail)
        assert 'method="REQUEST"' in content_type.replace("'", '"') or "method=REQUEST" in content_type
        calendar = Calendar.from_ical(ics)
        assert str(calendar["METHOD"]) == "REQUEST"
        (vevent,) = calendar.walk("VEVENT")  # one iTIP object, one UID per message
        assert str(vevent["UID"]) == uid
        assert str(vevent["ATTENDEE"]).lower() == "mailto:ana@example.org"
        assert vevent["ATTENDEE"].params["CN"] == "Ana Martínez Ruiz"
        assert vevent["ATTENDEE"].params["RSVP"] == "FALSE"
        assert str(vevent["ORGANIZER"]).startswith("mailto:")
        assert "SEQUENCE" in vevent and "DTSTAMP" in vevent
    with app.app_context():
        sent = db.session.scalars(select(OutboxMessage)).all()
        assert {m.status for m in sent} == {"sent"} and {m.body_text for m in sent} == {None}


def test_the_invitation_is_an_alternative_of_the_body_and_an_ics_attachment(app, client, make_event, person,
                                                                          smtp_config, deliver):
    """Outlook and Gmail treat a mail as an invitation when text/calendar (method equal to the METHOD inside)
    is an alternative of the body; Apple Mail and Thunderbird also offer the attached .ics."""
    event_id = make_event(title="Webinar de datos", capacity=10)
    client.post(f"/api/v1/events/{event_id}/registrations", json=person(email="ana@example.org"))
    deliver()
    (message,) = smtp_config.to("ana@example.org")
    assert message.get_content_type() == "multipart/mixed"
    alternative, attachment = message.get_payload()
    assert alternative.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in alternative.get_payload()] == ["text/plain", "text/html", "text/calendar"]
    calendar_part = alternative.get_payload()[2]
    assert calendar_part.get_param("method") == "REQUEST" and calendar_part.get_content_charset() == "utf-8"
    assert attachment.get_content_type() == "application/ics"
    assert attachment.get_filename() == "invitacion.ics"
    assert attachment.get_content().decode("utf-8") == calendar_part.get_content()


def test_the_organizer_is_the_bodys_contact_address_when_it_has_one(app, client, make_event, person,
                                                                   smtp_config, deliver):
    from agenda.catalog.models import Organization

    with app.app_context():
        db.session.scalar(select(Organization).filter_by(acronym="IACIP")).contact_email = "agenda@iacip.org.mx"
        db.session.commit()
    event_id = make_event(capacity=10, organization="IACIP")
    client.post(f"/api/v1/events/{event_id}/registrations", json=person(email="ana@example.org"))
    deliver()
    (message,) = smtp_config.to("ana@example.org")
    ((_type, ics),) = calendars_of(message)
    (vevent,) = Calendar.from_ical(ics).walk("VEVENT")
    assert str(vevent["ORGANIZER"]) == "mailto:agenda@iacip.org.mx"
    feed = Calendar.from_ical(client.get(f"/eventos/{event_id}.ics").data)
    assert str(feed.walk("VEVENT")[0]["ORGANIZER"]) == "mailto:agenda@iacip.org.mx"


def test_waitlisted_and_promoted_people_get_their_own_mails(app, client, make_event, person, smtp_config,
                                                            deliver):
    event_id = make_event(capacity=1)
    client.post(f"/api/v1/events/{event_id}/registrations", json=person(email="a@example.org"))
    client.post(f"/api/v1/events/{event_id}/registrations", json=person(email="b@example.org"))
    deliver()
    (waiting,) = smtp_config.to("b@example.org")
    assert "Lista de espera (lugar 1)" in waiting["Subject"] and not calendars_of(waiting)
    manage = re.search(r"http://agenda\.test(/mi-registro/\S+)", text_of(smtp_config.to("a@example.org")[0])).group(1)
    client.post(manage + "/cancelar")
    deliver()
    promoted = [m for m in smtp_config.to("b@example.org") if m["Subject"].startswith("Ya tiene lugar")]
    assert len(promoted) == 1
    assert Calendar.from_ical(calendars_of(promoted[0])[0][1])["METHOD"] == "REQUEST"
    cancelled = [m for m in smtp_config.to("a@example.org") if m["Subject"].startswith("Registro cancelado")]
    assert Calendar.from_ical(calendars_of(cancelled[0])[0][1])["METHOD"] == "CANCEL"


def test_without_mail_server_the_log_gets_the_outbox_id_and_kind_but_no_personal_data(app, make_event, register,
                                                                                    caplog, monkeypatch):
    register(make_event(capacity=5), email="secreta@example.org", name="Nombre Secreto")
    # The in-process migrations' logging.config.fileConfig disabled loggers created before it ran.
    monkeypatch.setattr(logging.getLogger("agenda.outbox.mail"), "disabled", False)
    with caplog.at_level(logging.INFO, logger="agenda.outbox"), app.app_context():
        report = send_due(db.session)
        message = db.session.scalar(select(OutboxMessage))
    assert report.sent == [message.id] and message.status == "sent"
    assert f"outbox {message.id} (registration_confirmed)" in caplog.text
    assert "secreta@example.org" not in caplog.text and "Nombre Secreto" not in caplog.text


def _direct_render(app, registration_id, token):
    """The first mail as rendering its templates directly for this registration gives it."""
    from agenda.outbox.mail import render_mail
    from agenda.registration.links import self_service_url
    from agenda.registration.mails import event_facts
    from agenda.registration.models import STATUS_LABELS, Registration

    with app.test_request_context():
        registration = db.session.get(Registration, registration_id)
        event = registration.event
        template = f"registration_{registration.status}"
        return render_mail(template, **event_facts(event), registration=registration,
                           status_label=str(STATUS_LABELS[registration.status]),
                           manage_url=self_service_url(token),
                           meeting_url=event.meeting_url if registration.status == "confirmed" else None)


def test_first_mails_are_exactly_what_a_direct_render_gives_whatever_the_name(app, make_event, register,
                                                                              outbox):
    event_id = make_event(title="Taller \u2983nombre\u2984 <datos>", capacity=1, sessions=2,
                          meeting_url="https://reunion.example/j/1?a=1&b=2", stream_url="https://video.example/vivo")
    names = ['Ana <b>"O\'Neil" & Hijos</b>', "Luis {{ nombre }} %(n)s \u2983enlace\u2984 Pérez"]
    made = [register(event_id, email=f"p{n}@example.org", name=name) for n, name in enumerate(names)]
    for (registration_id, token), name in zip(made, names):
        (message,) = [m for m in outbox(to=f"p{names.index(name)}@example.org") if m.kind.startswith("registration")]
        text, html = _direct_render(app, registration_id, token)
        assert (message.body_text, message.body_html) == (text, html)
        assert "Taller \u2983nombre\u2984 <datos>" in message.subject  # organizers' text is never rewritten
    waiting = outbox(kind="registration_waitlisted")[0]
    assert waiting.subject.startswith("Lista de espera (lugar 1)")
    assert "Luis {{ nombre }} %(n)s \u2983enlace\u2984 Pérez" in waiting.body_text  # nor is a name
    assert "&lt;b&gt;&#34;O&#39;Neil&#34; &amp; Hijos&lt;/b&gt;" in outbox(to="p0@example.org")[0].body_html


def test_a_moved_session_shows_in_the_next_confirmation_mail(app, make_event, register, outbox):
    from datetime import timedelta

    from agenda.events.models import EventSession

    event_id = make_event(capacity=10, start=datetime(2031, 3, 4, 10, 0))
    register(event_id, email="antes@example.org")
    with app.app_context():
        event_session = db.session.scalar(select(EventSession).where(EventSession.event_id == event_id))
        event_session.starts_at += timedelta(hours=3)
        event_session.ends_at += timedelta(hours=3)
        db.session.commit()
    register(event_id, email="despues@example.org")
    assert "10:00" in outbox(to="antes@example.org")[0].body_text
    later = outbox(to="despues@example.org")[0].body_text
    assert "13:00" in later and "10:00" not in later


def test_the_mailed_entry_and_the_feed_entry_of_a_uid_agree(app, client, make_event, person, smtp_config,
                                                            deliver):
    """One builder (agenda.events.ical) renders a session for feeds and invitations: a calendar that has both
    sees the same entry. Only the iTIP parts differ: METHOD, DTSTAMP (when the message was written), ATTENDEE."""
    event_id = make_event(title="Conversatorio de datos abiertos", capacity=10, modality="hibrida",
                          venue_address="Av. Insurgentes 100", venue_city="León")
    client.post(f"/api/v1/events/{event_id}/registrations", json=person(email="ana@example.org"))
    deliver()
    (message,) = smtp_config.to("ana@example.org")
    ((_type, ics),) = calendars_of(message)
    mailed = Calendar.from_ical(ics)
    feed = Calendar.from_ical(client.get(f"/eventos/{event_id}.ics").data)
    assert str(mailed["PRODID"]) == str(feed["PRODID"])
    (mail_entry,), (feed_entry,) = mailed.walk("VEVENT"), feed.walk("VEVENT")
    for name in ("UID", "SEQUENCE", "SUMMARY", "LOCATION", "DESCRIPTION", "URL", "STATUS", "ORGANIZER"):
        assert str(mail_entry[name]) == str(feed_entry[name]), name
    for name in ("DTSTART", "DTEND", "LAST-MODIFIED", "CREATED"):
        assert mail_entry.decoded(name) == feed_entry.decoded(name), name
    assert "ATTENDEE" in mail_entry and "ATTENDEE" not in feed_entry
