"""A finished two-session course with an evaluation template of IACIP, and helpers to attach and answer."""
from datetime import timedelta

import pytest

from agenda.evaluations import services
from agenda.evaluations.models import EvaluationTemplate
from agenda.events.models import Event
from agenda.extensions import db
from agenda.timeutil import utcnow

QUESTIONS = [
    {"label": "¿Qué tan útil fue el curso?", "kind": "scale", "required": True},
    {"label": "¿Lo recomendaría?", "kind": "yes_no", "required": True},
    {"label": "Modalidad preferida", "kind": "choice", "choices": "Virtual\nPresencial", "required": False},
    {"label": "Comentarios", "kind": "text", "required": False},
]


@pytest.fixture
def finished_course(make_event):
    """Two sessions that ended yesterday and the day before (local 10:00-12:00)."""
    start = (utcnow() - timedelta(days=3)).replace(hour=10, minute=0, second=0, microsecond=0)
    return make_event(title="Curso de Datos Abiertos", sessions=2, type="curso", start=start)


@pytest.fixture
def make_template(app):
    def make(organization="IACIP", questions=QUESTIONS, title="Evaluación del curso"):
        from agenda.catalog.services import organization_by_acronym

        with app.app_context():
            template = services.save_template(db.session, organization_by_acronym(db.session, organization).id,
                                              title, [dict(q) for q in questions])
            db.session.commit()
            return template.id

    return make


@pytest.fixture
def attach(app):
    def make(event_id, template_id, session_id=None, anonymous=False, closes_in=timedelta(days=7)):
        with app.app_context():
            evaluation = services.attach(db.session, db.session.get(Event, event_id),
                                         db.session.get(EvaluationTemplate, template_id), utcnow() + closes_in,
                                         session_id=session_id, anonymous=anonymous)
            db.session.commit()
            return evaluation.id

    return make


GOOD = {"q1": "4", "q2": "si", "q3": "Virtual", "q4": "Muy claro"}


@pytest.fixture
def register(app):
    """register(event_id, gender=..., state=...) -> (registration id, personal-link token), written directly
    (the course is over, so the registration service would refuse)."""
    from agenda.catalog.services import state_by_code
    from agenda.registration.models import Registration
    from agenda.security import new_token

    counter = {"n": 0}

    def make(event_id, gender="mujer", state="GUA", status="confirmed"):
        counter["n"] += 1
        token, digest = new_token()
        with app.app_context():
            registration = Registration(
                event_id=event_id, email=f"evaluada{counter['n']}@example.org", name=f"Persona {counter['n']}",
                institution="Instituto", position="", state=state_by_code(db.session, state), sector="gobierno",
                gender=gender, status=status, source="form", token_hash=digest, consent_at=utcnow(),
                confirmed_at=utcnow())
            db.session.add(registration)
            db.session.commit()
            return registration.id, token

    return make
