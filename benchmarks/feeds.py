"""Benchmark of the full public feed (/calendario.ics) against bare `icalendar`, measured in the same run.

    python benchmarks/feeds.py                     # 10,000 events in a temporary SQLite file
    python benchmarks/feeds.py --postgres postgresql://postgres@127.0.0.1:5432   # a temporary PostgreSQL db
    python benchmarks/feeds.py --events 2000       # smaller, for a quick look

Fills the database with N events of 1 to 8 sessions each (bulk inserts, several Mexican zones, a few
postponed/cancelled/members-only/draft ones), then drives the real WSGI app the way a server does (the body is
iterated chunk by chunk and only counted, as a socket would send it) and prints:

- bare: icalendar alone building and serialising a Calendar with the same VEVENTs (values precomputed);
- cold: first request, empty caches (query + serialise everything);
- unchanged: the same request again (version query, manifest from the cache, body streamed);
- after one change: one of the N events changed (as events.services does: title, SEQUENCE, changed_at);
- 304: conditional request with the current ETag;
- gzip: the same with Accept-Encoding: gzip (first compression, repeats, after one change, 304) and the size ratio;
- peak memory (tracemalloc) of the cold build and of the bare build, compared with the body size.
"""
import argparse
import gc
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bulk import insert_agenda  # benchmarks/, this script's folder

ZONES = ["America/Mexico_City", "America/Mexico_City", "America/Mexico_City", "America/Tijuana", "America/Cancun",
         "America/Monterrey", "America/Hermosillo", "America/Mazatlan", "America/Merida", "America/Chihuahua"]
TYPES = ["webinar", "panel", "conversatorio", "foro", "curso", "taller", "capacitacion", "sesion_ordinaria"]
THEMES = ["Gobierno Abierto", "Transparencia Proactiva", "Justicia Abierta", "Parlamento Abierto",
          "Municipio Abierto", "Datos Abiertos", "Agenda 2030", "Protección de Datos"]
DESCRIPTION = ("Jornada de **capacitación** sobre [transparencia proactiva](https://snt.org.mx) para sujetos "
               "obligados.\n\n- Marco normativo\n- Buenas prácticas\n- Casos de éxito en los estados\n\n"
               "Dirigido a personas servidoras públicas de las unidades de transparencia.")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--postgres", help="server URL; a temporary database is created there and dropped")
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--repeat", type=int, default=15, help="runs of the fast measurements (median)")
    return parser.parse_args()


def fill(session, count: int, rng: random.Random) -> None:
    """Bulk-insert `count` events with 1-8 sessions each, themes and a few co-organizers."""
    from sqlalchemy import insert, select

    from agenda.catalog.models import Organization
    from agenda.events.models import Theme
    from agenda.timeutil import utcnow

    bodies = list(session.scalars(select(Organization.id)))
    session.execute(insert(Theme), [{"slug": f"tema-{i}", "name": name, "is_active": True}
                                    for i, name in enumerate(THEMES)])
    theme_ids = list(session.scalars(select(Theme.id)))
    now = utcnow().replace(microsecond=0)
    events, sessions, themes, co = [], [], [], []
    for event_id in range(1, count + 1):
        zone = rng.choice(ZONES)
        first = now + timedelta(days=rng.randint(-80, 700), hours=rng.randint(14, 22))
        roll = rng.random()
        status = "published" if roll < 0.9 else "postponed" if roll < 0.94 else "cancelled" if roll < 0.97 \
            else "draft"
        n = rng.randint(1, 8)
        spans = [(first + timedelta(days=i), first + timedelta(days=i, hours=2)) for i in range(n)]
        events.append({
            "id": event_id, "slug": f"evento-{event_id}", "title": f"Evento número {event_id} del SNT",
            "summary": "Un encuentro de los organismos garantes sobre apertura y rendición de cuentas.",
            "description": DESCRIPTION, "type": rng.choice(TYPES), "scope": "state",
            "organization_id": rng.choice(bodies), "modality": rng.choice(["virtual", "virtual", "presencial"]),
            "venue_address": "Av. Insurgentes Sur 3211", "venue_city": "Ciudad de México",
            "stream_url": "https://www.youtube.com/live/ejemplo", "meeting_url": "https://zoom.example/j/1",
            "timezone": zone, "status": status, "status_reason": "Motivo" if status != "published" else None,
            "visibility": "members" if rng.random() < 0.03 else "public", "waitlist_enabled": True,
            "registration_required": True, "first_starts_at": spans[0][0], "last_ends_at": spans[-1][1],
            "created_at": now - timedelta(days=30), "updated_at": now - timedelta(days=1),
            "published_at": now - timedelta(days=30),
            "cancelled_at": now - timedelta(days=2) if status == "cancelled" else None,
        })
        for index, (start, end) in enumerate(spans):
            sessions.append({"event_id": event_id, "title": f"Sesión {index + 1}" if n > 1 else None,
                             "starts_at": start, "ends_at": end, "sequence": rng.randint(0, 3),
                             "created_at": now - timedelta(days=30), "changed_at": now - timedelta(days=1)})
        for theme_id in rng.sample(theme_ids, rng.randint(0, 3)):
            themes.append({"event_id": event_id, "theme_id": theme_id})
        if rng.random() < 0.2:
            co.append({"event_id": event_id, "organization_id": rng.choice(bodies)})
    insert_agenda(session, events, sessions, themes=themes, co_organizers=co)


