"""XLSX downloads read the same as the CSV ones: recognised by content (a zip), not by the file name; each
sheet one after the other (Teams puts its sections on separate sheets); dates stored as real dates."""
import csv
import io
from datetime import datetime

import pytest
from openpyxl import Workbook

from agenda.attendance.imports import session_window
from agenda.attendance.meeting_reports import ReportFormatError, decode_report, parse_report
from agenda.events.models import EventSession

from .test_imports import SAMPLES, jornada  # noqa: F401  (fixture)


def as_xlsx(sample: str, split_sections: bool, real_dates: bool) -> bytes:
    """The sample's rows in a workbook: one sheet, or one per Teams section; times as datetime cells."""
    text = decode_report((SAMPLES / sample).read_bytes())
    delimiter = "\t" if "\t" in text else ","
    workbook = Workbook()
    sheet = workbook.active
    for row in csv.reader(io.StringIO(text), delimiter=delimiter):
        if split_sections and len(row) == 1 and row[0][:2] in ("2.", "3."):
            sheet = workbook.create_sheet()
        if not any(cell.strip() for cell in row) and split_sections:
            continue
        values = []
        for cell in row:
            value = cell
            if real_dates:
                for pattern in ("%m/%d/%Y %I:%M:%S %p", "%m/%d/%y, %I:%M:%S %p"):
                    try:
                        value = datetime.strptime(cell.strip(), pattern)
                        break
                    except ValueError:
                        pass
            values.append(value)
        sheet.append(values)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def minutes(report):
    return {p.email or p.name: p.minutes for p in report.people + report.by_name}


@pytest.mark.parametrize("sample, index, split, real_dates", [
    ("zoom-participants.csv", 0, False, False),
    ("zoom-participants.csv", 0, False, True),
    ("teams-attendance-report.csv", 2, True, True),
])
def test_an_xlsx_report_gives_the_same_minutes_as_its_csv(app, session, jornada, sample, index, split,
                                                          real_dates):  # noqa: F811
    """Same file, same figures: e.g. Zoom María 116 min 52 s -> 117, Teams María 109 min 42 s -> 110."""
    _, sessions, _ = jornada
    window = session_window(session.get(EventSession, sessions[index]))
    from_csv = parse_report((SAMPLES / sample).read_bytes(), window)
    from_xlsx = parse_report(as_xlsx(sample, split, real_dates), window)
    assert from_xlsx.platform == from_csv.platform
    assert minutes(from_xlsx) == minutes(from_csv)
    assert from_xlsx.fits_window is True


def test_a_damaged_xlsx_is_refused_with_a_message():
    with pytest.raises(ReportFormatError):
        parse_report(b"PK\x03\x04" + b"\x00" * 200)


def test_zoom_webinar_attendee_report_reads_its_blocks(app, session, jornada):  # noqa: F811
    """samples/zoom-webinar-attendee-report.csv (written for these tests from Zoom's documented layout),
    session 10:00-12:00 on 15 Sep 2020. By hand, from Join/Leave Time:
    - Juan (panelist, shown "Juan C. Núñez"): 09:55:10-11:10:00 clipped = 70 min, + 11:12:30-12:02:00 clipped =
      47 min 30 s: 117.5 -> 118.
    - María: two devices, 10:03:20-10:45:00 and 10:40:00-11:58:30, union 10:03:20-11:58:30 = 115 min 10 s -> 115.
    - Rocío: 10:05-10:10 = 5 min (stored, under the minimum).
    - Nadie Conectado: Attended No, no connection. Ana Sofía (not registered): 10:00:30-11:30 = 89.5 -> 90.
    - The host: 09:50-12:05 clipped to 120."""
    _, sessions, people = jornada
    from agenda.attendance.imports import preview_import

    data = (SAMPLES / "zoom-webinar-attendee-report.csv").read_bytes()
    report = parse_report(data, session_window(session.get(EventSession, sessions[0])))
    assert report.platform == "zoom" and report.title.endswith("Webinar")
    assert minutes(report) == {"capacitacion@inai.org.mx": 120, "jcnunez@itei.org.mx": 118,
                               "mjperez@iacip-gto.org.mx": 115, "rcampos@infocol.org.mx": 5,
                               "asruiz.transparencia@gmail.com": 90}
    assert report.from_durations is False and report.fits_window is True
    row = preview_import(session, session.get(EventSession, sessions[0]), data, "webinar.csv", None)
    assert {m["registration_id"]: m["minutes"] for m in row.preview["matched"]} == {
        people["maria"]: 115, people["juan"]: 118}
    assert [b["registration_id"] for b in row.preview["below"]] == [people["rocio"]]
