"""The public agenda, month calendar, archive and event page."""
from datetime import datetime, timedelta

from agenda.timeutil import utcnow


def test_agenda_groups_upcoming_events_by_day_and_hides_past_and_drafts(client, make_event):
    make_event(title="Primero", start=datetime(2031, 2, 3, 10))
    make_event(title="Segundo", start=datetime(2031, 2, 3, 17))
    make_event(title="Otro día", start=datetime(2031, 2, 4, 9))
    make_event(title="Ya pasó", start=datetime(2020, 2, 3, 9))
    make_event(title="Borrador secreto", status="draft", start=datetime(2031, 2, 3, 9))
    text = client.get("/agenda").text
    assert "Lunes 3 de febrero de 2031" in text and "Martes 4 de febrero de 2031" in text
    assert text.index("Primero") < text.index("Segundo") < text.index("Otro día")
    assert "Ya pasó" not in text and "Borrador secreto" not in text


def test_a_jornada_under_way_is_listed_on_the_day_of_its_next_session(client, make_event):
    # Daily sessions whose fourth starts in an hour, whatever the time of day the suite runs.
    start = (utcnow() - timedelta(days=3) + timedelta(hours=1)).replace(second=0, microsecond=0)
    make_event(title="Jornada en curso", sessions=8, start=start, timezone="UTC")
    text = client.get("/agenda").text
    assert "Jornada en curso" in text and "Sesión 4 de 8" in text


def test_a_session_in_progress_still_places_its_event_on_today(client, make_event):
    start = (utcnow() - timedelta(days=1) - timedelta(minutes=30)).replace(second=0, microsecond=0)
    make_event(title="Jornada a media sesión", sessions=3, start=start, timezone="UTC")
    text = client.get("/agenda").text
    assert "Jornada a media sesión" in text and "Sesión 2 de 3" in text


def test_members_only_events_need_a_login(client, make_event, login_as):
    event_id = make_event(title="Sesión ordinaria de la Comisión", visibility="members", type="sesion_ordinaria")
    assert "Sesión ordinaria de la Comisión" not in client.get("/agenda").text
    response = client.get(f"/eventos/{event_id}")
    assert response.status_code == 302 and "/entrar" in response.headers["Location"]
    login_as("commissioner", "INAI")
    assert "Sesión ordinaria de la Comisión" in client.get("/agenda").text
    assert client.get(f"/eventos/{event_id}", follow_redirects=True).status_code == 200


def test_drafts_are_404_for_the_public_and_visible_to_organizers(client, make_event, login_as):
    event_id = make_event(title="Borrador", status="draft")
    assert client.get(f"/eventos/{event_id}").status_code == 404
    assert client.get("/eventos/99999").status_code == 404
    login_as("organizer", "ITEI")
    page = client.get(f"/eventos/{event_id}", follow_redirects=True)
    assert page.status_code == 200 and "Borrador: solo lo ven organizadores" in page.text


def test_event_urls_carry_a_slug_and_old_ones_redirect(client, make_event):
    event_id = make_event(title="Foro de Gobierno Abierto")
    response = client.get(f"/eventos/{event_id}")
    assert response.status_code == 301
    assert response.headers["Location"].endswith(f"/eventos/{event_id}-evento-de-prueba-1")
    assert client.get(response.headers["Location"]).status_code == 200


def test_month_calendar_places_sessions_on_their_local_days(client, make_event):
    make_event(title="Jornada de septiembre", sessions=3, start=datetime(2020, 9, 29, 10), days_between=1)
    text = client.get("/agenda/mes/2020/9").text
    assert "Septiembre de 2020" in text
    assert text.count(">10:00</time> Jornada de septiembre") == 2, "29 and 30 Sept; 1 Oct is next month"
    october = client.get("/agenda/mes/2020/10").text
    assert october.count(">10:00</time> Jornada de septiembre") == 1
    assert 'href="/agenda/mes/2020/8"' in text and 'href="/agenda/mes/2020/10"' in text
    assert '<caption class="visually-hidden">' in text and '<th scope="col"' in text
    assert client.get("/agenda/mes/2020/13").status_code == 404


def test_archive_lists_past_events_most_recent_first(client, make_event):
    make_event(title="Panel 2019", start=datetime(2019, 11, 5, 10))
    make_event(title="Panel 2020", start=datetime(2020, 5, 28, 10))
    make_event(title="Futuro", start=datetime(2031, 1, 1, 10))
    text = client.get("/agenda/pasados").text
    assert text.index("Panel 2020") < text.index("Panel 2019") and "Futuro" not in text


def test_the_home_page_shows_upcoming_events(client, make_event):
    make_event(title="Webinar que viene", start=datetime(2031, 1, 1, 10))
    text = client.get("/").text
    assert "Próximos eventos" in text and "Webinar que viene" in text
    assert 'action="/agenda"' in text


def test_themes_admin_adds_and_retires_themes(client, login_as, session):
    login_as("admin")
    listing = client.get("/admin/temas").text
    assert "Transparencia Proactiva" in listing and "Protección de Datos" in listing
    assert client.post("/admin/temas/nuevo", data={"name": "Contrataciones Abiertas", "is_active": "y"}).status_code == 302
    assert client.post("/admin/temas/nuevo", data={"name": "contrataciones abiertas"}).status_code == 422
    assert "Contrataciones Abiertas" in client.get("/eventos/nuevo").text
    assert client.get("/agenda?theme=contrataciones-abiertas").status_code == 200


def _statements(client, path):
    from sqlalchemy import event as sa_event

    from agenda.extensions import db

    count = []
    listener = lambda *args: count.append(1)
    with client.application.app_context():
        engine = db.engine
    sa_event.listen(engine, "before_cursor_execute", listener)
    try:
        assert client.get(path).status_code == 200
    finally:
        sa_event.remove(engine, "before_cursor_execute", listener)
    return len(count)


def test_list_pages_run_a_fixed_number_of_queries(client, make_event):
    def add(n, first_day):
        for day in range(first_day, first_day + n):
            make_event(start=datetime(2031, 3, day, 10), sessions=2, themes=["Datos Abiertos"],
                       co_organizers=["INAI"], modality="presencial", venue_state_id=None)

    add(2, 1)
    few = {path: _statements(client, path) for path in ("/agenda", "/agenda/mes/2031/3", "/")}
    add(12, 10)
    many = {path: _statements(client, path) for path in ("/agenda", "/agenda/mes/2031/3", "/")}
    assert few == many


def test_a_busy_day_in_the_calendar_links_to_that_days_list(client, make_event):
    for hour in range(8, 16):
        make_event(title=f"Webinar de las {hour}", start=datetime(2020, 9, 15, hour), session_hours=1)
    month = client.get("/agenda/mes/2020/9").text
    assert "y 2 más" in month
    assert 'href="/agenda/pasados?from=2020-09-15&amp;to=2020-09-15"' in month
    day = client.get("/agenda/pasados?from=2020-09-15&to=2020-09-15").text
    assert day.count('class="event-card') == 8
