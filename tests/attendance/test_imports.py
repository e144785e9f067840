"""Importing meeting reports: a preview lists matches and unmatched rows before anything is saved; applying
records attendance once per person with the minutes of all their connections added up."""
import io
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from agenda.attendance.imports import apply_import, preview_import
from agenda.attendance.models import Attendance, AttendanceImport, AttendanceSettings
from agenda.events.models import EventSession

SAMPLES = Path(__file__).parent / "samples"


@pytest.fixture
def jornada(make_event, make_attendee, event_session_ids):
    """An event with the people of the sample reports registered (and one who never connected); its three
    sessions run 10:00-12:00 (Mexico City) on 15, 16 and 17 September 2020, the days of the sample reports."""
    event_id = make_event(title="Jornada Nacional de Capacitación en Transparencia Proactiva", sessions=3,
                          organization="IACIP", co_organizers=("INAI",), start=datetime(2020, 9, 15, 10))
    people = {
        "maria": make_attendee(event_id, name="María José Pérez Álvarez", email="MJPerez@iacip-gto.org.mx"),
        "juan": make_attendee(event_id, name="Juan Carlos Núñez Ibáñez", email="jcnunez@itei.org.mx"),
        "rocio": make_attendee(event_id, name="Rocío Campos Anguiano", email="rcampos@infocol.org.mx"),
        "absent": make_attendee(event_id, name="Nadie Conectado", email="ausente@example.org"),
    }
    return event_id, event_session_ids(event_id), people


def minutes_by_registration(session, session_id):
    session.expire_all()
    return {a.registration_id: (a.minutes, a.method) for a in
            session.scalars(select(Attendance).where(Attendance.session_id == session_id))}


def test_zoom_import_previews_then_saves_a_rejoined_person_once_with_summed_minutes(client, login_as, session,
                                                                                    jornada):
    event_id, sessions, people = jornada
    login_as("organizer", "IACIP")
    upload = client.post(f"/asistencia/sesiones/{sessions[0]}/importar", content_type="multipart/form-data",
                         data={"report": (io.BytesIO((SAMPLES / "zoom-participants.csv").read_bytes()),
                                          "participants_81234567890.csv")})
    assert upload.status_code == 302
    preview = client.get(upload.headers["Location"])
    html = preview.get_data(as_text=True)
    # Unmatched rows are listed, not dropped: the host, a guest with no e-mail, an unregistered address.
    for name in ("Capacitación INAI", "Galaxy A51 de Pedro", "Ana Sofía Ruiz Treviño"):
        assert name in html
    assert "El reporte no trae correo en esta línea." in html
    assert '<strong data-import-matched>2</strong>' in html
    assert '<strong data-import-below>1</strong>' in html  # Rocío: 18 minutes, under the default 30
    assert '<strong data-import-unmatched>3</strong>' in html
    assert minutes_by_registration(session, sessions[0]) == {}  # nothing saved by the preview

    import_id = session.scalar(select(AttendanceImport.id))
    applied = client.post(f"/asistencia/importaciones/{import_id}/aplicar")
    assert applied.status_code == 302
    # Clipped to 10:00-12:00: María 10:00-10:41:02 + 10:44:10-12:00 (41 min 2 s + 75 min 50 s = 116 min 52 s),
    # Juan 10:01:44-11:59:12 (117 min 28 s). Rocío's 17 minutes are stored too (under the minimum: not present).
    assert minutes_by_registration(session, sessions[0]) == {
        people["maria"]: (117, "import"), people["juan"]: (117, "import"), people["rocio"]: (17, "import")}
    again = client.post(f"/asistencia/importaciones/{import_id}/aplicar", headers={"Accept": "application/json"})
    assert again.status_code == 409


@pytest.mark.parametrize("sample, index, expected", [
    # Meet: the durations (1 hr 55 min, 1 hr 58 min), each no longer than its first-join/last-exit span;
    # Rocío's 17 min are stored under the minimum.
    ("meet-attendance-report.csv", 1, {"maria": 115, "juan": 118, "rocio": 17}),
    # Teams section 3 clipped to 10:00-12:00: María 10:00-10:40:12 + 10:50:30-12:00 (40 min 12 s + 69 min 30 s
    # = 109 min 42 s), Juan 10:00:41-11:59:59 (119 min 18 s); Rocío 29 min stays under 30.
    ("teams-attendance-report.csv", 2, {"maria": 110, "juan": 119, "rocio": 29}),
])
def test_meet_and_teams_reports_import_through_the_same_preview(app, session, jornada, sample, index, expected):
    event_id, sessions, people = jornada
    sessions = [sessions[index]] * 2
    event_session = session.get(EventSession, sessions[1])
    row = preview_import(session, event_session, (SAMPLES / sample).read_bytes(), sample, None)
    session.commit()
    assert {entry["registration_id"] for entry in row.preview["matched"]} == {
        people[k] for k in expected if k != "rocio"}
    assert [entry["email"] for entry in row.preview["below"]] == ["rcampos@infocol.org.mx"]
    assert all(entry["reason"] for entry in row.preview["unmatched"])
    assert minutes_by_registration(session, sessions[1]) == {}
    apply_import(session, row, None)
    session.commit()
    assert minutes_by_registration(session, sessions[1]) == {
        people[key]: (minutes, "import") for key, minutes in expected.items()}