class Client:
    """Calls the WSGI app like a server: iterates the body chunk by chunk, counting bytes, keeping none."""

    def __init__(self, app):
        self.app = app

    def get(self, path: str, headers: dict | None = None) -> dict:
        from werkzeug.test import EnvironBuilder

        environ = EnvironBuilder(path=path, headers=headers or {}, base_url="http://localhost").get_environ()
        result = {}

        def start_response(status, response_headers, exc_info=None):
            result["status"] = int(status.split()[0])
            result["headers"] = dict(response_headers)

        started = time.perf_counter()
        body = self.app(environ, start_response)
        result["ready"] = time.perf_counter() - started
        size = 0
        try:
            for chunk in body:
                size += len(chunk)
        finally:
            if hasattr(body, "close"):
                body.close()
        result["total"] = time.perf_counter() - started
        result["bytes"] = size
        return result


def bare_inputs(app):
    """Every VEVENT's values, computed with the feed's own helpers (outside any timing)."""
    from sqlalchemy import and_, select

    from agenda.events.ical_ids import session_uid
    from agenda.events.models import Event, EventSession
    from agenda.events.queries import EventFilters
    from agenda.extensions import db
    from agenda.feeds import builder
    from agenda.feeds.ical import (
        STATUS,
        TYPE_LABELS,
        FeedContext,
        event_url,
        last_modified,
        session_description,
        session_location,
        session_summary,
    )
    from agenda.feeds.selection import public_spec
    from agenda.timeutil import utcnow

    ctx = FeedContext.from_config(app.config)
    spec = public_spec(EventFilters(), ctx.base_url)
    ids = db.session.execute(
        select(EventSession.id).join(Event, Event.id == EventSession.event_id)
        .where(and_(*builder.session_conditions(spec, builder.day_of(utcnow())))).order_by(EventSession.starts_at, EventSession.id)
    ).scalars().all()
    wanted = set(ids)
    rows = []
    for event in db.session.scalars(select(Event).options(*builder._load_options())).unique():
        for item in event.sessions:
            if item.id not in wanted:
                continue

            zone = ZoneInfo(event.timezone)
            organizer_cn = event.organization.name
            rows.append((item.starts_at, item.id, {
                "uid": session_uid(item, ctx.base_url),
                "stamp": last_modified(event, item).replace(tzinfo=UTC),
                "created": item.created_at.replace(tzinfo=UTC), "sequence": item.sequence,
                "start": item.starts_at.replace(tzinfo=UTC).astimezone(zone),
                "end": item.ends_at.replace(tzinfo=UTC).astimezone(zone),
                "status": STATUS[event.status], "summary": session_summary(event, item),
                "location": session_location(event, item), "url": event_url(event, ctx.base_url),
                "description": session_description(event, item, ctx.base_url),
                "organizer": f"mailto:{ctx.organizer_email}", "cn": organizer_cn,
                "categories": [TYPE_LABELS[event.type]] + [t.name for t in event.themes],
                "transp": "TRANSPARENT" if event.status == "cancelled" else "OPAQUE",
            }))
    db.session.remove()
    rows.sort(key=lambda r: (r[0], r[1]))
    return [r[2] for r in rows]


