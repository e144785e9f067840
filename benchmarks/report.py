"""Benchmark of the commission's report at the scale of five years of a national agenda.

    python benchmarks/report.py --postgres postgresql://postgres@127.0.0.1:5432               # 5,000 events,
                                                                                               # 1M registrations
    python benchmarks/report.py --postgres postgresql://postgres@127.0.0.1:5432 --scale 0.1   # quick look

Fills a temporary database (dropped at the end; --keep keeps it) with 5,000 events x scale (2020-11 to
2025-10, 1-8 sessions each), 1,000,000 registrations x scale (people from a pool, so many come back) and about
3,000,000 attendances x scale, with COPY. Then, in the same process, times (median of --runs after one warm-up):
the /informe page, GET /api/v1/report, the DOCX and the PDF of the activity report, each for the last
commission year (Nov-Nov) and for the whole five years; and, as the baseline, the bare SQL aggregates those
figures need (totals, per-event and per-session counts) run straight on the connection. Prints the times and
each one's ratio to the baseline. Aim: page and API under 1 s, under 3x the bare SQL.
"""
import argparse
import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

EVENTS, REGISTRATIONS, ATTENDANCE_TARGET = 5_000, 1_000_000, 3_000_000
TYPES = (("webinar", 30), ("panel", 12), ("conversatorio", 8), ("foro", 6), ("curso", 10), ("taller", 8),
         ("diplomado", 3), ("capacitacion", 8), ("sesion_ordinaria", 2), ("sesion_extraordinaria", 1),
         ("reunion_trabajo", 8), ("otro", 4))
INSTITUTIONS = ["Ayuntamiento de {}", "H. Ayto. de {}", "Secretaría de Finanzas de {}", "Congreso del Estado de {}",
                "Poder Judicial de {}", "Universidad Autónoma de {}", "Fiscalía General de {}",
                "Instituto Electoral de {}", "Sria. de Educación de {}", "Sistema DIF {}"]
PLACES = ["León", "Zacatecas", "Guadalajara", "Xalapa", "Mérida", "Monterrey", "Puebla", "Oaxaca", "Toluca",
          "Celaya", "Irapuato", "Fresnillo", "Tepic", "Colima", "Morelia", "Querétaro", "Pachuca", "Saltillo"]
SECTORS = ("gobierno",) * 8 + ("sociedad_civil", "academia", "iniciativa_privada")
GENDERS = ("mujer",) * 52 + ("hombre",) * 44 + ("no_binario",) + (None,) * 3


