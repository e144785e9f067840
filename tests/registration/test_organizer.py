"""The organizers' registrant list: only the event's organizers and admins; filters, counts, exports, actions."""
import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from agenda.events.models import Event
from agenda.extensions import db

PAGES = ["/eventos/{id}/registros", "/eventos/{id}/registros.csv", "/eventos/{id}/registros.xlsx",
         "/eventos/{id}/registros/nuevo", "/eventos/{id}/preguntas"]


@pytest.fixture
def roster_event(make_event, register):
    event_id = make_event(capacity=2, organization="IACIP", co_organizers=["ITEI"])
    register(event_id, email="ana@example.org", name="Ana Martínez", state="GUA", sector="gobierno")
    register(event_id, email="beto@example.org", name="Beto Ramírez", state="JAL", sector="academia")
    register(event_id, email="carla@example.org", name="Carla Soto", state="GUA", sector="sociedad_civil")
    return event_id


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client, roster_event, path):
    response = client.get(path.format(id=roster_event))
    assert response.status_code == 302 and "/entrar" in response.headers["Location"]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("role, organization", [("commissioner", "INAI"), ("organizer", "INFOEM")])
def test_commissioners_and_other_bodies_organizers_get_403(client, login_as, roster_event, path, role,
                                                           organization):
    login_as(role, organization)
    response = client.get(path.format(id=roster_event))
    assert response.status_code == 403
    assert "ana@example.org" not in response.get_data(as_text=True)


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("role, organization", [("organizer", "IACIP"), ("organizer", "ITEI"), ("admin", None)])
def test_the_events_organizers_co_organizers_and_admins_see_it(client, login_as, roster_event, path, role,
                                                               organization):
    login_as(role, organization)
    assert client.get(path.format(id=roster_event)).status_code == 200


def test_actions_are_refused_to_other_bodies(client, app, login_as, roster_event, registrations_of):
    login_as("organizer", "INFOEM")
    with app.app_context():
        from agenda.registration.models import Registration

        first = db.session.scalar(select(Registration.id).order_by(Registration.id))
    assert client.post(f"/eventos/{roster_event}/registros/{first}/cancelar").status_code == 403
    assert registrations_of(roster_event)[0][1] == "confirmed"


def test_counts_search_and_filters(client, login_as, roster_event):
    login_as("organizer", "IACIP")
    html = client.get(f"/eventos/{roster_event}/registros").get_data(as_text=True)
    assert "<strong>2</strong> confirmados" in html and "<strong>1</strong> en lista de espera" in html
    assert "<strong>0</strong> lugares libres" in html
    by_name = client.get(f"/eventos/{roster_event}/registros?q=beto").get_data(as_text=True)
    assert "beto@example.org" in by_name and "ana@example.org" not in by_name
    by_state = client.get(f"/eventos/{roster_event}/registros?state=GUA").get_data(as_text=True)
    assert "ana@example.org" in by_state and "carla@example.org" in by_state and "beto@" not in by_state
    by_status = client.get(f"/eventos/{roster_event}/registros?status=waitlisted").get_data(as_text=True)
    assert "carla@example.org" in by_status and "ana@example.org" not in by_status
    by_sector = client.get(f"/eventos/{roster_event}/registros?sector=academia").get_data(as_text=True)
    assert "beto@example.org" in by_sector and "carla@" not in by_sector


def test_csv_and_xlsx_exports_have_the_same_rows(client, login_as, roster_event, make_question):
    login_as("organizer", "IACIP")
    csv_text = client.get(f"/eventos/{roster_event}/registros.csv?sector=gobierno").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(csv_text)))
    assert rows[0][:4] == ["Estado", "Lugar en lista de espera", "Nombre", "Correo electrónico"]
    assert [r[3] for r in rows[1:]] == ["ana@example.org"]
    workbook = load_workbook(io.BytesIO(client.get(f"/eventos/{roster_event}/registros.xlsx").data))
    sheet = workbook.active
    emails = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert emails == ["ana@example.org", "beto@example.org", "carla@example.org"]
    assert sheet.cell(row=4, column=1).value == "En lista de espera"


def test_exports_neutralise_spreadsheet_formulas(client, login_as, make_event, register):
    event_id = make_event(capacity=5)
    register(event_id, name="=HYPERLINK(\"http://x\")")
    login_as("organizer", "IACIP")
    rows = list(csv.reader(io.StringIO(client.get(f"/eventos/{event_id}/registros.csv").data.decode("utf-8-sig"))))
    assert rows[1][2].startswith("'=")


