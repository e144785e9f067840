"""The commission's report page (any date range) with offline SVG charts, and its CSV/XLSX exports."""

from flask import Blueprint, render_template, request
from flask_babel import gettext as _

from ..accounts.access import role_required
from ..attendance import figures
from ..attendance.reach import platform_label
from ..catalog.services import states
from ..domain import DomainError
from ..events.display import TYPE_LABELS
from ..extensions import db
from ..registration.models import GENDER_LABELS, SECTOR_LABELS
from ..spreadsheets import Sheet, download
from . import charts, queries, services
from .queries import CommissionReport, ReportRange

bp = Blueprint("reports", __name__)
report_access = role_required("admin", "organizer", "commissioner")


def requested_range() -> ReportRange:
    """The period in the query string; without one, the most recent commission year (November to November)
    with data, so the page never opens on an empty stretch."""
    if not (request.args.get("from") or "").strip() and not (request.args.get("to") or "").strip():
        return queries.latest_year_with_data(db.session, queries._zone())
    return queries.parse_range(request.args, queries.today_local())


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
    event_rows = figures.event_figures(db.session, report.event_ids, with_sessions=False)
    totals = figures.period_totals(db.session, report.event_ids)
    return render_template("reports/commission.html", report=report, period=period, types=types,
                           genders=genders, sectors=sectors, reach=reach, charts=chart_set, query=query,
                           event_rows=event_rows, totals=totals, type_labels=TYPE_LABELS)


EVENT_COLUMNS = ("sessions", "sessions_held", "registrations", "participants", "public_servants", "completed",
                 "certificates", "bodies", "institutions", "states", "regions")


def event_column_labels() -> list[str]:
    return [_("Sesiones"), _("Sesiones realizadas"), _("Registros confirmados"), _("Participantes"),
            _("Servidores públicos"), _("Cumplen la regla"), _("Constancias"), _("OGL distintos"),
            _("Instituciones distintas"), _("Entidades"), _("Regiones")]


def event_sheets(rows: list[figures.EventFigures]) -> list[Sheet]:
    """Per event and per session, for the exports."""
    per_event = [[row.id, row.title, _label(TYPE_LABELS, row.type), row.organization]
                 + [getattr(row, name) for name in EVENT_COLUMNS] for row in rows]
    per_session = [[row.id, row.title, index, s.title or "", s.starts_at.isoformat(sep=" ", timespec="minutes"),
                    s.present] for row in rows for index, s in enumerate(row.per_session, start=1)]
    return [
        Sheet(_("Por evento"), [_("Id"), _("Evento"), _("Tipo"), _("Organiza")] + event_column_labels(), per_event),
        Sheet(_("Asistencia por sesión"), [_("Id del evento"), _("Evento"), _("Sesión"), _("Título"),
                                           _("Inicio (UTC)"), _("Presentes")], per_session),
    ]


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
    sheets = report_sheets(report) + event_sheets(figures.event_figures(db.session, report.event_ids))
    return download(sheets, name, fmt)


merge_access = role_required("admin", "organizer")


@bp.get("/informe/instituciones")
@merge_access
def institutions(errors: dict | None = None, status: int = 200):
    search = (request.args.get("q") or "")[:120]
    groups = services.institution_groups(db.session, search)
    return render_template("reports/institutions.html", groups=groups, search=search, errors=errors or {}), status


@bp.post("/informe/instituciones")
@merge_access
def merge_institutions():
    from flask import flash, redirect, url_for
    from flask_login import current_user

    try:
        if request.form.get("split"):
            removed = services.split_institution(db.session, request.form["split"][:255])
            db.session.commit()
            flash(_("Se separaron %(n)s nombres.", n=removed), "success")
        else:
            count = services.merge_institutions(db.session, request.form.getlist("names"),
                                                request.form.get("canonical", ""), current_user)
            db.session.commit()
            flash(_("Unificados: %(n)s nombres se cuentan ahora como una sola institución.", n=count), "success")
    except DomainError as failure:
        db.session.rollback()
        return institutions(errors={failure.field or "names": failure.message}, status=422)
    return redirect(url_for("reports.institutions", q=request.args.get("q") or None))


@bp.get("/cifras")
def open_figures_page():
    from .data import report_data
    from .open_data import DICTIONARY, SUPPRESSED, open_figures

    period = requested_range()
    data = open_figures(report_data(db.session, period))
    names = {s.code: s.name for s in states(db.session)}
    return render_template("reports/open.html", data=data, period=period, names=names, dictionary=DICTIONARY,
                           suppressed=SUPPRESSED, type_labels=TYPE_LABELS, gender_labels=GENDER_LABELS,
                           sector_labels=SECTOR_LABELS,
                           query=request.query_string.decode("utf-8", "ignore"))


