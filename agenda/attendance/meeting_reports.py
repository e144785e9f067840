"""Reading the participant reports that Zoom, Google Meet and Microsoft Teams export.

Pure functions, no database: bytes in, a `MeetingReport` out. Each person (by e-mail) appears once with the
minutes of all their connections added up (a participant who dropped and re-joined has several lines in the
file); when two connections of the same person overlap in time (a phone and a laptop at once), the overlap
counts once. Lines without an e-mail cannot be matched to a registration: they are kept in
`without_email` so the preview can list them instead of dropping them silently. More than
MAX_SESSION_MINUTES for one person is a damaged or edited report, not attendance: that person's minutes are
None, so the preview lists the row as an error and nothing absurd reaches the database.

Formats (the real exports, samples under tests/attendance/samples/):
- Zoom "Participants" report: UTF-8 with BOM, comma separated; optionally a meeting block first
  ("Meeting ID,Topic,Start Time,...") and a blank line; then "Name (Original Name),User Email,Join Time,
  Leave Time,Duration (Minutes),Guest,..." with one line per connection (re-joins repeat the person).
- Google Meet attendance report: "First name,Last name,Email,Duration,Time joined,Time exited", durations
  like "1 hr 5 min", times of day like "9:58 AM".
- Microsoft Teams attendance report: UTF-16 LE with BOM, tab separated, sections "1. Summary",
  "2. Participants" (Name, First Join, Last Leave, In-Meeting Duration, Email, ...) and "3. In-Meeting
  Activities" (one line per connection). The participants section is used when present (Teams already
  adds up re-joins there); otherwise the activities lines are added up here.
Spanish-language exports of the three platforms are recognised by their translated headers too.
"""
import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from flask_babel import gettext as _

PLATFORMS = ("zoom", "meet", "teams")
PLATFORM_LABELS = {"zoom": "Zoom", "meet": "Google Meet", "teams": "Microsoft Teams"}
MAX_REPORT_BYTES = 5 * 1024 * 1024
# Nobody attends one session for more than a day; this is also the highest minimum minutes an event may set
# (settings.save_settings), so every minimum stays reachable, and it is far below a database INTEGER.
MAX_SESSION_MINUTES = 24 * 60


class ReportFormatError(ValueError):
    """The file is not a participant report we can read; the message is Spanish, for people."""


@dataclass(frozen=True)
class ReportLine:
    """One line of the report: one connection of one participant."""

    line: int  # line number in the file (1-based), shown in the preview
    name: str
    email: str  # lower-case; "" when the report has none for this line
    minutes: float  # connected time on this line (the report's duration; used only without timestamps)
    joined_at: datetime | None = None  # wall-clock time as written in the report
    left_at: datetime | None = None
    # First join and last leave of several connections (Google Meet, Teams "2. Participants"): the duration
    # is the real time, the span only bounds it (gaps inside are unknown).
    aggregate: bool = False
    upn: str = ""  # Teams "Participant ID (UPN)": the account's sign-in address, lower-case, when e-mail shaped
    aliases: tuple[str, ...] = ()  # other names for matching: the "(Original Name)" of Zoom and Teams

    @property
    def timed(self) -> bool:
        return (not self.aggregate and self.joined_at is not None and self.left_at is not None
                and self.left_at >= self.joined_at)


@dataclass
class ReportPerson:
    """Everybody's connections under one e-mail, added up."""

    email: str
    name: str
    minutes: int | None  # None: more than MAX_SESSION_MINUTES, which the report cannot be believed on
    lines: list[int] = field(default_factory=list)
    upn: str = ""  # Teams UPN of the connections, tried when the e-mail matches nobody
    names: list[str] = field(default_factory=list)  # every name the lines give (shown and original), to match

    @property
    def connections(self) -> int:
        return len(self.lines)


