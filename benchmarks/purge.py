"""Benchmark of `privacy purge`: anonymise N due registrations in batches while registrations keep coming.

    python benchmarks/purge.py --postgres postgresql://postgres@127.0.0.1:5432   # temporary database
    python benchmarks/purge.py --postgres ... --registrations 20000               # quicker look

Bulk-inserts N registrations of past events (2020) of a body that keeps data 365 days, then, in the same
process, one thread runs retention.purge() while another registers people for an upcoming event through the
registration service, each in its own session. Prints the purge's duration, the registrations' median / max
latency during the purge against a baseline measured just before (same thread, no purge), and the errors."""
import argparse
import statistics
import sys
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def database(server: str, name: str, action: str) -> None:
    import psycopg

    statement = {"create": f'CREATE DATABASE "{name}"', "drop": f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'}
    with psycopg.connect(server + "/postgres", autocommit=True) as connection:
        connection.execute(statement[action])


def prepare(app, count: int) -> int:
    from flask_migrate import upgrade
    from sqlalchemy import insert, update

    from agenda.catalog.models import Organization
    from agenda.catalog.services import load_catalog, organization_by_acronym
    from agenda.events.models import Event, EventSession
    from agenda.extensions import db
    from agenda.registration.models import Registration
    from agenda.timeutil import utcnow

    with app.app_context():
        upgrade()
        load_catalog(db.session)
        db.session.execute(update(Organization).values(retention_days=365))
        body = organization_by_acronym(db.session, "IACIP")
        events = []
        for index, start in enumerate([datetime(2020, 5, 1, 15) + timedelta(days=d) for d in range(20)]
                                      + [utcnow() + timedelta(days=30)]):
            event = Event(slug=f"evento-{index}", title=f"Evento {index}", organization=body, type="webinar",
                          status="published", timezone="America/Mexico_City", first_starts_at=start,
                          last_ends_at=start + timedelta(hours=2))
            event.sessions.append(EventSession(starts_at=start, ends_at=start + timedelta(hours=2)))
            db.session.add(event)
            events.append(event)
        db.session.flush()
        past, upcoming = events[:-1], events[-1]
        now = utcnow()
        for start in range(0, count, 10_000):
            db.session.execute(insert(Registration), [
                {"event_id": past[i % len(past)].id, "email": f"persona{i}@example.org", "name": f"Persona {i}",
                 "institution": f"Institución {i % 300}", "position": "Enlace", "sector": "gobierno",
                 "gender": "mujer", "status": "confirmed", "source": "form", "token_hash": f"{i:064d}",
                 "consent_at": now, "confirmed_at": now, "accessibility": ""}
                for i in range(start, min(count, start + 10_000))])
        db.session.commit()
        return upcoming.id


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", required=True, help="PostgreSQL server URL")
    parser.add_argument("--registrations", type=int, default=100_000)
    args = parser.parse_args()
    from agenda import create_app
    from agenda.extensions import db
    from agenda.registration import retention
    from agenda.registration.services import register

    name = "agenda_bench_purge"
    database(args.postgres, name, "drop")
    database(args.postgres, name, "create")
    try:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"{args.postgres.replace('postgresql://', 'postgresql+psycopg://')}/{name}"})
        event_id = prepare(app, args.registrations)
        counter = iter(range(10**9))
        errors = []

        def one_registration() -> float:
            n = next(counter)
            person = {"name": f"Nueva {n}", "email": f"nueva{n}@example.org", "institution": "IACIP",
                      "position": "", "state": "GUA", "organization": "IACIP", "sector": "gobierno",
                      "gender": "", "accessibility": "", "consent": True}
            began = time.perf_counter()
            with app.app_context():
                try:
                    register(db.session, event_id, person, source="form")
                    db.session.commit()
                except Exception as error:  # counted, not hidden
                    errors.append(repr(error))
                    db.session.rollback()
            return time.perf_counter() - began

        baseline = [one_registration() for _ in range(200)]
        done = threading.Event()
        during = []

        def keep_registering():
            while not done.is_set():
                during.append(one_registration())

        worker = threading.Thread(target=keep_registering)
        worker.start()
        began = time.perf_counter()
        with app.app_context():
            purged = retention.purge(db.session)
        elapsed = time.perf_counter() - began
        done.set()
        worker.join()
        print(f"purged {purged} registrations in {elapsed:.1f} s ({purged / elapsed:,.0f}/s; budget 60 s)")
        print(f"registrations meanwhile: {len(during)}, errors: {len(errors)}")
        for label, values in (("baseline (no purge)", baseline), ("during purge", during)):
            print(f"  {label:<20} median {statistics.median(values) * 1000:.1f} ms, "
                  f"max {max(values) * 1000:.1f} ms")
        print(f"ratio median during/baseline: {statistics.median(during) / statistics.median(baseline):.2f}")
        if errors:
            print("first error:", errors[0])
    finally:
        database(args.postgres, name, "drop")


if __name__ == "__main__":
    main()
