"""The organizer's form: the 8-session Jornada built through it, validation next to the field, edits."""
import re

from sqlalchemy import select

from agenda.events.models import Event, EventSession

from .conftest import JORNADA_DAYS, form_data, jornada_form

SPANISH_DAYS = {15: "martes 15", 16: "miércoles 16", 17: "jueves 17", 18: "viernes 18", 24: "jueves 24",
                25: "viernes 25", 28: "lunes 28", 29: "martes 29"}


def _only_event(session) -> Event:
    return session.scalars(select(Event)).one()


def test_the_jornada_is_built_through_the_form_and_shows_all_8_sessions_at_local_times(client, login_as, session):
    login_as("organizer", "INAI")
    response = client.post("/eventos/nuevo", data=jornada_form(publish="1"))
    assert response.status_code == 302, response.text
    event = _only_event(session)
    assert event.status == "published" and len(event.sessions) == 8
    assert [o.acronym for o in event.co_organizers] == ["IACIP"]
    assert [t.name for t in event.themes] == ["Transparencia Proactiva"]

    page = client.get(f"/eventos/{event.id}", follow_redirects=True)
    assert page.status_code == 200
    text = page.text
    sessions = re.findall(r'<li class="session[^"]*" id="sesion-\d+">(.*?)</li>\s*(?=<li class="session|</ol>)',
                          text, re.DOTALL)
    assert len(sessions) == 8
    for html, day in zip(sessions, JORNADA_DAYS):
        assert f"{SPANISH_DAYS[day].capitalize()} de septiembre de 2020" in html
        assert ">10:00</time>–<time" in html and ">12:00</time>" in html
        assert "UTC−05:00" in html
        assert f'datetime="2020-09-{day:02d}T15:00:00Z"' in html
    assert "Tiempo del centro" in text
    assert "Moderación:</span> Mariajose González (IACIP)" in sessions[0]
    assert "Josefina Román Vergara" in text and "IACIP" in text
    assert "https://www.youtube.com/@INAImx" in text, "the public stream link is shown"
    assert "zoom.us" not in text, "the meeting link is only for registered people"
    assert "<strong>Comisión de Gobierno Abierto" in text, "Markdown is rendered"


def test_a_jornada_in_two_mexican_zones_shows_each_at_its_local_time(client, login_as, session):
    login_as("admin")
    client.post("/eventos/nuevo", data=form_data(
        title="Jornada estatal en Tijuana", organization="ITAIPBC", timezone="America/Tijuana",
        sessions=[("2020-10-20", "10:00", "12:00")], publish="1"))
    client.post("/eventos/nuevo", data=form_data(
        title="Jornada estatal en Zacatecas", organization="IZAI", timezone="America/Mexico_City",
        sessions=[("2020-10-20", "10:00", "12:00")], publish="1"))
    events = {e.title: e for e in session.scalars(select(Event))}
    tijuana, zacatecas = events["Jornada estatal en Tijuana"], events["Jornada estatal en Zacatecas"]
    assert tijuana.sessions[0].starts_at.hour == 17 and zacatecas.sessions[0].starts_at.hour == 15
    tijuana_page = client.get(f"/eventos/{tijuana.id}", follow_redirects=True).text
    assert ">10:00</time>–<time" in tijuana_page and "UTC−07:00" in tijuana_page
    assert "Tiempo del noroeste (Tijuana)" in tijuana_page
    zacatecas_page = client.get(f"/eventos/{zacatecas.id}", follow_redirects=True).text
    assert ">10:00</time>–<time" in zacatecas_page and "UTC−05:00" in zacatecas_page
    month = client.get("/agenda/mes/2020/10").text
    assert month.count(">10:00</time> Jornada estatal en") == 2
    coordination = client.get("/coordinacion?vista=semana&fecha=2020-10-20").text
    assert "12:00–14:00" in coordination and "10:00–12:00 Tiempo del noroeste (Tijuana)" in coordination


def test_errors_are_shown_in_spanish_next_to_each_field(client, login_as, session):
    login_as("organizer", "IACIP")
    response = client.post("/eventos/nuevo", data=form_data(
        title="", stream_url="ftp://ejemplo.org/video", capacity="0", timezone="Marte/Olimpo",
        modality="presencial", registration_closes="2030-05-02T09:00",
        sessions=[("2030-05-01", "12:00", "10:00"), ("", "10:00", "11:00"), ("2030-05-03", "", "")]))
    assert response.status_code == 422
    text = response.text

    def error_of(field_id):
        found = re.search(rf'<p class="error" id="{re.escape(field_id)}-error">(.*?)</p>', text)
        return found.group(1) if found else None

    assert error_of("title") == "Este campo es obligatorio."
    assert error_of("stream_url") == "Use una dirección web que empiece con http:// o https://."
    assert error_of("capacity") == "El cupo debe ser de al menos 1 lugar."
    assert error_of("timezone").startswith("Zona horaria no válida")
    assert error_of("venue_address").startswith("Indique la sede")
    assert error_of("sessions-0-end") == "La sesión debe terminar después de empezar."
    assert error_of("sessions-1-date") == "Indique la fecha de la sesión."
    assert error_of("sessions-2-start") == "Indique la hora de inicio."
    assert 'aria-invalid="true"' in text
    assert session.scalars(select(Event)).first() is None, "nothing is saved"