@dataclass
class MeetingReport:
    platform: str  # one of PLATFORMS
    title: str | None  # meeting topic when the report carries it
    people: list[ReportPerson]  # one per e-mail, in order of first appearance
    without_email: list[ReportLine]  # lines that cannot be matched by e-mail
    # People without an e-mail, one per normalised name (matched by name, if at all); email is "".
    by_name: list[ReportPerson] = field(default_factory=list)
    from_durations: bool = False  # some minutes come from the duration column: no timestamps to clip
    fits_window: bool | None = None  # None: no window given; False: no connection overlaps the session


# Header names, normalised (lower case, no accents, single spaces). Spanish variants included.
_NAME = {"name (original name)", "nombre (nombre original)", "user name (original name)",
         "nombre de usuario (nombre original)", "name", "nombre", "full name", "nombre completo"}
_EMAIL = {"user email", "correo electronico del usuario", "email", "correo electronico", "e-mail",
          "correo", "direccion de correo electronico", "e-mail del usuario"}
_JOIN = {"join time", "hora de entrada", "hora de ingreso", "hora de union", "first join", "primera union",
         "primera entrada", "time joined", "hora de union a la reunion", "hora a la que se unio",
         "hora para unirse"}
_LEAVE = {"leave time", "hora de salida", "last leave", "ultima salida", "time exited", "hora a la que salio",
          "hora para salir"}
_DURATION = {"duration (minutes)", "duracion (minutos)", "duration", "duracion", "in-meeting duration",
             "duracion en la reunion", "tiempo en la reunion", "total duration (minutes)",
             "duracion total (minutos)", "time in session (minutes)", "tiempo en la sesion (minutos)"}
_UPN = {"participant id (upn)", "id de participante (upn)", "upn", "user principal name"}
_FIRST_NAME = {"first name", "nombre"}
_LAST_NAME = {"last name", "apellido", "apellidos"}


def normalise_header(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.strip().strip("\ufeff")).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", text.lower()).strip()


def decode_report(data: bytes) -> str:
    """Bytes as text: UTF-16 (Teams; with or without BOM), UTF-8 with or without BOM, else Windows-1252.
    Raises ReportFormatError for bytes that look like UTF-16 but are not (a damaged or different file)."""
    codec = _utf16_codec(data)
    if codec is not None:
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            raise ReportFormatError(_unreadable()) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _utf16_codec(data: bytes) -> str | None:
    """The UTF-16 codec the bytes are in, judged by the byte-order mark or the zero bytes of ASCII text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if len(data) >= 4 and data[1] == 0 and data[3] == 0 and data[0] != 0:
        return "utf-16-le"
    if len(data) >= 4 and data[0] == 0 and data[2] == 0 and data[1] != 0:
        return "utf-16-be"
    return None


def _unreadable() -> str:
    return _("No pudimos leer el archivo. Súbalo tal como lo descargó de Zoom, Google Meet o Microsoft "
             "Teams, sin abrirlo ni guardarlo con otro programa.")


Window = tuple[datetime, datetime]  # the session's start and end, naive wall-clock in the session's zone


def parse_report(data: bytes, window: Window | None = None) -> MeetingReport:
    """Recognise the platform from the headers and read the report. Raises ReportFormatError.

    With a `window`, each person's minutes are the union of their connections clipped to it (unless no
    connection in the whole report overlaps it: then the times are not the session's, and are not clipped)."""
    if not data or not data.strip():
        raise ReportFormatError(_("El archivo está vacío."))
    if len(data) > MAX_REPORT_BYTES:
        raise ReportFormatError(_("El archivo es demasiado grande (máximo 5 MB)."))
    rows = _xlsx_rows(data) if data[:4] == b"PK\x03\x04" else _rows(decode_report(data).replace("\x00", ""))
    if any(_webinar_section(row) == "attendee report" for row in rows[:5]):
        return _zoom_webinar(rows, window)
    for index, row in enumerate(rows):
        headers = [normalise_header(cell) for cell in row]
        if "name (original name)" in headers or "nombre (nombre original)" in headers:
            return _zoom(rows, index, window)
        if _has(headers, _FIRST_NAME) and _has(headers, _LAST_NAME) and _has(headers, _EMAIL):
            return _meet(rows, index, window)
        if _has(headers, _NAME) and "user action" in headers and "timestamp" in headers:
            return _teams_2020(rows, index, window)
    teams = _teams(rows, window)
    if teams is not None:
        return teams
    raise ReportFormatError(_(
        "No reconocemos el formato. Suba el reporte de participantes tal como lo descarga Zoom "
        "(Informes › Uso › Participantes), Google Meet (reporte de asistencia) o Microsoft Teams "
        "(reporte de asistencia)."))


