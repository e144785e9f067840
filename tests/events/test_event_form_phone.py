"""Issue 16, the organizer's event form: required fields marked (and aria-required), the organizing body not
offered as its own co-organizer, and «Guardar y publicar» / «Publicar» land on the event page."""
import re

from sqlalchemy import select

from agenda.events.models import Event
from tests.events.conftest import form_data

REQUIRED = ("title", "type", "scope", "modality", "timezone")  # the body: a field for admins only


def test_required_fields_are_marked_with_a_star_and_aria_required(client, login_as):
    login_as("organizer", organization="IACIP")
    html = client.get("/eventos/nuevo").text
    for name in REQUIRED:
        tag = re.search(rf'<(?:input|select)[^>]*\bid="{name}"[^>]*>', html).group(0)
        assert 'aria-required="true"' in tag and "required" in tag, name
        assert re.search(rf'<label for="{name}">[^<]*</label> <span class="required" aria-hidden="true">\*</span>',
                         html), name
    summary = re.search(r'<input[^>]*\bid="summary"[^>]*>', html).group(0)
    assert "required" not in summary  # optional fields stay unmarked


def test_the_organizers_own_body_is_not_offered_as_a_co_organizer(client, login_as, make_event):
    login_as("organizer", organization="IACIP")
    html = client.get("/eventos/nuevo").text
    co_organizers = re.findall(r'name="co_organizers"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="co_organizers"',
                               html)
    offered = {a or b for a, b in co_organizers}
    assert "INAI" in offered and "IACIP" not in offered
    event_id = make_event(organization="IACIP")
    html = client.get(f"/eventos/{event_id}/editar").text
    offered = {a or b for a, b in re.findall(
        r'name="co_organizers"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="co_organizers"', html)}
    assert "INAI" in offered and "IACIP" not in offered


def test_save_and_publish_lands_on_the_event_page(client, login_as, session):
    login_as("organizer", organization="IACIP")
    response = client.post("/eventos/nuevo", data=form_data(sessions=[("2030-05-01", "10:00", "12:00")],
                                                           publish="1"))
    event = session.scalar(select(Event))
    assert event.status == "published"
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/eventos/{event.id}-{event.slug}")
    assert "Evento publicado." in client.get(response.headers["Location"]).text


def test_a_draft_saved_without_publishing_stays_on_the_form(client, login_as, session):
    login_as("organizer", organization="IACIP")
    response = client.post("/eventos/nuevo", data=form_data(sessions=[("2030-05-01", "10:00", "12:00")]))
    event = session.scalar(select(Event))
    assert event.status == "draft" and response.headers["Location"].endswith(f"/eventos/{event.id}/editar")


def test_publishing_a_draft_from_the_status_buttons_lands_on_the_event_page(client, login_as, make_event, session):
    login_as("organizer", organization="IACIP")
    event_id = make_event(status="draft")
    response = client.post(f"/eventos/{event_id}/estado", data={"status": "published"})
    event = session.get(Event, event_id)
    assert event.status == "published"
    assert response.headers["Location"].endswith(f"/eventos/{event.id}-{event.slug}")
