"""Both databases enforce foreign keys, so deleting an event removes its sessions the same way everywhere."""
from sqlalchemy import delete, func, select

from agenda.events.models import Event, EventSession


def test_deleting_an_event_cascades_to_its_sessions_on_every_database(session, make_event):
    event_id = make_event(sessions=3)
    session.execute(delete(Event).where(Event.id == event_id))  # bulk delete: the database must cascade
    session.commit()
    assert session.scalar(select(func.count(EventSession.id)).where(EventSession.event_id == event_id)) == 0
