"""Answering an evaluation from the personal link: when it is open, who may answer, one answer per person
(editable when identified, final when anonymous), Spanish 4xx for bad answers, and the certificate rule."""
from datetime import timedelta

from sqlalchemy import func, inspect, select, text

from agenda.attendance.models import AttendanceSettings
from agenda.evaluations.models import EvaluationMarker, EvaluationResponse
from agenda.extensions import db
from agenda.timeutil import utcnow

from .conftest import GOOD


def url(token, evaluation_id):
    return f"/mi-registro/{token}/evaluaciones/{evaluation_id}"


def test_attendee_answers_and_edits_until_closing(client, session, finished_course, register, mark_present,
                                                  make_template, attach):
    evaluation_id = attach(finished_course, make_template())
    rid, token = register(finished_course)
    mark_present(rid, 0)
    page = client.get(f"/mi-registro/{token}")
    assert url(token, evaluation_id) in page.text  # the personal page links the evaluation
    assert client.post(url(token, evaluation_id), data=GOOD).status_code == 303
    assert client.post(url(token, evaluation_id), data=dict(GOOD, q1="2")).status_code == 303
    rows = session.scalars(select(EvaluationResponse)).all()
    assert len(rows) == 1 and rows[0].registration_id == rid and rows[0].answers["q1"] == 2
    assert "Cambiar mis respuestas" in client.get(f"/mi-registro/{token}").text


def test_bad_and_missing_answers_are_refused_in_spanish(client, session, finished_course, register, mark_present,
                                                        make_template, attach):
    evaluation_id = attach(finished_course, make_template())
    rid, token = register(finished_course)
    mark_present(rid, 0)
    response = client.post(url(token, evaluation_id), data={"q1": "9", "q3": "Por correo"})
    assert response.status_code == 422
    assert "Elija un valor del 1 al 5." in response.text
    assert "Responda esta pregunta." in response.text  # q2 required
    assert "Elija una de las opciones." in response.text
    assert session.scalar(select(func.count()).select_from(EvaluationResponse)) == 0


def test_not_open_before_the_session_ends_nor_after_closing_nor_for_absentees(
        client, session, make_event, finished_course, register, mark_present, make_template, attach):
    template = make_template()
    future = make_event(sessions=1)  # starts in three days
    future_eval = attach(future, template, closes_in=timedelta(days=10))
    rid, token = register(future)
    mark_present(rid, 0)
    response = client.post(url(token, future_eval), data=GOOD)
    assert response.status_code == 409 and "se abre al terminar la sesión" in response.text

    closed = attach(finished_course, template, closes_in=timedelta(days=7))
    rid2, token2 = register(finished_course)
    _absent_id, absent_token = register(finished_course)
    mark_present(rid2, 0)
    from agenda.evaluations.models import Evaluation
    with client.application.app_context():
        db.session.get(Evaluation, closed).closes_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    response = client.post(url(token2, closed), data=GOOD)
    assert response.status_code == 409 and "La evaluación ya cerró." in response.text
    open_eval = attach(finished_course, template)
    response = client.post(url(absent_token, open_eval), data=GOOD)
    assert response.status_code == 403 and "quienes asistieron" in response.text
    assert session.scalar(select(func.count()).select_from(EvaluationResponse)) == 0


def test_session_evaluation_is_for_that_sessions_attendees(client, finished_course, register, mark_present,
                                                           event_session_ids, make_template, attach):
    second = event_session_ids(finished_course)[1]
    evaluation_id = attach(finished_course, make_template(), session_id=second)
    rid, token = register(finished_course)
    mark_present(rid, 0)  # only the first session
    assert client.post(url(token, evaluation_id), data=GOOD).status_code == 403
    mark_present(rid, session_id=second)
    assert client.post(url(token, evaluation_id), data=GOOD).status_code == 303


def test_anonymous_answer_once_and_no_join_from_the_tables(app, client, session, finished_course, register,
                                                           mark_present, make_template, attach):
    evaluation_id = attach(finished_course, make_template(), anonymous=True)
    people = []
    for index in range(6):
        rid, token = register(finished_course)
        mark_present(rid, 0)
        people.append((rid, token))
        assert client.post(url(token, evaluation_id), data=dict(GOOD, q1=str(index % 5 + 1),
                                                               q4=f"comentario {index}")).status_code == 303
    again = client.post(url(people[0][1], evaluation_id), data=GOOD)
    assert again.status_code == 409 and "Ya respondió" in again.text
    assert session.scalar(select(func.count()).select_from(EvaluationResponse)) == 6
    assert session.scalar(select(func.count()).select_from(EvaluationMarker)) == 6

    # The join attempt: the two tables share no column but the evaluation id...
    inspector = inspect(db.engine)
    response_columns = {c["name"] for c in inspector.get_columns("evaluation_responses")}
    marker_columns = {c["name"] for c in inspector.get_columns("evaluation_markers")}
    assert response_columns & marker_columns == {"evaluation_id"}
    responses = session.execute(text("SELECT * FROM evaluation_responses")).mappings().all()
    markers = session.execute(text("SELECT * FROM evaluation_markers")).mappings().all()
    # ...answers carry no registration id nor time, and nothing in them equals anything of a registration
    assert all(r["registration_id"] is None and r["updated_at"] is None for r in responses)
    registration_values = set()
    for row in session.execute(text("SELECT id, token_hash, email FROM registrations")).all():
        registration_values |= {str(v) for v in row}
    for row in responses + markers:
        assert not {str(v) for k, v in row.items() if k != "evaluation_id"} & registration_values
    # ...the marker is keyed: it is not a plain hash of the registration id anybody could compute
    import hashlib
    plain = {hashlib.sha256(f"{evaluation_id}:{rid}".encode()).hexdigest() for rid, _t in people}
    assert not plain & {m["marker"] for m in markers}
    # ...and the ids are random, so sorting either table does not pair rows up in answering order
    comments_by_id = [r["answers"] for r in sorted(responses, key=lambda r: r["id"])]
    assert len({r["id"] for r in responses}) == 6 and all(len(r["id"]) == 32 for r in responses)
    if db.engine.dialect.name == "sqlite":  # WITHOUT ROWID: storage order is the random key's order
        stored = [r["answers"] for r in responses]
        assert stored == comments_by_id


