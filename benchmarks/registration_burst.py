"""A registration burst against the real app under gunicorn on PostgreSQL, compared with PostgreSQL alone.

    python benchmarks/registration_burst.py
    python benchmarks/registration_burst.py --postgres postgresql://postgres@127.0.0.1:5432 --workers 3 \
        --clients 8 --registrations 1000 --duplicates 100 --seats 410

1. Creates a temporary PostgreSQL database (dropped at the end), runs the migrations, loads the catalog and one
   published event with `--seats` seats and a waiting list.
2. Starts gunicorn (`--workers` sync workers) on a free loopback port, with RATELIMIT_REGISTRATION raised,
   waits until every worker has booted and warms them up with `--warm-up` registrations at a second event
   (steady state is what a burst meets: the workers of a running site have long been started).
3. From this process (the server is another process), `--clients` threads with http.client fire
   `--registrations` distinct registrations plus `--duplicates` repeats of some of those e-mails, shuffled, at
   POST /api/v1/events/<id>/registrations, and time each request.
4. Prints confirmed, waitlisted, duplicates refused, 5xx, throughput, p50/p95 latency, and checks the database:
   exactly `--seats` confirmed, waiting list 1..n without gaps.
5. Measures PostgreSQL alone doing the same work for one event with pgbench and a custom script (lock the event
   row, insert a registration and its outbox row of the app's average size, commit), with as many clients,
   half of `--pgbench-seconds` just before the burst and half just after, and prints the app's throughput as a
   ratio of the mean (the machines are shared: the load of others drifts during a run).
Exit status 1 if confirmed != seats, a 5xx happened, a duplicate got a seat, or the waiting list has gaps.
"""
import argparse
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STATES = ["AGU", "BCN", "CHH", "CMX", "GUA", "JAL", "MEX", "NLE", "OAX", "PUE", "VER", "YUC", "ZAC"]
SECTORS = ["gobierno", "sociedad_civil", "academia", "iniciativa_privada"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432",
                        help="PostgreSQL server URL (a temporary database is created there and dropped)")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) + 1,
                        help="gunicorn sync workers (default: CPUs + 1; one event's registrations queue on its "
                             "row lock, so more workers mostly add waiting)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent client threads (and pgbench clients)")
    parser.add_argument("--registrations", type=int, default=1000)
    parser.add_argument("--duplicates", type=int, default=100)
    parser.add_argument("--seats", type=int, default=410)
    parser.add_argument("--warm-up", type=int, default=60,
                        help="registrations at a second event before measuring (each worker's first requests "
                             "compile queries and templates once for its lifetime)")
    parser.add_argument("--pgbench-seconds", type=int, default=10)
    parser.add_argument("--seed", type=int, default=2020)
    return parser.parse_args()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database(server: str, name: str, action: str) -> None:
    import psycopg

    statement = {"create": f'CREATE DATABASE "{name}"', "drop": f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'}
    with psycopg.connect(server + "/postgres", autocommit=True) as connection:
        connection.execute(statement[action])


def prepare(url: str, seats: int, warm_up_seats: int) -> tuple[int, int]:
    """Migrate, load the catalog and create the event and a second one to warm the workers up with; returns
    their ids."""
    from datetime import timedelta

    from flask_migrate import upgrade

    from agenda import create_app
    from agenda.catalog.models import Organization
    from agenda.catalog.services import load_catalog
    from agenda.events.models import Event, EventSession
    from agenda.extensions import db
    from agenda.timeutil import utcnow

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        load_catalog(db.session)
        organization = db.session.query(Organization).filter_by(acronym="INAI").one()
        start = utcnow().replace(microsecond=0) + timedelta(days=10)
        events = []
        for slug, title, capacity in (("jornada-nacional", "Jornada Nacional de Capacitación", seats),
                                      ("calentamiento", "Sesión de calentamiento", warm_up_seats)):
            event = Event(slug=slug, title=title, type="capacitacion", organization=organization,
                          status="published", published_at=utcnow(), capacity=capacity, waitlist_enabled=True,
                          meeting_url="https://reunion.example/j/410")
            for day in range(3):
                event.sessions.append(EventSession(title=f"Sesión {day + 1}", starts_at=start + timedelta(days=day),
                                                   ends_at=start + timedelta(days=day, hours=2)))
            event.refresh_span()
            db.session.add(event)
            events.append(event)
        db.session.commit()
        return events[0].id, events[1].id


def start_gunicorn(url: str, port: int, workers: int) -> subprocess.Popen:
    env = dict(os.environ, DATABASE_URL=url, RATELIMIT_REGISTRATION="100000 per minute", MAIL_SERVER="",
               SECRET_KEY="benchmark-secret-key-long-enough-for-the-check", AGENDA_ENV="benchmark",
               AGENDA_BASE_URL=f"http://127.0.0.1:{port}")
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    log = tempfile.NamedTemporaryFile("w+", prefix="gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
    server = subprocess.Popen(
        [gunicorn, "--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
         "--backlog", "2048", "agenda:create_app()"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True)
    server.log_path = log.name
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/salud")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            pass
        if server.poll() is not None:
            raise RuntimeError("gunicorn did not start: " + Path(server.log_path).read_text()[-2000:])
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer /salud within 60 s")


def wait_until_idle(group: int, timeout: float = 60) -> None:
    """Wait until the server's processes stop using CPU: gunicorn answers as soon as one worker has booted,
    while the others may still be importing the app (seconds of CPU that are not serving anyone)."""
    deadline, before = time.monotonic() + timeout, group_cpu_seconds(group)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = group_cpu_seconds(group)
        if now - before < 0.02:
            return
        before = now


def payloads(count: int, duplicates: int, seed: int, prefix: str = "persona") -> list[dict]:
    rng = random.Random(seed)
    people = [{"name": f"Persona de Prueba {n}", "email": f"{prefix}{n:05d}@organismo{n % 37}.gob.mx",
               "institution": "Unidad de Transparencia", "position": "Enlace", "state": rng.choice(STATES),
               "sector": rng.choice(SECTORS), "gender": rng.choice(["mujer", "hombre", ""]), "consent": True}
              for n in range(count)]
    again = [dict(p, name=p["name"] + " (otra vez)") for p in rng.sample(people, duplicates)]
    everything = people + again
    rng.shuffle(everything)
    return everything


def fire(port: int, event_id: int, bodies: list[dict], clients: int) -> tuple[list, float]:
    """Send every body with `clients` threads; returns ([(status, error code, seconds)], wall time)."""
    results, lock, queue = [], threading.Lock(), list(reversed(bodies))
    path = f"/api/v1/events/{event_id}/registrations"
    headers = {"Content-Type": "application/json", "Connection": "close"}
    start_gate = threading.Barrier(clients + 1)

    def client():
        start_gate.wait()
        while True:
            with lock:
                if not queue:
                    return
                body = json.dumps(queue.pop()).encode()
            started = time.perf_counter()
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                connection.request("POST", path, body=body, headers=headers)
                response = connection.getresponse()
                data = response.read()
                connection.close()
                status = response.status
                code = json.loads(data).get("error") if data and status >= 400 and status != 422 else None
            except (OSError, http.client.HTTPException, ValueError) as error:
                status, code = 599, type(error).__name__
            with lock:
                results.append((status, code, time.perf_counter() - started))

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    start_gate.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - began


def group_cpu_seconds(group: int) -> float:
    """CPU seconds used so far by the processes of a process group (Linux /proc; 0 elsewhere)."""
    return _cpu_seconds(lambda name, fields: int(fields[2]) == group)


def postgres_cpu_seconds() -> float:
    """CPU seconds used so far by the PostgreSQL server's processes on this machine (0 if it runs elsewhere)."""
    return _cpu_seconds(lambda name, fields: name == "postgres")


def _cpu_seconds(wanted) -> float:
    total, tick = 0.0, os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    for pid in os.listdir("/proc") if os.path.isdir("/proc") else ():
        if not pid.isdigit():
            continue
        try:
            head, tail = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)
        except OSError:
            continue
        fields = tail.split()
        if wanted(head.split("(", 1)[1], fields):
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def check_database(url: str, event_id: int) -> dict:
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as connection:
        counts = dict(connection.execute(
            "SELECT status, count(*) FROM registrations WHERE event_id = %s GROUP BY status", (event_id,)))
        positions = [row[0] for row in connection.execute(
            "SELECT waitlist_position FROM registrations WHERE event_id = %s AND status = 'waitlisted' "
            "ORDER BY waitlist_position", (event_id,))]
        outbox = connection.execute("SELECT count(*), avg(length(body_text)), avg(length(body_html)), "
                                    "avg(length(attachments::text)) FROM outbox WHERE event_id = %s",
                                    (event_id,)).fetchone()
    return {"confirmed": counts.get("confirmed", 0), "waitlisted": counts.get("waitlisted", 0),
            "gapless": positions == list(range(1, len(positions) + 1)), "outbox": outbox[0],
            "sizes": [int(x or 0) for x in outbox[1:]]}


PGBENCH_SCRIPT = """\\set n random(1, 2000000000)
BEGIN;
SELECT id FROM events WHERE id = :event_id FOR UPDATE;
INSERT INTO registrations (event_id, email, name, institution, position, state_id, sector, accessibility,
  status, source, token_hash, consent_at, created_at, updated_at, confirmed_at)
  VALUES (:event_id, 'pgbench' || :client_id || '-' || :n || '-' || md5(random()::text) || '@example.org',
  'Persona de Prueba', 'Unidad de Transparencia', 'Enlace', :state_id, 'gobierno', '', 'confirmed', 'api',
  md5(random()::text) || md5(random()::text), now(), now(), now(), now()) RETURNING id \\gset reg_
INSERT INTO outbox (kind, to_address, subject, body_text, body_html, attachments, status, attempts,
  next_attempt_at, created_at, registration_id, event_id)
  VALUES ('registration_confirmed', 'persona@example.org', 'Registro confirmado', repeat('t', {text}),
  repeat('h', {html}), json_build_array(json_build_object('content', repeat('c', {ics}))), 'pending', 0, now(),
  now(), :reg_id, :event_id);
COMMIT;
"""


def pgbench(server: str, name: str, event_id: int, state_id: int, clients: int, seconds: int,
            sizes: list[int]) -> float:
    """Transactions per second of PostgreSQL alone doing one registration's database work."""
    pgbench_bin = shutil.which("pgbench")
    if not pgbench_bin:
        raise RuntimeError("pgbench not found (Debian: postgresql-client)")
    text, html, ics = (max(size, 1) for size in sizes)
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as script:
        script.write(PGBENCH_SCRIPT.format(text=text, html=html, ics=ics))
    try:
        output = subprocess.run(
            [pgbench_bin, "-n", "-c", str(clients), "-j", str(min(clients, os.cpu_count() or 2)), "-T", str(seconds),
             "-D", f"event_id={event_id}", "-D", f"state_id={state_id}", "-f", script.name, f"{server}/{name}"],
            capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(script.name)
    match = re.search(r"tps = ([\d.]+) \(without initial connection time\)", output) or \
        re.search(r"tps = ([\d.]+)", output)
    return float(match.group(1))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> int:
    args = parse_args()
    name = f"agenda_bench_{os.getpid()}"
    url = f"{args.postgres.replace('postgresql://', 'postgresql+psycopg://')}/{name}"
    database(args.postgres, name, "create")
    server = None
    try:
        # the warm-up event fills in the same proportion, so its mails (what pgbench writes) are the same mix
        warm_up_seats = max(round(args.warm_up * args.seats / args.registrations), 1)
        event_id, warm_up_event_id = prepare(url, args.seats, warm_up_seats)
        port = free_port()
        server = start_gunicorn(url, port, args.workers)
        wait_until_idle(server.pid)
        fire(port, warm_up_event_id, payloads(args.warm_up, 0, args.seed, "calentamiento"), args.clients)
        # PostgreSQL alone on another event of the same database, with the app's mail sizes, just before and
        # just after the burst: these machines are shared, and the mean of the two follows a load that drifts.
        baseline_event, state_id = prepare_baseline_event(url, args.seats)
        sizes = check_database(url, warm_up_event_id)["sizes"]
        half = max(args.pgbench_seconds // 2, 1)
        tps_before = pgbench(args.postgres, name, baseline_event, state_id, args.clients, half, sizes)
        bodies = payloads(args.registrations, args.duplicates, args.seed)
        cpu_before = group_cpu_seconds(server.pid), postgres_cpu_seconds(), time.process_time()
        results, wall = fire(port, event_id, bodies, args.clients)
        app_cpu = group_cpu_seconds(server.pid) - cpu_before[0]
        postgres_cpu, client_cpu = postgres_cpu_seconds() - cpu_before[1], time.process_time() - cpu_before[2]
        statuses = [status for status, _code, _seconds in results]
        latencies = [seconds * 1000 for _status, _code, seconds in results]
        created = statuses.count(201)
        duplicates = sum(1 for status, code, _s in results if status == 409 and code == "duplicate")
        server_errors = sum(1 for status in statuses if status >= 500)
        state = check_database(url, event_id)
        tps_after = pgbench(args.postgres, name, baseline_event, state_id, args.clients, half, sizes)
        tps = (tps_before + tps_after) / 2
        throughput = len(results) / wall
        print(f"gunicorn workers: {args.workers}, client threads: {args.clients}, cpus: {os.cpu_count()}")
        print(f"requests: {len(results)} ({args.registrations} distinct + {args.duplicates} duplicates) "
              f"in {wall:.2f} s")
        print(f"answers: {dict(sorted(_count(statuses).items()))}")
        print(f"confirmed: {state['confirmed']} (seats {args.seats})")
        print(f"waitlisted: {state['waitlisted']} (positions 1..n without gaps: {state['gapless']})")
        print(f"duplicates refused (409 duplicate): {duplicates}")
        print(f"5xx: {server_errors}")
        print(f"created (201): {created}; outbox rows: {state['outbox']}")
        print(f"throughput: {throughput:.0f} registrations/s")
        print(f"latency: p50 {percentile(latencies, 0.50):.1f} ms, p95 {percentile(latencies, 0.95):.1f} ms, "
              f"max {max(latencies):.1f} ms")
        if app_cpu > 0:
            per_request = [seconds / len(results) * 1000 for seconds in (app_cpu, postgres_cpu, client_cpu)]
            print("CPU per request: app (gunicorn) {:.1f} ms, PostgreSQL {:.1f} ms, load generator {:.1f} ms; "
                  "machine: {} CPUs".format(*per_request, os.cpu_count()))
        print(f"PostgreSQL alone (pgbench, {args.clients} clients, lock + insert registration + insert outbox row "
              f"of {sum(sizes)} bytes + commit): {tps:.0f} transactions/s (before the burst {tps_before:.0f}, "
              f"after {tps_after:.0f})")
        print(f"app / PostgreSQL alone: {throughput / tps:.2f} ({throughput / tps:.0%})")
        ok = (state["confirmed"] == args.seats and server_errors == 0 and state["gapless"]
              and duplicates == args.duplicates and created == args.registrations
              and state["confirmed"] + state["waitlisted"] == args.registrations)
        print("OK" if ok else "FAILED: see the figures above")
        return 0 if ok else 1
    finally:
        if server is not None:
            errors = Path(server.log_path).read_text()
            if errors.strip():
                print("gunicorn log (last lines):\n" + errors[-1500:])
            os.unlink(server.log_path)
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        database(args.postgres, name, "drop")


def prepare_baseline_event(url: str, seats: int) -> int:
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as connection:
        row = connection.execute(
            "INSERT INTO events (slug, title, summary, description, type, scope, organization_id, modality, "
            "timezone, status, visibility, capacity, waitlist_enabled, registration_required, created_at, "
            "updated_at) SELECT 'pgbench', 'pgbench', '', '', 'webinar', 'state', organization_id, 'virtual', "
            "timezone, 'published', 'public', %s, true, true, now(), now() FROM events LIMIT 1 RETURNING id",
            (seats,)).fetchone()
        state_id = connection.execute("SELECT id FROM states WHERE code = 'GUA'").fetchone()[0]
        connection.commit()
        return row[0], state_id


def _count(values):
    counts = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts


if __name__ == "__main__":
    sys.exit(main())
