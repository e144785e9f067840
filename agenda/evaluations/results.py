"""Results of an evaluation: per question the number of answers, the average (1–5 scales), the distribution
and the open answers; for identified evaluations, averages by state and by gender where a group has at
least MIN_CELL people (smaller cells are suppressed, shown as "—", so no small group can be singled out).
Anonymous evaluations have no breakdown at all: their answers are tied to nobody."""
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..registration.models import GENDER_LABELS, Registration
from ..spreadsheets import Sheet
from .models import Evaluation, EvaluationResponse

MIN_CELL = 5


@dataclass
class QuestionResult:
    key: str
    label: str
    kind: str
    answered: int = 0
    average: float | None = None
    distribution: list[tuple[str, int]] = field(default_factory=list)  # (option label, count)
    texts: list[str] = field(default_factory=list)


@dataclass
class Breakdown:
    title: str
    rows: list[tuple[str, int, dict[str, float | None]]]  # (group, people or None if suppressed, key -> avg)


@dataclass
class Results:
    evaluation: Evaluation
    responses: int
    questions: list[QuestionResult]
    breakdowns: list[Breakdown]


def _options(question: dict) -> list[tuple[str, str]]:
    kind = question["kind"]
    if kind == "scale":
        return [(str(n), str(n)) for n in range(1, 6)]
    if kind == "yes_no":
        return [("si", _("Sí")), ("no", _("No"))]
    if kind == "choice":
        return [(c, c) for c in question.get("choices") or []]
    return []


def _question_result(question: dict, answer_sets: list[dict]) -> QuestionResult:
    result = QuestionResult(question["key"], question["label"], question["kind"])
    values = [a[question["key"]] for a in answer_sets if question["key"] in a]
    result.answered = len(values)
    if question["kind"] == "text":
        result.texts = sorted(str(v) for v in values)  # sorted: the order of arrival tells nothing
        return result
    counts = Counter(str(v) for v in values)
    result.distribution = [(label, counts.get(code, 0)) for code, label in _options(question)]
    if question["kind"] == "scale" and values:
        result.average = round(sum(int(v) for v in values) / len(values), 2)
    return result


def results_for(session: Session, evaluation: Evaluation) -> Results:
    rows = session.execute(select(EvaluationResponse.answers, EvaluationResponse.registration_id)
                           .where(EvaluationResponse.evaluation_id == evaluation.id)).all()
    answer_sets = [answers or {} for answers, _rid in rows]
    questions = [_question_result(q, answer_sets) for q in evaluation.questions]
    breakdowns = [] if evaluation.is_anonymous else _breakdowns(session, evaluation, rows)
    return Results(evaluation, len(rows), questions, breakdowns)


def _breakdowns(session: Session, evaluation: Evaluation, rows) -> list[Breakdown]:
    scale_keys = [q["key"] for q in evaluation.questions if q["kind"] == "scale"]
    ids = [rid for _answers, rid in rows if rid is not None]
    if not scale_keys or not ids:
        return []
    people = {r.id: r for r in session.scalars(select(Registration).where(Registration.id.in_(ids)))}
    by_state, by_gender = defaultdict(list), defaultdict(list)
    for answers, rid in rows:
        person = people.get(rid)
        if person is None:
            continue
        by_state[person.state.name if person.state else _("Sin entidad")].append(answers or {})
        by_gender[str(GENDER_LABELS.get(person.gender, _("Sin dato")))].append(answers or {})
    return [_breakdown(_("Por entidad"), by_state, scale_keys), _breakdown(_("Por género"), by_gender, scale_keys)]


def _breakdown(title: str, groups: dict, keys: list[str]) -> Breakdown:
    rows = []
    for name in sorted(groups):
        sets = groups[name]
        if len(sets) < MIN_CELL:
            rows.append((name, None, {k: None for k in keys}))
            continue
        averages = {}
        for key in keys:
            values = [int(a[key]) for a in sets if key in a]
            averages[key] = round(sum(values) / len(values), 2) if len(values) >= MIN_CELL else None
        rows.append((name, len(sets), averages))
    return Breakdown(title, rows)


def sheets(results: Results) -> list[Sheet]:
    """The results as tables for CSV/XLSX: one summary sheet, the open answers, the breakdowns."""
    summary = Sheet(_("Resultados"), [_("Pregunta"), _("Tipo"), _("Respuestas"), _("Promedio"), _("Opción"),
                                      _("Personas")], [])
    for q in results.questions:
        if q.kind == "text":
            summary.rows.append([q.label, q.kind, q.answered, "", "", ""])
        for option, count in q.distribution:
            summary.rows.append([q.label, q.kind, q.answered, q.average if q.average is not None else "",
                                 option, count])
    texts = Sheet(_("Respuestas abiertas"), [_("Pregunta"), _("Respuesta")],
                  [[q.label, text] for q in results.questions for text in q.texts])
    out = [summary, texts]
    scale = [q for q in results.questions if q.kind == "scale"]
    for breakdown in results.breakdowns:
        out.append(Sheet(breakdown.title, [_("Grupo"), _("Personas")] + [q.label for q in scale],
                         [[name, "—" if n is None else n]
                          + ["—" if avgs.get(q.key) is None else avgs[q.key] for q in scale]
                          for name, n, avgs in breakdown.rows]))
    return out
