"""Reach of streamed events: views and people reached per platform, as the organizer reads them from
Facebook, YouTube... ("Alcance a más de 102,000 personas", "9,200 visualizaciones")."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..database import get_or_create
from ..domain import DomainError
from ..events.models import Event
from .models import REACH_PLATFORMS, ReachRecord

PLATFORM_LABELS = {"facebook": _l("Facebook"), "youtube": _l("YouTube"), "twitter": _l("Twitter / X"),
                   "zoom": _l("Zoom"), "teams": _l("Microsoft Teams"), "meet": _l("Google Meet"),
                   "sitio_web": _l("Sitio web"), "otra": _l("Otra")}


def platform_label(code: str) -> str:
    return str(PLATFORM_LABELS.get(code, code))


def reach_for(session: Session, event: Event) -> list[ReachRecord]:
    return list(session.scalars(select(ReachRecord).where(ReachRecord.event_id == event.id)
                                .order_by(ReachRecord.platform)))


def _count(value, field: str) -> int:
    if value in (None, ""):
        return 0
    try:
        number = int(str(value).replace(",", "").replace(" ", ""))
    except ValueError:
        raise DomainError(_("Escriba un número entero, sin puntos."), "invalid", status=422, field=field) from None
    if number < 0 or number > 10**9:
        raise DomainError(_("Escriba un número entre 0 y 1,000,000,000."), "invalid", status=422, field=field)
    return number


def save_reach(session: Session, event: Event, values: dict, actor) -> ReachRecord | None:
    """Record (or correct) one platform's figures; both zero removes the platform's record."""
    platform = values.get("platform")
    if platform not in REACH_PLATFORMS:
        raise DomainError(_("Elija una plataforma."), "invalid", status=422, field="platform")
    views = _count(values.get("views"), "views")
    people = _count(values.get("people_reached"), "people_reached")
    record = session.scalar(select(ReachRecord).where(ReachRecord.event_id == event.id,
                                                      ReachRecord.platform == platform))
    if not views and not people:
        if record is not None:
            session.delete(record)
            session.flush()
        return None
    if record is None:  # two saving the same new platform: the last to commit wins
        record = get_or_create(session, ReachRecord, {"event_id": event.id, "platform": platform})
    record.views, record.people_reached = views, people
    record.note = (values.get("note") or "").strip()[:300]
    record.recorded_by_id = getattr(actor, "id", None)
    session.flush()
    return record
