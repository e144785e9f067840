"""An event's agreements (notes): organizers write them in the event form, the event page shows them, and the
demo's commission sessions carry what the 2019-2020 report says each one agreed."""
from sqlalchemy import select

from agenda.events.models import Event
from tests.events.conftest import form_data


def test_the_organizer_writes_the_agreements_and_the_page_shows_them(client, login_as, session):
    login_as("organizer", "IACIP")
    response = client.post("/eventos/nuevo", data=form_data(
        title="Sesión ordinaria de prueba", type="sesion_ordinaria", sessions=[("2030-05-01", "10:00", "12:00")],
        notes="1. Se aprobó el **Plan de Trabajo**."))
    assert response.status_code in (302, 303), response.text
    event = session.scalar(select(Event).where(Event.title == "Sesión ordinaria de prueba"))
    assert event.notes == "1. Se aprobó el **Plan de Trabajo**."
    page = client.get(f"/eventos/{event.id}", follow_redirects=True).get_data(as_text=True)
    assert "Acuerdos y resultados" in page and "<strong>Plan de Trabajo</strong>" in page

    edit = client.get(f"/eventos/{event.id}/editar").get_data(as_text=True)
    assert "Se aprobó el **Plan de Trabajo**." in edit
    too_long = form_data(title="Sesión ordinaria de prueba", type="sesion_ordinaria",
                         sessions=[("2030-05-01", "10:00", "12:00")], notes="x" * 20001)
    too_long["sessions-0-id"] = str(event.sessions[0].id)
    refused = client.post(f"/eventos/{event.id}/editar", data=too_long)
    assert refused.status_code == 422 and 'id="notes-error">Máximo 20000 caracteres.' in refused.text


def test_an_event_without_agreements_has_no_such_section(client, make_event):
    event_id = make_event()
    assert "Acuerdos y resultados" not in client.get(f"/eventos/{event_id}", follow_redirects=True).text


def test_the_demo_sessions_show_what_the_report_says_they_agreed(runner, client, login_as, session):
    assert runner.invoke(args=["demo"]).exit_code == 0
    login_as("commissioner", "INAI")
    first = session.scalar(select(Event).where(
        Event.slug == "primera-sesion-ordinaria-comision-gobierno-abierto-2020"))
    page = client.get(f"/eventos/{first.id}", follow_redirects=True).get_data(as_text=True)
    assert "Acuerdos y resultados" in page and "Se aprobó el Plan de Trabajo de la Comisión" in page
