"""The follow-up mail after a session: previewed, then queued once per person (pressing twice queues
nothing more), delivered through the real SMTP sink once per person even with two senders at once; attendees
get thanks, materials and the evaluation link (which works), those who missed it get the recording."""
import io
import re
import threading

from sqlalchemy import func, select

from agenda.events.models import Event
from agenda.extensions import db
from agenda.materials.services import add_file, add_link
from agenda.outbox.models import OutboxMessage
from agenda.outbox.services import send_due

from .conftest import GOOD

PDF = b"%PDF-1.4\n%%EOF\n"


def test_followup_preview_then_once_per_person_through_smtp(app, client, login_as, finished_course, register,
                                                            mark_present, event_session_ids, make_template,
                                                            attach, smtp_config):
    sink = smtp_config
    first = event_session_ids(finished_course)[0]
    evaluation_id = attach(finished_course, make_template(), session_id=first)
    with app.app_context():
        event = db.session.get(Event, finished_course)
        add_file(db.session, event, io.BytesIO(PDF), "diapositivas.pdf", "Diapositivas", "attendees",
                 session_id=first)
        add_link(db.session, event, "https://www.youtube.com/watch?v=grabacion", "Grabación", "registrants",
                 session_id=first)
        db.session.commit()
    attendees = [register(finished_course) for _ in range(3)]
    missed = [register(finished_course) for _ in range(2)]
    for rid, _token in attendees:
        mark_present(rid, session_id=first)

    login_as("organizer", "IACIP")
    page = client.get(f"/evaluaciones/sesiones/{first}/seguimiento")
    assert page.status_code == 200
    assert "Gracias por participar" in page.text and "Materiales de la sesión que se perdió" in page.text
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0  # preview sends nothing
    assert client.post(f"/evaluaciones/sesiones/{first}/seguimiento").status_code == 303
    assert client.post(f"/evaluaciones/sesiones/{first}/seguimiento").status_code == 303  # twice: nothing more

    errors = []
    barrier = threading.Barrier(2)

    def worker():
        try:
            with app.app_context():
                barrier.wait(timeout=10)
                while send_due(db.session, limit=1).claimed:
                    pass
                db.session.remove()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert len(sink.messages) == 5
    recipients = [m["To"].addresses[0].addr_spec for m in sink.messages]
    assert len(set(recipients)) == 5

    with app.app_context():
        from agenda.registration.models import Registration
        emails = {rid: db.session.get(Registration, rid).email for rid, _t in attendees + missed}
    for rid, _token in attendees:
        (message,) = sink.to(emails[rid])
        body = message.get_body(preferencelist=("plain",)).get_content()
        assert "Gracias por participar" in body and "Diapositivas" in body and "Grabación" in body
        link = re.search(r"http://agenda\.test(/evaluaciones/\d+/responder/\S+)", body).group(1)
        file_link = re.search(r"http://agenda\.test(/materiales/\d+/r/\S+)", body).group(1)
        client.post("/salir")
        assert client.get(file_link).data == PDF
        assert client.post(link, data=GOOD).status_code == 303  # the mail's link answers the evaluation
    for rid, _token in missed:
        (message,) = sink.to(emails[rid])
        body = message.get_body(preferencelist=("plain",)).get_content()
        assert "youtube.com/watch?v=grabacion" in body
        assert "Diapositivas" not in body and "/evaluaciones/" not in body  # attendees only
    from agenda.evaluations.models import EvaluationResponse
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(EvaluationResponse)
                                 .where(EvaluationResponse.evaluation_id == evaluation_id)) == 3
    assert client.get(link[:-4] + "0000").status_code == 404  # a forged signature


def test_other_body_cannot_send_the_followup(client, login_as, finished_course, event_session_ids):
    login_as("organizer", "INAI")
    first = event_session_ids(finished_course)[0]
    assert client.post(f"/evaluaciones/sesiones/{first}/seguimiento").status_code == 403
