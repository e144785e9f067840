"""Results equal a count the test makes itself; breakdown cells under five people are suppressed; CSV and
XLSX carry the same figures; anonymous evaluations have no breakdown."""
import io
from collections import Counter

from openpyxl import load_workbook

from agenda.evaluations.models import Evaluation
from agenda.evaluations.results import results_for
from agenda.extensions import db

from .conftest import GOOD


def answer_all(client, finished_course, register, mark_present, evaluation_id, answers):
    for values, gender, state in answers:
        rid, token = register(finished_course, gender=gender, state=state)
        mark_present(rid, 0)
        response = client.post(f"/mi-registro/{token}/evaluaciones/{evaluation_id}", data=values)
        assert response.status_code == 303, response.text


def test_results_match_our_own_count_and_small_cells_are_suppressed(
        app, client, login_as, finished_course, register, mark_present, make_template, attach):
    evaluation_id = attach(finished_course, make_template())
    scores = [5, 4, 4, 3, 5, 2, 4, 1]
    answers = []
    for index, score in enumerate(scores):
        gender = "mujer" if index < 6 else "hombre"  # 6 women, 2 men: men's cell is suppressed
        values = dict(GOOD, q1=str(score), q2="si" if score >= 3 else "no", q4=f"Opinión {index}")
        if index % 2:
            values.pop("q3")
        answers.append((values, gender, "GUA"))
    answer_all(client, finished_course, register, mark_present, evaluation_id, answers)

    with app.app_context():
        outcome = results_for(db.session, db.session.get(Evaluation, evaluation_id))
    assert outcome.responses == len(scores)
    q1, q2, q3, q4 = outcome.questions
    assert q1.average == round(sum(scores) / len(scores), 2)
    expected = Counter(scores)
    assert q1.distribution == [(str(n), expected.get(n, 0)) for n in range(1, 6)]
    assert dict(q2.distribution)["Sí"] == sum(s >= 3 for s in scores)
    assert q3.answered == 4 and dict(q3.distribution) == {"Virtual": 4, "Presencial": 0}
    assert sorted(q4.texts) == sorted(f"Opinión {i}" for i in range(len(scores)))
    by_gender = {name: (n, avgs) for name, n, avgs in outcome.breakdowns[1].rows}
    assert by_gender["Mujer"] == (6, {"q1": round(sum(scores[:6]) / 6, 2)})
    assert by_gender["Hombre"] == (None, {"q1": None})  # 2 people: suppressed

    login_as("organizer", "IACIP")
    page = client.get(f"/evaluaciones/{evaluation_id}/resultados")
    assert page.status_code == 200
    assert f'data-average="q1">{q1.average}<' in page.text
    assert 'role="img"' in page.text  # the server-drawn chart
    assert "Opinión 3" in page.text
    csv = client.get(f"/evaluaciones/{evaluation_id}/resultados.csv")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    assert "attachment" in csv.headers["Content-Disposition"]
    xlsx = client.get(f"/evaluaciones/{evaluation_id}/resultados.xlsx")
    book = load_workbook(io.BytesIO(xlsx.data))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    scale_rows = [r for r in rows[1:] if r[0] == q1.label]
    assert [r[5] for r in scale_rows] == [expected.get(n, 0) for n in range(1, 6)]
    gender_sheet = list(book.worksheets[3].iter_rows(values_only=True))
    assert ("Hombre", "—", "—") in gender_sheet
    assert client.get(f"/evaluaciones/{evaluation_id}/resultados.pdf").status_code == 404


def test_anonymous_results_have_no_breakdown(app, client, finished_course, register, mark_present,
                                             make_template, attach):
    evaluation_id = attach(finished_course, make_template(), anonymous=True)
    answer_all(client, finished_course, register, mark_present, evaluation_id,
               [(dict(GOOD, q1=str(s)), "mujer", "GUA") for s in (5, 5, 4, 4, 3, 3)])
    with app.app_context():
        outcome = results_for(db.session, db.session.get(Evaluation, evaluation_id))
    assert outcome.responses == 6 and outcome.questions[0].average == 4.0
    assert outcome.breakdowns == []