def _rows(text: str) -> list[list[str]]:
    lines = text.splitlines()
    sample = "\n".join(lines[:30])
    # Tabs (Teams), commas, or semicolons (the same files saved again by Excel on a Spanish Windows).
    delimiter = max(("\t", ",", ";"), key=sample.count)
    try:
        return list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter))
    except csv.Error:  # e.g. a cell longer than the csv module's limit: not a real report
        raise ReportFormatError(_unreadable()) from None


def _xlsx_rows(data: bytes) -> list[list[str]]:
    """An XLSX download (Teams offers one), recognised by content (a zip), never by the file's name: every
    sheet's cells as text, one after the other with a blank row between (Teams puts each section on its own
    sheet), so the same readers apply. Dates stored as dates are written back as the exports write them."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # a damaged zip or another zip format: not a readable report
        raise ReportFormatError(_unreadable()) from None
    rows: list[list[str]] = []
    try:
        for sheet in workbook.worksheets:
            if rows:
                rows.append([])
            for values in sheet.iter_rows(values_only=True):
                cells = [_xlsx_text(value) for value in values]
                while cells and cells[-1] == "":
                    cells.pop()
                rows.append(cells)
    finally:
        workbook.close()
    return rows


def _xlsx_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%m/%d/%Y %I:%M:%S %p")
    if isinstance(value, time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _has(headers: list[str], names: set[str]) -> bool:
    return any(h in names for h in headers)


def _column(headers: list[str], names: set[str]) -> int | None:
    for index, header in enumerate(headers):
        if header in names:
            return index
    return None


def _cell(row: list[str], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    return row[index].strip()


def _table(rows: list[list[str]], header_index: int):
    """Yield (line number, row) for the data rows under a header, until a blank line or a section title."""
    for number in range(header_index + 1, len(rows)):
        row = rows[number]
        if not any(cell.strip() for cell in row):
            break
        if len(row) == 1 and re.match(r"^\d+\.\s", row[0].strip()):
            break
        yield number + 1, row


def _zoom(rows: list[list[str]], header_index: int, window: Window | None) -> MeetingReport:
    headers = [normalise_header(cell) for cell in rows[header_index]]
    name, email = _column(headers, _NAME), _column(headers, _EMAIL)
    join, leave, duration = _column(headers, _JOIN), _column(headers, _LEAVE), _column(headers, _DURATION)
    if duration is None:
        raise ReportFormatError(_("El reporte de Zoom no trae la columna «Duration (Minutes)» ni «Total "
                                  "Duration (Minutes)»."))
    title = None
    if header_index >= 2:
        meta = [normalise_header(cell) for cell in rows[0]]
        topic = _column(meta, {"topic", "tema"})
        if topic is not None and len(rows[1]) > topic:
            title = rows[1][topic].strip() or None
    lines = []
    for number, row in _table(rows, header_index):
        shown, original = split_original_name(_cell(row, name))
        lines.append(ReportLine(
            line=number, name=shown, email=_email(_cell(row, email)),
            minutes=_minutes(_cell(row, duration), number), joined_at=parse_timestamp(_cell(row, join), window),
            left_at=parse_timestamp(_cell(row, leave), window), aliases=(original,) if original else ()))
    return _combine("zoom", title, lines, window)


_WEBINAR_SECTIONS = {"attendee report", "host details", "panelist details", "attendee details",
                     "informe de asistentes", "detalles del anfitrion", "detalles del panelista",
                     "detalles de los asistentes", "other attended", "otros asistentes"}


def _webinar_section(row: list[str]) -> str | None:
    """The section title a Zoom Webinar report row is ("Host Details", ...), or None."""
    cells = [cell for cell in row if cell.strip()]
    if len(cells) == 1 and normalise_header(cells[0]) in _WEBINAR_SECTIONS:
        return normalise_header(cells[0])
    return None


def _zoom_webinar(rows: list[list[str]], window: Window | None) -> MeetingReport:
    """Zoom's Webinar attendee report: "Attendee Report", a summary block (Topic, Webinar ID, ...), then the
    blocks "Host Details", "Panelist Details" and "Attendee Details", each a title row, a header row
    (Attended, User Name (Original Name), Email, ..., Join Time, Leave Time, Time in Session (minutes), ...)
    and one row per connection. Rows with Attended = No registered but never came: no connection."""
    title = None
    lines = []
    number = 0
    while number < len(rows):
        section = _webinar_section(rows[number])
        if section is None or section == "attendee report":
            headers = [normalise_header(cell) for cell in rows[number]]
            topic = _column(headers, {"topic", "tema"})
            if topic is not None and number + 1 < len(rows) and title is None:
                title = _cell(rows[number + 1], topic) or None
            number += 1
            continue
        if number + 1 >= len(rows):
            break
        headers = [normalise_header(cell) for cell in rows[number + 1]]
        name, email, attended = _column(headers, _NAME), _column(headers, _EMAIL), _column(headers, {"attended",
                                                                                                       "asistio"})
        join, leave, duration = _column(headers, _JOIN), _column(headers, _LEAVE), _column(headers, _DURATION)
        number += 2
        while number < len(rows) and _webinar_section(rows[number]) is None:
            row = rows[number]
            number += 1
            if not any(cell.strip() for cell in row) or name is None:
                continue
            if attended is not None and normalise_header(_cell(row, attended)) in {"no", "false"}:
                continue
            shown, original = split_original_name(_cell(row, name))
            lines.append(ReportLine(
                line=number, name=shown, email=_email(_cell(row, email)),
                minutes=_minutes(_cell(row, duration) or "0", number),
                joined_at=parse_timestamp(_cell(row, join), window),
                left_at=parse_timestamp(_cell(row, leave), window), aliases=(original,) if original else ()))
    if not lines and not any(_webinar_section(row) == "attendee details" for row in rows):
        raise ReportFormatError(_("El reporte de asistentes del webinar de Zoom no trae la sección "
                                  "«Attendee Details»."))
    return _combine("zoom", title, lines, window)


def _meet(rows: list[list[str]], header_index: int, window: Window | None) -> MeetingReport:
    headers = [normalise_header(cell) for cell in rows[header_index]]
    first, last = _column(headers, _FIRST_NAME), _column(headers, _LAST_NAME)
    email, duration = _column(headers, _EMAIL), _column(headers, _DURATION)
    join, leave = _column(headers, _JOIN), _column(headers, _LEAVE)
    if duration is None:
        raise ReportFormatError(_("El reporte de Google Meet no trae la columna «Duration»."))
    lines = []
    for number, row in _table(rows, header_index):
        full_name = " ".join(part for part in (_cell(row, first), _cell(row, last)) if part)
        lines.append(ReportLine(
            line=number, name=full_name, email=_email(_cell(row, email)),
            minutes=_minutes(_cell(row, duration), number), joined_at=parse_timestamp(_cell(row, join), window),
            left_at=parse_timestamp(_cell(row, leave), window), aggregate=True))
    return _combine("meet", None, lines, window)


def _teams(rows: list[list[str]], window: Window | None) -> MeetingReport | None:
    participants = activities = None
    title = None
    for index, row in enumerate(rows):
        headers = [normalise_header(cell) for cell in row]
        if len(row) >= 2 and headers[0] in {"meeting title", "titulo de la reunion"}:
            title = row[1].strip() or None
        if not (_has(headers, _NAME) and _has(headers, _DURATION)):
            continue
        if _has(headers, {"first join", "primera union", "primera entrada", "in-meeting duration",
                          "duracion en la reunion"}):
            participants = participants if participants is not None else index
        elif _has(headers, _JOIN):
            activities = activities if activities is not None else index
    # One line per connection (section 3) when present: gaps can be left out and connections clipped.
    header_index = activities if activities is not None else participants
    if header_index is None:
        return None
    headers = [normalise_header(cell) for cell in rows[header_index]]
    name, email, duration = _column(headers, _NAME), _column(headers, _EMAIL), _column(headers, _DURATION)
    join, leave, upn = _column(headers, _JOIN), _column(headers, _LEAVE), _column(headers, _UPN)
    upns: dict[str, str] = {}  # section 3 has no UPN column: take each person's from section 2
    if participants is not None and header_index != participants:
        section2 = [normalise_header(cell) for cell in rows[participants]]
        s2_name, s2_email, s2_upn = _column(section2, _NAME), _column(section2, _EMAIL), _column(section2, _UPN)
        if s2_upn is not None:
            for _number, row in _table(rows, participants):
                address = _email(_cell(row, s2_upn))
                if address:
                    upns.setdefault(_email(_cell(row, s2_email)) or normalise_name(_cell(row, s2_name)), address)
    lines = []
    for number, row in _table(rows, header_index):
        raw = _cell(row, name)
        shown, original = split_original_name(raw)
        aliases = tuple(n for n in (shown, original) if n and n != raw
                        and normalise_name(n) not in _GUEST_MARKERS)
        lines.append(ReportLine(
            line=number, name=raw, email=_email(_cell(row, email)),
            minutes=_minutes(_cell(row, duration), number), joined_at=parse_timestamp(_cell(row, join), window),
            left_at=parse_timestamp(_cell(row, leave), window), aggregate=header_index == participants,
            upn=_email(_cell(row, upn)) or upns.get(_email(_cell(row, email)) or normalise_name(raw), ""),
            aliases=aliases))
    return _combine("teams", title, lines, window)


def _teams_2020(rows: list[list[str]], header_index: int, window: Window | None) -> MeetingReport:
    """The in-meeting attendance list Teams gave in 2020: "Full Name, User Action, Timestamp", one row per
    Joined / Left (or "Joined before": already in when the list started), no e-mail. A connection without
    its Left row (still in when the list was downloaded) closes at the session's end, or at the list's last
    time without a session."""
    headers = [normalise_header(cell) for cell in rows[header_index]]
    name, action, stamp = _column(headers, _NAME), headers.index("user action"), headers.index("timestamp")
    events = []
    for number, row in _table(rows, header_index):
        at = parse_timestamp(_cell(row, stamp), window)
        if at is None:
            raise ReportFormatError(_("No entendemos la hora «%(text)s» en la línea %(line)d.",
                                      text=_cell(row, stamp), line=number))
        events.append((number, _cell(row, name), normalise_header(_cell(row, action)).startswith("join"), at))
    last = max((at for *_, at in events), default=None)
    close_at = window[1] if window is not None and last is not None and last <= window[1] else last
    open_since: dict[str, tuple[int, str, datetime]] = {}
    lines = []
    for number, person, joined, at in sorted(events, key=lambda e: e[3]):
        key = normalise_name(person)
        if joined:
            open_since.setdefault(key, (number, person, at))
        elif key in open_since:
            start_line, shown, start = open_since.pop(key)
            lines.append(ReportLine(start_line, shown, "", (at - start).total_seconds() / 60, start, at))
    for start_line, shown, start in open_since.values():
        lines.append(ReportLine(start_line, shown, "", (close_at - start).total_seconds() / 60, start, close_at))
    lines.sort(key=lambda x: x.line)
    return _combine("teams", None, lines, window)


def normalise_name(text: str) -> str:
    """A person's name for matching: accents, case and spacing ignored."""
    return normalise_header(text)


