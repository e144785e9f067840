"""Demo content for `flask --app agenda demo`: the reach figures the commission's 2019-2020 report gives for
its streamed panels, and — when the demo has registrations for the report's past events — attendance for a
stable ~85 % of them per session, so the attendance pages and the commission report show real-looking data.
Idempotent: a platform's reach is written once, and an event that already has any attendance is left alone."""
import hashlib

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..cli import demo_loader
from ..events.models import Event, EventSession
from ..registration.models import Registration
from ..timeutil import utcnow
from .models import Attendance, ReachRecord

# slug -> [(platform, views, people reached, note)] as the report tells them.
REPORT_REACH = {
    "panel-internacional-gobierno-abierto-contingencia-covid-19": [
        ("facebook", 9200, 0, "«Durante el evento se logró un alcance de 9,200 visualizaciones» (informe 2019-2020)")],
    "panel-nacional-justicia-abierta-2020": [
        ("facebook", 0, 102000, ("«Alcance a más de 102,000 personas a través de transmisión en tiempo real y "
                                 "posteriores reproducciones» (informe 2019-2020)"))],
}
PRESENT_SHARE = 85  # percent of confirmed registrations marked present at each past session


@demo_loader
def load_demo_attendance(session: Session) -> str:
    events = {e.slug: e for e in session.scalars(select(Event).where(Event.slug.in_(list(REPORT_REACH))))}
    added_reach = 0
    for slug, figures in REPORT_REACH.items():
        event = events.get(slug)
        if event is None:
            continue
        for platform, views, people, note in figures:
            exists = session.scalar(select(ReachRecord.id).where(ReachRecord.event_id == event.id,
                                                                  ReachRecord.platform == platform))
            if exists is None:
                session.add(ReachRecord(event_id=event.id, platform=platform, views=views,
                                        people_reached=people, note=note))
                added_reach += 1
    marked = _demo_attendance(session)
    session.flush()
    return f"  Asistencia: {added_reach} cifras de alcance y {marked} asistencias de demostración creadas"


def _demo_attendance(session: Session) -> int:
    now = utcnow()
    with_registrations = select(Registration.event_id).where(Registration.status == "confirmed").distinct()
    events = session.scalars(select(Event).where(Event.id.in_(with_registrations), Event.last_ends_at < now,
                                                 Event.status.in_(("published", "postponed"))))
    marked = 0
    for event in events:
        already = session.scalar(select(func.count(Attendance.id)).join(EventSession)
                                 .where(EventSession.event_id == event.id))
        if already:
            continue
        registrations = session.scalars(select(Registration).where(Registration.event_id == event.id,
                                                                   Registration.status == "confirmed")).all()
        for event_session in event.sessions:
            for registration in registrations:
                digest = hashlib.sha256(f"{registration.email}:{event_session.id}".encode()).digest()
                if digest[0] * 100 // 256 < PRESENT_SHARE:
                    session.add(Attendance(registration_id=registration.id, session_id=event_session.id,
                                           method="roster", checked_in_at=event_session.starts_at))
                    marked += 1
    return marked
