"""The calendar pages: "Mis calendarios" (secret URLs shown once, rotate, revoke, what to follow), the public
subscription help page, and the calendar links the event and agenda pages include."""
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import render_template
from sqlalchemy import select

from agenda.events.models import Event
from agenda.extensions import db
from agenda.feeds.models import FeedSubscription, FeedToken

SECRET_URL = re.compile(r"http://agenda\.test/calendario/([A-Za-z0-9_-]{40,})\.ics")

POST_PAGES = ["/mis-calendarios/seguir", "/mis-calendarios/direcciones", "/mis-calendarios/direcciones/1/nueva",
              "/mis-calendarios/direcciones/1/revocar", "/eventos/1/seguir-en-mi-calendario",
              "/mis-calendarios/eventos/1/dejar"]


def test_my_calendars_needs_an_account(client):
    response = client.get("/mis-calendarios")
    assert response.status_code == 302 and response.headers["Location"].startswith("/entrar?next=")


@pytest.mark.parametrize("path", POST_PAGES)
def test_every_action_needs_an_account(client, path):
    response = client.post(path)
    assert response.status_code == 302 and "/entrar" in response.headers["Location"]


@pytest.mark.parametrize("path", POST_PAGES)
def test_every_action_needs_the_csrf_code(client, login_as, request, path):
    login_as("commissioner")
    request.getfixturevalue("csrf_enabled")  # after logging in (the login form has its own CSRF)
    assert client.post(path).status_code == 400


@pytest.mark.parametrize("role", ["commissioner", "organizer", "admin"])
def test_navigation_offers_both_pages_to_accounts(client, login_as, role):
    login_as(role)
    page = client.get("/").text
    assert 'href="/mis-calendarios"' in page and 'href="/suscribirse"' in page


def test_the_secret_url_is_shown_once_and_works(client, login_as, app):
    login_as("commissioner")
    created = client.post("/mis-calendarios/direcciones", data={"label": "Teléfono"})
    assert created.status_code == 201
    assert "no-store" in created.headers["Cache-Control"]
    (secret,) = set(SECRET_URL.findall(created.text))
    assert "webcal://agenda.test/calendario/" + secret in created.text
    assert client.get(f"/calendario/{secret}.ics").status_code == 200
    page = client.get("/mis-calendarios").text
    assert secret not in page, "stored hashed: never shown again"
    assert "Teléfono" in page and secret[:6] in page
    with app.app_context():
        assert db.session.scalar(select(FeedToken.last_used_at)) is not None
    assert "Nunca" not in page.split("Teléfono")[1].split("</tr>")[0], "the page shows the last use"


def test_rotating_shows_a_new_url_and_kills_the_old_one(client, login_as, app):
    login_as("commissioner")
    (old,) = set(SECRET_URL.findall(client.post("/mis-calendarios/direcciones", data={"label": "Outlook"}).text))
    with app.app_context():
        token_id = db.session.scalar(select(FeedToken.id))
    rotated = client.post(f"/mis-calendarios/direcciones/{token_id}/nueva")
    assert rotated.status_code == 200
    (new,) = set(SECRET_URL.findall(rotated.text))
    assert new != old
    assert client.get(f"/calendario/{old}.ics").status_code == 410
    assert client.get(f"/calendario/{new}.ics").status_code == 200


def test_revoking_from_the_page(client, login_as, app):
    login_as("commissioner")
    (secret,) = set(SECRET_URL.findall(client.post("/mis-calendarios/direcciones").text))
    with app.app_context():
        token_id = db.session.scalar(select(FeedToken.id))
    response = client.post(f"/mis-calendarios/direcciones/{token_id}/revocar", follow_redirects=True)
    assert "quedó revocada" in response.text and "Revocada el" in response.text
    assert client.get(f"/calendario/{secret}.ics").status_code == 410
    assert client.post(f"/mis-calendarios/direcciones/{token_id}/nueva").status_code == 404


def test_someone_elses_token_is_not_found(client, login_as, auth, make_user, feed_secret, app):
    owner, _ = make_user(role="commissioner")
    feed_secret(owner)
    with app.app_context():
        token_id = db.session.scalar(select(FeedToken.id))
    login_as("commissioner")
    assert client.post(f"/mis-calendarios/direcciones/{token_id}/revocar").status_code == 404
    assert client.post(f"/mis-calendarios/direcciones/{token_id}/nueva").status_code == 404


def test_a_too_long_label_is_refused_with_a_message(client, login_as):
    login_as("commissioner")
    response = client.post("/mis-calendarios/direcciones", data={"label": "x" * 81})
    assert response.status_code == 422
    assert not SECRET_URL.search(response.text)