# What Teams writes in parentheses after a name that is not another name.
_GUEST_MARKERS = {"guest", "invitado", "invitada", "external", "externo", "externa", "unverified",
                  "no verificado", "no verificada"}


def split_original_name(raw: str) -> tuple[str, str]:
    """Zoom and Teams write "Shown name (Original Name)" when someone renamed themselves in the meeting: the
    name as shown, and the account's own name ("" when there is none). Both are tried when matching."""
    match = re.match(r"^(.*\S)\s*\(([^()]*\S[^()]*)\)$", raw)
    return (match.group(1), match.group(2).strip()) if match else (raw, "")


_EMAIL_SHAPE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _email(raw: str) -> str:
    raw = raw.strip().lower()
    return raw if _EMAIL_SHAPE.match(raw) else ""


_UNITS = {"h": 60, "hr": 60, "hrs": 60, "hora": 60, "horas": 60, "hour": 60, "hours": 60,
          "m": 1, "min": 1, "mins": 1, "minute": 1, "minutes": 1, "minuto": 1, "minutos": 1,
          "s": 1 / 60, "sec": 1 / 60, "secs": 1 / 60, "seg": 1 / 60, "second": 1 / 60, "seconds": 1 / 60,
          "segundo": 1 / 60, "segundos": 1 / 60}


