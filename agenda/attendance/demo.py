"""Demo content for `flask --app agenda demo`: reach of the commission's streamed events, attendance for the
SYNTHETIC registrations of the demo's past events, and certificates for those who met a training event's rule.

Reach: the report gives two figures per event (9,200 views of the international panel, more than 102,000 people
reached by the justice panel) and a total, "más de 1 millón de personas" reached through virtual events and
posts, without a breakdown. The other records below are SUPPOSED figures for the demo (their note says so),
chosen so that the platform's total over the report's period is above 1,000,000 like the report's.

Attendance: for the events with a figure in the report (registration/demo_people.AUDIENCES) exactly the
report's number of participants attended at least one session; elsewhere about 88 % of the confirmed did.
Every participant comes to a first session, then comes back to each next one with a probability (`retention`,
the drop-off of a long jornada) and misses some in between; every body or institution among the registered
keeps at least one participant. Deterministic (seeded per event) and idempotent: a platform's reach is written
once, and an event that already has any attendance is left alone. Bulk Core INSERTs, no ORM objects per row.
"""
import random
from datetime import timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ..cli import demo_loader
from ..events.models import Event, EventSession
from ..registration.demo import demo_events
from ..registration.demo_people import AUDIENCES, institution_key
from ..registration.models import Registration
from ..timeutil import utcnow
from . import codes
from .models import Attendance, Certificate, ReachRecord
from .settings import required_sessions, settings_for

_SUPPOSED = ("Cifra supuesta de la demostración: el informe da un total de más de 1,000,000 de personas "
             "alcanzadas con eventos virtuales y publicaciones, sin desglose por evento")
# slug -> [(platform, views, people reached, note)]
REPORT_REACH = {
    "panel-internacional-gobierno-abierto-contingencia-covid-19": [
        ("facebook", 9200, 0, "«Durante el evento se logró un alcance de 9,200 visualizaciones» (informe 2019-2020)"),
        ("youtube", 0, 41700, _SUPPOSED)],
    "panel-nacional-justicia-abierta-2020": [
        ("facebook", 0, 102000, ("«Alcance a más de 102,000 personas a través de transmisión en tiempo real y "
                                 "posteriores reproducciones» (informe 2019-2020)")),
        ("youtube", 0, 23400, _SUPPOSED)],
    "panel-nacional-municipio-abierto-2020": [("facebook", 0, 233500, _SUPPOSED), ("youtube", 0, 19800, _SUPPOSED)],
    "panel-nacional-parlamento-abierto-2020": [("facebook", 0, 196300, _SUPPOSED),
                                               ("youtube", 0, 17200, _SUPPOSED)],
    "webinar-apertura-anticorrupcion-covid-19": [("facebook", 0, 112300, _SUPPOSED)],
    "conversatorio-gobierno-abierto-rendicion-cuentas-pandemia": [("facebook", 0, 38900, _SUPPOSED)],
    "conversatorio-internacional-gobierno-abierto-frente-covid-19": [("youtube", 0, 27600, _SUPPOSED)],
    "videoconferencia-transparencia-proactiva-apertura-institucional-covid-19": [
        ("youtube", 0, 21500, _SUPPOSED), ("facebook", 0, 45800, _SUPPOSED)],
    "panel-mujeres-impulsoras-gobierno-abierto": [("facebook", 0, 86400, _SUPPOSED)],
    "conversatorio-gobierno-abierto-participacion-ciudadana-quintana-roo": [("facebook", 0, 52700, _SUPPOSED)],
}
DEFAULT_PARTICIPATION = 0.88  # share of the confirmed who attend at least once, when the report says nothing
DEFAULT_RETENTION, DEFAULT_PRESENCE = 0.96, 0.92
CERTIFICATE_TYPES = ("capacitacion", "curso", "diplomado", "taller")  # training events grant certificates


@demo_loader
def load_demo_attendance(session: Session) -> str:
    events = {e.slug: e for e in session.scalars(demo_events().where(Event.slug.in_(list(REPORT_REACH))))}
    existing = {(event_id, platform) for event_id, platform in session.execute(
        select(ReachRecord.event_id, ReachRecord.platform).where(
            ReachRecord.event_id.in_([e.id for e in events.values()])))}
    reach_rows = [{"event_id": events[slug].id, "platform": platform, "views": views, "people_reached": people,
                   "note": note, "updated_at": utcnow()}
                  for slug, figures in REPORT_REACH.items() if slug in events
                  for platform, views, people, note in figures if (events[slug].id, platform) not in existing]
    if reach_rows:
        session.execute(insert(ReachRecord.__table__), reach_rows)
    marked, certificates = _demo_attendance(session)
    return (f"  Asistencia: {len(reach_rows)} cifras de alcance, {marked} asistencias y {certificates} "
            f"constancias de demostración creadas")