def test_links_urlparse_cannot_read_are_shown_as_field_errors(client, login_as, session):
    login_as("organizer", "IACIP")
    data = form_data(stream_url="http://[::1", sessions=[("2030-05-01", "10:00", "12:00")])
    data["sessions-0-meeting_url"] = "https://[x"
    response = client.post("/eventos/nuevo", data=data)
    assert response.status_code == 422
    invalid_link = "Use una dirección web que empiece con http:// o https://."
    assert f'id="stream_url-error">{invalid_link}</p>' in response.text
    assert f'id="sessions-0-meeting_url-error">{invalid_link}</p>' in response.text
    assert session.scalars(select(Event)).first() is None


def test_a_person_on_a_session_row_that_is_not_in_the_programme_gets_an_error(client, login_as, session):
    login_as("organizer", "IACIP")
    for chosen in ("5", "1", "abc"):  # no such row, a blank row, not a row number
        response = client.post("/eventos/nuevo", data=form_data(
            sessions=[("2030-05-01", "10:00", "12:00"), ("", "", "")],
            people=[("Mariajose González", "moderador", "IACIP", chosen)]))
        assert response.status_code == 422, chosen
        assert ('id="people-0-session-error">Elija una sesión del programa o «Todo el evento».</p>'
                in response.text)
    assert session.scalars(select(Event)).first() is None


def test_row_numbers_in_other_digits_are_field_errors_not_a_500(client, login_as, session):
    login_as("organizer", "IACIP")
    client.post("/eventos/nuevo", data=form_data(sessions=[("2030-05-01", "10:00", "12:00")]))
    event = _only_event(session)
    person_on_row = form_data(sessions=[("2030-05-01", "10:00", "12:00")],
                              people=[("Mariajose González", "moderador", "IACIP", "²")])
    person_on_row["sessions-0-id"] = str(event.sessions[0].id)
    response = client.post(f"/eventos/{event.id}/editar", data=person_on_row)
    assert response.status_code == 422
    wrong_row = "Elija una sesión del programa o «Todo el evento»."
    assert f'id="people-0-session-error">{wrong_row}</p>' in response.text

    tampered_id = form_data(sessions=[("2030-05-02", "10:00", "12:00")])
    tampered_id["sessions-0-id"] = "²"
    response = client.post(f"/eventos/{event.id}/editar", data=tampered_id)
    assert response.status_code == 422
    assert 'id="sessions-0-date-error">La sesión no es de este evento.</p>' in response.text
    session.expire_all()
    assert [(s.starts_at.day, len(s.people)) for s in session.get(Event, event.id).sessions] == [(1, 0)]


def test_links_longer_than_their_column_are_field_errors_not_a_500(client, login_as, session):
    login_as("organizer", "IACIP")
    client.post("/eventos/nuevo", data=form_data(sessions=[("2030-05-01", "10:00", "12:00")]))
    event = _only_event(session)
    too_long = "https://ejemplo.org/" + "a" * 600
    data = form_data(stream_url=too_long, sessions=[("2030-05-01", "10:00", "12:00")])
    data["sessions-0-id"], data["sessions-0-meeting_url"] = str(event.sessions[0].id), too_long
    response = client.post(f"/eventos/{event.id}/editar", data=data)
    assert response.status_code == 422
    assert 'id="sessions-0-meeting_url-error">Máximo 500 caracteres.</p>' in response.text
    assert 'id="stream_url-error">Máximo 500 caracteres.</p>' in response.text
    session.expire_all()
    saved = session.get(Event, event.id)
    assert saved.stream_url is None and saved.sessions[0].meeting_url is None


def test_capacity_errors_state_the_real_bounds_and_odd_numbers_are_no_500(client, login_as, session):
    login_as("organizer", "IACIP")
    too_many, not_a_number = "El cupo no puede pasar de 1000000 lugares.", (
        "Escriba un número entero de lugares, o déjelo vacío para cupo ilimitado.")
    for capacity, message in (("2000000", too_many), ("9" * 5000, too_many),
                              ("-5", "El cupo debe ser de al menos 1 lugar."), ("²", not_a_number)):
        response = client.post("/eventos/nuevo", data=form_data(
            capacity=capacity, sessions=[("2030-05-01", "10:00", "12:00")]))
        assert response.status_code == 422, capacity[:10]
        assert f'id="capacity-error">{message}</p>' in response.text, capacity[:10]
    assert session.scalars(select(Event)).first() is None


