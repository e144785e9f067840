"""Publish, postpone, cancel with a reason, duplicate and delete drafts from the organizer pages."""
from sqlalchemy import select

from agenda.events.models import Event


def test_publish_postpone_cancel_with_reason_and_banners(client, login_as, make_event, session):
    event_id = make_event(organization="IACIP", status="draft", title="Webinar de datos")
    login_as("organizer", "IACIP")
    assert client.post(f"/eventos/{event_id}/estado", data={"status": "published"}).status_code == 302
    assert "Webinar de datos" in client.get("/agenda").text
    client.post(f"/eventos/{event_id}/estado", data={"status": "postponed", "reason": "Cambio de sede"})
    page = client.get(f"/eventos/{event_id}", follow_redirects=True).text
    assert 'class="banner banner-postponed"' in page and "Cambio de sede" in page
    response = client.post(f"/eventos/{event_id}/estado", data={"status": "cancelled", "reason": ""},
                           follow_redirects=True)
    assert "Explique el motivo de la cancelación." in response.text
    session.expire_all()
    assert session.get(Event, event_id).status == "postponed"
    client.post(f"/eventos/{event_id}/estado", data={"status": "cancelled", "reason": "Se suspende"})
    page = client.get(f"/eventos/{event_id}", follow_redirects=True).text
    assert 'class="banner banner-cancelled"' in page and "Motivo: Se suspende" in page
    agenda = client.get("/agenda").text
    assert "Webinar de datos" in agenda and "Cancelado" in agenda, "cancelled events stay listed, marked"


def test_duplicate_makes_a_draft_for_the_next_edition(client, login_as, make_event, session):
    event_id = make_event(organization="IACIP", title="Foro anual")
    login_as("organizer", "IACIP")
    response = client.post(f"/eventos/{event_id}/duplicar")
    copy = session.scalars(select(Event).where(Event.id != event_id)).one()
    assert response.headers["Location"].endswith(f"/eventos/{copy.id}/editar")
    assert copy.title == "Foro anual" and copy.status == "draft"


def test_only_drafts_can_be_deleted(client, login_as, make_event, session):
    published = make_event(organization="IACIP")
    draft = make_event(organization="IACIP", status="draft")
    login_as("organizer", "IACIP")
    response = client.post(f"/eventos/{published}/borrar", follow_redirects=True)
    assert "Solo se pueden borrar borradores" in response.text
    assert client.post(f"/eventos/{draft}/borrar").headers["Location"].endswith("/mis-eventos")
    session.expire_all()
    assert session.get(Event, published) is not None and session.get(Event, draft) is None
