"""Seats, waiting list and promotion through the service (one transaction per call, real commits)."""
import pytest
from sqlalchemy import select

from agenda.accounts.models import User
from agenda.domain import DomainError
from agenda.events.models import Event
from agenda.events.services import save_event
from agenda.extensions import db
from agenda.registration import services
from agenda.registration.models import Registration


def test_registrations_beyond_capacity_go_to_the_waiting_list_in_order(make_event, register, registrations_of):
    event_id = make_event(capacity=2)
    for n in range(5):
        register(event_id, email=f"p{n}@example.org")
    assert registrations_of(event_id) == [
        ("p0@example.org", "confirmed", None), ("p1@example.org", "confirmed", None),
        ("p2@example.org", "waitlisted", 1), ("p3@example.org", "waitlisted", 2),
        ("p4@example.org", "waitlisted", 3)]


def test_full_event_without_waiting_list_refuses_with_full(make_event, register, app, person):
    event_id = make_event(capacity=1, waitlist=False)
    register(event_id)
    with app.app_context(), pytest.raises(DomainError) as refused:
        services.register(db.session, event_id, person(email="otra@example.org"))
    assert (refused.value.code, refused.value.status) == ("full", 409)


def test_same_email_twice_gets_no_second_seat(make_event, register, app, person, registrations_of):
    event_id = make_event(capacity=10)
    register(event_id, email="ana@example.org")
    with app.app_context(), pytest.raises(DomainError) as refused:
        services.register(db.session, event_id, person(email="ANA@example.org"))
    assert (refused.value.code, refused.value.status) == ("duplicate", 409)
    assert len(registrations_of(event_id)) == 1


def test_cancelling_a_confirmed_seat_promotes_waitlisted_number_one_and_mails_them(
        make_event, register, app, registrations_of, outbox):
    event_id = make_event(capacity=1)
    first, _token = register(event_id, email="a@example.org")
    register(event_id, email="b@example.org")
    register(event_id, email="c@example.org")
    with app.app_context():
        services.cancel(db.session, first)
        db.session.commit()
    assert registrations_of(event_id) == [("a@example.org", "cancelled", None),
                                          ("b@example.org", "confirmed", None),
                                          ("c@example.org", "waitlisted", 1)]
    promoted = outbox(kind="registration_promoted")
    assert [m.to_address for m in promoted] == ["b@example.org"]
    (invitation,) = promoted[0].attachments  # built when sent: see test_mail.py
    assert (invitation["content_type"], invitation["args"]["method"]) == ("text/calendar; method=REQUEST", "REQUEST")


def test_cancelling_a_waiting_place_closes_the_gap(make_event, register, app, registrations_of):
    event_id = make_event(capacity=1)
    register(event_id, email="a@example.org")
    _b = register(event_id, email="b@example.org")[0]
    register(event_id, email="c@example.org")
    register(event_id, email="d@example.org")
    with app.app_context():
        services.cancel(db.session, _b)
        db.session.commit()
    assert [r[2] for r in registrations_of(event_id)] == [None, None, 1, 2]


def test_raising_capacity_promotes_the_waiting_list_in_order(make_event, register, app, registrations_of,
                                                             outbox, make_user):
    event_id = make_event(capacity=1)
    for n in range(4):
        register(event_id, email=f"p{n}@example.org")
    admin_id, _email = make_user(role="admin")
    with app.app_context():  # the event form and the API both save through events.services.save_event
        save_event(db.session, {"capacity": 3}, db.session.get(User, admin_id), db.session.get(Event, event_id))
        db.session.commit()
    assert [r[1:] for r in registrations_of(event_id)] == [
        ("confirmed", None), ("confirmed", None), ("confirmed", None), ("waitlisted", 1)]
    assert [m.to_address for m in outbox(kind="registration_promoted")] == ["p1@example.org", "p2@example.org"]


def test_a_rolled_back_registration_leaves_no_outbox_row(make_event, app, person, outbox):
    event_id = make_event(capacity=5)
    with app.app_context():
        services.register(db.session, event_id, person())
        assert db.session.scalar(select(Registration.id)) is not None  # it was written...
        db.session.rollback()  # ...and the transaction did not commit
    assert outbox() == []
    with app.app_context():
        assert db.session.scalar(select(Registration.id)) is None


def test_a_cancelled_person_can_register_again(make_event, register, app, registrations_of):
    event_id = make_event(capacity=5)
    registration_id, _token = register(event_id, email="a@example.org")
    with app.app_context():
        services.cancel(db.session, registration_id)
        db.session.commit()
    register(event_id, email="a@example.org")
    assert registrations_of(event_id) == [("a@example.org", "confirmed", None)]


def test_a_promotion_while_registering_uses_the_capacity_read_under_the_lock(app, make_event, register, person,
                                                                            registrations_of):
    from sqlalchemy import update

    from agenda.events.models import Event
    from agenda.extensions import db
    from agenda.registration.services import register as register_service

    event_id = make_event(capacity=1)
    for letter in "abcd":
        register(event_id, email=f"{letter}@example.org")  # a confirmed, b c d waiting
    events = Event.__table__
    with app.app_context():
        # free seats while people wait (a direct database edit; the services would have promoted at once)
        db.session.execute(update(events).where(events.c.id == event_id).values(capacity=10))
        db.session.commit()
        shown = db.session.get(Event, event_id)  # e.g. the form page has the event loaded
        assert shown.capacity == 10
        with db.engine.begin() as organizer:  # meanwhile the capacity goes down to 2
            organizer.execute(update(events).where(events.c.id == event_id).values(capacity=2))
        register_service(db.session, event_id, person(email="e@example.org"))
        db.session.commit()
    statuses = [status for _email, status, _position in registrations_of(event_id)]
    assert statuses.count("confirmed") == 2  # never more than the capacity read under the lock
    assert [p for _e, s, p in registrations_of(event_id) if s == "waitlisted"] == [1, 2, 3]
