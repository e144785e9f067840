"""Reading real-format participant reports from Zoom, Google Meet and Microsoft Teams (pure functions)."""
from datetime import datetime
from pathlib import Path

import pytest

from agenda.attendance.meeting_reports import (
    ReportFormatError,
    ReportLine,
    connected_minutes,
    decode_report,
    parse_duration,
    parse_report,
)

SAMPLES = Path(__file__).parent / "samples"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def people(report) -> dict:
    return {p.email: p for p in report.people}


def test_zoom_report_sums_a_rejoined_participant_once():
    report = parse_report(sample("zoom-participants.csv"))
    assert report.platform == "zoom"
    assert report.title.startswith("Jornada Nacional de Capacitación")
    found = people(report)
    maria = found["mjperez@iacip-gto.org.mx"]
    # From the timestamps, not the rounded-up Duration column (43 + 77): 09:58:30-10:41:02 is 42 min 32 s,
    # 10:44:10-12:00:55 is 76 min 45 s; 119 min 17 s in all.
    assert maria.minutes == 119
    assert maria.connections == 2
    assert list(found).count("mjperez@iacip-gto.org.mx") == 1
    # "Renamed (Original Name)" keeps the name shown in the meeting; e-mails are lower-cased.
    assert found["jcnunez@itei.org.mx"].name == "Juan Carlos Núñez Ibáñez"


def test_zoom_lines_without_email_are_kept_for_the_preview():
    report = parse_report(sample("zoom-participants.csv"))
    assert [line.name for line in report.without_email] == ["Galaxy A51 de Pedro"]
    assert report.without_email[0].minutes == 105


def test_meet_report_joins_first_and_last_name_and_reads_hr_min_durations():
    report = parse_report(sample("meet-attendance-report.csv"))
    assert report.platform == "meet"
    found = people(report)
    assert found["mjperez@iacip-gto.org.mx"].name == "María José Pérez Álvarez"
    assert found["mjperez@iacip-gto.org.mx"].minutes == 115
    assert found["rcampos@infocol.org.mx"].minutes == 17
    assert found["asruiz.transparencia@gmail.com"].minutes == 1  # "52 sec"
    assert [line.name for line in report.without_email] == ["Luis Ángel Domínguez"]


def test_teams_utf16_report_uses_the_participants_section():
    data = sample("teams-attendance-report.csv")
    assert data[:2] == b"\xff\xfe"  # the real export is UTF-16 LE with a BOM
    report = parse_report(data)
    assert report.platform == "teams"
    assert report.title.endswith("Sesión 3")
    found = people(report)
    # 41m 10s + 1h 11m (two connections in the activities section) = 1h 52m 10s in the participants one.
    assert found["mjperez@iacip-gto.org.mx"].minutes == 112
    assert len(report.people) == 4
    assert [line.name for line in report.without_email] == ["Pedro Hernández (Invitado)"]


def test_teams_activities_only_report_adds_up_the_connections():
    text = ("Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole\r\n"
            "Ana\t9/17/20, 10:00:00 AM\t9/17/20, 10:20:00 AM\t20m 0s\tana@x.mx\tAttendee\r\n"
            "Ana\t9/17/20, 10:30:00 AM\t9/17/20, 11:05:30 AM\t35m 30s\tana@x.mx\tAttendee\r\n")
    report = parse_report(text.encode("utf-16"))
    assert report.platform == "teams"
    assert [(p.email, p.minutes, p.connections) for p in report.people] == [("ana@x.mx", 56, 2)]


def test_two_devices_at_once_count_the_overlap_once():
    lines = [ReportLine(1, "Ana", "ana@x.mx", 60, datetime(2020, 9, 15, 10), datetime(2020, 9, 15, 11)),
             ReportLine(2, "Ana", "ana@x.mx", 30, datetime(2020, 9, 15, 10, 30), datetime(2020, 9, 15, 11))]
    assert connected_minutes(lines) == 60


@pytest.mark.parametrize("text, minutes", [
    ("85", 85), ("1 hr 25 min", 85), ("1h 25m 0s", 85), ("01:25:00", 85), ("45 min", 45), ("30 sec", 0.5),
    ("2 horas 5 minutos", 125),
])
def test_durations_in_every_platforms_style(text, minutes):
    assert parse_duration(text) == pytest.approx(minutes)


def test_unreadable_duration_is_an_error_not_zero():
    data = "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)\nAna,ana@x.mx,,,mucho\n"
    with pytest.raises(ReportFormatError, match="línea 2"):
        parse_report(data.encode())


