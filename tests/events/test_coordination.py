"""The coordination view: every body's events, drafts included, with clashes flagged."""
from datetime import datetime

from agenda.events.services import save_event


def _event(session, admin, title, organization, start, end, people=(), status="draft", scope="state"):
    event = save_event(session, {
        "title": title, "type": "panel", "organization": organization, "scope": scope,
        "timezone": "America/Mexico_City", "sessions": [{"start": start, "end": end}],
        "people": [{"name": name, "role": "moderador"} for name in people]}, admin)
    if status != "draft":
        save_event(session, {"status": status}, admin, event)
    return event


def test_two_overlapping_sessions_sharing_a_moderator_are_flagged(client, login_as, user, session):
    admin = user("admin")
    _event(session, admin, "Panel de justicia abierta", "INAI", datetime(2030, 5, 6, 10), datetime(2030, 5, 6, 12),
           people=["Mtra. Ana Pérez Rangel"], status="published")
    _event(session, admin, "Conversatorio de parlamento abierto", "ITEI", datetime(2030, 5, 6, 11),
           datetime(2030, 5, 6, 13), people=["Ana Perez Rangel"])
    _event(session, admin, "Webinar sin choque", "IACIP", datetime(2030, 5, 6, 11), datetime(2030, 5, 6, 12),
           people=["Otra Persona"])
    session.commit()
    login_as("organizer", "ITEA")
    text = client.get("/coordinacion?vista=semana&fecha=2030-05-06").text
    assert "1 choque detectado" in text
    assert "misma persona: Mtra. Ana Pérez Rangel" in text
    assert text.count('class="timeline-item') == 3
    assert text.count("has-clash") == 2, "both clashing sessions are marked, the third is not"
    assert "Conversatorio de parlamento abierto" in text and "Borrador" in text, "drafts are included"


def test_no_clash_when_sessions_only_touch_and_national_events_clash(client, login_as, user, session):
    admin = user("admin")
    _event(session, admin, "Nacional uno", "ITEI", datetime(2030, 5, 7, 10), datetime(2030, 5, 7, 12), scope="national")
    _event(session, admin, "Nacional dos", "ITEA", datetime(2030, 5, 7, 11), datetime(2030, 5, 7, 12), scope="national")
    _event(session, admin, "Mismo moderador después", "IACIP", datetime(2030, 5, 7, 12), datetime(2030, 5, 7, 13),
           scope="national")
    session.commit()
    login_as("admin")
    text = client.get("/coordinacion?vista=mes&fecha=2030-05-01").text
    assert "1 choque detectado" in text and "ambos de alcance nacional" in text


def test_the_view_navigates_by_week_and_month(client, login_as):
    login_as("organizer", "IACIP")
    week = client.get("/coordinacion?vista=semana&fecha=2030-05-08").text
    assert "Semana del 6 de mayo al 12 de mayo de 2030" in week
    assert 'href="/coordinacion?vista=semana&amp;fecha=2030-04-29"' in week
    assert 'href="/coordinacion?vista=semana&amp;fecha=2030-05-13"' in week
    month = client.get("/coordinacion?vista=mes&fecha=2030-05-08").text
    assert "Mayo de 2030" in month and 'fecha=2030-04-01' in month and 'fecha=2030-06-01' in month
    assert client.get("/coordinacion?fecha=ayer").status_code == 400
    assert client.get("/coordinacion?fecha=0001-01-01").status_code == 400
