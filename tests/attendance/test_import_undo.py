"""Import history and undo: each import is listed (who, when, file, platform, rows matched / unmatched);
undoing the latest applied import restores exactly the attendance before it (rows it created deleted, minutes it
replaced given back, manual check-ins untouched); undoing twice, or an older import under a newer one, is 409."""
import io
from pathlib import Path

import pytest
from sqlalchemy import select

from agenda.attendance import stats
from agenda.attendance.imports import apply_import, preview_import, undo_import
from agenda.attendance.models import Attendance, AttendanceImport
from agenda.domain import DomainError
from agenda.events.models import Event, EventSession

from .test_imports import SAMPLES, jornada  # noqa: F401  (fixture)

ZOOM = (SAMPLES / "zoom-participants.csv").read_bytes()


def attendance_rows(session, session_id):
    """Everything stored about the session's attendance, to compare before and after."""
    session.expire_all()
    return {a.registration_id: (a.method, a.minutes, a.import_id, a.checked_in_at, a.recorded_by_id)
            for a in session.scalars(select(Attendance).where(Attendance.session_id == session_id))}


def event_figures(session, event_id):
    """The event's attendance figures and matrix, as its page and export show them."""
    session.expire_all()
    event = session.get(Event, event_id)
    summary = stats.event_summary(session, event)
    return (summary.attendees, summary.completed, [s.present for s in summary.sessions],
            stats.attendance_matrix(session, event).rows)


def zoom_with_juan_leaving_at(leave: str) -> bytes:
    """The Zoom sample with Juan leaving at `leave` instead of 11:59:12 AM (a corrected second export)."""
    return ZOOM.replace(b"09/15/2020 11:59:12 AM", f"09/15/2020 {leave}".encode())


def upload(client, session_id, data, name):
    response = client.post(f"/asistencia/sesiones/{session_id}/importar", content_type="multipart/form-data",
                           data={"report": (io.BytesIO(data), name)})
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def test_import_then_undo_gives_back_the_figures_before_and_a_second_undo_is_409(client, login_as, session,
                                                                                  jornada):  # noqa: F811
    event_id, sessions, people = jornada
    login_as("organizer", "IACIP")
    client.post(f"/asistencia/sesiones/{sessions[0]}/presente", data={"registration_id": people["absent"]})
    before = attendance_rows(session, sessions[0])
    figures_before = event_figures(session, event_id)
    import_id = upload(client, sessions[0], ZOOM, "participants_81234567890.csv")
    assert client.post(f"/asistencia/importaciones/{import_id}/aplicar").status_code == 302
    during = attendance_rows(session, sessions[0])
    assert event_figures(session, event_id) != figures_before
    # María 117, Juan 117 (present), Rocío 17 (stored, under the minimum); the roster check-in untouched.
    assert {rid: row[1] for rid, row in during.items()} == {
        people["absent"]: None, people["maria"]: 117, people["juan"]: 117, people["rocio"]: 17}

    history = client.get(f"/asistencia/sesiones/{sessions[0]}/importar").get_data(as_text=True)
    assert "participants_81234567890.csv" in history and 'data-import-status="applied"' in history
    assert "Deshacer" in history

    undone = client.post(f"/asistencia/importaciones/{import_id}/deshacer", headers={"Accept": "application/json"})
    assert undone.status_code == 200
    assert undone.get_json()["deleted"] == 3
    assert attendance_rows(session, sessions[0]) == before
    assert event_figures(session, event_id) == figures_before

    again = client.post(f"/asistencia/importaciones/{import_id}/deshacer", headers={"Accept": "application/json"})
    assert again.status_code == 409
    assert again.get_json()["error"] == "import_undone" and "ya se deshizo" in again.get_json()["message"]
    history = client.get(f"/asistencia/sesiones/{sessions[0]}/importar").get_data(as_text=True)
    assert 'data-import-status="undone"' in history
    assert session.get(AttendanceImport, import_id).undone_by_id is not None


def test_undoing_a_reimport_gives_back_the_first_imports_minutes(app, session, jornada):  # noqa: F811
    """First import: Juan 10:01:44-11:59:12 = 117 min. The corrected second one has him leave at 11:20:44
    (10:01:44-11:20:44 = 79 min) and replaces it. Undoing the second gives back 117 and the first import's id;
    the first cannot be undone while the second is applied; after that it can, and nothing is left."""
    _, sessions, people = jornada
    event_session = session.get(EventSession, sessions[0])
    first = preview_import(session, event_session, ZOOM, "primero.csv", None)
    apply_import(session, first, None)
    session.commit()
    after_first = attendance_rows(session, sessions[0])
    second = preview_import(session, event_session, zoom_with_juan_leaving_at("11:20:44 AM"), "segundo.csv", None)
    apply_import(session, second, None)
    session.commit()
    assert attendance_rows(session, sessions[0])[people["juan"]][1:3] == (79, second.id)

    with pytest.raises(DomainError) as older:
        undo_import(session, first, None)
    assert older.value.status == 409 and older.value.code == "later_import"

    assert undo_import(session, second, None) == (0, 3)
    session.commit()
    assert attendance_rows(session, sessions[0]) == after_first
    assert undo_import(session, first, None) == (3, 0)
    session.commit()
    assert attendance_rows(session, sessions[0]) == {}


def test_undo_keeps_a_check_in_the_organizer_made_after_the_import(client, login_as, session,
                                                                   jornada):  # noqa: F811
    _, sessions, people = jornada
    login_as("organizer", "IACIP")
    import_id = upload(client, sessions[0], ZOOM, "z.csv")
    client.post(f"/asistencia/importaciones/{import_id}/aplicar")
    # Rocío (17 min, under the minimum) is marked present by hand after the import.
    client.post(f"/asistencia/sesiones/{sessions[0]}/presente", data={"registration_id": people["rocio"]})
    client.post(f"/asistencia/importaciones/{import_id}/deshacer")
    rows = attendance_rows(session, sessions[0])
    assert set(rows) == {people["rocio"]}
    assert rows[people["rocio"]][:3] == ("roster", 17, None)


def test_a_pending_import_cannot_be_undone(client, login_as, session, jornada):  # noqa: F811
    _, sessions, _ = jornada
    login_as("organizer", "IACIP")
    import_id = upload(client, sessions[0], ZOOM, "z.csv")
    response = client.post(f"/asistencia/importaciones/{import_id}/deshacer", headers={"Accept": "application/json"})
    assert response.status_code == 409