def test_certificate_waits_for_the_evaluation_when_the_event_requires_it(
        client, session, finished_course, register, mark_present, make_template, attach):
    evaluation_id = attach(finished_course, make_template(), anonymous=True)
    rid, token = register(finished_course)
    mark_present(rid, 0)
    mark_present(rid, 1)
    session.add(AttendanceSettings(event_id=finished_course, min_percent=80, min_minutes=30,
                                   certificates_enabled=True, evaluation_required=True))
    session.commit()
    assert "mi-constancia" not in client.get(f"/mi-registro/{token}").text
    refused = client.get(f"/asistencia/mi-constancia/{token}")
    assert refused.status_code == 409 and "primero responda la evaluación" in refused.text
    assert client.post(url(token, evaluation_id), data=GOOD).status_code == 303
    assert "mi-constancia" in client.get(f"/mi-registro/{token}").text
    issued = client.get(f"/asistencia/mi-constancia/{token}")
    assert issued.status_code == 200 and issued.mimetype == "application/pdf"


def test_without_the_rule_the_certificate_does_not_wait(client, session, finished_course, register,
                                                       mark_present, make_template, attach):
    attach(finished_course, make_template())
    rid, token = register(finished_course)
    mark_present(rid, 0)
    mark_present(rid, 1)
    assert client.get(f"/asistencia/mi-constancia/{token}").status_code == 200


def test_organizer_builds_a_template_and_attaches_it(client, login_as, session, finished_course,
                                                     make_template):
    login_as("organizer", "IACIP")
    form = {"title": "Satisfacción", "label_1": "¿Qué tan claro fue?", "kind_1": "scale", "required_1": "1",
            "label_2": "Tema favorito", "kind_2": "choice", "choices_2": "Datos\nArchivos"}
    response = client.post("/evaluaciones/plantillas", data=form)
    assert response.status_code == 303
    bad = client.post("/evaluaciones/plantillas", data={"title": "X", "label_1": "Opción", "kind_1": "choice"})
    assert bad.status_code == 422 and "al menos dos opciones" in bad.text
    from agenda.evaluations.models import Evaluation, EvaluationTemplate
    template = session.scalar(select(EvaluationTemplate).where(EvaluationTemplate.title == "Satisfacción"))
    assert [q["kind"] for q in template.questions] == ["scale", "choice"]
    closes = (utcnow() + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(f"/evaluaciones/eventos/{finished_course}",
                           data={"template_id": template.id, "closes_at": closes, "anonymous": "1"})
    assert response.status_code == 303
    missing = client.post(f"/evaluaciones/eventos/{finished_course}", data={"template_id": template.id})
    assert missing.status_code == 422 and "fecha y hora de cierre" in missing.text
    evaluation = session.scalar(select(Evaluation))
    assert evaluation.is_anonymous and evaluation.questions == template.questions
    other = make_template(organization="INAI", title="Del INAI")
    response = client.post(f"/evaluaciones/eventos/{finished_course}", data={"template_id": other,
                                                                            "closes_at": closes})
    assert response.status_code == 403


def test_other_bodys_organizer_cannot_see_results(client, login_as, finished_course, make_template, attach):
    evaluation_id = attach(finished_course, make_template())
    login_as("organizer", "INAI")
    assert client.get(f"/evaluaciones/{evaluation_id}/resultados").status_code == 403
    assert client.get(f"/evaluaciones/eventos/{finished_course}").status_code == 403


def test_anonymisation_unlinks_answers_and_removes_open_texts(client, session, finished_course, register,
                                                              mark_present, make_template, attach):
    from agenda.domain_events import RegistrationsAnonymised, publish

    evaluation_id = attach(finished_course, make_template())
    rid, token = register(finished_course)
    mark_present(rid, 0)
    assert client.post(url(token, evaluation_id), data=dict(GOOD, q4="Me atendió Juan Pérez")).status_code == 303
    publish(session, RegistrationsAnonymised(event_id=finished_course, registration_ids=(rid,)))
    session.commit()
    response = session.scalar(select(EvaluationResponse))
    assert response.registration_id is None and response.updated_at is None
    assert response.answers == {"q1": 4, "q2": "si", "q3": "Virtual"}