def _demo_attendance(session: Session) -> tuple[int, int]:
    now = utcnow()
    with_registrations = select(Registration.event_id).where(Registration.status == "confirmed").distinct()
    with_attendance = select(EventSession.event_id).join(Attendance, Attendance.session_id == EventSession.id) \
        .distinct()
    events = list(session.scalars(
        demo_events().where(Event.id.in_(with_registrations), Event.id.not_in(with_attendance),
                            Event.last_ends_at < now, Event.status.in_(("published", "postponed")))
        .order_by(Event.id)))
    marked = issued = 0
    for event in events:
        sessions = [(s.id, s.starts_at, s.ends_at) for s in event.sessions]
        registrations = session.execute(
            select(Registration.id, Registration.name, Registration.organization_id, Registration.institution)
            .where(Registration.event_id == event.id, Registration.status == "confirmed")
            .order_by(Registration.id)).all()
        rng = random.Random(f"agenda-demo-attendance:{event.slug}")
        audience = AUDIENCES.get(event.slug)
        if audience is not None:
            wanted, retention, presence = audience.participants, audience.retention, audience.presence
        else:
            wanted = round(len(registrations) * DEFAULT_PARTICIPATION)
            retention, presence = DEFAULT_RETENTION, DEFAULT_PRESENCE
        participants = _participants(rng, registrations, wanted)
        method = "roster" if event.modality == "presencial" else "import"
        rows, attended = [], {}
        for registration in participants:
            for index in _sessions_attended(rng, len(sessions), retention, presence):
                session_id, starts_at, ends_at = sessions[index]
                length = int((ends_at - starts_at).total_seconds() // 60)
                rows.append({"registration_id": registration.id, "session_id": session_id, "method": method,
                             "checked_in_at": starts_at + timedelta(minutes=rng.randint(0, 12)),
                             "minutes": rng.randint(max(1, length * 3 // 4), length) if method == "import"
                             else None})
                attended[registration.id] = attended.get(registration.id, 0) + 1
        if rows:
            session.execute(insert(Attendance.__table__), rows)
        marked += len(rows)
        if event.type in CERTIFICATE_TYPES:
            issued += _certificates(session, event, participants, attended)
    return marked, issued


def _participants(rng: random.Random, registrations: list, wanted: int) -> list:
    """`wanted` of the registrations, at least one of every body or institution among them."""
    order = list(registrations)
    rng.shuffle(order)
    chosen, groups = [], set()
    for registration in order:
        group = registration.organization_id or institution_key(registration.institution)
        if group not in groups:
            groups.add(group)
            chosen.append(registration)
    picked = {r.id for r in chosen}
    chosen += [r for r in order if r.id not in picked][:max(0, wanted - len(chosen))]
    return chosen


def _sessions_attended(rng: random.Random, total: int, retention: float, presence: float) -> list[int]:
    """The session indexes one participant attended: a first one (usually the first), the ones in between
    with probability `presence`, until they stop coming back (each next session with `retention`)."""
    first = min(total - 1, rng.choices([0, 1, 2], [90, 7, 3])[0])
    last = first
    while last + 1 < total and rng.random() < retention:
        last += 1
    return [i for i in range(first, last + 1) if i in (first, last) or rng.random() < presence]


def _certificates(session: Session, event: Event, participants: list, attended: dict[int, int]) -> int:
    settings = settings_for(session, event)
    if not settings.certificates_enabled:
        return 0
    needed = required_sessions(settings, len(event.sessions))
    issued_at = event.last_ends_at + timedelta(days=3)
    rows = [{"code": codes.new_certificate_code(), "registration_id": r.id, "event_id": event.id, "name": r.name,
             "issued_at": issued_at, "issued_by_id": None, "mailed_at": issued_at}
            for r in participants if attended.get(r.id, 0) >= needed]
    if rows:
        session.execute(insert(Certificate.__table__), rows)
    return len(rows)

