"""Who may open the organizer pages: anonymous → login, commissioner / another body → 403, owner and admin."""
import pytest
from sqlalchemy import select

from agenda.events.models import Event

from .conftest import form_data

ORGANIZER_PAGES = ["/mis-eventos", "/eventos/nuevo", "/coordinacion"]


@pytest.mark.parametrize("path", ORGANIZER_PAGES)
def test_anonymous_visitors_go_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302 and response.headers["Location"].startswith("/entrar?next=")


@pytest.mark.parametrize("path", ORGANIZER_PAGES + ["/admin/temas"])
def test_commissioners_get_403(client, login_as, path):
    login_as("commissioner", "INAI")
    assert client.get(path).status_code == 403


def _event_urls(event_id):
    return [("get", f"/eventos/{event_id}/editar"), ("post", f"/eventos/{event_id}/editar"),
            ("post", f"/eventos/{event_id}/estado"), ("post", f"/eventos/{event_id}/duplicar"),
            ("post", f"/eventos/{event_id}/borrar")]


def test_anonymous_cannot_edit(client, make_event):
    event_id = make_event(organization="IACIP", status="draft")
    for method, url in _event_urls(event_id):
        response = getattr(client, method)(url, data={"status": "published", "title": "X"})
        assert response.status_code == 302 and "/entrar" in response.headers["Location"], url


@pytest.mark.parametrize("role, organization", [("commissioner", "IACIP"), ("organizer", "ITEI")])
def test_commissioners_and_other_bodies_get_403_and_nothing_changes(client, login_as, make_event, session,
                                                                     role, organization):
    event_id = make_event(organization="IACIP", status="draft", title="Original")
    login_as(role, organization)
    for method, url in _event_urls(event_id):
        response = getattr(client, method)(url, data={"status": "published", "title": "Cambiado"})
        assert response.status_code == 403, url
    event = session.get(Event, event_id)
    assert (event.title, event.status) == ("Original", "draft")
    assert session.scalar(select(Event).where(Event.id != event_id)) is None, "no duplicate was made"


@pytest.mark.parametrize("role, organization", [("organizer", "IACIP"), ("organizer", "INAI"), ("admin", None)])
def test_owner_co_organizer_and_admin_can_edit(client, login_as, make_event, session, role, organization):
    event_id = make_event(organization="IACIP", co_organizers=["INAI"])
    login_as(role, organization)
    assert client.get(f"/eventos/{event_id}/editar").status_code == 200
    event = session.get(Event, event_id)
    data = form_data(title="Título corregido", sessions=[])
    for index, item in enumerate(event.sessions):
        data[f"sessions-{index}-id"] = str(item.id)
        data[f"sessions-{index}-date"] = "2030-01-01"
        data[f"sessions-{index}-start"], data[f"sessions-{index}-end"] = "10:00", "12:00"
    if role == "admin":
        data["organization"] = "IACIP"
    response = client.post(f"/eventos/{event_id}/editar", data=data)
    assert response.status_code == 302, response.text
    session.expire_all()
    assert session.get(Event, event_id).title == "Título corregido"


def test_organizers_see_only_their_events_in_my_events(client, login_as, make_event):
    make_event(title="Del IACIP", organization="IACIP")
    make_event(title="Coorganizado", organization="INAI", co_organizers=["IACIP"])
    make_event(title="Del ITEI", organization="ITEI")
    login_as("organizer", "IACIP")
    text = client.get("/mis-eventos").text
    assert "Del IACIP" in text and "Coorganizado" in text and "Del ITEI" not in text


def test_an_organizer_cannot_publish_in_another_bodys_name(client, login_as, session):
    login_as("organizer", "IACIP")
    response = client.post("/eventos/nuevo", data=form_data(organization="ITEI",
                                                            sessions=[("2030-05-01", "10:00", "12:00")]))
    assert response.status_code == 302
    assert session.scalars(select(Event)).one().organization.acronym == "IACIP", "organization field ignored"