@pytest.mark.parametrize("data", [b"", b"hola,mundo\n1,2\n", b"Nombre;Correo\nAna;a@b.mx\n"])
def test_other_files_are_refused_with_a_spanish_message(data):
    with pytest.raises(ReportFormatError) as error:
        parse_report(data)
    assert "formato" in str(error.value) or "vacío" in str(error.value)


def test_windows_1252_exports_are_decoded():
    data = "Name (Original Name),User Email,Duration (Minutes)\nJosé Núñez,jose@x.mx,40\n".encode("cp1252")
    report = parse_report(data)
    assert report.people[0].name == "José Núñez"
    assert decode_report(b"\xef\xbb\xbfa") == "a"


@pytest.mark.parametrize("data", [
    b"\xff\xfe\x00\x00garbage",  # a UTF-16 byte-order mark over bytes that are not UTF-16
    "Name\tDuration\r\nAna\t5m".encode("utf-16-le")[:-1],  # UTF-16 without BOM, cut in the middle
    b'Name (Original Name),User Email,Duration (Minutes)\nAna,"' + b"a" * 200_000 + b'",40\n',  # huge cell
], ids=["bom-over-garbage", "utf16-cut-short", "huge-cell"])
def test_a_damaged_file_is_refused_as_unreadable_in_spanish(data):
    with pytest.raises(ReportFormatError, match="No pudimos leer el archivo"):
        parse_report(data)


def teams_activities(duration: str) -> bytes:
    return ("Name\tJoin Time\tLeave Time\tDuration\tEmail\r\n"
            f"Ana\t\t\t{duration}\tana@x.mx\r\n"
            "Beto\t\t\t45m 0s\tbeto@x.mx\r\n").encode("utf-16")


@pytest.mark.parametrize("duration", [
    "99999999999999999999h 5m 0s", "99999999 hr", "24h 1m 0s", "9" * 400, "9" * 5000 + ":00:00",
], ids=["20-digit-hours", "meet-style-hours", "just-over-a-day", "400-digit-minutes", "5000-digit-clock"])
def test_a_duration_over_a_day_is_not_believed_and_the_rest_of_the_report_is_read(duration):
    found = people(parse_report(teams_activities(duration)))
    assert found["ana@x.mx"].minutes is None
    assert found["beto@x.mx"].minutes == 45


def test_a_whole_day_is_still_believed():
    assert people(parse_report(teams_activities("24h 0m 0s")))["ana@x.mx"].minutes == 24 * 60


def test_meet_report_with_an_absurd_duration():
    data = "First name,Last name,Email,Duration\nAna,Pérez,ana@x.mx,99999999 hr\nSin,Correo,,99999999 hr\n"
    report = parse_report(data.encode())
    assert report.people[0].minutes is None
    assert report.without_email[0].minutes > 24 * 60  # kept as read; the preview shows no number for it


SESSION = (datetime(2020, 9, 15, 10), datetime(2020, 9, 15, 12))  # 10:00-12:00 wall-clock, the session's zone


def test_zoom_minutes_are_the_union_of_connections_clipped_to_the_session():
    """Worked by hand from the Join/Leave times of zoom-participants-rejoins.csv, session 10:00-12:00:
    - host 09:51:10-12:04:30, clipped to 10:00-12:00: 120 min;
    - Ana rejoined twice: 10:02:00-10:30:30 (28 min 30 s) + 10:31:10-11:00:00 (28 min 50 s) + 11:05:00-11:59:40
      (54 min 40 s) = 112 min (the rounded-up Duration column would give 29 + 29 + 55 = 113);
    - Beto, laptop 10:00:20-11:50:20 and phone 10:30:00-11:20:00 at once: the union is the laptop, 110 min
      (not 110 + 50);
    - Carla joined early and rejoined late: 10:00-10:20 (clipped from 09:40) + 11:45-12:00 (clipped from
      12:30) = 35 min;
    - Darío only came after the end: 0 min."""
    found = people(parse_report(sample("zoom-participants-rejoins.csv"), SESSION))
    assert {email: p.minutes for email, p in found.items()} == {
        "capacitacion@inai.org.mx": 120, "ana.tellez@itaip.org.mx": 112, "beto.ramirez@cotai.org.mx": 110,
        "carla.ortiz@idaip.org.mx": 35, "dario.luna@inai.org.mx": 0}
    assert found["ana.tellez@itaip.org.mx"].connections == 3


