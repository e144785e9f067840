"""Benchmark of reading a 2,000-row Zoom participants report (parse, union of connections, clip to the session),
against the csv module reading the same bytes (the floor: decoding and splitting alone).

    python benchmarks/meeting_report.py            # 2,000 rows: 800 people, rejoins and two devices
    python benchmarks/meeting_report.py --rows 20000 --repeat 5

Prints the median time of each and the ratio; then, on a fresh database (SQLite in a temporary file, or
--database URL, e.g. a PostgreSQL made with tests/pgdb.py), the whole import: preview_import (parse + match +
store the preview), apply_import (every matched person's minutes stored), a second import of the same file
(replacing the minutes) and undo_import, each against the parse alone as baseline.
"""
import argparse
import csv
import io
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from agenda.attendance.meeting_reports import parse_report

HEADER = "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,Recording Consent"


def zoom_report(rows: int) -> bytes:
    start = datetime(2020, 9, 15, 9, 50)
    lines = [HEADER]
    for index in range(rows):
        person = index % (rows * 2 // 5 or 1)
        joined = start + timedelta(minutes=(index * 7) % 100, seconds=index % 60)
        left = joined + timedelta(minutes=15 + index % 50)
        lines.append(f"Persona {person},persona{person}@example.org,{joined:%m/%d/%Y %I:%M:%S %p},"
                     f"{left:%m/%d/%Y %I:%M:%S %p},{(left - joined).seconds // 60 + 1},Yes,Y")
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()


def median_seconds(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        function()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--database", help="database URL for the import figures (default: a temporary SQLite)")
    args = parser.parse_args()
    data = zoom_report(args.rows)
    window = (datetime(2020, 9, 15, 10), datetime(2020, 9, 15, 12))
    baseline = median_seconds(lambda: list(csv.reader(io.StringIO(data.decode("utf-8-sig")))), args.repeat)
    parsed = median_seconds(lambda: parse_report(data, window), args.repeat)
    people = len(parse_report(data, window).people)
    print(f"{args.rows} rows, {people} people, {len(data) / 1024:.0f} KiB")
    print(f"csv.reader baseline: {baseline * 1000:8.1f} ms")
    print(f"parse_report:        {parsed * 1000:8.1f} ms  ({parsed / baseline:.1f}x the baseline)")
    import_figures(data, parsed, args.database)


def import_figures(data: bytes, parsed: float, database: str | None) -> None:
    """The database side: one event, one session 10:00-12:00 (Mexico City) on 15 Sep 2020, everyone in the
    report registered and confirmed; times one preview, apply, re-import and undo (each once: they change data)."""
    import tempfile

    from flask_migrate import upgrade
    from sqlalchemy import insert, select

    from agenda import create_app
    from agenda.attendance.imports import apply_import, preview_import, undo_import
    from agenda.catalog.models import Organization
    from agenda.catalog.services import load_catalog
    from agenda.config import normalise_database_url
    from agenda.events.models import Event, EventSession
    from agenda.extensions import db
    from agenda.registration.models import Registration
    from agenda.security import new_token
    from agenda.timeutil import to_utc, utcnow

    with tempfile.TemporaryDirectory() as folder:
        url = database or f"sqlite:///{folder}/bench.db"
        app = create_app({"SQLALCHEMY_DATABASE_URI": normalise_database_url(url), "SECRET_KEY": "b" * 40,
                          "RATELIMIT_ENABLED": False})
        with app.app_context():
            upgrade()
            load_catalog(db.session)
            body = db.session.scalars(select(Organization)).first()
            zone = "America/Mexico_City"
            event = Event(title="Jornada de prueba", slug=f"jornada-bench-{int(time.time())}", summary="",
                          description="", type="webinar", scope="state", organization=body, modality="virtual",
                          timezone=zone, status="published", visibility="public", waitlist_enabled=False,
                          published_at=utcnow())
            event.sessions.append(EventSession(starts_at=to_utc(datetime(2020, 9, 15, 10), zone),
                                               ends_at=to_utc(datetime(2020, 9, 15, 12), zone)))
            event.refresh_span()
            db.session.add(event)
            db.session.flush()
            emails = sorted({p.email for p in parse_report(data).people})
            now = utcnow()
            db.session.execute(insert(Registration), [
                {"event_id": event.id, "email": email, "name": f"Persona {i}", "institution": "", "position": "",
                 "status": "confirmed", "source": "form", "token_hash": new_token()[1], "consent_at": now,
                 "confirmed_at": now} for i, email in enumerate(emails)])
            db.session.commit()
            event_session = event.sessions[0]

            def timed(function):
                began = time.perf_counter()
                result = function()
                db.session.commit()
                return time.perf_counter() - began, result

            preview_s, first = timed(lambda: preview_import(db.session, event_session, data, "bench.csv", None))
            apply_s, added = timed(lambda: apply_import(db.session, first, None))
            again_s, second = timed(lambda: preview_import(db.session, event_session, data, "bench2.csv", None))
            reapply_s, _ = timed(lambda: apply_import(db.session, second, None))
            undo_s, undone = timed(lambda: undo_import(db.session, second, None))
        print(f"import on {url.split(':', 1)[0]}: {len(emails)} registrations, {added} attendance rows")
        for label, seconds in (("preview_import", preview_s), ("apply_import", apply_s),
                               ("re-import preview", again_s), ("re-import apply", reapply_s),
                               ("undo_import", undo_s)):
            print(f"{label + ':':21s}{seconds * 1000:8.1f} ms  ({seconds / parsed:.1f}x the parse)")
        print(f"undo restored {undone[1]} rows")


if __name__ == "__main__":
    main()
