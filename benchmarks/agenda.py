"""Benchmark of the public agenda page and the JSON API list with 10,000 events, against a bare Flask handler.

    python benchmarks/agenda.py                    # 10,000 events in a temporary SQLite file
    python benchmarks/agenda.py --postgres postgresql://postgres@127.0.0.1:5432   # also a temporary PostgreSQL db
    python benchmarks/agenda.py --events 2000 --repeat 10                         # quicker look

Bulk-inserts N events (1 to 8 sessions each, several Mexican time zones, themes, co-organizers, people, a few
postponed / cancelled / members-only / draft ones), then drives the real app through Flask's test client and
prints the median latency of each request, the SQL statements it ran (a constant count = no N+1), and its
ratio to two baselines measured in the same run:

- bare: a one-line Flask handler in an app with no extensions (the framework's own floor);
- /salud: the app's health check (the whole app stack plus one `SELECT 1`).
"""
import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bulk import insert_agenda  # benchmarks/, this script's folder

ZONES = ["America/Mexico_City"] * 4 + ["America/Tijuana", "America/Cancun", "America/Monterrey",
                                       "America/Hermosillo", "America/Mazatlan", "America/Merida"]
TYPES = ["webinar", "panel", "conversatorio", "foro", "curso", "taller", "capacitacion", "sesion_ordinaria"]
THEMES = ["Gobierno Abierto", "Transparencia Proactiva", "Justicia Abierta", "Parlamento Abierto",
          "Municipio Abierto", "Datos Abiertos", "Agenda 2030", "Protección de Datos"]
PEOPLE = ["Josefina Román Vergara", "Mariajose González", "Blanca Lilia Ibarra", "Francisco Acuña",
          "Norma Julieta del Río", "Salvador Romero", "Areli Cano", "Oscar Guerra"]
DESCRIPTION = ("Jornada de **capacitación** sobre transparencia proactiva para sujetos obligados.\n\n"
               "- Marco normativo\n- Buenas prácticas\n- Casos de éxito en los estados")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--postgres", help="PostgreSQL server URL: a temporary database is created and dropped")
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per measure (median)")
    parser.add_argument("--seed", type=int, default=2020)
    return parser.parse_args()


TOPICS = ("Jornada Nacional de Transparencia Proactiva", "Taller de datos abiertos", "Capacitación en protección de "
          "datos personales", "Conversatorio de gobierno abierto", "Sesión del Consejo Nacional", "Foro de archivos "
          "municipales", "Webinar sobre rendición de cuentas", "Panel de justicia abierta")


def fill(session, count: int, rng: random.Random) -> None:
    """Bulk-insert `count` events with their sessions, themes, co-organizers and people (a few statements)."""
    from sqlalchemy import insert, select

    from agenda.catalog.models import Organization
    from agenda.events.models import Theme
    from agenda.events.themes import slugify
    from agenda.timeutil import utcnow

    bodies = list(session.scalars(select(Organization.id)))
    session.execute(insert(Theme), [{"slug": slugify(name), "name": name, "is_active": True} for name in THEMES])
    theme_ids = list(session.scalars(select(Theme.id)))
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    events, sessions, themes, co_organizers, people = [], [], [], [], []
    session_id = 0
    for event_id in range(1, count + 1):
        first = now + timedelta(days=rng.randint(-200, 500), hours=rng.randint(-6, 6))
        roll = rng.random()
        status = ("published" if roll < 0.9 else "postponed" if roll < 0.94 else "cancelled" if roll < 0.97
                  else "draft")
        spans = [(first + timedelta(days=i), first + timedelta(days=i, hours=2)) for i in range(rng.randint(1, 8))]
        capacity = rng.choice([None, None, 50, 100, 410])
        events.append({
            "id": event_id, "slug": f"evento-{event_id}", "title": f"{rng.choice(TOPICS)} {event_id} del SNT",
            "summary": "Encuentro de los organismos garantes sobre apertura y rendición de cuentas.",
            "description": DESCRIPTION, "type": rng.choice(TYPES), "scope": rng.choice(["state", "national"]),
            "organization_id": rng.choice(bodies), "modality": rng.choice(["virtual", "virtual", "presencial"]),
            "venue_address": "Av. Insurgentes Sur 3211", "venue_city": "Ciudad de México",
            "stream_url": "https://www.youtube.com/live/ejemplo", "timezone": rng.choice(ZONES), "status": status,
            "status_reason": "Motivo" if status in ("postponed", "cancelled") else None,
            "visibility": "members" if rng.random() < 0.03 else "public", "capacity": capacity,
            "waitlist_enabled": True, "registration_required": True,
            "first_starts_at": spans[0][0], "last_ends_at": spans[-1][1],
            "created_at": now - timedelta(days=30), "updated_at": now - timedelta(days=1),
            "published_at": None if status == "draft" else now - timedelta(days=30),
        })
        for index, (start, end) in enumerate(spans):
            session_id += 1
            sessions.append({"id": session_id, "event_id": event_id, "title": f"Sesión {index + 1}",
                             "starts_at": start, "ends_at": end, "sequence": 0,
                             "created_at": now, "changed_at": now})
        for theme_id in rng.sample(theme_ids, rng.randint(0, 3)):
            themes.append({"event_id": event_id, "theme_id": theme_id})
        if rng.random() < 0.2:
            co_organizers.append({"event_id": event_id, "organization_id": rng.choice(bodies)})
        for position, name in enumerate(rng.sample(PEOPLE, rng.randint(1, 3))):
            people.append({"event_id": event_id, "name": name, "role": rng.choice(["ponente", "moderador"]),
                           "affiliation": "INAI", "position": position})
    insert_agenda(session, events, sessions, people, themes, co_organizers)


