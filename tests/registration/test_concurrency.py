"""200 people register at once for 50 seats: never overbooked, waiting list 1..150 without gaps or repeats.

Each thread has its own app context, session and database connection and commits for real, as concurrent
requests would (on SQLite and on PostgreSQL, whichever TEST_DATABASE_URL selects).
"""
import threading

from sqlalchemy import select

from agenda.extensions import db
from agenda.outbox.models import OutboxMessage
from agenda.registration.locking import commit_or_busy
from agenda.registration.models import Registration
from agenda.registration.services import register

PEOPLE = 200
SEATS = 50


def fire_in_parallel(app, event_id, person, count):
    barrier = threading.Barrier(count)
    errors = []

    def one(n):
        with app.app_context():
            try:
                barrier.wait(timeout=60)
                register(db.session, event_id, person(email=f"persona{n:03d}@example.org"), source="api")
                commit_or_busy(db.session)
            except Exception as error:  # noqa: BLE001 - collected and asserted below
                errors.append(repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=one, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return errors


def test_parallel_registrations_never_exceed_capacity_and_number_the_waiting_list(app, make_event, person):
    event_id = make_event(capacity=SEATS)
    errors = fire_in_parallel(app, event_id, person, PEOPLE)
    assert errors == []
    with app.app_context():
        rows = db.session.execute(select(Registration.status, Registration.waitlist_position)
                                  .where(Registration.event_id == event_id)).all()
        confirmed = [r for r in rows if r.status == "confirmed"]
        positions = sorted(r.waitlist_position for r in rows if r.status == "waitlisted")
        mails = db.session.scalars(select(OutboxMessage.kind)).all()
    assert len(confirmed) == SEATS
    assert positions == list(range(1, PEOPLE - SEATS + 1))
    assert sorted(set(mails)) == ["registration_confirmed", "registration_waitlisted"]
    assert mails.count("registration_confirmed") == SEATS and len(mails) == PEOPLE


def test_each_person_is_mailed_the_outcome_they_got_even_at_the_boundary(app, make_event, person):
    """Mails are drafted before the lock for the likely outcome; racing for the last seats must still mail
    each person what they actually got, with their real waiting-list place."""
    event_id = make_event(capacity=10)
    assert fire_in_parallel(app, event_id, person, 40) == []
    with app.app_context():
        rows = db.session.execute(
            select(Registration.status, Registration.waitlist_position, OutboxMessage.kind, OutboxMessage.subject,
                   OutboxMessage.body_text)
            .join(OutboxMessage, OutboxMessage.registration_id == Registration.id)).all()
    assert len(rows) == 40
    for status, position, kind, subject, body in rows:
        assert kind == f"registration_{status}"
        if status == "waitlisted":
            assert f"(lugar {position})" in subject and f"en el lugar {position}." in body
        else:
            assert subject.startswith("Registro confirmado") and "lugar" not in subject


def test_parallel_duplicates_of_one_email_get_one_seat(app, make_event, person):
    event_id = make_event(capacity=SEATS)
    barrier = threading.Barrier(20)
    codes = []

    def one():
        with app.app_context():
            try:
                barrier.wait(timeout=60)
                register(db.session, event_id, person(email="misma@example.org"))
                commit_or_busy(db.session)
                codes.append("ok")
            except Exception as error:  # noqa: BLE001
                codes.append(getattr(error, "code", repr(error)))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=one) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(codes) == ["duplicate"] * 19 + ["ok"]
