"""What evaluations hold of a person when the retention purge anonymises their registration: their identified
answers are cut loose (registration_id and time cleared, as anonymous answers are) and their open-text
answers, which may name someone, are removed; the scales and choices stay in the results. An erased
registration's answers go with it (ON DELETE CASCADE)."""
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain_events import RegistrationsAnonymised, subscribe
from .models import Evaluation, EvaluationResponse


@subscribe(RegistrationsAnonymised)
def on_registrations_anonymised(session: Session, fact: RegistrationsAnonymised) -> None:
    ids = set(fact.registration_ids)
    if not ids:
        return
    rows = session.execute(select(EvaluationResponse, Evaluation.questions)
                           .join(Evaluation, Evaluation.id == EvaluationResponse.evaluation_id)
                           .where(EvaluationResponse.registration_id.in_(ids))).all()
    for response, questions in rows:
        texts = {q["key"] for q in questions or [] if q.get("kind") == "text"}
        response.answers = {k: v for k, v in (response.answers or {}).items() if k not in texts}
        response.registration_id, response.updated_at = None, None
    session.flush()
