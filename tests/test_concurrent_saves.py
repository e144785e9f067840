"""The same form sent twice at once, when its row does not exist yet: both requests find it missing and both
insert it. The second used to fail with an IntegrityError (a 500 on PostgreSQL); now it saves over the row
the first one created (the last to commit wins).

`committed_first` (tests/fixtures/races.py) makes the race deterministic on SQLite and PostgreSQL: another
transaction commits the row after our request found it missing, just before the request's first write."""
from sqlalchemy import select

from agenda.attendance.models import AttendanceSettings, ReachRecord
from agenda.database import get_or_create
from agenda.events.models import Theme
from agenda.events.themes import DEFAULT_SLUGS
from agenda.notifications.notice_models import ReminderSetting
from agenda.notifications.reminders import offsets_for
from agenda.outbox.addresses import address_status, email_hash, mark_address, opt_out_token
from agenda.outbox.models import MailAddress
from agenda.timeutil import utcnow


def test_attendance_rule_saved_twice_at_once(client, login_as, make_event, committed_first):
    event_id = make_event(sessions=2)
    login_as("organizer", "IACIP")
    theirs = {"event_id": event_id, "min_percent": 50}
    with committed_first(AttendanceSettings, theirs) as raced:
        response = client.post(f"/asistencia/eventos/{event_id}/regla",
                               data={"rule": "sessions", "min_sessions": "1", "certificates_enabled": "1"})
    assert raced and response.status_code == 302
    page = client.get(f"/asistencia/eventos/{event_id}").get_data(as_text=True)
    assert "Asistir al menos a 1 de 2 sesiones." in page


def test_reach_of_a_new_platform_saved_twice_at_once(client, login_as, make_event, committed_first, session):
    event_id = make_event()
    login_as("organizer", "IACIP")
    theirs = {"event_id": event_id, "platform": "youtube", "views": 100}
    with committed_first(ReachRecord, theirs) as raced:
        response = client.post(f"/asistencia/eventos/{event_id}/alcance",
                               data={"platform": "youtube", "views": "9,200", "people_reached": "5000"})
    assert raced and response.status_code == 302
    page = client.get(f"/asistencia/eventos/{event_id}").get_data(as_text=True)
    assert "<td>9,200</td><td>5,000</td>" in page
    assert session.execute(select(ReachRecord.platform, ReachRecord.views)).all() == [("youtube", 9200)]


def test_reminder_offsets_saved_twice_at_once(client, login_as, make_event, committed_first, session):
    event_id = make_event()
    login_as("organizer", "IACIP")
    with committed_first(ReminderSetting, {"event_id": event_id, "offsets": "1440"}) as raced:
        response = client.post(f"/eventos/{event_id}/recordatorios", data={"offsets": ["60"]})
    assert raced and response.status_code == 302
    assert offsets_for(session, event_id) == [60]


def test_stop_reminders_link_clicked_twice_at_once(app, client, committed_first):
    with app.app_context():
        token = opt_out_token("persona@example.org")
    theirs = {"email_hash": email_hash("persona@example.org"), "reminders_stopped_at": utcnow()}
    with committed_first(MailAddress, theirs) as raced:
        response = client.post(f"/recordatorios/baja/{token}")
    assert raced and response.status_code == 200
    assert "ya no le enviaremos recordatorios" in response.get_data(as_text=True)


def test_theme_list_opened_by_two_admins_on_a_new_site(client, login_as, committed_first, session):
    login_as("admin")
    first_slug, first_name = next(iter(DEFAULT_SLUGS.items()))
    with committed_first(Theme, {"slug": first_slug, "name": first_name}) as raced:
        response = client.get("/admin/temas")
    assert raced and response.status_code == 200
    assert sorted(session.scalars(select(Theme.slug))) == sorted(DEFAULT_SLUGS)


def test_address_marked_while_another_transaction_creates_it(session, committed_first):
    with committed_first(MailAddress, {"email_hash": email_hash("rebota@example.org")}) as raced:
        mark_address(session, "rebota@example.org", "bounced", "550 no such user")
        session.commit()
    assert raced and address_status(session, "rebota@example.org") == "bounced"


def test_a_created_row_goes_away_with_the_callers_rollback(session, make_event):
    """A form error after get_or_create rolls the request back: the new row must not stay committed (which a
    SAVEPOINT released before the transaction's first write would do on SQLite)."""
    event_id = make_event()
    get_or_create(session, ReminderSetting, {"event_id": event_id}, {"offsets": "60"})
    session.rollback()
    assert session.get(ReminderSetting, event_id) is None
