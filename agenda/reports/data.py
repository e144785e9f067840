"""The period's figures as one plain dict: what GET /api/v1/report answers and the open figures start from
(before suppression). Callable without a request (inside an app context)."""
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..attendance import figures
from ..catalog.models import Region
from . import queries
from .queries import ReportRange

NO_DATA = "sin_dato"


def report_data(session: Session, period: ReportRange, with_sessions: bool = False) -> dict:
    report = queries.commission_report(session, period)
    rows = figures.event_figures(session, report.event_ids, with_sessions=with_sessions)
    totals = figures.period_totals(session, report.event_ids)
    slugs = dict(session.execute(select(Region.name, Region.slug)).all())
    by_type: dict[str, dict] = {}
    for row in rows:
        entry = by_type.setdefault(row.type, {"events": 0, "sessions": 0, "registrations": 0, "participants": 0,
                                              "public_servants": 0, "certificates": 0})
        entry["events"] += 1
        for name in ("sessions", "registrations", "participants", "public_servants", "certificates"):
            entry[name] += getattr(row, name)
    events = []
    for row in rows:
        item = row.as_dict()
        item["visibility"] = row.visibility
        if with_sessions:
            item["per_session"] = [{"id": s.id, "title": s.title, "starts_at": s.starts_at.isoformat() + "Z",
                                    "participants": s.present} for s in row.per_session]
        events.append(item)
    return {
        "period": {"from": period.date_from.isoformat(), "to": period.date_to.isoformat()},
        "totals": {
            "events": report.events, "sessions": report.sessions, "registrations": report.registrations,
            "participants": report.participants, "public_servants": report.public_servants,
            "bodies": totals.bodies, "institutions": totals.institutions, "states": totals.states,
            "regions": totals.regions, "certificates": sum(row.certificates for row in rows),
            "reach": {"views": report.reach_views, "people": report.reach_people},
        },
        "by_type": by_type,
        "by_region": {slugs.get(name, name): count for name, count in report.by_region},
        "by_state": {row["code"]: {"participants": row["participants"], "public_servants": row["public_servants"],
                                   "events": row["events"]} for row in report.by_state},
        "by_gender": {code or NO_DATA: count for code, count in report.by_gender},
        "by_sector": {code or NO_DATA: count for code, count in report.by_sector},
        "events": events,
    }
