"""The "Informe de actividades" of a period as a document: one plain structure (`build_activity_report`)
rendered as an editable DOCX (python-docx) and as PDF (fpdf2, the library of the certificates), so both carry
the same data. Sections follow the commission's own report: sessions (date and what was agreed), working
meetings (date | subject), jornadas with their figures, professionalisation (courses, diplomados, workshops)
and reach, each opened by the narrative an organizer or commissioner wrote for the period. The charts are
the /informe ones (events by type, participants by region), drawn as PNG with Pillow for both formats."""
import io
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..attendance.certificate_pdf import _font_path, _Writer
from ..attendance.figures import EventFigures, event_figures
from ..attendance.models import ReachRecord
from ..attendance.reach import platform_label
from ..attendance.wording import spanish_date
from ..catalog.models import Region
from ..events.display import TYPE_LABELS
from ..events.models import Event
from ..timeutil import to_local
from . import charts
from .data import report_data
from .queries import ReportRange
from .services import narratives

SESSION_TYPES = ("sesion_ordinaria", "sesion_extraordinaria")
MEETING_TYPES = ("reunion_trabajo",)
JORNADA_TYPES = ("capacitacion",)
PROFESSIONALISATION_TYPES = ("curso", "diplomado", "taller")


@dataclass
class DatedEvent:
    id: int
    day: date
    title: str
    type: str
    notes: str = ""
    figures: EventFigures | None = None


@dataclass
class ActivityReport:
    period: ReportRange
    totals: dict
    sessions: list[DatedEvent] = field(default_factory=list)
    meetings: list[DatedEvent] = field(default_factory=list)
    jornadas: list[DatedEvent] = field(default_factory=list)
    professionalisation: list[DatedEvent] = field(default_factory=list)
    reach: list[tuple[str, int, int]] = field(default_factory=list)  # platform label, views, people
    narratives: dict[str, str] = field(default_factory=dict)
    charts: list[tuple[str, list[tuple[str, float]]]] = field(default_factory=list)  # title, bars


def section_titles() -> dict[str, str]:
    return {"sessions": _("Sesiones de la Comisión"), "meetings": _("Reuniones de trabajo"),
            "jornadas": _("Jornadas de capacitación"), "professionalisation": _("Profesionalización"),
            "reach": _("Alcance")}


def build_activity_report(session: Session, period: ReportRange) -> ActivityReport:
    data = report_data(session, period)
    ids = [row["id"] for row in data["events"]]
    rows = {row.id: row for row in event_figures(session, ids, with_sessions=False)} if ids else {}
    report = ActivityReport(period=period, totals=data["totals"],
                            narratives=narratives(session, period.date_from, period.date_to))
    for event in session.scalars(select(Event).where(Event.id.in_(ids)).order_by(Event.first_starts_at)) \
            if ids else []:
        day = to_local(event.first_starts_at, event.timezone).date() if event.first_starts_at else period.date_from
        item = DatedEvent(event.id, day, event.title, event.type, event.notes or "", rows.get(event.id))
        if event.type in SESSION_TYPES:
            report.sessions.append(item)
        elif event.type in MEETING_TYPES:
            report.meetings.append(item)
        elif event.type in JORNADA_TYPES:
            report.jornadas.append(item)
        elif event.type in PROFESSIONALISATION_TYPES:
            report.professionalisation.append(item)
    reach = session.execute(
        select(ReachRecord.platform, ReachRecord.views, ReachRecord.people_reached)
        .where(ReachRecord.event_id.in_(ids))).all() if ids else []
    by_platform: dict[str, list[int]] = {}
    for platform, views, people in reach:
        entry = by_platform.setdefault(platform, [0, 0])
        entry[0] += views or 0
        entry[1] += people or 0
    report.reach = sorted(((platform_label(p), v, n) for p, (v, n) in by_platform.items()), key=lambda r: -r[1])
    types = sorted(((str(TYPE_LABELS.get(code, code)), entry["events"]) for code, entry in data["by_type"].items()),
                   key=lambda r: -r[1])
    regions = sorted(((name, count) for name, count in _region_names(session, data["by_region"]).items()),
                     key=lambda r: -r[1])
    report.charts = [(_("Eventos por tipo"), types), (_("Participantes por región"), regions)]
    return report


def _region_names(session: Session, by_slug: dict) -> dict:
    names = dict(session.execute(select(Region.slug, Region.name)).all())
    return {names.get(slug, slug): count for slug, count in by_slug.items()}


def _number(value) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)


