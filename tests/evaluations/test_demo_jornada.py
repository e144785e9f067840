"""The demo's Jornada Nacional carries slides and recordings per session, an answered evaluation whose
results show on its page, and certificates that require the evaluation."""
from sqlalchemy import func, select

from agenda.attendance.certificates import attendance_eligible_ids, eligible_ids
from agenda.evaluations.models import Evaluation, EvaluationResponse
from agenda.events.models import Event
from agenda.materials.models import Material

# Not imported from agenda.evaluations.demo: importing it here would register its loader before the events'
# demo loader (the loaders run in the order their modules are imported; create_app imports them by area).
JORNADA = "jornada-nacional-capacitacion-transparencia-proactiva-2020"


def test_demo_jornada_has_materials_answers_and_the_rule(runner, session, client, login_as):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    event = session.scalar(select(Event).where(Event.slug == JORNADA))
    materials = session.scalars(select(Material).where(Material.event_id == event.id)).all()
    assert len(materials) == 2 * len(event.sessions)
    evaluation = session.scalar(select(Evaluation).where(Evaluation.event_id == event.id))
    answers = session.scalar(select(func.count()).select_from(EvaluationResponse)
                             .where(EvaluationResponse.evaluation_id == evaluation.id))
    assert answers > 0
    by_attendance = attendance_eligible_ids(session, event)
    eligible = eligible_ids(session, event)
    answered = set(session.scalars(select(EvaluationResponse.registration_id)
                                   .where(EvaluationResponse.evaluation_id == evaluation.id)))
    assert eligible == by_attendance & answered and eligible < by_attendance  # some attended but did not answer
    page = client.get(f"/eventos/{event.id}-{event.slug}")
    assert "Materiales y grabaciones" in page.text and "Presentación: " in page.text
    login_as("organizer", "INAI")
    results = client.get(f"/evaluaciones/{evaluation.id}/resultados")
    assert results.status_code == 200 and f'<span data-stat="responses">{answers}</span>' in results.text
    assert runner.invoke(args=["demo"]).exit_code == 0  # idempotent
    assert session.scalar(select(func.count()).select_from(Evaluation)) == 1