class StatementCounter:
    """Counts the SQL statements an engine runs (to show a page's queries do not grow with its rows)."""

    def __init__(self, engine):
        from sqlalchemy import event

        self.count = 0
        event.listen(engine, "before_cursor_execute", self._count)

    def _count(self, *args, **kwargs):
        self.count += 1


def measure(client, path: str, repeat: int, counter: StatementCounter | None = None, headers=None) -> dict:
    """Median wall time of GET `path` (after two warm-up calls), the status, body size and statements."""
    for _ in range(2):
        response = client.get(path, headers=headers)
        assert response.status_code == 200, (path, response.status_code, response.get_data(as_text=True)[:300])
    before = counter.count if counter else 0
    client.get(path, headers=headers)
    statements = (counter.count - before) if counter else None
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(path, headers=headers)
        response.get_data()
        samples.append(time.perf_counter() - started)
    return {"ms": statistics.median(samples) * 1000, "bytes": len(response.get_data()), "sql": statements}


def make_token(session) -> str:
    """A commissioner's API token (reads members-only events too)."""
    from agenda.accounts.services import save_user
    from agenda.accounts.tokens import create_token

    user = save_user(session, {"email": "bench@example.org", "name": "Bench", "role": "commissioner",
                               "organization": "INAI", "password": "contraseña-larga-1"})
    _token, secret = create_token(session, user, "benchmark")
    session.commit()
    return secret


def bare_app():
    from flask import Flask

    app = Flask("bare")

    @app.get("/")
    def hello():
        return "ok"

    return app


def run(args, url: str, label: str) -> None:
    from flask import url_for
    from flask_migrate import upgrade

    from agenda import create_app
    from agenda.catalog.services import load_catalog
    from agenda.config import normalise_database_url
    from agenda.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": normalise_database_url(url), "SECRET_KEY": "b" * 40,
                      "AGENDA_BASE_URL": "https://agenda.snt.example", "RATELIMIT_ENABLED": False})
    with app.app_context():
        upgrade()
        load_catalog(db.session)
        db.session.commit()
        started = time.perf_counter()
        fill(db.session, args.events, random.Random(args.seed))
        filled = time.perf_counter() - started
        token = make_token(db.session)
        counter = StatementCounter(db.engine)
        with app.test_request_context():
            agenda_path = url_for("events.agenda")
    print(f"\n== {label}: {args.events:,} events inserted in {filled:.1f} s")

    bare = measure(bare_app().test_client(), "/", args.repeat)
    client = app.test_client()
    health = measure(client, "/salud", args.repeat, counter)
    some_id = args.events // 2
    pages = [
        ("bare Flask handler", bare),
        ("/salud (app + SELECT 1)", health),
        ("agenda page", measure(client, agenda_path, args.repeat, counter)),
        ("agenda page, filtered", measure(client, f"{agenda_path}?region=centro-occidente&type=webinar",
                                          args.repeat, counter)),
        ("agenda page, text + dates", measure(client, f"{agenda_path}?q=SNT&from=2020-01-01&to=2040-12-31",
                                              args.repeat, counter)),
        ("agenda page, q alone", measure(client, f"{agenda_path}?q=transparencia", args.repeat, counter)),
        ("agenda page, q + filters", measure(client, f"{agenda_path}?q=datos&region=centro-occidente&type=webinar",
                                             args.repeat, counter)),
        ("API list, q by relevance", measure(client, "/api/v1/events?q=transparencia+proactiva", args.repeat,
                                             counter)),
        ("API list (50 per page)", measure(client, "/api/v1/events", args.repeat, counter)),
        ("API list, 100 per page", measure(client, "/api/v1/events?per_page=100", args.repeat, counter)),
        ("API list, filtered", measure(client, "/api/v1/events?region=centro-occidente&type=webinar",
                                       args.repeat, counter)),
        ("API list, page 40", measure(client, "/api/v1/events?page=40", args.repeat, counter)),
        ("API list, with a token", measure(client, "/api/v1/events", args.repeat, counter,
                                           headers={"Authorization": f"Bearer {token}"})),
        ("API one event", measure(client, f"/api/v1/events/{some_id}", args.repeat, counter)),
    ]
    print(f"{'request':<30}{'median':>11}{'× bare':>9}{'× /salud':>10}{'SQL':>6}{'body':>10}")
    for name, result in pages:
        sql = "" if result["sql"] is None else str(result["sql"])
        print(f"{name:<30}{result['ms']:>8.2f} ms{result['ms'] / bare['ms']:>9.0f}"
              f"{result['ms'] / health['ms']:>10.1f}{sql:>6}{result['bytes'] / 1024:>8.1f} kB")


def main() -> None:
    args = parse_args()
    workdir = tempfile.mkdtemp(prefix="agenda-bench-")
    run(args, f"sqlite:///{workdir}/bench.sqlite", "SQLite")
    if args.postgres:
        import psycopg

        server = args.postgres.rstrip("/")
        name = f"agenda_bench_{os.getpid()}"
        with psycopg.connect(server + "/postgres", autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        try:
            run(args, f"{server}/{name}", "PostgreSQL")
        finally:
            with psycopg.connect(server + "/postgres", autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
