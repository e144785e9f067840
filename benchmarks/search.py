"""Benchmark of the search (issue 15) at scale: what people type, on the agenda page and the API, against the
bare SQL of the index lookup and a bare Flask handler measured in the same run.

    python benchmarks/search.py --events 100000                  # a temporary SQLite file
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432 python benchmarks/search.py --events 100000
    python benchmarks/search.py --events 100000 --keep           # keep the filled database, print its URL
    DATABASE_URL=<kept URL> python benchmarks/search.py --reuse  # measure again without filling

With DATABASE_URL naming a PostgreSQL server (a database name in it is ignored), a temporary database is created
on that server and dropped afterwards (unless --keep); a `sqlite:///path` URL names the file to fill. --reuse
measures the database the URL names as it is (filled by an earlier --keep run).

Fills N events: --upcoming of them (default 3,000, about a year of the SNT's agenda) not yet ended, spread over
the next 300 days, and the rest as the archive, at the same density going back in time (100,000 events reach back
some 30 years): so a bigger N is a bigger archive, as it happens, not a busier future. Varied Spanish titles, summaries, descriptions, people, bodies, themes and sessions
(benchmarks/bulk.py: a few large INSERTs, then the search rows rebuilt), then times, with Flask's test client,
each typical query of the issue: accentless words, several words, a state, a type, a date range, page 1 and
page 50, and the pages without q (agenda page, filtered page, API list). For each it prints p50 and p95, the
SQL statements the request ran, the ratio of p50 to the bare Flask handler (the framework's floor) and, for
searches, to the bare SQL of the index lookup (the first page of matching ids straight from the GIN/FTS5 index
through the DB-API cursor: the floor of any full-text search).
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
from urllib.parse import parse_qsl, urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bulk import insert_agenda  # benchmarks/, this script's folder

ZONES = ["America/Mexico_City"] * 4 + ["America/Tijuana", "America/Cancun", "America/Monterrey",
                                       "America/Hermosillo", "America/Merida"]
TYPES = ["webinar", "panel", "conversatorio", "foro", "curso", "taller", "capacitacion", "sesion_ordinaria"]
THEMES = ["Gobierno Abierto", "Transparencia Proactiva", "Justicia Abierta", "Parlamento Abierto",
          "Municipio Abierto", "Datos Abiertos", "Agenda 2030", "Protección de Datos"]
KINDS = ["Jornada Nacional", "Taller", "Capacitación", "Conversatorio", "Foro regional", "Webinar", "Panel",
         "Curso", "Sesión ordinaria", "Diplomado", "Mesa de trabajo", "Seminario"]
SUBJECTS = ["de Transparencia Proactiva", "sobre protección de datos personales", "de gobierno abierto",
            "de archivos municipales", "sobre rendición de cuentas", "de justicia abierta", "de datos abiertos",
            "sobre solicitudes de acceso a la información", "de parlamento abierto", "sobre ciberseguridad",
            "de contrataciones abiertas", "sobre versiones públicas", "del Sistema Nacional de Transparencia",
            "sobre la Plataforma Nacional de Transparencia", "de lenguaje ciudadano", "sobre obligaciones comunes"]
PLACES = ["en Guanajuato", "en Jalisco", "en Oaxaca", "en Yucatán", "en Nuevo León", "en la Ciudad de México",
          "en Chiapas", "en Sonora", "en Michoacán", "en Puebla", "para municipios", "para sujetos obligados", ""]
FIRST = ["Josefina", "Mariajose", "Blanca Lilia", "Francisco", "Norma Julieta", "Salvador", "Areli", "Oscar",
         "Rosa María", "Adrián", "Guadalupe", "Julieta", "Ignacio", "Carmen", "Héctor", "Ximena"]
LAST = ["Román Vergara", "González", "Ibarra Cadena", "Acuña Llamas", "del Río Venegas", "Romero Bartolo",
        "Cano Guadiana", "Guerra Ford", "Fernández Ibáñez", "Muñoz Díaz", "Pérez Cházaro", "Núñez"]
AFFILIATIONS = ["INAI", "IACIP", "ITEI", "INFO CDMX", "IAIP Oaxaca", "INAIP Yucatán", "Universidad de Guanajuato",
                "UNAM", "CIDE", "Sociedad civil"]
DESCRIPTIONS = [
    ("Jornada de **capacitación** sobre transparencia proactiva para sujetos obligados.\n\n- Marco normativo\n"
     "- Buenas prácticas\n- Casos de éxito en los estados"),
    ("Conversación sobre el derecho de acceso a la información y la protección de datos personales en los "
     "municipios."),
    "Se presentarán los criterios para elaborar versiones públicas y clasificar información reservada.",
    "Taller práctico de apertura de datos y publicación en formatos abiertos.",
    "Sesión de trabajo de la Comisión de Gobierno Abierto y de Transparencia Proactiva.",
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=40, help="timed requests per measure (p50, p95)")
    parser.add_argument("--upcoming", type=int, default=3000, help="events not yet ended (the rest is the archive)")
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--keep", action="store_true", help="keep the filled database and print its URL")
    parser.add_argument("--reuse", action="store_true", help="measure the database DATABASE_URL names, as it is")
    parser.add_argument("--only", help="measure only the cases whose name contains this text")
    return parser.parse_args()


def fill(session, count: int, upcoming: int, rng: random.Random) -> None:
    """Bulk-insert `count` events, `upcoming` of them in the next 300 days and the others before today at the
    same density, with what hangs from them."""
    from sqlalchemy import insert, select

    from agenda.catalog.models import Organization
    from agenda.events.models import Theme
    from agenda.events.themes import slugify
    from agenda.timeutil import utcnow

    bodies = list(session.scalars(select(Organization.id)))
    states = list(session.scalars(select(Organization.state_id).where(Organization.state_id.is_not(None))))
    session.execute(insert(Theme), [{"slug": slugify(name), "name": name, "is_active": True} for name in THEMES])
    theme_ids = list(session.scalars(select(Theme.id)))
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    events, sessions, themes, co_organizers, people = [], [], [], [], []
    session_id = 0
    upcoming = min(upcoming, count)
    archive_days = max(1, round(300 * (count - upcoming) / max(upcoming, 1)))
    upcoming_ids = set(rng.sample(range(1, count + 1), upcoming))  # not only the newest rows
    for event_id in range(1, count + 1):
        if event_id in upcoming_ids:
            first = now + timedelta(days=rng.randint(1, 300), hours=rng.randint(-6, 6))
        else:
            first = now - timedelta(days=rng.randint(7, archive_days + 7), hours=rng.randint(-6, 6))
        roll = rng.random()
        status = ("published" if roll < 0.9 else "postponed" if roll < 0.94 else "cancelled" if roll < 0.97
                  else "draft")
        spans = [(first + timedelta(days=i), first + timedelta(days=i, hours=2)) for i in range(rng.randint(1, 6))]
        modality = rng.choice(["virtual", "virtual", "presencial", "hibrida"])
        title = " ".join(filter(None, (rng.choice(KINDS), rng.choice(SUBJECTS), rng.choice(PLACES))))
        events.append({
            "id": event_id, "slug": slugify(title), "title": title,
            "summary": f"Encuentro {rng.choice(SUBJECTS)} de los organismos garantes.",
            "description": rng.choice(DESCRIPTIONS), "type": rng.choice(TYPES),
            "scope": rng.choice(["state", "national"]), "organization_id": rng.choice(bodies), "modality": modality,
            "venue_address": "Av. Insurgentes Sur 3211" if modality != "virtual" else None,
            "venue_city": rng.choice(["León", "Guadalajara", "Oaxaca", "Mérida", "Ciudad de México"])
            if modality != "virtual" else None,
            "venue_state_id": rng.choice(states) if modality != "virtual" else None,
            "stream_url": "https://www.youtube.com/live/ejemplo", "timezone": rng.choice(ZONES), "status": status,
            "status_reason": "Motivo" if status in ("postponed", "cancelled") else None,
            "visibility": "members" if rng.random() < 0.03 else "public",
            "capacity": rng.choice([None, None, 50, 100, 410]), "waitlist_enabled": True,
            "registration_required": True, "first_starts_at": spans[0][0], "last_ends_at": spans[-1][1],
            "created_at": now - timedelta(days=30), "updated_at": now - timedelta(days=1),
            "published_at": None if status == "draft" else now - timedelta(days=30),
        })
        for index, (start, end) in enumerate(spans):
            session_id += 1
            sessions.append({"id": session_id, "event_id": event_id,
                             "title": f"Sesión {index + 1}: {rng.choice(SUBJECTS)}" if len(spans) > 1 else None,
                             "starts_at": start, "ends_at": end, "sequence": 0, "created_at": now,
                             "changed_at": now})
        for theme_id in rng.sample(theme_ids, rng.randint(0, 3)):
            themes.append({"event_id": event_id, "theme_id": theme_id})
        if rng.random() < 0.2:
            co_organizers.append({"event_id": event_id, "organization_id": rng.choice(bodies)})
        for position in range(rng.randint(1, 3)):
            people.append({"event_id": event_id, "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                           "role": rng.choice(["ponente", "moderador"]), "affiliation": rng.choice(AFFILIATIONS),
                           "position": position})
    insert_agenda(session, events, sessions, people, themes, co_organizers)


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000


def time_calls(call, repeat: int) -> tuple[float, float]:
    for _ in range(2):
        call()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return percentiles(samples)


class StatementCounter:
    def __init__(self, engine):
        from sqlalchemy import event

        self.count = 0
        event.listen(engine, "before_cursor_execute", self._count)

    def _count(self, *args, **kwargs):
        self.count += 1


def get(client, path: str, headers=None):
    response = client.get(path, headers=headers)
    assert response.status_code == 200, (path, response.status_code, response.get_data(as_text=True)[:300])
    return response.get_data()


def index_lookup(dialect: str, q: str, limit: int, ranked: bool):
    """The bare SQL of the index lookup for `q` (the first `limit` matching ids; `ranked`: the best ones, which
    scores every match) and its parameters."""
    from agenda.events.search import query_words, stem_words

    words = query_words(q)
    if dialect == "postgresql":
        terms = " & ".join(words[:-1] + [words[-1] + ":*"])
        tsquery = "to_tsquery('spanish', agenda_unaccent(%s))"
        order = f"ORDER BY ts_rank('{{0.1, 0.2, 0.4, 1.0}}', document, {tsquery}) DESC " if ranked else ""
        return (f"SELECT event_id FROM event_search WHERE document @@ {tsquery} {order}LIMIT %s",
                (terms, terms, limit) if ranked else (terms, limit))
    match = " ".join(f'"{stem}"' for stem in stem_words(words)) + "*"
    order = "ORDER BY bm25(event_search_fts, 10.0, 4.0, 1.0) " if ranked else ""
    return f"SELECT rowid FROM event_search_fts WHERE event_search_fts MATCH ? {order}LIMIT ?", (match, limit)


def cases(today) -> list[tuple[str, str, dict]]:
    """(name, path, query args) of every measured request; those with q get an index-lookup baseline."""
    month = (today + timedelta(days=10)).isoformat(), (today + timedelta(days=40)).isoformat()
    return [
        ("agenda page", "/agenda", {}),
        ("agenda page, filtered", "/agenda", {"region": "centro-occidente", "type": "webinar"}),
        ("agenda page 50", "/agenda", {"page": 50}),
        ("API list", "/api/v1/events", {}),
        ("API list, filtered", "/api/v1/events", {"state": "GUA", "type": "taller"}),
        ("API list page 50", "/api/v1/events", {"page": 50}),
        ("API page 50 by next", "/api/v1/events", {"page": 50, "after": "<next of page 49>"}),
        ("q accentless", "/agenda", {"q": "capacitacion"}),
        ("q words accentless", "/agenda", {"q": "proteccion datos personales"}),
        ("q prefix as typed", "/agenda", {"q": "transparencia proac"}),
        ("q + state", "/agenda", {"q": "gobierno abierto", "state": "GUA"}),
        ("q + type", "/agenda", {"q": "datos", "type": "webinar"}),
        ("q + dates", "/agenda", {"q": "capacitacion", "from": month[0], "to": month[1]}),
        ("q sort=date", "/agenda", {"q": "capacitacion", "sort": "date"}),
        ("q page 50", "/agenda", {"q": "transparencia", "page": 50}),
        ("API q", "/api/v1/events", {"q": "jornada nacional transparencia"}),
        ("API q + dates", "/api/v1/events", {"q": "capacitacion", "from": month[0], "to": month[1]}),
        ("API q page 50", "/api/v1/events", {"q": "transparencia", "page": 50}),
        ("archive q", "/agenda/pasados", {"q": "capacitacion"}),
    ]


def bare_app():
    from flask import Flask

    app = Flask("bare")

    @app.get("/")
    def hello():
        return "ok"

    return app


def run(args, url: str, label: str, filled_already: bool) -> None:
    from flask_migrate import upgrade
    from sqlalchemy import func, select, text

    from agenda import create_app
    from agenda.catalog.services import load_catalog
    from agenda.config import normalise_database_url
    from agenda.events.models import Event
    from agenda.extensions import db
    from agenda.timeutil import utcnow

    app = create_app({"SQLALCHEMY_DATABASE_URI": normalise_database_url(url), "SECRET_KEY": "b" * 40,
                      "AGENDA_BASE_URL": "https://agenda.snt.example", "RATELIMIT_ENABLED": False})
    with app.app_context():
        upgrade()
        if not filled_already:
            load_catalog(db.session)
            db.session.commit()
            started = time.perf_counter()
            fill(db.session, args.events, args.upcoming, random.Random(args.seed))
            if db.engine.dialect.name == "postgresql":
                with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                    connection.exec_driver_sql("VACUUM ANALYZE")
            else:
                db.session.execute(text("ANALYZE"))
                db.session.commit()
            print(f"\n== {label}: {args.events:,} events inserted and indexed in {time.perf_counter() - started:.1f} s")
        count = db.session.scalar(select(func.count()).select_from(Event))
        dialect = db.engine.dialect.name
        counter = StatementCounter(db.engine)
        raw = db.engine.raw_connection()
    print(f"\n== {label} ({dialect}): {count:,} events, p50/p95 of {args.repeat} requests")
    bare_p50, bare_p95 = time_calls(lambda: bare_app().test_client().get("/"), args.repeat)
    client = app.test_client()
    print(f"{'request':<24}{'p50':>9}{'p95':>9}{'× bare':>8}{'lookup':>9}{'× lookup':>9}{'ranked':>9}{'SQL':>5}"
          f"{'found':>8}  path")
    print(f"{'bare Flask handler':<24}{bare_p50:>6.2f} ms{bare_p95:>6.2f} ms")
    today = utcnow().date()
    for name, path, query in cases(today):
        if args.only and args.only not in name:
            continue
        if query.get("after") == "<next of page 49>":  # the `next` link of page 49: its keyset cursor
            import json

            next_url = json.loads(get(client, f"{path}?page=49"))["next"]
            if "after=" not in (next_url or ""):  # no keyset pagination (or too few events): skipped
                continue
            query = dict(parse_qsl(urlsplit(next_url).query))
        full = f"{path}?{urlencode(query)}" if query else path
        get(client, full)
        before = counter.count
        body = get(client, full)
        statements = counter.count - before
        p50, p95 = time_calls(lambda full=full: get(client, full), args.repeat)
        found = ""
        if path.startswith("/api"):
            import json

            found = str(json.loads(body)["total"])
        lookup = ranked = ratio = ""
        if "q" in query:
            floors = []
            for by_rank in (False, True):
                sql, params = index_lookup(dialect, query["q"], 20 if path == "/agenda" else 50, by_rank)
                cursor = raw.cursor()

                def lookup_call(cursor=cursor, sql=sql, params=params):
                    cursor.execute(sql, params)
                    cursor.fetchall()

                floors.append(time_calls(lookup_call, args.repeat)[0])
            lookup, ranked = f"{floors[0]:>6.2f} ms", f"{floors[1]:>6.2f} ms"
            ratio = f"{p50 / floors[0]:>9.1f}"
        print(f"{name:<24}{p50:>6.2f} ms{p95:>6.2f} ms{p50 / bare_p50:>8.0f}{lookup:>9}{ratio:>9}{ranked:>9}"
              f"{statements:>5}{found:>8}  {full}")
    raw.close()


def main() -> None:
    args = parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgresql", "postgres:")):
        import psycopg
        from sqlalchemy.engine import make_url

        parsed = make_url(url)
        if args.reuse:
            run(args, url, "PostgreSQL", True)
            return
        server = parsed.set(drivername="postgresql", database="postgres")
        name = f"agenda_bench_search_{os.getpid()}"
        conninfo = server.render_as_string(hide_password=False)
        with psycopg.connect(conninfo, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        target = server.set(database=name).render_as_string(hide_password=False)
        try:
            run(args, target, "PostgreSQL", False)
        finally:
            if args.keep:
                print(f"\nkept: DATABASE_URL={target}")
            else:
                with psycopg.connect(conninfo, autocommit=True) as connection:
                    connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        return
    if url.startswith("sqlite:///"):
        run(args, url, "SQLite", args.reuse)
        return
    target = f"sqlite:///{tempfile.mkdtemp(prefix='agenda-bench-')}/bench.sqlite"
    run(args, target, "SQLite", False)
    if args.keep:
        print(f"\nkept: DATABASE_URL={target}")


if __name__ == "__main__":
    main()
