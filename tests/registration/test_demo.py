"""Demo registrations: `flask demo` gives the demo events registrants, a waiting list, and runs twice safely."""
from sqlalchemy import func, select

from agenda.registration.models import Registration


def test_demo_registers_people_without_overbooking_and_only_once(runner, session):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "Registros:" in result.output
    total = session.scalar(select(func.count(Registration.id)))
    assert total > 0
    rows = session.execute(select(Registration.event_id, Registration.status, Registration.waitlist_position))
    by_event = {}
    for event_id, status, position in rows:
        by_event.setdefault(event_id, []).append((status, position))
    from agenda.events.models import Event

    for event_id, people in by_event.items():
        capacity = session.get(Event, event_id).capacity
        confirmed = [p for p in people if p[0] == "confirmed"]
        waiting = sorted(p[1] for p in people if p[0] == "waitlisted")
        assert capacity is None or len(confirmed) <= capacity
        assert waiting == list(range(1, len(waiting) + 1))
    runner.invoke(args=["demo"])
    assert session.scalar(select(func.count(Registration.id))) == total