def test_the_events_minimum_minutes_decides_who_counts(app, session, jornada):
    event_id, sessions, people = jornada
    session.add(AttendanceSettings(event_id=event_id, min_percent=80, min_minutes=10))
    session.commit()
    row = preview_import(session, session.get(EventSession, sessions[0]),
                         (SAMPLES / "zoom-participants.csv").read_bytes(), "z.csv", None)
    assert row.min_minutes == 10
    assert people["rocio"] in {entry["registration_id"] for entry in row.preview["matched"]}
    assert row.preview["below"] == []


@pytest.mark.parametrize("content, message", [
    (b"col1;col2\n1;2\n", "No reconocemos el formato"),  # some other table
    (b"\xff\xfe\x00\x00garbage", "No pudimos leer el archivo"),  # damaged: a UTF-16 mark over other bytes
])
def test_a_file_that_is_not_a_report_is_refused_with_a_message_and_nothing_stored(client, login_as, session,
                                                                                    jornada, content, message):
    _, sessions, _ = jornada
    login_as("organizer", "IACIP")
    response = client.post(f"/asistencia/sesiones/{sessions[0]}/importar", content_type="multipart/form-data",
                           data={"report": (io.BytesIO(content), "reporte.csv")})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert session.scalar(select(AttendanceImport.id)) is None


def with_duration(sample: str, old: str, new: str) -> bytes:
    """A sample report with one person's duration replaced (Teams samples are UTF-16, the others UTF-8)."""
    encoding = "utf-16" if sample.startswith("teams") else "utf-8"
    text = (SAMPLES / sample).read_bytes().decode(encoding)
    text = text.split("3. In-Meeting Activities")[0]  # Teams: only the participants' durations
    assert old in text
    return text.replace(old, new).encode(encoding)


def test_a_duration_over_a_day_is_listed_as_an_error_and_not_saved(client, login_as, session, jornada):
    _, sessions, people = jornada
    login_as("organizer", "IACIP")
    report = with_duration("teams-attendance-report.csv", "1h 52m 10s", "99999999999999999999h 5m 0s")
    upload = client.post(f"/asistencia/sesiones/{sessions[0]}/importar", content_type="multipart/form-data",
                         data={"report": (io.BytesIO(report), "asistencia.csv")})
    assert upload.status_code == 302
    html = client.get(upload.headers["Location"]).get_data(as_text=True)
    assert "más de 24 horas" in html  # María's row, among those not marked present, says why
    assert '<strong data-import-matched>1</strong>' in html  # only Juan
    assert "6000000000" not in html

    import_id = session.scalar(select(AttendanceImport.id))
    assert client.post(f"/asistencia/importaciones/{import_id}/aplicar").status_code == 302
    assert minutes_by_registration(session, sessions[0]) == {people["juan"]: (119, "import"),
                                                             people["rocio"]: (29, "import")}


def test_meet_hours_past_the_database_integer_are_not_stored(app, session, jornada):
    _, sessions, people = jornada
    report = with_duration("meet-attendance-report.csv", "1 hr 55 min", "99999999 hr")
    row = preview_import(session, session.get(EventSession, sessions[0]), report, "m.csv", None)
    [maria] = [entry for entry in row.preview["unmatched"] if entry["email"] == "mjperez@iacip-gto.org.mx"]
    assert (maria["reason"], maria["minutes"]) == ("too_long", None)
    apply_import(session, row, None)
    session.commit()
    assert minutes_by_registration(session, sessions[0]) == {people["juan"]: (118, "import"),
                                                             people["rocio"]: (17, "import")}


