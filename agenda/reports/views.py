"""The commission's report page (any date range) with offline SVG charts, and its CSV/XLSX exports."""
from datetime import date, timedelta

from flask import Blueprint, render_template, request
from flask_babel import gettext as _

from ..accounts.access import role_required
from ..attendance.reach import platform_label
from ..catalog.services import states
from ..domain import DomainError
from ..events.display import TYPE_LABELS
from ..events.queries import parse_date
from ..extensions import db
from ..registration.models import GENDER_LABELS, SECTOR_LABELS
from ..spreadsheets import Sheet, download
from ..timeutil import to_local, utcnow
from . import charts, queries
from .queries import CommissionReport, ReportRange

bp = Blueprint("reports", __name__)
report_access = role_required("admin", "organizer", "commissioner")


def _date(name: str, default: date) -> date:
    """The date in parameter `name`, with the agenda filters' format and years (DomainError 400 otherwise)."""
    return parse_date(request.args, name) or default


def requested_range() -> ReportRange:
    """The period in the query string; without one, the most recent commission year (November to November)
    with data, so the page never opens on an empty stretch."""
    from flask import current_app

    zone = current_app.config.get("AGENDA_TIMEZONE", "America/Mexico_City")
    if not (request.args.get("from") or "").strip() and not (request.args.get("to") or "").strip():
        return queries.latest_year_with_data(db.session, zone)
    today = to_local(utcnow(), zone).date()
    date_to = _date("to", today)
    date_from = _date("from", date_to - timedelta(days=364))
    if date_from > date_to:
        raise DomainError(_("La fecha inicial es posterior a la final."), "invalid_parameter", status=400,
                          field="from")
    if (date_to - date_from).days > 366 * 20:
        raise DomainError(_("Elija un periodo de veinte años como máximo."), "invalid_parameter", status=400,
                          field="from")
    return ReportRange(date_from, date_to)


def _label(mapping, code, empty=None) -> str:
    if code is None or code == "":
        return empty or _("Sin dato")
    return str(mapping.get(code, code))


@bp.get("/informe")
@report_access
def commission_report():
    period = requested_range()
    report = queries.commission_report(db.session, period)
    names = {s.code: s.name for s in states(db.session)}
    types = [(_label(TYPE_LABELS, code), count) for code, count in report.events_by_type]
    genders = [(_label(GENDER_LABELS, code), count) for code, count in report.by_gender]
    sectors = [(_label(SECTOR_LABELS, code), count) for code, count in report.by_sector]
    reach = [(platform_label(code), int(views or 0), int(people or 0))
             for code, views, people in report.reach_by_platform]
    chart_set = {
        "types": charts.bar_chart(types, _("Eventos por tipo")),
        "regions": charts.bar_chart(report.by_region, _("Participantes por región")),
        "genders": charts.split_bar(genders, _("Participantes por género")),
        "sectors": charts.bar_chart(sectors, _("Participantes por sector")),
        "map": charts.tile_map({row["code"]: row["participants"] for row in report.by_state}, names,
                               _("Participantes por entidad federativa")),
        "reach": charts.bar_chart([(label, views) for label, views, _people in reach],
                                  _("Visualizaciones por plataforma"), color="#2f6f8f"),
    }
    query = request.query_string.decode("utf-8", "ignore")
    return render_template("reports/commission.html", report=report, period=period, types=types,
                           genders=genders, sectors=sectors, reach=reach, charts=chart_set, query=query)


def report_sheets(report: CommissionReport) -> list[Sheet]:
    summary = [
        [_("Periodo"), f"{report.period.date_from.isoformat()} a {report.period.date_to.isoformat()}"],
        [_("Eventos"), report.events],
        [_("Sesiones en el periodo"), report.sessions],
        [_("Sesiones realizadas"), report.sessions_held],
        [_("Registros confirmados"), report.registrations],
        [_("Personas registradas (correos distintos)"), report.registered_people],
        [_("Participantes (asistieron al menos a una sesión)"), report.participants],
        [_("Servidoras y servidores públicos"), report.public_servants],
        [_("Organismos del catálogo de donde vienen"), report.public_servant_bodies],
        [_("Instituciones distintas de donde vienen"), report.public_servant_institutions],
        [_("Entidades federativas de donde vienen"), report.public_servant_states],
        [_("Visualizaciones (alcance)"), report.reach_views],
        [_("Personas alcanzadas"), report.reach_people],
    ]
    return [
        Sheet(_("Resumen"), [_("Indicador"), _("Valor")], summary),
        Sheet(_("Eventos por tipo"), [_("Tipo"), _("Eventos")],
              [[_label(TYPE_LABELS, code), n] for code, n in report.events_by_type]),
        Sheet(_("Por región"), [_("Región"), _("Participantes")], [list(row) for row in report.by_region]),
        Sheet(_("Por género"), [_("Género"), _("Participantes")],
              [[_label(GENDER_LABELS, code), n] for code, n in report.by_gender]),
        Sheet(_("Por sector"), [_("Sector"), _("Participantes")],
              [[_label(SECTOR_LABELS, code), n] for code, n in report.by_sector]),
        Sheet(_("Por entidad"), [_("Clave"), _("Entidad federativa"), _("Participantes"),
                                 _("Servidores públicos"), _("Eventos organizados")],
              [[r["code"], r["name"], r["participants"], r["public_servants"], r["events"]]
               for r in report.by_state]),
        Sheet(_("Alcance"), [_("Plataforma"), _("Visualizaciones"), _("Personas alcanzadas")],
              [[platform_label(code), int(v or 0), int(p or 0)] for code, v, p in report.reach_by_platform]),
    ]


@bp.get("/informe.<fmt>")
@report_access
def commission_report_export(fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise DomainError(_("Formato no disponible: use csv o xlsx."), "not_found", status=404)
    period = requested_range()
    report = queries.commission_report(db.session, period)
    name = f"informe-{period.date_from.isoformat()}-a-{period.date_to.isoformat()}"
    return download(report_sheets(report), name, fmt)