def test_manual_add_follows_the_seat_rules_and_mails_the_person(client, login_as, roster_event, registrations_of,
                                                               outbox):
    login_as("organizer", "IACIP")
    response = client.post(f"/eventos/{roster_event}/registros/nuevo", data={
        "name": "Diego Luna", "email": "diego@example.org", "institution": "ITEI", "state": "JAL",
        "sector": "gobierno"})
    assert response.status_code == 302
    assert registrations_of(roster_event)[-1] == ("diego@example.org", "waitlisted", 2)
    assert [m.to_address for m in outbox(kind="registration_waitlisted")][-1] == "diego@example.org"


@pytest.mark.parametrize(("status", "code", "message"), [
    ("draft", 409, "Publique el evento antes de registrar personas."),
    ("cancelled", 410, "El evento fue cancelado: ya no recibe registros."),
])
def test_manual_add_is_refused_for_drafts_and_cancelled_events_and_mails_nobody(
        client, login_as, make_event, registrations_of, outbox, status, code, message):
    event_id = make_event(capacity=5, organization="IACIP", status=status)
    login_as("organizer", "IACIP")
    response = client.post(f"/eventos/{event_id}/registros/nuevo", data={
        "name": "Diego Luna", "email": "diego@example.org", "institution": "ITEI", "state": "JAL",
        "sector": "gobierno"})
    assert response.status_code == code
    html = response.get_data(as_text=True)
    assert message in html and 'value="Diego Luna"' in html  # the form keeps what was typed
    assert registrations_of(event_id) == []
    assert outbox() == []


def test_organizer_cancel_promotes_and_promote_grows_capacity_instead_of_overbooking(
        client, app, login_as, roster_event, registrations_of):
    login_as("organizer", "IACIP")
    ids = {email: rid for rid, email in _ids(app, roster_event)}
    client.post(f"/eventos/{roster_event}/registros/{ids['ana@example.org']}/cancelar")
    assert [r[1] for r in registrations_of(roster_event)] == ["cancelled", "confirmed", "confirmed"]
    client.post(f"/eventos/{roster_event}/registros/nuevo", data={
        "name": "Diego", "email": "diego@example.org", "institution": "X", "state": "JAL", "sector": "gobierno"})
    ids = {email: rid for rid, email in _ids(app, roster_event)}
    response = client.post(f"/eventos/{roster_event}/registros/{ids['diego@example.org']}/confirmar",
                           data={"reason": "Ponente suplente"}, follow_redirects=True)  # beyond capacity
    assert "el cupo pasó a 3" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Event, roster_event).capacity == 3
    assert [r[1] for r in registrations_of(roster_event)].count("confirmed") == 3


def _ids(app, event_id):
    from agenda.registration.models import Registration

    with app.app_context():
        return db.session.execute(select(Registration.id, Registration.email)
                                  .where(Registration.event_id == event_id)).all()


def test_organizers_add_and_remove_questions(client, app, login_as, make_event):
    event_id = make_event()
    login_as("organizer", "IACIP")
    bad = client.post(f"/eventos/{event_id}/preguntas", data={"label": "Turno", "kind": "choice",
                                                               "choices": "Mañana"})
    assert bad.status_code == 422 and "al menos dos opciones" in bad.get_data(as_text=True)
    client.post(f"/eventos/{event_id}/preguntas", data={"label": "Turno", "kind": "choice",
                                                         "choices": "Mañana\nTarde\n", "is_required": "y"})
    form = client.get(f"/eventos/{event_id}/registro").get_data(as_text=True)
    assert "Turno" in form and 'value="Tarde"' in form
    with app.app_context():
        from agenda.registration.models import RegistrationQuestion

        question = db.session.scalar(select(RegistrationQuestion))
        assert (question.choices, question.is_required) == (["Mañana", "Tarde"], True)
    client.post(f"/eventos/{event_id}/preguntas/{question.id}/eliminar")
    assert "Turno" not in client.get(f"/eventos/{event_id}/registro").get_data(as_text=True)


def test_the_event_box_shows_the_roster_link_only_to_its_organizers(client, login_as, roster_event):
    page = f"/eventos/{roster_event}"
    assert "Ver registros" not in client.get(page, follow_redirects=True).get_data(as_text=True)
    login_as("organizer", "IACIP")
    assert "Ver registros (2 confirmados, 1 en espera)" in client.get(page, follow_redirects=True).get_data(
        as_text=True)