def test_a_preview_saved_with_impossible_minutes_is_refused_on_apply(client, login_as, session, jornada):
    """A preview stored before durations were checked may hold absurd minutes: applying it says so and saves
    nothing (it used to overflow the database column)."""
    _, sessions, people = jornada
    maria = {"registration_id": people["maria"], "name": "María", "email": "mjperez@iacip-gto.org.mx",
             "minutes": 6 * 10**21, "connections": 1, "lines": [12]}
    row = AttendanceImport(session_id=sessions[0], platform="teams", filename="viejo.csv", min_minutes=30,
                           status="pending", preview={"title": None, "matched": [maria], "below": [],
                                                      "unmatched": []})
    session.add(row)
    session.commit()
    login_as("organizer", "IACIP")
    response = client.post(f"/asistencia/importaciones/{row.id}/aplicar")
    assert response.status_code == 422
    assert "más de 24 horas" in response.get_data(as_text=True)
    assert minutes_by_registration(session, sessions[0]) == {}
    session.expire_all()
    assert session.get(AttendanceImport, row.id).status == "pending"


def test_discarding_a_preview_saves_nothing(client, login_as, session, jornada):
    event_id, sessions, people = jornada
    login_as("organizer", "IACIP")
    client.post(f"/asistencia/sesiones/{sessions[0]}/importar", content_type="multipart/form-data",
                data={"report": (io.BytesIO((SAMPLES / "zoom-participants.csv").read_bytes()), "z.csv")})
    import_id = session.scalar(select(AttendanceImport.id))
    assert client.post(f"/asistencia/importaciones/{import_id}/descartar").status_code == 302
    session.expire_all()
    assert session.get(AttendanceImport, import_id).status == "discarded"
    assert minutes_by_registration(session, sessions[0]) == {}


def test_another_bodys_organizer_cannot_see_a_preview(client, login_as, session, jornada, app):
    event_id, sessions, people = jornada
    row = preview_import(session, session.get(EventSession, sessions[0]),
                         (SAMPLES / "zoom-participants.csv").read_bytes(), "z.csv", None)
    session.commit()
    login_as("organizer", "ITEI")
    assert client.get(f"/asistencia/importaciones/{row.id}").status_code == 403
    assert client.post(f"/asistencia/importaciones/{row.id}/aplicar").status_code == 403


def test_teams_2020_list_matches_unique_names_and_lists_ambiguous_ones(client, login_as, session, jornada,
                                                                       make_attendee):
    """teams-2020-attendance-list.csv on session 1 (15/09/2020 10:00-12:00) has no e-mails. María (written
    "MARIA JOSE PEREZ ALVAREZ") matches the one registration named María José Pérez Álvarez: 40 min + 74 min
    40 s (her last connection has no Left row and closes at 12:00) -> 115. Juan 10:01-11:59 -> 118. Two
    registrations are named José Luis García: his 88 minutes are listed to confirm, never applied."""
    event_id, sessions, people = jornada
    for email in ("jlgarcia@itei.org.mx", "jose.garcia@infocol.org.mx"):
        make_attendee(event_id, name="José Luis García", email=email)
    row = preview_import(session, session.get(EventSession, sessions[0]),
                         (SAMPLES / "teams-2020-attendance-list.csv").read_bytes(), "lista.csv", None)
    assert {(e["registration_id"], e["minutes"], e["by_name"]) for e in row.preview["matched"]} == {
        (people["maria"], 115, True), (people["juan"], 118, True)}
    reasons = {e["name"]: (e["reason"], e["minutes"]) for e in row.preview["unmatched"]}
    assert reasons == {"José Luis García": ("ambiguous_name", 88), "Capacitación INAI": ("no_email", 120)}
    session.commit()
    login_as("organizer", "IACIP")
    html = client.get(f"/asistencia/importaciones/{row.id}").get_data(as_text=True)
    assert '<strong data-import-by-name>2</strong>' in html
    assert '<strong data-import-to-confirm>1</strong>' in html
    apply_import(session, row, None)
    session.commit()
    assert minutes_by_registration(session, sessions[0]) == {
        people["maria"]: (115, "import"), people["juan"]: (118, "import")}


