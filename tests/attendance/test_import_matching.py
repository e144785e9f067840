"""Matching beyond the e-mail: the Teams UPN when the e-mail matches nobody, the original name of Zoom's
"Shown (Original)" and Teams' "Name (Original Name)", and unmatched rows added as walk-ins with their minutes."""
import io

from sqlalchemy import select

from agenda.attendance.imports import preview_import
from agenda.attendance.meeting_reports import parse_report
from agenda.attendance.models import Attendance, AttendanceImport
from agenda.events.models import EventSession
from agenda.registration.models import Registration

from .test_imports import SAMPLES, jornada  # noqa: F401  (fixture)

TEAMS_UPN = "\r\n".join([
    "1. Summary", "Meeting title\tJornada - Sesión 1", "",
    "2. Participants",
    "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole",
    # Juan joined with his personal address; his Teams account (UPN) is the registered one.
    "Juan C. Núñez\t9/15/20, 10:00:00 AM\t9/15/20, 11:30:00 AM\t1h 30m 0s\tjuan.nunez@gmail.com"
    "\tJCNunez@itei.org.mx\tAttendee",
    "", "3. In-Meeting Activities",
    "Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole",
    "Juan C. Núñez\t9/15/20, 10:00:00 AM\t9/15/20, 10:40:00 AM\t40m 0s\tjuan.nunez@gmail.com\tAttendee",
    "Juan C. Núñez\t9/15/20, 10:50:00 AM\t9/15/20, 11:30:00 AM\t40m 0s\tjuan.nunez@gmail.com\tAttendee",
    # No e-mail, renamed in the meeting: matched by the original (account) name.
    "Mesa 3 (Rocío Campos Anguiano)\t9/15/20, 10:10:00 AM\t9/15/20, 11:10:00 AM\t1h 0m 0s\t\tAttendee", ""])

ZOOM_ORIGINAL = "\r\n".join([
    "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest",
    # Shown "MJ", original name María's: no e-mail, found by the original name.
    "MJ (María José Pérez Álvarez),,09/15/2020 09:50:00 AM,09/15/2020 11:00:00 AM,70,Yes",
    "Invitado (Alguien Más),,09/15/2020 10:00:00 AM,09/15/2020 10:30:00 AM,30,Yes", ""])


def test_the_teams_upn_matches_when_the_email_does_not_and_section_3_keeps_it(app, session, jornada):  # noqa: F811
    """Juan: section 3 connections 10:00-10:40 + 10:50-11:30 = 80 min (the gap left out); his e-mail is
    unknown, his UPN (from section 2) is registered. Rocío: 10:10-11:10 = 60 min, by original name."""
    _, sessions, people = jornada
    data = TEAMS_UPN.encode("utf-16")
    report = parse_report(data)
    assert [p.upn for p in report.people] == ["jcnunez@itei.org.mx"]
    row = preview_import(session, session.get(EventSession, sessions[0]), data, "teams.csv", None)
    got = {m["registration_id"]: (m["minutes"], m["by"]) for m in row.preview["matched"]}
    assert got == {people["juan"]: (80, "upn"), people["rocio"]: (60, "name")}
    assert row.preview["summary"]["upn"] == 1 and row.preview["summary"]["name"] == 1
    assert row.preview["unmatched"] == []


def test_zoom_shown_and_original_name_matches_by_the_original(app, session, jornada):  # noqa: F811
    """María: 09:50-11:00 clipped to 10:00-11:00 = 60 min, found by her original name; "Alguien Más" matches
    nobody and stays listed with its 30 min."""
    _, sessions, people = jornada
    row = preview_import(session, session.get(EventSession, sessions[0]), ZOOM_ORIGINAL.encode(), "z.csv", None)
    assert [(m["registration_id"], m["minutes"], m["by"]) for m in row.preview["matched"]] == [
        (people["maria"], 60, "name")]
    assert [(u["name"], u["minutes"]) for u in row.preview["unmatched"]] == [("Invitado", 30)]


def test_an_unmatched_row_is_added_as_a_walk_in_with_its_minutes(client, login_as, session, jornada):  # noqa: F811
    """Ana Sofía Ruiz Treviño is not registered: 10:06:40-11:58:02 = 111 min 22 s, 111 min."""
    _, sessions, people = jornada
    login_as("organizer", "IACIP")
    upload = client.post(f"/asistencia/sesiones/{sessions[0]}/importar", content_type="multipart/form-data",
                         data={"report": (io.BytesIO((SAMPLES / "zoom-participants.csv").read_bytes()), "z.csv")})
    import_id = session.scalar(select(AttendanceImport.id))
    client.post(f"/asistencia/importaciones/{import_id}/aplicar")
    preview = client.get(upload.headers["Location"]).get_data(as_text=True)
    assert "data-walkin-link" in preview
    row = session.get(AttendanceImport, import_id)
    [ana] = [u for u in row.preview["unmatched"] if u["email"] == "asruiz.transparencia@gmail.com"]
    roster = client.get(f"/asistencia/sesiones/{sessions[0]}?importacion={import_id}&fila={ana['row']}")
    html = roster.get_data(as_text=True)
    assert 'value="Ana Sofía Ruiz Treviño"' in html and 'name="import_row"' in html
    response = client.post(f"/asistencia/sesiones/{sessions[0]}/sin-registro", data={
        "name": "Ana Sofía Ruiz Treviño", "email": "asruiz.transparencia@gmail.com", "institution": "OSC",
        "state": "GUA", "sector": "sociedad_civil", "import_id": import_id, "import_row": ana["row"]})
    assert response.status_code == 302, response.get_data(as_text=True)
    session.expire_all()
    registration = session.scalar(select(Registration).where(
        Registration.email == "asruiz.transparencia@gmail.com"))
    attendance = session.scalar(select(Attendance).where(Attendance.registration_id == registration.id))
    assert (attendance.method, attendance.minutes, attendance.import_id) == ("import", 111, import_id)
    # Undoing the import takes that attendance back too (the registration stays).
    assert client.post(f"/asistencia/importaciones/{import_id}/deshacer").status_code == 302
    session.expire_all()
    assert session.scalar(select(Attendance).where(Attendance.registration_id == registration.id)) is None