@bp.get("/cifras.<fmt>")
def open_figures_export(fmt: str):
    from flask import jsonify

    from .data import report_data
    from .open_data import open_figures

    if fmt not in ("csv", "json"):
        raise DomainError(_("Formato no disponible: use csv o json."), "not_found", status=404)
    period = requested_range()
    data = open_figures(report_data(db.session, period))
    if fmt == "json":
        response = jsonify(data)
        response.headers["Cache-Control"] = "public, max-age=300"
        return response
    return download(open_sheets(data), f"cifras-{period.date_from.isoformat()}-a-{period.date_to.isoformat()}",
                    "csv")


def open_sheets(data: dict) -> list[Sheet]:
    totals = data["totals"]
    summary = [[key, totals[key]] for key in ("events", "sessions", "registrations", "participants",
                                              "public_servants", "bodies", "institutions", "states", "regions",
                                              "certificates")]
    summary += [["reach.views", totals["reach"]["views"]], ["reach.people", totals["reach"]["people"]]]
    columns = ["id", "title", "type", "organization", "sessions", "registrations", "participants",
               "public_servants", "completed", "certificates", "bodies", "institutions", "states", "regions"]
    return [
        Sheet("totals", ["field", "value"], [["period.from", data["period"]["from"]],
                                             ["period.to", data["period"]["to"]]] + summary),
        Sheet("by_type", ["type", "events", "sessions", "registrations", "participants", "public_servants",
                          "certificates"],
              [[code, e["events"], e["sessions"], e["registrations"], e["participants"], e["public_servants"],
                e["certificates"]] for code, e in data["by_type"].items()]),
        Sheet("by_region", ["region", "participants"], [[k, v] for k, v in data["by_region"].items()]),
        Sheet("by_state", ["state", "participants", "public_servants", "events"],
              [[k, v["participants"], v["public_servants"], v["events"]] for k, v in data["by_state"].items()]),
        Sheet("by_gender", ["gender", "participants"], [[k, v] for k, v in data["by_gender"].items()]),
        Sheet("by_sector", ["sector", "participants"], [[k, v] for k, v in data["by_sector"].items()]),
        Sheet("events", columns, [[e[c] for c in columns] for e in data["events"]]),
    ]


@bp.route("/informe/documento", methods=["GET", "POST"])
@report_access
def activity_document():
    from flask import flash, redirect, url_for
    from flask_login import current_user

    from .document import build_activity_report, section_titles

    period = requested_range()
    errors = {}
    if request.method == "POST":
        report = build_activity_report(db.session, period)
        allowed = {e.id for e in report.sessions}
        try:
            services.save_narratives(db.session, period.date_from, period.date_to,
                                     {section: request.form.get(f"text-{section}", "")
                                      for section in section_titles()}, current_user)
            services.save_session_notes(db.session, {
                int(key[6:]): value for key, value in request.form.items()
                if key.startswith("notes-") and key[6:].isdigit() and len(key) < 20}, allowed)
            db.session.commit()
            flash(_("Textos del informe guardados."), "success")
            return redirect(url_for("reports.activity_document", **{"from": period.date_from.isoformat(),
                                                                    "to": period.date_to.isoformat()}))
        except DomainError as failure:
            db.session.rollback()
            errors = {failure.field or "text": failure.message}
    report = build_activity_report(db.session, period)
    query = f"from={period.date_from.isoformat()}&to={period.date_to.isoformat()}"
    return render_template("reports/document.html", report=report, period=period, titles=section_titles(),
                           errors=errors, query=query, form=request.form if errors else {}), \
        422 if errors else 200


@bp.get("/informe/documento.<fmt>")
@report_access
def activity_document_download(fmt: str):
    from flask import Response

    from .document import build_activity_report, render_docx, render_pdf

    if fmt not in ("docx", "pdf"):
        raise DomainError(_("Formato no disponible: use docx o pdf."), "not_found", status=404)
    period = requested_range()
    report = build_activity_report(db.session, period)
    if fmt == "docx":
        body = render_docx(report)
        mimetype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        body, mimetype = render_pdf(report), "application/pdf"
    response = Response(body, mimetype=mimetype)
    name = f"informe-de-actividades-{period.date_from.isoformat()}-a-{period.date_to.isoformat()}.{fmt}"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