def parse_duration(text: str) -> float | None:
    """Minutes from "85" (Zoom), "1 hr 25 min" (Meet), "1h 25m 3s" (Teams) or "01:25:03"; None if unreadable."""
    text = text.strip().lower().replace(",", ".")
    if not text:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    clock = re.fullmatch(r"(\d+):(\d{2})(?::(\d{2}))?", text)
    if clock:
        hours, minutes, seconds = clock.group(1), clock.group(2), clock.group(3)
        if seconds is None:  # "mm:ss" is what short clocks mean in these reports
            return float(hours) + int(minutes) / 60
        # float, not int: an absurdly long number of hours becomes a huge float (or inf), never a ValueError
        return float(hours) * 60 + int(minutes) + int(seconds) / 60
    parts = re.findall(r"(\d+(?:\.\d+)?)\s*([a-z]+)\.?", text)
    if not parts or re.sub(r"[\d.\sa-z]", "", text):
        return None
    total = 0.0
    for number, unit in parts:
        if unit not in _UNITS:
            return None
        total += float(number) * _UNITS[unit]
    return total


def _minutes(text: str, line: int) -> float:
    value = parse_duration(text)
    if value is None:
        raise ReportFormatError(_("No entendemos la duración «%(text)s» en la línea %(line)d.", text=text, line=line))
    return value