def bare_build(values: list[dict]) -> int:
    """icalendar alone: build a Calendar with these VEVENTs (and their VTIMEZONEs) and serialise it."""
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//bench//ES")
    calendar.add("version", "2.0")
    for v in values:
        event = icalendar.Event()
        event.add("uid", v["uid"])
        event.add("dtstamp", v["stamp"])
        event.add("created", v["created"])
        event.add("last-modified", v["stamp"])
        event.add("sequence", v["sequence"])
        event.add("dtstart", v["start"])
        event.add("dtend", v["end"])
        event.add("status", v["status"])
        event.add("summary", v["summary"])
        event.add("location", v["location"])
        event.add("url", v["url"])
        event.add("description", v["description"])
        organizer = icalendar.vCalAddress(v["organizer"])
        organizer.params["CN"] = v["cn"]
        event.add("organizer", organizer)
        event.add("categories", v["categories"])
        event.add("transp", v["transp"])
        calendar.add_component(event)
    first = min(v["start"] for v in values).date().replace(month=1, day=1)
    last = max(v["end"] for v in values).date().replace(month=1, day=1)
    calendar.add_missing_timezones(first_date=first.replace(year=first.year - 1),
                                   last_date=last.replace(year=last.year + 2))  # the range the feed uses
    return len(calendar.to_ical())