def chart_png(items: list[tuple[str, float]], width: int = 1200, bar: int = 44) -> bytes:
    """Horizontal bars as in charts.bar_chart (same palette), as PNG bytes for DOCX and PDF."""
    gap, label_width = 16, 420
    height = max(1, len(items)) * (bar + gap) + gap
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    path = _font_path("DejaVuSans.ttf")
    font = ImageFont.truetype(path, 24) if path else ImageFont.load_default()
    largest = max((value for _, value in items), default=0) or 1
    room = width - label_width - 160
    for index, (name, value) in enumerate(items):
        y = gap + index * (bar + gap)
        color = charts.PALETTE[index % len(charts.PALETTE)]
        short = name if len(name) <= 30 else name[:29] + "…"
        draw.text((label_width - 12, y + bar / 2), short, fill="#212529", font=font, anchor="rm")
        length = max(room * value / largest, 2 if value else 0)
        draw.rectangle([label_width, y, label_width + length, y + bar], fill=color)
        draw.text((label_width + length + 10, y + bar / 2), _number(int(value)), fill="#212529", font=font,
                  anchor="lm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _figures_line(figures: EventFigures | None) -> str:
    if figures is None:
        return ""
    return _("%(p)s participantes de %(b)s OGL, %(i)s instituciones, %(s)s entidades y %(r)s regiones; "
             "%(held)s sesiones; %(c)s cumplieron la regla; %(cert)s constancias.",
             p=_number(figures.participants), b=figures.bodies, i=figures.institutions, s=figures.states,
             r=figures.regions, held=figures.sessions_held, c=_number(figures.completed),
             cert=_number(figures.certificates))


def document_rows(report: ActivityReport) -> dict[str, tuple[list[str], list[list[str]]]]:
    """Per section: the table's headers and rows, the same for DOCX and PDF."""
    type_label = lambda code: str(TYPE_LABELS.get(code, code))
    return {
        "sessions": ([_("Fecha"), _("Sesión"), _("Acuerdos")],
                     [[spanish_date(e.day), f"{e.title} ({type_label(e.type)})", e.notes] for e in report.sessions]),
        "meetings": ([_("Fecha"), _("Asunto")], [[spanish_date(e.day), e.title] for e in report.meetings]),
        "jornadas": ([_("Fecha"), _("Jornada"), _("Cifras")],
                     [[spanish_date(e.day), e.title, _figures_line(e.figures)] for e in report.jornadas]),
        "professionalisation": ([_("Fecha"), _("Actividad"), _("Tipo"), _("Participantes")],
                                [[spanish_date(e.day), e.title, type_label(e.type),
                                  _number(e.figures.participants if e.figures else 0)]
                                 for e in report.professionalisation]),
        "reach": ([_("Plataforma"), _("Visualizaciones"), _("Personas alcanzadas")],
                  [[label, _number(views), _number(people)] for label, views, people in report.reach]),
    }


def summary_lines(report: ActivityReport) -> list[str]:
    t = report.totals
    return [
        _("Periodo: del %(a)s al %(b)s.", a=spanish_date(report.period.date_from), b=spanish_date(report.period.date_to)),
        _("%(e)s eventos con %(s)s sesiones; %(r)s registros confirmados.", e=_number(t["events"]),
          s=_number(t["sessions"]), r=_number(t["registrations"])),
        _("%(p)s participantes, %(ps)s de ellos servidoras y servidores públicos, de %(b)s organismos garantes "
          "locales, %(i)s instituciones, %(st)s entidades federativas y %(rg)s regiones.",
          p=_number(t["participants"]), ps=_number(t["public_servants"]), b=t["bodies"], i=t["institutions"],
          st=t["states"], rg=t["regions"]),
        _("%(c)s constancias emitidas. Alcance: %(v)s visualizaciones y %(n)s personas alcanzadas.",
          c=_number(t["certificates"]), v=_number(t["reach"]["views"]), n=_number(t["reach"]["people"])),
    ]


def _paragraphs(text: str) -> list[str]:
    return [part.strip() for part in (text or "").split("\n\n") if part.strip()]


def render_docx(report: ActivityReport) -> bytes:
    from docx import Document
    from docx.shared import Cm

    document = Document()
    document.core_properties.title = _("Informe de actividades")
    document.add_heading(_("Informe de actividades"), level=0)
    for line in summary_lines(report):
        document.add_paragraph(line)
    for title, items in report.charts:
        if items:
            document.add_heading(title, level=2)
            document.add_picture(io.BytesIO(chart_png(items)), width=Cm(16))
    titles = section_titles()
    for section, (headers, rows) in document_rows(report).items():
        document.add_heading(titles[section], level=1)
        for paragraph in _paragraphs(report.narratives.get(section, "")):
            document.add_paragraph(paragraph)
        if not rows:
            document.add_paragraph(_("Sin registros en el periodo."))
            continue
        table = document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        for cell, header in zip(table.rows[0].cells, headers):
            cell.text = header
            for run in cell.paragraphs[0].runs:
                run.bold = True
        for row in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row):
                cell.text = value or ""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_pdf(report: ActivityReport) -> bytes:
    writer = _Writer()
    pdf = writer.pdf
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page(orientation="P")
    pdf.set_title(writer.text(_("Informe de actividades")))
    writer.font(20, bold=True, color=(110, 30, 60))
    pdf.multi_cell(0, 10, writer.text(_("Informe de actividades")), new_x="LMARGIN", new_y="NEXT")
    writer.font(10)
    for line in summary_lines(report):
        pdf.multi_cell(0, 5.5, writer.text(line), new_x="LMARGIN", new_y="NEXT")
    for title, items in report.charts:
        if items:
            writer.font(12, bold=True)
            pdf.multi_cell(0, 8, writer.text(title), new_x="LMARGIN", new_y="NEXT")
            pdf.image(io.BytesIO(chart_png(items)), w=160)
    titles = section_titles()
    for section, (headers, rows) in document_rows(report).items():
        writer.font(14, bold=True, color=(110, 30, 60))
        pdf.ln(3)
        pdf.multi_cell(0, 8, writer.text(titles[section]), new_x="LMARGIN", new_y="NEXT")
        writer.font(10)
        for paragraph in _paragraphs(report.narratives.get(section, "")):
            pdf.multi_cell(0, 5.5, writer.text(paragraph), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        if not rows:
            pdf.multi_cell(0, 5.5, writer.text(_("Sin registros en el periodo.")), new_x="LMARGIN", new_y="NEXT")
            continue
        writer.font(9)
        with pdf.table(first_row_as_headings=True, line_height=5) as table:
            for values in [headers] + rows:
                row = table.row()
                for value in values:
                    row.cell(writer.text(value or ""))
    return bytes(pdf.output())