def database(server: str, name: str, action: str) -> None:
    import psycopg

    statement = {"create": f'CREATE DATABASE "{name}"', "drop": f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'}
    with psycopg.connect(server + "/postgres", autocommit=True) as connection:
        connection.execute(statement[action])


def fill(app, scale: float, seed: int = 17) -> dict:
    from flask_migrate import upgrade
    from sqlalchemy import insert, select, text

    from agenda.catalog.models import Organization, State
    from agenda.catalog.services import load_catalog
    from agenda.events.models import Event, EventSession
    from agenda.extensions import db
    from agenda.timeutil import utcnow

    rng = random.Random(seed)
    with app.app_context():
        upgrade()
        load_catalog(db.session)
        db.session.commit()
        organizations = [(o.id, o.state_id) for o in db.session.scalars(select(Organization))]
        state_ids = list(db.session.scalars(select(State.id)))
        ogl = [(o.id, o.state_id) for o in db.session.scalars(select(Organization).where(Organization.kind == "ogl"))]
        started = time.perf_counter()
        n_events = max(10, int(EVENTS * scale))
        first = datetime(2020, 11, 2, 16)
        span_days = 5 * 365 - 10
        now = utcnow()
        events, sessions = [], []
        session_of_event: dict[int, list[int]] = {}
        session_id = 0
        type_names, type_weights = zip(*TYPES)
        for event_id in range(1, n_events + 1):
            start = first + timedelta(days=rng.randrange(span_days), hours=rng.randrange(6))
            count = rng.choice((1, 1, 2, 3, 4, 5, 6, 7, 8, 8))
            organization_id, _state = rng.choice(organizations)
            events.append({"id": event_id, "slug": f"evento-{event_id}", "title": f"Evento {event_id}",
                           "type": rng.choices(type_names, type_weights)[0], "organization_id": organization_id,
                           "status": "published", "timezone": "America/Mexico_City", "first_starts_at": start,
                           "last_ends_at": start + timedelta(days=count - 1, hours=2), "published_at": now})
            ids = []
            for index in range(count):
                session_id += 1
                begin = start + timedelta(days=index)
                sessions.append({"id": session_id, "event_id": event_id, "title": f"Sesión {index + 1}",
                                 "starts_at": begin, "ends_at": begin + timedelta(hours=2)})
                ids.append(session_id)
            session_of_event[event_id] = ids
        db.session.execute(insert(Event), events)
        for chunk in range(0, len(sessions), 5000):
            db.session.execute(insert(EventSession), sessions[chunk:chunk + 5000])
        db.session.commit()

        n_registrations = max(100, int(REGISTRATIONS * scale))
        pool = max(1000, n_registrations // 3)  # people come back: about three registrations each
        per_event = [rng.paretovariate(1.6) for _ in range(n_events)]
        total_weight = sum(per_event)
        quotas = [max(1, int(n_registrations * w / total_weight)) for w in per_event]
        mean_sessions = len(sessions) / n_events
        attend_probability = min(0.95, ATTENDANCE_TARGET / REGISTRATIONS / mean_sessions)
        people = []
        for person in range(pool):
            organization_id, state_id = rng.choice(ogl) if rng.random() < 0.35 else (None, rng.choice(state_ids))
            place = rng.choice(PLACES)
            people.append((f"persona{person}@example.org", f"Persona {person}",
                           rng.choice(INSTITUTIONS).format(place), state_id, organization_id, rng.choice(SECTORS),
                           rng.choice(GENDERS)))
        raw = db.session.connection().connection.driver_connection
        registration_id = attendance_id = certificate_id = 0
        cursor = raw.cursor()
        with cursor.copy("COPY registrations (id, event_id, email, name, institution, position, state_id, "
                         "organization_id, sector, gender, accessibility, status, source, token_hash, consent_at, "
                         "created_at, updated_at, confirmed_at) FROM STDIN") as registrations_copy:
            attendance_rows, certificate_rows = [], []
            for event_id, quota in zip(range(1, n_events + 1), quotas):
                quota = min(quota, pool)
                event_sessions = session_of_event[event_id]
                required = max(1, -(-len(event_sessions) * 8 // 10))
                for person in rng.sample(range(pool), quota):
                    registration_id += 1
                    email, name, institution, state_id, organization_id, sector, gender = people[person]
                    registrations_copy.write_row((
                        registration_id, event_id, email, name, institution, "Enlace", state_id, organization_id,
                        sector, gender, "", "confirmed", "form", f"{registration_id:064x}", now, now, now, now))
                    attended = [s for s in event_sessions if rng.random() < attend_probability]
                    for s in attended:
                        attendance_id += 1
                        attendance_rows.append((attendance_id, registration_id, s, "roster", now))
                    if len(attended) >= required and rng.random() < 0.7:
                        certificate_id += 1
                        certificate_rows.append((certificate_id, f"B{certificate_id:011d}", registration_id,
                                                 event_id, name, now))
        with cursor.copy("COPY attendances (id, registration_id, session_id, method, checked_in_at) "
                         "FROM STDIN") as copy:
            for row in attendance_rows:
                copy.write_row(row)
        with cursor.copy("COPY certificates (id, code, registration_id, event_id, name, issued_at) FROM STDIN") as copy:
            for row in certificate_rows:
                copy.write_row(row)
        for table in ("events", "event_sessions", "registrations", "attendances", "certificates"):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        db.session.commit()
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        return {"events": n_events, "sessions": len(sessions), "registrations": registration_id,
                "attendances": attendance_id, "certificates": certificate_id,
                "fill_seconds": time.perf_counter() - started}


BARE_SQL = """
WITH ev AS (SELECT DISTINCT s.event_id FROM event_sessions s JOIN events e ON e.id = s.event_id
            WHERE s.starts_at >= :start AND s.starts_at < :end AND e.status IN ('published', 'postponed'))
SELECT
  (SELECT count(*) FROM ev),
  (SELECT count(*) FROM registrations r WHERE r.event_id IN (SELECT event_id FROM ev) AND r.status = 'confirmed'),
  (SELECT count(DISTINCT r.email) FROM registrations r WHERE r.event_id IN (SELECT event_id FROM ev)
     AND r.id IN (SELECT registration_id FROM attendances))
"""
BARE_PER_EVENT = """
SELECT r.event_id, count(DISTINCT r.id), count(DISTINCT r.state_id), count(DISTINCT r.organization_id)
FROM registrations r JOIN attendances a ON a.registration_id = r.id
WHERE r.event_id IN (SELECT DISTINCT s.event_id FROM event_sessions s WHERE s.starts_at >= :start
                     AND s.starts_at < :end) AND r.status = 'confirmed'
GROUP BY r.event_id
"""
BARE_PER_SESSION = """
SELECT a.session_id, count(*) FROM attendances a JOIN event_sessions s ON s.id = a.session_id
WHERE s.starts_at >= :start AND s.starts_at < :end GROUP BY a.session_id
"""
BARE_REGISTRATIONS = """
SELECT event_id, count(*) FROM registrations WHERE status = 'confirmed' AND event_id IN
  (SELECT DISTINCT event_id FROM event_sessions WHERE starts_at >= :start AND starts_at < :end) GROUP BY event_id
"""


def timed(function, runs: int) -> float:
    function()  # warm-up (caches, JIT of the plan)
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def measure(app, runs: int) -> None:
    from sqlalchemy import text

    from agenda.accounts.models import User
    from agenda.accounts.services import save_user
    from agenda.accounts.tokens import create_token
    from agenda.extensions import db
    from agenda.reports.queries import ReportRange

    with app.app_context():
        user = save_user(db.session, {"email": "bench@example.org", "name": "Bench", "role": "admin",
                                      "organization": None, "password": "benchmark-password-2020",
                                      "is_active": True})
        db.session.commit()
        _token, secret = create_token(db.session, db.session.get(User, user.id), "bench")
        db.session.commit()
    client = app.test_client()
    response = client.post("/entrar", data={"email": "bench@example.org", "password": "benchmark-password-2020"})
    assert response.status_code == 302, response.status_code
    periods = {"year 2024-11-01..2025-10-31": ("2024-11-01", "2025-10-31"),
               "five years 2020-11-01..2025-10-31": ("2020-11-01", "2025-10-31")}
    for label, (date_from, date_to) in periods.items():
        query = f"from={date_from}&to={date_to}"
        with app.app_context():
            start, end = ReportRange(datetime.fromisoformat(date_from).date(),
                                     datetime.fromisoformat(date_to).date()).instants("America/Mexico_City")

            def bare():
                connection = db.session.connection()
                for statement in (BARE_SQL, BARE_PER_EVENT, BARE_PER_SESSION, BARE_REGISTRATIONS):
                    connection.execute(text(statement), {"start": start, "end": end}).all()
                db.session.rollback()

            baseline = timed(bare, runs)

        def get(url, headers=None):
            def call():
                answer = client.get(url, headers=headers or {})
                assert answer.status_code == 200, (url, answer.status_code)
            return call

        results = {
            "page /informe": timed(get(f"/informe?{query}"), runs),
            "API /api/v1/report": timed(get(f"/api/v1/report?{query}", {"Authorization": f"Bearer {secret}"}),
                                        runs),
            "open figures /cifras.json": timed(get(f"/cifras.json?{query}"), runs),
            "DOCX": timed(get(f"/informe/documento.docx?{query}"), max(1, runs // 2)),
            "PDF": timed(get(f"/informe/documento.pdf?{query}"), max(1, runs // 2)),
        }
        print(f"\n{label}: bare SQL aggregates {baseline * 1000:.0f} ms")
        for name, seconds in results.items():
            print(f"  {name:28s} {seconds * 1000:8.0f} ms   {seconds / baseline:5.1f}x bare SQL")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", required=True, help="PostgreSQL server URL (without a database)")
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full size (0.1 = quick)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the database (its name is printed)")
    args = parser.parse_args()

    from agenda import create_app

    name = f"agenda_bench_report_{int(time.time())}"
    database(args.postgres, name, "drop")
    database(args.postgres, name, "create")
    try:
        app = create_app({"SQLALCHEMY_DATABASE_URI":
                          f"{args.postgres.replace('postgresql://', 'postgresql+psycopg://')}/{name}",
                          "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
                          "SECRET_KEY": "benchmark-secret-key-long-enough-for-flask"})
        filled = fill(app, args.scale)
        print(f"scale {args.scale}: {filled['events']:,} events, {filled['sessions']:,} sessions, "
              f"{filled['registrations']:,} registrations, {filled['attendances']:,} attendances, "
              f"{filled['certificates']:,} certificates; filled in {filled['fill_seconds']:.0f} s")
        measure(app, args.runs)
    finally:
        if args.keep:
            print(f"database kept: {name}")
        else:
            database(args.postgres, name, "drop")


if __name__ == "__main__":
    main()