def change_one_event(app, event_id: int) -> None:
    """What events.services.save_event does for a title change: row update, SEQUENCE+1, changed_at."""
    from agenda.events.models import Event
    from agenda.extensions import db
    from agenda.timeutil import utcnow

    with app.app_context():
        event = db.session.get(Event, event_id)
        event.title = f"{event.title} (cambio {time.perf_counter_ns()})"
        now = utcnow()
        for item in event.sessions:
            item.sequence += 1
            item.changed_at = now
        db.session.commit()
        db.session.remove()


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> None:
    args = parse_args()
    rng = random.Random(args.seed)
    workdir = tempfile.mkdtemp(prefix="agenda-feeds-bench-")
    pg_server = pg_name = None
    if args.postgres:
        import psycopg

        pg_server = args.postgres.rstrip("/")
        pg_name = f"agenda_bench_feeds_{os.getpid()}"
        with psycopg.connect(pg_server + "/postgres", autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{pg_name}"')
        url = f"{pg_server}/{pg_name}"
    else:
        url = f"sqlite:///{workdir}/bench.sqlite"
    try:
        run(args, rng, url)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        if pg_name:
            import psycopg

            with psycopg.connect(pg_server + "/postgres", autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')


def run(args, rng: random.Random, url: str) -> None:
    from flask_migrate import upgrade

    from agenda import create_app
    from agenda.catalog.services import load_catalog
    from agenda.config import normalise_database_url
    from agenda.extensions import db
    from agenda.feeds import builder

    app = create_app({"SQLALCHEMY_DATABASE_URI": normalise_database_url(url), "SECRET_KEY": "b" * 40,
                      "AGENDA_BASE_URL": "https://agenda.snt.example", "RATELIMIT_ENABLED": False})
    with app.app_context():
        upgrade()
        load_catalog(db.session)
        db.session.commit()
        started = time.perf_counter()
        fill(db.session, args.events, rng)
        print(f"database: {'PostgreSQL' if args.postgres else 'SQLite'}; {args.events:,} events filled in "
              f"{time.perf_counter() - started:.1f} s")
        db.session.remove()
    client = Client(app)

    with app.app_context():
        values = bare_inputs(app)
    gc.collect()
    started = time.perf_counter()
    bare_bytes = bare_build(values)
    bare = time.perf_counter() - started
    print(f"feed: {len(values):,} VEVENTs; bare icalendar body {bare_bytes / 1e6:.1f} MB")

    builder.caches.clear()
    gc.collect()
    cold = client.get("/calendario.ics")
    assert cold["status"] == 200, cold
    etag = cold["headers"]["ETag"]
    unchanged = [client.get("/calendario.ics") for _ in range(args.repeat)]
    assert all(r["status"] == 200 and r["bytes"] == cold["bytes"] for r in unchanged)
    not_modified = [client.get("/calendario.ics", {"If-None-Match": etag}) for _ in range(args.repeat)]
    assert all(r["status"] == 304 and r["bytes"] == 0 for r in not_modified)
    changed = []
    for event_id in rng.sample(range(1, args.events + 1), 5):
        change_one_event(app, event_id)
        changed.append(client.get("/calendario.ics"))
    assert all(r["status"] == 200 for r in changed)

    # gzip (Accept-Encoding: gzip): first compression of every chunk, repeats, after one change, 304.
    gzip_header = {"Accept-Encoding": "gzip"}
    gzip_first = client.get("/calendario.ics", gzip_header)
    assert gzip_first["status"] == 200 and gzip_first["headers"]["Content-Encoding"] == "gzip", gzip_first
    gzip_repeat = [client.get("/calendario.ics", gzip_header) for _ in range(args.repeat)]
    gzip_etag = gzip_first["headers"]["ETag"]
    gzip_304 = [client.get("/calendario.ics", {**gzip_header, "If-None-Match": gzip_etag})
                for _ in range(args.repeat)]
    assert all(r["status"] == 304 for r in gzip_304)
    gzip_changed = []
    for event_id in rng.sample(range(1, args.events + 1), 5):
        change_one_event(app, event_id)
        gzip_changed.append(client.get("/calendario.ics", gzip_header))

    # Memory, in a separate pass (tracemalloc slows Python down): the cold build, and the bare build.
    builder.caches.clear()
    gc.collect()
    tracemalloc.start()
    client.get("/calendario.ics")
    feed_kept, feed_peak = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    change_one_event(app, rng.randint(1, args.events))
    client.get("/calendario.ics")
    change_peak = tracemalloc.get_traced_memory()[1] - feed_kept
    tracemalloc.stop()
    builder.caches.clear()
    gc.collect()
    tracemalloc.start()
    bare_build(values)
    bare_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    body_mb = cold["bytes"] / 1e6
    rows = [
        ("bare icalendar (build + serialise)", bare * 1000, None),
        ("cold (empty caches)", cold["total"] * 1000, None),
        ("unchanged, full body streamed", median_ms([r["total"] for r in unchanged]), None),
        ("unchanged, until the response is ready", median_ms([r["ready"] for r in unchanged]), None),
        ("after one event changed", median_ms([r["total"] for r in changed]), None),
        ("304 Not Modified", median_ms([r["total"] for r in not_modified]), None),
        ("gzip: first request (every chunk deflated)", gzip_first["total"] * 1000, None),
        ("gzip: unchanged, full body streamed", median_ms([r["total"] for r in gzip_repeat]), None),
        ("gzip: after one event changed", median_ms([r["total"] for r in gzip_changed]), None),
        ("gzip: 304 Not Modified", median_ms([r["total"] for r in gzip_304]), None),
    ]
    print(f"\nbody: {body_mb:.1f} MB, {cold['bytes'] / len(values):.0f} bytes per VEVENT\n")
    print(f"{'measure':<42}{'time':>12}{'× bare':>10}")
    for name, ms, _ in rows:
        print(f"{name:<42}{ms:>10.1f} ms{ms / (bare * 1000):>10.4f}")
    print(f"\ngzip body: {gzip_first['bytes'] / 1e6:.1f} MB = {gzip_first['bytes'] / cold['bytes']:.3f} of the "
          f"identity body ({cold['bytes'] / gzip_first['bytes']:.1f}× smaller)")
    print(f"peak memory, cold feed build: {feed_peak / 1e6:.1f} MB = {feed_peak / cold['bytes']:.2f} × the body; "
          f"kept afterwards (caches): {feed_kept / 1e6:.1f} MB = {feed_kept / cold['bytes']:.2f} × the body")
    print(f"extra peak memory, rebuild after one change: {change_peak / 1e6:.1f} MB "
          f"= {change_peak / cold['bytes']:.2f} × the body")
    print(f"peak memory, bare icalendar:  {bare_peak / 1e6:.1f} MB = {bare_peak / cold['bytes']:.2f} × the body")
    aims = [
        ("cold ≤ 1.5 × bare", cold["total"] <= 1.5 * bare),
        ("after one change ≤ 10 % of bare", median_ms([r["total"] for r in changed]) <= 100 * bare),
        ("unchanged < 10 ms (response ready)", median_ms([r["ready"] for r in unchanged]) < 10),
        ("unchanged < 10 ms (full body streamed)", median_ms([r["total"] for r in unchanged]) < 10),
        ("304 < 10 ms", median_ms([r["total"] for r in not_modified]) < 10),
        ("gzip: unchanged < 10 ms (no recompression)", median_ms([r["total"] for r in gzip_repeat]) < 10),
        ("gzip: after one change ≤ 10 % of bare", median_ms([r["total"] for r in gzip_changed]) <= 100 * bare),
        ("gzip: 304 < 10 ms", median_ms([r["total"] for r in gzip_304]) < 10),
        ("peak memory < 2 × body (never the feed twice)", feed_peak < 2 * cold["bytes"]),
    ]
    print()
    for name, ok in aims:
        print(f"{'met    ' if ok else 'MISSED '} {name}")


if __name__ == "__main__":
    main()