def test_a_new_import_replaces_earlier_imported_minutes_but_not_a_manual_check_in(client, login_as, session,
                                                                                   jornada):
    """First import: the old zoom sample (María 117, Juan 117 clipped to 10:00-12:00). Juan was also checked
    in by hand before. A corrected Teams 2020 list (María 115, Juan 118) replaces María's imported 117 by 115
    (lower, so the old 'only raise' rule would have kept 117) and leaves Juan's manual check-in alone."""
    _, sessions, people = jornada
    login_as("organizer", "IACIP")
    assert client.post(f"/asistencia/sesiones/{sessions[0]}/presente",
                       data={"registration_id": people["juan"]}).status_code in (200, 302)
    session.expire_all()
    juan_before = minutes_by_registration(session, sessions[0])[people["juan"]]
    assert juan_before == (None, "roster")
    for name in ("zoom-participants.csv", "teams-2020-attendance-list.csv"):
        upload = client.post(f"/asistencia/sesiones/{sessions[0]}/importar", content_type="multipart/form-data",
                             data={"report": (io.BytesIO((SAMPLES / name).read_bytes()), name)})
        assert upload.status_code == 302, upload.get_data(as_text=True)
        import_id = int(upload.headers["Location"].rstrip("/").split("/")[-1])
        assert client.post(f"/asistencia/importaciones/{import_id}/aplicar").status_code == 302
        if name.startswith("zoom"):
            assert minutes_by_registration(session, sessions[0])[people["maria"]] == (117, "import")
    after = minutes_by_registration(session, sessions[0])
    assert after[people["maria"]] == (115, "import")
    assert after[people["juan"]] == juan_before
    assert session.scalar(select(Attendance.import_id).where(
        Attendance.registration_id == people["maria"])) == import_id


def test_an_export_that_matches_nobody_says_so_and_applies_nothing(client, login_as, session, jornada):
    """zoom-participants-rejoins.csv lists only people who are not registered for this event."""
    _, sessions, _ = jornada
    login_as("organizer", "IACIP")
    upload = client.post(f"/asistencia/sesiones/{sessions[0]}/importar", content_type="multipart/form-data",
                         data={"report": (io.BytesIO((SAMPLES / "zoom-participants-rejoins.csv").read_bytes()),
                                          "z.csv")})
    html = client.get(upload.headers["Location"]).get_data(as_text=True)
    assert "data-import-nobody" in html and "data-import-window" in html
    import_id = session.scalar(select(AttendanceImport.id))
    applied = client.post(f"/asistencia/importaciones/{import_id}/aplicar")
    assert applied.status_code == 422
    assert "Nadie del reporte coincide" in applied.get_data(as_text=True)
    assert minutes_by_registration(session, sessions[0]) == {}


def test_a_report_exported_in_another_zone_is_read_in_the_zone_the_organizer_picks(client, login_as, session,
                                                                                    make_event, make_attendee,
                                                                                    event_session_ids):
    """The event is in Madrid, 17:00-19:00 on 15/09/2020 (10:00-12:00 in Mexico City); the Zoom account that
    exported zoom-participants-rejoins.csv wrote Mexico City times. Read in Madrid time nothing overlaps: the
    preview says so and does not clip (Carla 09:40-10:20 + 11:45-12:30 = 85). Read in America/Mexico_City:
    Carla is clipped to 10:00-10:20 + 11:45-12:00 = 35; Ana's three connections inside the window give 112."""
    event_id = make_event(timezone="Europe/Madrid", start=datetime(2020, 9, 15, 17), organization="IACIP")
    ana = make_attendee(event_id, name="Ana Lucía Téllez", email="ana.tellez@itaip.org.mx")
    carla = make_attendee(event_id, name="Carla Ortiz", email="carla.ortiz@idaip.org.mx")
    [session_id] = event_session_ids(event_id)
    login_as("organizer", "IACIP")
    data = (SAMPLES / "zoom-participants-rejoins.csv").read_bytes()

    def upload(zone):
        return client.post(f"/asistencia/sesiones/{session_id}/importar", content_type="multipart/form-data",
                           data={"report": (io.BytesIO(data), "z.csv"), "report_zone": zone})

    def minutes(response):
        row = session.get(AttendanceImport, int(response.headers["Location"].rstrip("/").split("/")[-1]))
        return {e["registration_id"]: e["minutes"] for e in row.preview["matched"] + row.preview["below"]}

    in_madrid = upload("Europe/Madrid")
    html = client.get(in_madrid.headers["Location"]).get_data(as_text=True)
    assert "data-import-outside" in html and "15/09/2020 17:00–19:00 (Europe/Madrid)" in html
    assert minutes(in_madrid) == {ana: 112, carla: 85}
    in_mexico = upload("America/Mexico_City")
    html = client.get(in_mexico.headers["Location"]).get_data(as_text=True)
    assert "data-import-outside" not in html and "15/09/2020 10:00–12:00 (America/Mexico_City)" in html
    assert minutes(in_mexico) == {ana: 112, carla: 35}
    bad = upload("Marte/Olympus")
    assert bad.status_code == 422 and "zona horaria del reporte no es válida" in bad.get_data(as_text=True)
