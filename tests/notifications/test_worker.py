"""`flask --app agenda mail send` queues due reminders and delivers them through a real SMTP server on loopback:
once per person and session with two workers at the same time, and nothing lost when a worker dies mid-batch.

Guarantee (see agenda/notifications/reminders.py and services.py): a reminder is *queued* exactly once (unique
reminder_log row written with its outbox row in one transaction); the outbox *delivers* at least once: a worker
killed after the SMTP server accepted a mail but before it recorded "sent" would send that one mail again after
its claim expires. The kill below happens while the SMTP server is still holding a message unanswered, so the
re-run must deliver every mail exactly once.
"""
import os
import signal
import subprocess
import sys
import threading
from collections import Counter
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from agenda.extensions import db
from agenda.notifications.due import enqueue_due
from agenda.notifications.notice_models import ReminderLog
from agenda.outbox.models import OutboxMessage
from agenda.outbox.services import send_due
from agenda.timeutil import to_local, utcnow

ZONE = "America/Mexico_City"
PROJECT = Path(__file__).resolve().parents[2]


def starting_in(minutes: int):
    """A naive local start `minutes` from now, for make_event(start=...)."""
    return to_local(utcnow() + timedelta(minutes=minutes), ZONE).replace(tzinfo=None, second=0, microsecond=0)


def soon_events(make_event, people, counts=(6, 5)):
    """Events whose single session starts in 30-40 minutes: the 1 h reminder is due now."""
    emails = []
    for index, count in enumerate(counts):
        event_id = make_event(title=f"Sesión próxima {index + 1}", start=starting_in(30 + 10 * index),
                              meeting_url="https://meet.example.org/x")
        emails += people(event_id, count, prefix=f"e{index + 1}p")
    return emails


def reminder_counts(sink) -> Counter:
    return Counter((m["To"].addresses[0].addr_spec, m["Subject"]) for m in sink.messages
                   if m["Subject"].startswith("Recordatorio"))


def test_mail_send_command_queues_due_reminders_and_delivers_them(app, runner, make_event, people, deliver,
                                                                  smtp_config):
    emails = soon_events(make_event, people)
    deliver()  # the confirmations
    smtp_config.clear()
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    assert "Recordatorios en cola: 11" in result.output
    again = runner.invoke(args=["mail", "send"])
    assert "Recordatorios en cola: 0" in again.output
    counts = reminder_counts(smtp_config)
    assert sorted(to for to, _subject in counts) == sorted(emails)
    assert set(counts.values()) == {1}


def test_two_workers_at_once_deliver_no_duplicate(app, make_event, people, deliver, smtp_config):
    emails = soon_events(make_event, people, counts=(12, 12))
    deliver()
    smtp_config.clear()
    barrier = threading.Barrier(2)
    errors = []

    def worker():
        try:
            with app.app_context():
                barrier.wait(timeout=10)
                enqueue_due(db.session)
                while send_due(db.session, limit=3).claimed:  # small batches: the workers interleave
                    pass
                db.session.remove()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    counts = reminder_counts(smtp_config)
    assert sorted(to for to, _subject in counts) == sorted(emails)
    assert max(counts.values()) == 1, "a reminder arrived twice"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ReminderLog)
                                 .where(ReminderLog.outcome == "queued")) == 24  # (24 h ones: superseded)
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)
                                 .where(OutboxMessage.kind == "reminder")) == 24


def _worker_env(app, db_url, port) -> dict:
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": db_url, "SECRET_KEY": app.config["SECRET_KEY"],
        "AGENDA_BASE_URL": app.config["AGENDA_BASE_URL"], "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(port),
        "AGENDA_ENV": "test", "FLASK_APP": "agenda",
    })
    return env


def test_a_worker_killed_mid_batch_loses_no_mail(app, db_url, make_event, people, deliver, smtp_config,
                                                 expire_claims, outbox_rows):
    emails = soon_events(make_event, people, counts=(5, 5))
    deliver()
    smtp_config.clear()
    smtp_config.hold_after = 4  # accept four reminders, then hold the fifth without answering

    worker = subprocess.Popen([sys.executable, "-m", "flask", "--app", "agenda", "mail", "send"],
                              env=_worker_env(app, db_url, smtp_config.port), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, cwd=PROJECT)
    try:
        assert smtp_config.holding.wait(timeout=120), "the worker never reached the fifth mail"
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    assert len(smtp_config.messages) == 4
    statuses = Counter(row.status for row in outbox_rows("reminder"))
    assert statuses == {"sent": 4, "sending": 6}  # queued all ten, died holding claims on six

    smtp_config.hold_after = None
    expire_claims()  # the dead worker's 5-minute claim runs out
    with app.app_context():
        assert enqueue_due(db.session)["reminders"] == 0  # already queued: nothing queued twice
    deliver()  # the next run

    counts = reminder_counts(smtp_config)
    assert sorted(to for to, _subject in counts) == sorted(emails)
    assert set(counts.values()) == {1}
    assert Counter(row.status for row in outbox_rows("reminder")) == {"sent": 10}


def test_an_exception_half_way_through_queueing_loses_no_reminder(app, make_event, people, deliver,
                                                                  smtp_config, monkeypatch):
    from agenda.notifications import reminders

    emails = soon_events(make_event, people, counts=(6,))
    deliver()
    smtp_config.clear()
    real, calls = reminders._queue_mail, {"n": 0}

    def dies_on_the_fourth(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 4:
            raise RuntimeError("worker died half-way")
        return real(*args, **kwargs)

    monkeypatch.setattr(reminders, "_queue_mail", dies_on_the_fourth)
    with app.app_context():
        assert enqueue_due(db.session)["reminders"] == 0  # the session's transaction rolled back
        assert db.session.scalar(select(func.count()).select_from(ReminderLog)) == 0
    monkeypatch.setattr(reminders, "_queue_mail", real)
    with app.app_context():
        assert enqueue_due(db.session)["reminders"] == 6
    deliver()
    counts = reminder_counts(smtp_config)
    assert sorted(to for to, _subject in counts) == sorted(emails) and set(counts.values()) == {1}
