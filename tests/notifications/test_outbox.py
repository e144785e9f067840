"""The outbox: queued in the caller's transaction, deduplicated, claimed safely by concurrent workers,
recovered after a crash, retried with back-off."""
import smtplib
import threading
from datetime import timedelta
from itertools import pairwise

from sqlalchemy import select, update

from agenda.extensions import db
from agenda.outbox import services
from agenda.outbox.models import OutboxMessage
from agenda.outbox.services import claim_due, enqueue, send_due
from agenda.timeutil import utcnow


def queue(app, n=1, **kwargs):
    with app.app_context():
        ids = [enqueue(db.session, f"p{i}@example.org", f"Asunto {i}", "Hola", "<p>Hola</p>", kind="prueba",
                       **kwargs).id for i in range(n)]
        db.session.commit()
        return ids


def rows(app):
    with app.app_context():
        found = list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
        db.session.expunge_all()
        return found


class RecordingTransport:
    """Collects the ids it 'sends'; optionally slow, or failing."""

    def __init__(self, delay=0.0, error=None):
        self.sent, self.delay, self.error = [], delay, error
        self.lock = threading.Lock()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def send(self, mail, message):
        if self.error:
            raise self.error
        if self.delay:
            threading.Event().wait(self.delay)
        with self.lock:
            self.sent.append(message.id)


def test_a_mail_is_only_queued_if_its_transaction_commits(app):
    with app.app_context():
        enqueue(db.session, "a@example.org", "Asunto", "Hola", kind="prueba")
        db.session.rollback()
    assert rows(app) == []


def test_the_same_dedupe_key_is_queued_once_even_from_two_transactions(app):
    first = queue(app, dedupe_key="recordatorio-7-24h")
    second = queue(app, dedupe_key="recordatorio-7-24h")
    assert first == second and len(rows(app)) == 1


def test_two_workers_at_once_send_each_mail_exactly_once(app):
    queue(app, n=30)
    transport = RecordingTransport(delay=0.01)
    barrier = threading.Barrier(2)

    def worker():
        with app.app_context():
            barrier.wait(timeout=30)
            while send_due(db.session, limit=5, transport=transport).claimed:
                pass
            db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(transport.sent) == sorted(m.id for m in rows(app))
    assert {m.status for m in rows(app)} == {"sent"}


def test_a_crashed_workers_claim_expires_and_nothing_is_lost(app):
    ids = queue(app, n=3)
    with app.app_context():
        _token, claimed = claim_due(db.session, limit=10)  # a worker claims... and dies before sending
    assert claimed == ids
    transport = RecordingTransport()
    with app.app_context():
        assert send_due(db.session, transport=transport).claimed == 0  # still claimed: nobody else takes them
        db.session.execute(update(OutboxMessage).values(claimed_until=utcnow() - timedelta(seconds=1)))
        db.session.commit()
        report = send_due(db.session, transport=transport)
    assert report.sent == ids and transport.sent == ids
    assert [m.attempts for m in rows(app)] == [2, 2, 2]


def test_a_failed_attempt_is_retried_later_with_growing_waits_then_given_up(app, monkeypatch):
    (message_id,) = queue(app)
    failing = RecordingTransport(error=smtplib.SMTPServerDisconnected("sin conexión"))
    waits = []
    for attempt in range(1, services.MAX_ATTEMPTS + 1):
        with app.app_context():
            report = send_due(db.session, transport=failing)
            message = db.session.get(OutboxMessage, message_id)
            if attempt < services.MAX_ATTEMPTS:
                assert report.retried == [message_id] and message.status == "pending"
                waits.append(message.next_attempt_at - utcnow())
                assert send_due(db.session, transport=failing).claimed == 0  # not due yet
                message.next_attempt_at = utcnow()  # time passes
                db.session.commit()
            else:
                assert report.failed == [message_id] and message.status == "failed"
            assert message.attempts == attempt and "SMTPServerDisconnected" in message.last_error
    assert all(later > earlier for earlier, later in pairwise(waits))
    assert timedelta(seconds=50) < waits[0] < timedelta(seconds=70)


def test_sent_mail_keeps_no_body(app):
    queue(app)
    with app.app_context():
        send_due(db.session, transport=RecordingTransport())
    (message,) = rows(app)
    assert message.status == "sent" and message.sent_at is not None
    assert (message.body_text, message.body_html, message.attachments) == (None, None, None)


def test_mail_send_command_delivers_everything_due_and_exits(app, runner):
    queue(app, n=3)
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    assert "Enviados: 3" in result.output
    assert {m.status for m in rows(app)} == {"sent"}