def test_registration_must_close_before_the_last_session_ends_in_the_form(client, login_as):
    login_as("organizer", "IACIP")
    response = client.post("/eventos/nuevo", data=form_data(
        sessions=[("2030-05-01", "10:00", "12:00")], registration_closes="2030-05-01T12:30"))
    assert response.status_code == 422
    assert ('id="registration_closes-error">El registro debe cerrar antes de que termine la última sesión.'
            in response.text)


def test_blank_rows_are_ignored_so_the_form_works_without_javascript(client, login_as):
    login_as("organizer", "IACIP")
    page = client.get("/eventos/nuevo").text
    assert page.count('class="session-row"') >= 3 and 'name="sessions-2-date"' in page
    assert 'id="session-tools" class="session-tools" hidden' in page, "JS-only buttons hidden without JS"
    response = client.post("/eventos/nuevo", data=form_data(sessions=[("2030-05-01", "10:00", "12:00"),
                                                                      ("", "", "")]))
    assert response.status_code == 302


def test_editing_a_session_time_in_the_form_bumps_its_sequence_only(client, login_as, session):
    login_as("organizer", "IACIP")
    client.post("/eventos/nuevo", data=form_data(sessions=[("2030-05-01", "10:00", "12:00"),
                                                           ("2030-05-02", "10:00", "12:00")], publish="1"))
    event = _only_event(session)
    first, second = sorted(event.sessions, key=lambda s: s.starts_at)
    edit_page = client.get(f"/eventos/{event.id}/editar").text
    assert 'value="2030-05-02"' in edit_page and 'value="10:00"' in edit_page, "times shown in the event's zone"
    data = form_data(sessions=[("2030-05-01", "10:00", "12:00"), ("2030-05-02", "16:00", "18:00")])
    data["sessions-0-id"], data["sessions-1-id"] = str(first.id), str(second.id)
    response = client.post(f"/eventos/{event.id}/editar", data=data)
    assert response.status_code == 302, response.text
    session.expire_all()
    assert session.get(EventSession, first.id).sequence == 0
    assert session.get(EventSession, second.id).sequence == 1
    assert session.get(EventSession, second.id).starts_at.hour == 22


def test_a_session_is_removed_with_its_checkbox(client, login_as, session):
    login_as("organizer", "IACIP")
    client.post("/eventos/nuevo", data=form_data(sessions=[("2030-05-01", "10:00", "12:00"),
                                                           ("2030-05-02", "10:00", "12:00")]))
    event = _only_event(session)
    first, second = sorted(event.sessions, key=lambda s: s.starts_at)
    data = form_data(sessions=[("2030-05-01", "10:00", "12:00"), ("2030-05-02", "10:00", "12:00")])
    data.update({"sessions-0-id": str(first.id), "sessions-1-id": str(second.id), "sessions-1-remove": "y"})
    assert client.post(f"/eventos/{event.id}/editar", data=data).status_code == 302
    session.expire_all()
    assert [s.id for s in session.get(Event, event.id).sessions] == [first.id]


def test_description_is_sanitised(client, login_as, session):
    login_as("organizer", "IACIP")
    client.post("/eventos/nuevo", data=form_data(
        description='Hola <script>alert("robo")</script><img src="https://x.org/a.png" onerror="alert(1)">'
                    '<a href="javascript:alert(2)" onclick="alert(3)">enlace</a> **bien**',
        sessions=[("2030-05-01", "10:00", "12:00")], publish="1"))
    event = _only_event(session)
    text = client.get(f"/eventos/{event.id}", follow_redirects=True).text
    assert 'alert("robo")' not in text and "<script>alert" not in text
    assert "onerror" not in text and "onclick" not in text and "javascript:" not in text
    assert '<img src="https://x.org/a.png">' in text and "<strong>bien</strong>" in text


def test_saving_an_event_that_clashes_warns_the_organizer(client, login_as):
    login_as("admin")
    client.post("/eventos/nuevo", data=form_data(
        title="Panel de justicia abierta", organization="INAI", sessions=[("2030-05-01", "10:00", "12:00")],
        people=[("Mtra. Ana Pérez", "moderador", "", "")]))
    response = client.post("/eventos/nuevo", data=form_data(
        title="Conversatorio estatal", organization="ITEI", sessions=[("2030-05-01", "11:00", "13:00")],
        people=[("Ana Perez", "moderador", "", "")]), follow_redirects=True)
    assert "Atención: este evento coincide en horario" in response.text
    assert "Panel de justicia abierta" in response.text and "comparten a" in response.text