def test_timestamps_that_fit_the_report_are_not_counted_as_durations():
    report = parse_report(sample("zoom-participants-rejoins.csv"), SESSION)
    assert (report.from_durations, report.fits_window) == (False, True)


def test_zoom_unique_users_fall_back_to_the_total_duration_and_say_so():
    """zoom-unique-users.csv has no join/leave times: the Total Duration (Minutes) column is all there is
    (Ana 112, Carla 35, the host 134, unclipped)."""
    report = parse_report(sample("zoom-unique-users.csv"), SESSION)
    assert report.platform == "zoom"
    assert report.from_durations is True
    assert report.fits_window is None  # no times to compare with the session: no "outside the window" warning
    assert {p.email: p.minutes for p in report.people} == {
        "capacitacion@inai.org.mx": 134, "ana.tellez@itaip.org.mx": 112, "carla.ortiz@idaip.org.mx": 35}


def test_teams_uses_in_meeting_activities_and_leaves_the_gap_out():
    """teams-attendance-report.csv, section 3, session 17/09/2020 10:00-12:00: María 09:59:02-10:40:12 and
    10:50:30-12:01:30, clipped: 40 min 12 s + 69 min 30 s = 109 min 42 s -> 110 (section 2 would say
    1h 52m 10s, with the gap and the minutes outside the session)."""
    window = (datetime(2020, 9, 17, 10), datetime(2020, 9, 17, 12))
    found = people(parse_report(sample("teams-attendance-report.csv"), window))
    assert found["mjperez@iacip-gto.org.mx"].minutes == 110
    assert found["capacitacion@inai.org.mx"].minutes == 120


def test_older_spanish_zoom_headers_saved_by_excel_with_semicolons_in_windows_1252():
    """zoom-participantes-es-excel.csv (E-mail del usuario, Hora para unirse / salir; ';'; Windows-1252;
    day/month dates), session 15/09/2020 10:00-12:00: Ana 10:00-10:45:20 (clipped from 09:55) + 10:47-12:00
    (clipped from 12:10) = 45 min 20 s + 73 min = 118 min 20 s -> 118; Carla 10:05-11:35 = 90 (e-mail trimmed
    and lower-cased); host 120."""
    data = sample("zoom-participantes-es-excel.csv")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    report = parse_report(data, SESSION)
    assert report.platform == "zoom" and report.without_email == []
    assert {p.email: p.minutes for p in report.people} == {
        "capacitacion@inai.org.mx": 120, "ana.tellez@itaip.org.mx": 118, "carla.ortiz@idaip.org.mx": 90}
    assert people(report)["ana.tellez@itaip.org.mx"].name == "Ana Lucía Téllez"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-8"])
def test_the_same_report_in_utf16_with_either_byte_order_mark_or_utf8_with_bom(codec):
    """The Excel-saved Spanish report re-encoded: UTF-16 with its BOM (LE or BE) or UTF-8 with a BOM reads the
    same minutes as the Windows-1252 original (Ana 118, Carla 90)."""
    text = sample("zoom-participantes-es-excel.csv").decode("cp1252")
    data = "\ufeff".encode(codec) + text.encode(codec)
    found = people(parse_report(data, SESSION))
    assert (found["ana.tellez@itaip.org.mx"].minutes, found["carla.ortiz@idaip.org.mx"].minutes) == (118, 90)


def test_teams_2020_list_pairs_joined_and_left_by_name_and_closes_a_missing_left_at_the_end():
    """teams-2020-attendance-list.csv (Full Name / User Action / Timestamp, UTF-16, no e-mail), session
    15/09/2020 10:00-12:00; names are grouped with accents, case and spacing ignored:
    - María José Pérez Álvarez: 09:58:12-10:40:00 clipped to 10:00-10:40 (40 min), then joined 10:45:20 with
      no Left row: closed at the session's end, 12:00 (74 min 40 s); 114 min 40 s -> 115;
    - the host "Joined before" 09:50 and never left: 10:00-12:00, 120;
    - José Luis García 10:02-11:30 = 88; Juan Carlos Núñez Ibáñez 10:01-11:59 = 118."""
    report = parse_report(sample("teams-2020-attendance-list.csv"), SESSION)
    assert report.platform == "teams" and report.people == []
    minutes = {p.name: p.minutes for p in report.by_name}
    assert minutes == {"Capacitación INAI": 120, "MARIA JOSE PEREZ ALVAREZ": 115, "José Luis García": 88,
                       "Juan Carlos Núñez Ibáñez": 118}
