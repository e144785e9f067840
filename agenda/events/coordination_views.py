"""The national coordination view: every body's sessions in a week or month (drafts included), in the
national agenda's zone, with clashes flagged (shared person, shared body, or both national)."""
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask import current_app, render_template, request, url_for
from flask_babel import gettext as _

from ..accounts.access import organizer_required
from ..domain import DomainError
from ..extensions import db
from ..timeutil import to_local, to_utc, utcnow
from . import display, pages
from .blueprint import bp
from .clashes import clashes_among, sessions_in_range


@dataclass
class TimelineRow:
    item: object  # EventSession
    event: object
    start: str
    end: str
    own_zone_times: str | None  # "09:00–11:00 Tiempo del noroeste" when the event's zone differs
    clashes: list[str] = field(default_factory=list)


def reason_text(reason: str, detail: str) -> str:
    if reason == "person":
        return _("misma persona: %(name)s", name=detail)
    if reason == "organization":
        return _("mismo organismo: %(org)s", org=detail)
    return _("ambos de alcance nacional")


@bp.get("/coordinacion")
@organizer_required
def coordination():
    zone = current_app.config.get("AGENDA_TIMEZONE") or "America/Mexico_City"
    view = request.args.get("vista", "semana")
    if view not in ("semana", "mes"):
        view = "semana"
    raw = request.args.get("fecha") or ""
    try:
        anchor = date.fromisoformat(raw) if raw else to_local(utcnow(), zone).date()
    except ValueError:
        anchor = None
    if anchor is None or not 1900 <= anchor.year <= 2200:
        raise DomainError(_("La fecha debe tener el formato AAAA-MM-DD."), "invalid_parameter", status=400,
                          field="fecha")
    if view == "semana":
        first = pages.week_start(anchor)
        after = first + timedelta(days=7)
        prev_anchor, next_anchor = first - timedelta(days=7), after
        title = _("Semana del %(a)s al %(b)s", a=display.date_label(first, "d 'de' MMMM"),
                  b=display.date_label(after - timedelta(days=1), "d 'de' MMMM 'de' y"))
    else:
        first, last = pages.month_bounds(anchor.year, anchor.month)
        after = last + timedelta(days=1)
        py, pm = pages.shift_month(anchor.year, anchor.month, -1)
        prev_anchor, next_anchor = date(py, pm, 1), after
        title = display.month_label(first)
    start_utc = to_utc(datetime.combine(first, datetime.min.time()), zone)
    end_utc = to_utc(datetime.combine(after, datetime.min.time()), zone)
    items = sessions_in_range(db.session, start_utc, end_utc)
    clashes = clashes_among(items)
    flagged: dict[int, list[str]] = {}
    clash_rows = []
    for clash in clashes:
        reasons = [reason_text(r, d) for r, d in clash.reasons]
        for mine, other in ((clash.first, clash.second), (clash.second, clash.first)):
            flagged.setdefault(mine.id, []).append(
                _("coincide con «%(title)s» (%(org)s): %(why)s", title=other.event.title,
                  org=other.event.organization.acronym, why="; ".join(reasons)))
        local = to_local(clash.second.starts_at, zone)
        clash_rows.append({"first": clash.first, "second": clash.second, "reasons": reasons,
                           "when": display.date_label(local.date(), "EEEE d 'de' MMMM") + local.strftime(", %H:%M")})
    days: dict[date, list[TimelineRow]] = {}
    for item in items:
        start, end = to_local(item.starts_at, zone), to_local(item.ends_at, zone)
        own = None
        if item.event.timezone != zone:
            s, e = to_local(item.starts_at, item.event.timezone), to_local(item.ends_at, item.event.timezone)
            own = f"{s:%H:%M}–{e:%H:%M} {display.zone_label(item.event.timezone)}"
        day = max(start.date(), first)
        days.setdefault(day, []).append(TimelineRow(item, item.event, start.strftime("%H:%M"), end.strftime("%H:%M"),
                                                    own, flagged.get(item.id, [])))
    day_list = []
    cursor = first
    while cursor < after:
        if view == "semana" or cursor in days:
            day_list.append((cursor, display.date_label(cursor), days.get(cursor, [])))
        cursor += timedelta(days=1)
    return render_template(
        "events/coordination.html", view=view, title=title, days=day_list, clash_rows=clash_rows,
        zone_label=display.zone_label(zone), session_count=len(items),
        prev_url=url_for("events.coordination", vista=view, fecha=prev_anchor.isoformat()),
        next_url=url_for("events.coordination", vista=view, fecha=next_anchor.isoformat()),
        other_view_url=url_for("events.coordination", vista="mes" if view == "semana" else "semana",
                               fecha=first.isoformat()),
    )
