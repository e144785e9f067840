"""Demo content for `flask --app agenda demo`: the Jornada Nacional de Capacitación en Transparencia Proactiva
gets, per session, its slides (a small PDF made here) and a link to its recordings; an identified evaluation
of the whole jornada answered by most of those who attended (deterministic answers); and the rule "evaluation
required before the certificate". Idempotent: a jornada that already has an evaluation is left alone."""
import hashlib
from datetime import timedelta

from fpdf import FPDF
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..attendance.models import Attendance, AttendanceSettings
from ..attendance.settings import DEFAULT_MIN_MINUTES, DEFAULT_MIN_PERCENT
from ..cli import demo_loader
from ..events.models import Event, EventSession
from ..materials.models import Material
from ..registration.models import Registration
from .models import Evaluation, EvaluationResponse, EvaluationTemplate

JORNADA = "jornada-nacional-capacitacion-transparencia-proactiva-2020"
RECORDINGS = "https://www.youtube.com/results?search_query=Jornada+Nacional+Transparencia+Proactiva+2020"
QUESTIONS = [
    {"key": "q1", "label": "¿Qué tan útil fue la jornada para su trabajo?", "kind": "scale", "choices": None,
     "required": True},
    {"key": "q2", "label": "¿Qué tan claras fueron las exposiciones?", "kind": "scale", "choices": None,
     "required": True},
    {"key": "q3", "label": "¿Recomendaría esta capacitación?", "kind": "yes_no", "choices": None, "required": True},
    {"key": "q4", "label": "¿Qué modalidad prefiere para la próxima?", "kind": "choice",
     "choices": ["Virtual", "Presencial", "Híbrida"], "required": False},
    {"key": "q5", "label": "Comentarios y temas para futuras sesiones", "kind": "text", "choices": None,
     "required": False},
]
COMMENTS = ["Muy útil para elaborar el programa de Transparencia Proactiva.",
            "Faltó tiempo para preguntas.", "Excelentes ejemplos de otros estados.",
            "Sería bueno compartir plantillas de los lineamientos.", ""]
ANSWER_SHARE = 80  # percent of attendees who answered


def _byte(seed: str, index: int = 0) -> int:
    return hashlib.sha256(seed.encode()).digest()[index]


def _slides(title: str, session_title: str) -> bytes:
    pdf = FPDF(orientation="L", format="A4")
    pdf.add_page()
    pdf.set_font("helvetica", "B", 24)
    pdf.multi_cell(0, 12, title.encode("latin-1", "replace").decode("latin-1"), align="C",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", "", 16)
    pdf.multi_cell(0, 10, session_title.encode("latin-1", "replace").decode("latin-1"), align="C",
                   new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


@demo_loader
def load_demo_evaluations(session: Session) -> str:
    event = session.scalar(select(Event).where(Event.slug == JORNADA))
    if event is None or session.scalar(select(Evaluation.id).where(Evaluation.event_id == event.id).limit(1)):
        return "  Evaluaciones: nada que agregar"
    for index, event_session in enumerate(event.sessions, start=1):
        label = event_session.title or f"Sesión {index}"
        session.add(Material(event_id=event.id, session_id=event_session.id, kind="file",
                             title=f"Presentación: {label}", visibility="public",
                             filename=f"presentacion-sesion-{index}.pdf", content_type="application/pdf",
                             data=(data := _slides(event.title, label)), size=len(data)))
        session.add(Material(event_id=event.id, session_id=event_session.id, kind="link",
                             title=f"Grabación: {label}", visibility="public", url=RECORDINGS,
                             link_kind="recording"))
    template = EvaluationTemplate(organization_id=event.organization_id, title="Evaluación de la capacitación",
                                  questions=QUESTIONS)
    session.add(template)
    session.flush()
    evaluation = Evaluation(event_id=event.id, template_id=template.id, title=template.title,
                            questions=QUESTIONS, is_anonymous=False,
                            closes_at=(event.last_ends_at or event.first_starts_at) + timedelta(days=15))
    session.add(evaluation)
    session.flush()
    attendees = session.scalars(
        select(Registration).where(Registration.event_id == event.id, Registration.status == "confirmed",
                                   Registration.id.in_(select(Attendance.registration_id).join(EventSession)
                                                       .where(EventSession.event_id == event.id)))
        .order_by(Registration.id)).all()
    answered = 0
    for person in attendees:
        seed = f"{person.email}:evaluation"
        if _byte(seed) * 100 // 256 >= ANSWER_SHARE:
            continue
        answers = {"q1": 3 + _byte(seed, 1) % 3, "q2": 2 + _byte(seed, 2) % 4,
                   "q3": "si" if _byte(seed, 3) % 10 else "no",
                   "q4": QUESTIONS[3]["choices"][_byte(seed, 4) % 3]}
        comment = COMMENTS[_byte(seed, 5) % len(COMMENTS)]
        if comment:
            answers["q5"] = comment
        session.add(EvaluationResponse(id=hashlib.sha256(seed.encode()).hexdigest()[:32],
                                       evaluation_id=evaluation.id, registration_id=person.id, answers=answers,
                                       updated_at=evaluation.closes_at - timedelta(days=10)))
        answered += 1
    settings = session.get(AttendanceSettings, event.id)
    if settings is None:
        settings = AttendanceSettings(event_id=event.id, min_percent=DEFAULT_MIN_PERCENT,
                                      min_minutes=DEFAULT_MIN_MINUTES, certificates_enabled=True)
        session.add(settings)
    settings.evaluation_required = True
    session.flush()
    return (f"  Evaluaciones: la Jornada Nacional con {len(event.sessions) * 2} materiales, su evaluación y "
            f"{answered} respuestas (constancia con evaluación obligatoria)")
