"""The embeddable agenda: framing headers, the listing, and the embedded registration form's protection
(a signed form token bound to the event, an Origin check) with registration through the one service."""
import re
import time

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import select

from agenda.catalog.models import Organization
from agenda.embed import tokens
from agenda.extensions import db
from agenda.registration.models import Registration

OWN = "http://localhost"  # the test client's host: the frame's own origin


def form_token(html: str) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def embed_form(person, **overrides):
    values = person(**overrides)
    data = {k: v for k, v in values.items() if k not in ("consent", "answers") and v is not None}
    data["consent"] = "y"
    return data


def set_origins(app, acronym, text):
    with app.app_context():
        body = db.session.scalar(select(Organization).where(Organization.acronym == acronym))
        body.embed_origins = text
        db.session.commit()


def registrations(app):
    with app.app_context():
        return [(r.email, r.status, r.source) for r in db.session.scalars(select(Registration))]


def test_only_embed_pages_may_be_framed(client, app, make_event):
    event_id = make_event(capacity=10)
    framed = client.get("/embed/agenda?organization=IACIP")
    assert framed.status_code == 200
    assert "X-Frame-Options" not in framed.headers
    assert framed.headers["Content-Security-Policy"] == "frame-ancestors *"
    assert client.get(f"/embed/eventos/{event_id}/registro").headers["Content-Security-Policy"] == \
        "frame-ancestors *"
    for path in ("/agenda", f"/eventos/{event_id}/registro", "/entrar"):
        response = client.get(path)
        assert response.headers["X-Frame-Options"] == "DENY", path
        assert response.headers["Content-Security-Policy"] == "frame-ancestors 'none'", path


def test_a_body_with_listed_sites_is_framed_only_by_them(client, app, make_event):
    event_id = make_event()
    set_origins(app, "IACIP", "https://www.iacip-gto.org.mx\nhttp://127.0.0.2:8080")
    expected = "frame-ancestors 'self' https://www.iacip-gto.org.mx http://127.0.0.2:8080"
    assert client.get("/embed/agenda?organization=IACIP").headers["Content-Security-Policy"] == expected
    assert client.get(f"/embed/eventos/{event_id}/registro").headers["Content-Security-Policy"] == expected
    assert client.get("/embed/agenda?organization=INAI").headers["Content-Security-Policy"] == "frame-ancestors *"


def test_the_list_shows_the_bodys_upcoming_public_events_with_seats_left(client, app, make_event, make_attendee):
    full = make_event(title="Taller lleno", capacity=2)
    make_attendee(full)
    make_event(title="Webinar sin límite")
    make_event(title="Borrador oculto", status="draft")
    make_event(title="Solo para miembros", visibility="members")
    make_event(title="De otro organismo", organization="INAI")
    page = client.get("/embed/agenda?organization=IACIP&accent=%23005a9c&lang=es")
    html = page.get_data(as_text=True)
    assert "Taller lleno" in html and "Queda 1 lugar." in html
    assert "Webinar sin límite" in html
    for hidden in ("Borrador oculto", "Solo para miembros", "De otro organismo"):
        assert hidden not in html
    assert "--accent: #005a9c" in html
    assert "Set-Cookie" not in page.headers  # nothing for a browser to block


def test_accent_and_language_come_from_the_snippet_and_bad_values_fall_back(client, make_event):
    make_event(title="Evento")
    english = client.get("/embed/agenda?organization=IACIP&lang=en&accent=red;}body{x").get_data(as_text=True)
    assert "Upcoming events" in english
    assert "--accent: #8a1538" in english  # not a colour code: the default, nothing injected
    bad = client.get("/embed/agenda?type=nada")
    assert bad.status_code == 400 and "Tipo de evento desconocido" in bad.get_data(as_text=True)


def test_registering_in_the_frame_goes_through_the_registration_service(client, app, make_event, person, outbox):
    event_id = make_event(capacity=1)
    page = client.get(f"/embed/eventos/{event_id}/registro?lang=es")
    assert page.status_code == 200
    token = form_token(page.get_data(as_text=True))
    done = client.post(f"/embed/eventos/{event_id}/registro", data={**embed_form(person), "form_token": token},
                       headers={"Origin": OWN})
    assert done.status_code == 201, done.get_data(as_text=True)
    assert "Su lugar está confirmado" in done.get_data(as_text=True)
    assert registrations(app) == [("ana.martinez@iacip-gto.org.mx", "confirmed", "form")]
    assert len(outbox(kind="registration_confirmed")) == 1  # the service's mail, in its transaction
    again = client.post(f"/embed/eventos/{event_id}/registro",
                        data={**embed_form(person, email="otra@example.org"), "form_token": token},
                        headers={"Origin": OWN})
    assert "lista de espera" in again.get_data(as_text=True)  # the service's seat rules: full, so waitlisted
    duplicate = client.post(f"/embed/eventos/{event_id}/registro", data={**embed_form(person), "form_token": token},
                            headers={"Origin": OWN})
    assert duplicate.status_code == 409 and "Ya hay un registro" in duplicate.get_data(as_text=True)