def test_choosing_what_to_follow(client, login_as, app, make_event):
    user_id, _ = login_as("commissioner")
    response = client.post("/mis-calendarios/seguir", data={
        "organizations": ["ITEI", "INAI"], "regions": ["norte"], "types": ["taller"], "themes": ["datos-abiertos"]})
    assert response.status_code == 302
    with app.app_context():
        rows = db.session.scalars(select(FeedSubscription).where(FeedSubscription.user_id == user_id)).all()
        assert sorted((r.kind, r.code or r.organization.acronym) for r in rows) == [
            ("organization", "INAI"), ("organization", "ITEI"), ("region", "norte"), ("theme", "datos-abiertos"),
            ("type", "taller")]
    page = client.get("/mis-calendarios").text
    assert re.search(r'<input[^>]*checked[^>]*value="norte"|<input[^>]*value="norte"[^>]*checked', page)
    bad = client.post("/mis-calendarios/seguir", data={"regions": ["oeste"]})
    assert bad.status_code == 422 and "Región desconocida" in bad.text


def test_following_and_unfollowing_one_event(client, login_as, app, make_event):
    user_id, _ = login_as("commissioner")
    event_id = make_event(title="Foro de Parlamento Abierto")
    response = client.post(f"/eventos/{event_id}/seguir-en-mi-calendario", data={"next": "/agenda"})
    assert response.status_code == 302 and response.headers["Location"] == "/agenda"
    client.post(f"/eventos/{event_id}/seguir-en-mi-calendario", data={"next": "https://malo.example/"})
    with app.app_context():
        assert db.session.scalar(select(FeedSubscription.event_id).where(FeedSubscription.user_id == user_id)) \
            == event_id
        assert len(db.session.scalars(select(FeedSubscription)).all()) == 1, "following twice changes nothing"
    assert "Foro de Parlamento Abierto" in client.get("/mis-calendarios").text
    client.post(f"/mis-calendarios/eventos/{event_id}/dejar")
    with app.app_context():
        assert db.session.scalar(select(FeedSubscription)) is None
    assert client.post("/eventos/99999/seguir-en-mi-calendario").status_code == 404
    draft = make_event(status="draft")
    assert client.post(f"/eventos/{draft}/seguir-en-mi-calendario").status_code == 404


def test_subscription_page_explains_each_program_with_the_url_to_copy(client):
    response = client.get("/suscribirse")
    assert response.status_code == 200
    page = response.text
    for name in ("Google Calendar", "Outlook", "Apple", "Thunderbird"):
        assert name in page
    assert 'value="http://agenda.test/calendario.ics"' in page and "readonly" in page
    assert 'href="webcal://agenda.test/calendario.ics"' in page
    assert "data-copy=" in page and "js/feeds.js" in page


def test_subscription_page_builds_a_filtered_url_and_explains_bad_filters(client):
    page = client.get("/suscribirse?type=taller&region=norte&from=2020-01-01").text
    assert 'value="http://agenda.test/calendario.ics?type=taller&amp;region=norte"' in page
    bad = client.get("/suscribirse?type=fiesta")
    assert bad.status_code == 400 and "Tipo de evento desconocido" in bad.text
    assert 'value="http://agenda.test/calendario.ics"' in bad.text


def test_event_page_links(app, make_event, session):
    event_id = make_event(title="Jornada", sessions=1)
    with app.test_request_context("/eventos/1-jornada"):
        html = render_template("feeds/_event_links.html", event=session.get(Event, event_id))
    assert f'href="webcal://agenda.test/eventos/{event_id}.ics"' in html
    assert f'href="/eventos/{event_id}.ics"' in html
    google = re.search(r'href="(https://calendar\.google\.com/calendar/render\?[^"]+)"', html).group(1)
    query = parse_qs(urlsplit(google.replace("&amp;", "&")).query)
    item = session.get(Event, event_id).sessions[0]
    assert query["action"] == ["TEMPLATE"] and query["text"] == ["Jornada"]
    assert query["dates"] == [f"{item.starts_at:%Y%m%dT%H%M%S}Z/{item.ends_at:%Y%m%dT%H%M%S}Z"]
    assert "outlook.office.com/calendar/0/deeplink/compose" in html
    assert "outlook.live.com/calendar/0/deeplink/compose" in html
    assert "Seguir en mi calendario personal" not in html, "anonymous visitors have no personal feed"


def test_event_page_links_for_drafts_and_members_only(app, make_event, session):
    draft = make_event(status="draft")
    members = make_event(visibility="members", sessions=3)
    with app.test_request_context("/"):
        assert render_template("feeds/_event_links.html", event=session.get(Event, draft)).strip() == ""
        html = render_template("feeds/_event_links.html", event=session.get(Event, members))
    assert "webcal://" not in html, "a calendar program cannot log in to fetch a members-only event"
    assert html.count("calendar.google.com") == 3, "one add-to link per session"


def test_agenda_feed_link_keeps_only_the_feed_filters(app):
    with app.test_request_context("/agenda"):
        html = render_template("feeds/_agenda_feed_link.html", feed_query="type=taller&page=2&from=2020-01-01&q=datos")
    assert 'href="webcal://agenda.test/calendario.ics?type=taller&amp;q=datos"' in html
    assert 'href="/suscribirse?type=taller&amp;q=datos"' in html