_TIMESTAMP_FORMATS = (
    "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %I:%M %p", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M",
    "%m/%d/%y, %I:%M:%S %p", "%m/%d/%y, %I:%M %p", "%m/%d/%Y, %I:%M:%S %p", "%d/%m/%Y, %H:%M:%S",
    "%d/%m/%Y %H:%M:%S", "%d/%m/%y, %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y %I:%M:%S %p", "%d/%m/%Y %I:%M %p",
    "%m/%d/%Y, %H:%M:%S", "%m/%d/%y, %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M",
    "%b %d, %Y %H:%M:%S", "%b %d, %Y %I:%M:%S %p", "%b %d, %Y %H:%M",  # Zoom Webinar: "Sep 15, 2020 09:52:07"
    "%I:%M:%S %p", "%I:%M %p", "%H:%M:%S", "%H:%M",
)


def parse_timestamp(text: str, window: Window | None = None) -> datetime | None:
    """A join/leave time as written by the platforms (naive wall-clock), or None. With the session's window,
    a day/month reading that lands on the session's day wins over a month/day one, and a bare time of day
    (Google Meet) is put on the session's day."""
    text = re.sub(r"\s+", " ", text.strip().upper().replace("A. M.", "AM").replace("P. M.", "PM")
                  .replace("A.M.", "AM").replace("P.M.", "PM"))
    if not text:
        return None
    days = {window[0].date(), window[1].date()} if window is not None else set()
    first = None
    for pattern in _TIMESTAMP_FORMATS:
        try:
            reading = datetime.strptime(text, pattern)
        except ValueError:
            continue
        if window is None or reading.date() in days:
            return reading
        if reading.year == 1900:  # a time of day only
            return _on_day(reading, window)
        first = first or reading  # another reading (day/month) may still land on the session's day
    return first