def test_invalid_details_are_shown_on_the_form(client, app, make_event, person):
    event_id = make_event()
    token = form_token(client.get(f"/embed/eventos/{event_id}/registro").get_data(as_text=True))
    response = client.post(f"/embed/eventos/{event_id}/registro",
                           data={**embed_form(person, email="nada"), "form_token": token}, headers={"Origin": OWN})
    assert response.status_code == 422 and "Revise los datos marcados." in response.get_data(as_text=True)
    assert registrations(app) == []


@pytest.mark.parametrize("case", ["missing", "other_event", "forged", "expired"])
def test_a_post_without_a_valid_form_token_is_refused_in_spanish(client, app, make_event, person, case):
    event_id, other_id = make_event(), make_event()
    with app.test_request_context():
        token = {"missing": "", "other_event": tokens.make_form_token(other_id),
                 "forged": URLSafeTimedSerializer("otra-clave", salt=tokens.SALT).dumps({"event": event_id}),
                 "expired": _old_token(app, event_id)}[case]
    response = client.post(f"/embed/eventos/{event_id}/registro", data={**embed_form(person), "form_token": token},
                           headers={"Origin": OWN})
    assert response.status_code == 400
    assert re.search(r"(Falta la clave|no es válida|caducó)", response.get_data(as_text=True))
    assert registrations(app) == []


def _old_token(app, event_id):
    class Earlier(TimestampSigner):
        def get_timestamp(self):
            return int(time.time()) - tokens.max_age_seconds() - 60

    return URLSafeTimedSerializer(app.config["SECRET_KEY"], salt=tokens.SALT, signer=Earlier).dumps(
        {"event": event_id})


@pytest.mark.parametrize("headers", [{"Origin": "http://127.0.0.3:9000"}, {"Origin": "null"},
                                     {"Referer": "https://ataque.example/pagina"}])
def test_a_post_from_another_origin_is_refused_even_with_a_token(client, app, make_event, person, headers):
    event_id = make_event()
    token = form_token(client.get(f"/embed/eventos/{event_id}/registro").get_data(as_text=True))
    response = client.post(f"/embed/eventos/{event_id}/registro", data={**embed_form(person), "form_token": token},
                           headers=headers)
    assert response.status_code == 403
    assert "solo puede enviarse desde la agenda insertada" in response.get_data(as_text=True)
    assert registrations(app) == []


def test_a_post_from_one_of_the_bodys_sites_is_accepted(client, app, make_event, person):
    event_id = make_event()
    set_origins(app, "IACIP", "https://www.iacip-gto.org.mx")
    token = form_token(client.get(f"/embed/eventos/{event_id}/registro").get_data(as_text=True))
    response = client.post(f"/embed/eventos/{event_id}/registro", data={**embed_form(person), "form_token": token},
                           headers={"Origin": "https://www.iacip-gto.org.mx"})
    assert response.status_code == 201


def test_drafts_and_members_only_events_have_no_embedded_form(client, make_event):
    assert client.get(f"/embed/eventos/{make_event(status='draft')}/registro").status_code == 404
    assert client.get(f"/embed/eventos/{make_event(visibility='members')}/registro").status_code == 404


def test_the_organizer_copies_the_snippet_and_lists_the_bodys_sites(client, app, login_as):
    login_as("organizer", organization="IACIP")
    page = client.get("/embed/codigo").get_data(as_text=True)
    assert 'data-organization="IACIP"' in page and "/static/js/embed.js" in page
    saved = client.post("/embed/codigo", data={"embed_origins": "https://www.iacip-gto.org.mx/\nhttps://WWW.IACIP-GTO.ORG.MX"})
    assert saved.status_code == 200 and "Sitios guardados." in saved.get_data(as_text=True)
    with app.app_context():
        body = db.session.scalar(select(Organization).where(Organization.acronym == "IACIP"))
        assert body.embed_origins == "https://www.iacip-gto.org.mx"
    bad = client.post("/embed/codigo", data={"embed_origins": "https://www.iacip-gto.org.mx/agenda"})
    assert bad.status_code == 422 and "no es un origen válido" in bad.get_data(as_text=True)
    assert client.get("/embed/codigo?organization=INAI").status_code == 403


def test_the_snippet_page_needs_an_organizer(client, login_as):
    assert client.get("/embed/codigo").status_code == 302
    login_as("commissioner", organization=None)
    assert client.get("/embed/codigo").status_code == 403


def test_the_embed_script_is_small_and_has_no_dependencies(client):
    script = client.get("/static/js/embed.js")
    text = script.get_data(as_text=True)
    assert script.status_code == 200 and len(text.encode()) < 4000
    assert "import " not in text and "require(" not in text
