"""The same form sent twice at once, when its row does not exist yet: both requests find it missing and both
insert it. The second used to fail with an IntegrityError (a 500 on PostgreSQL); now it saves over the row
the first one created (the last to commit wins).

`committed_first` (tests/fixtures/races.py) makes the race deterministic on SQLite and PostgreSQL: another
transaction commits the row after our request found it missing, just before the request's first write."""
from agenda.database import get_or_create
from agenda.notifications.notice_models import ReminderSetting


def test_a_created_row_goes_away_with_the_callers_rollback(session, make_event):
    """A form error after get_or_create rolls the request back: the new row must not stay committed (which a
    SAVEPOINT released before the transaction's first write would do on SQLite)."""
    event_id = make_event()
    get_or_create(session, ReminderSetting, {"event_id": event_id}, {"offsets": "60"})
    session.rollback()
    assert session.get(ReminderSetting, event_id) is None