def _on_day(reading: datetime, window: Window) -> datetime:
    """A bare time of day on the session's day (the next day for a session past midnight)."""
    placed = datetime.combine(window[0].date(), reading.time())
    return placed + timedelta(days=1) if placed < window[0] - timedelta(hours=12) else placed


def _combine(platform: str, title: str | None, lines: list[ReportLine],
             window: Window | None = None) -> MeetingReport:
    fits = None
    if window is not None and any(x.joined_at is not None and x.left_at is not None for x in lines):
        fits = any(x.joined_at is not None and x.left_at is not None and x.joined_at < window[1]
                   and x.left_at > window[0] for x in lines)
    clip = window if fits else None
    people: dict[str, list[ReportLine]] = {}
    named: dict[str, list[ReportLine]] = {}
    without_email = []
    for line in lines:
        if line.email or line.upn:  # Teams may give only the UPN: still an address to match
            people.setdefault(line.email or line.upn, []).append(line)
        else:
            without_email.append(line)
            named.setdefault(normalise_name(line.name), []).append(line)

    def person(email: str, group: list[ReportLine]) -> ReportPerson:
        names = list(dict.fromkeys(n for x in group for n in (x.name, *x.aliases) if n))
        return ReportPerson(email=email, name=next((x.name for x in group if x.name), email),
                            minutes=believable_minutes(connected_minutes(group, clip)),
                            lines=[x.line for x in group], upn=next((x.upn for x in group if x.upn), ""),
                            names=names)

    return MeetingReport(platform=platform, title=title,
                         people=[person(next((x.email for x in group if x.email), ""), group)
                                 for group in people.values()],
                         without_email=without_email,
                         by_name=[person("", group) for key, group in named.items() if key],
                         from_durations=any(not x.timed for x in lines), fits_window=fits)


def believable_minutes(minutes: float) -> int | None:
    """Whole minutes, or None for more than MAX_SESSION_MINUTES (also for inf: a number too long to hold)."""
    return int(minutes + 0.5) if minutes <= MAX_SESSION_MINUTES else None


def _bounded(line: ReportLine, window: Window | None) -> float:
    """A duration, no longer than the part of its first-join/last-leave span inside the window."""
    if window is None or line.joined_at is None or line.left_at is None or line.minutes > MAX_SESSION_MINUTES:
        return line.minutes
    inside = (min(line.left_at, window[1]) - max(line.joined_at, window[0])).total_seconds() / 60
    return min(line.minutes, max(inside, 0.0))


def connected_minutes(lines: list[ReportLine], window: Window | None = None) -> float:
    """The union of the lines' connections (two devices at once count once), clipped to `window` when given;
    lines without both timestamps add their duration (the report gives nothing better)."""
    total = sum(_bounded(line, window) for line in lines if not line.timed)
    spans = []
    for line in lines:
        if not line.timed:
            continue
        start, end = line.joined_at, line.left_at
        if window is not None:
            start, end = max(start, window[0]), min(end, window[1])
        if end > start:
            spans.append((start, end))
    reach = None
    for start, end in sorted(spans):
        if reach is not None and start < reach:
            start = reach
        if end > start:
            total += (end - start).total_seconds() / 60
        reach = end if reach is None else max(reach, end)
    return total
