"""The audit log: each change leaves exactly one entry (of its kind) with the right actor, in the same
transaction (a rolled-back change leaves none), with no personal data; the page shows admins everything and an
organizer their body's events only; on PostgreSQL the table refuses UPDATE and DELETE; its own retention."""
import json

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from agenda.accounts.models import User
from agenda.audit.models import AuditEntry
from agenda.audit.services import purge_expired
from agenda.events.models import Event
from agenda.events.services import save_event
from agenda.extensions import db
from agenda.registration.models import Registration
from agenda.registration.services import register as register_service
from agenda.timeutil import utcnow
from tests.registration.test_form import form_data, manage_path

NAME, EMAIL = "Ana Martínez Ruiz", "ana.martinez@iacip-gto.org.mx"


def entries(app, fact=None):
    with app.app_context():
        query = select(AuditEntry).order_by(AuditEntry.id)
        if fact:
            query = query.where(AuditEntry.fact == fact)
        rows = list(db.session.scalars(query))
        db.session.expunge_all()
        return rows


def assert_no_personal_data(app):
    with app.app_context():
        for row in db.session.execute(select(AuditEntry.__table__)).mappings():
            dumped = json.dumps({k: v for k, v in row.items()}, default=str, ensure_ascii=False).lower()
            for secret in (NAME.lower(), EMAIL, "martínez", "ana.martinez"):
                assert secret not in dumped, row


def test_editing_an_event_leaves_one_entry_with_the_editor_and_the_field_names(app, session, make_event,
                                                                                make_user):
    event_id = make_event(capacity=10)
    organizer_id, _email = make_user("organizer", "IACIP")
    old_title = session.get(Event, event_id).title
    save_event(session, {"title": "Título nuevo", "summary": "Otro resumen",
                         "meeting_url": "https://reuniones.example.org/secreta"},
               session.get(User, organizer_id), session.get(Event, event_id))
    session.commit()
    (entry,) = entries(app)
    assert (entry.fact, entry.actor_kind, entry.actor_id, entry.event_id) == \
        ("event.changed", "user", organizer_id, event_id)
    assert {"title", "summary"} <= set(entry.fields)
    assert "Título nuevo" not in json.dumps(entry.fields) + json.dumps(entry.details)
    assert entry.changes["title"] == [old_title, "Título nuevo"]  # published data: before → after
    assert entry.changes["meeting_url"] == [None, "***"]  # the private link is masked
    assert "secreta" not in json.dumps(entry.changes)
    assert entry.organization_id == session.get(Event, event_id).organization_id


def test_registering_through_the_form_is_the_persons_entry(app, client, make_event, person):
    event_id = make_event(capacity=10)
    assert client.post(f"/eventos/{event_id}/registro", data=form_data(person)).status_code == 303
    (entry,) = entries(app)
    assert (entry.fact, entry.actor_kind, entry.actor_id, entry.event_id) == \
        ("registration.created", "person", None, event_id)
    assert entry.details["status"] == "confirmed"
    assert_no_personal_data(app)


def test_an_organizer_cancelling_is_their_entry(app, client, login_as, make_event, register):
    event_id = make_event(capacity=10)
    registration_id, _token = register(event_id, email=EMAIL)
    organizer_id, _email = login_as("organizer", "IACIP")
    response = client.post(f"/eventos/{event_id}/registros/{registration_id}/cancelar")
    assert response.status_code in (302, 303)
    (entry,) = entries(app, "registration.cancelled")
    assert (entry.actor_kind, entry.actor_id, entry.registration_id) == ("user", organizer_id, registration_id)
    assert entry.details == {"previous_status": "confirmed", "by_organizer": True}
    assert len(entries(app)) == 2  # the registration (by the system: the fixture) and its cancellation


def test_erasing_through_the_link_leaves_one_erasure_entry_of_the_person(app, client, make_event, person):
    event_id = make_event(capacity=10)
    page = client.post(f"/eventos/{event_id}/registro", data=form_data(person), follow_redirects=True)
    path = manage_path(page.get_data(as_text=True))
    with app.app_context():
        registration_id = db.session.scalar(select(Registration.id))
    assert client.post(f"{path}/eliminar", data={"confirm": "si"}).status_code == 200
    (erased,) = entries(app, "registration.erased")
    assert (erased.actor_kind, erased.actor_id, erased.registration_id) == ("person", None, registration_id)
    # Erasing first cancels the seat (which may promote someone): that fact has its own entry.
    assert [e.fact for e in entries(app)] == ["registration.created", "registration.cancelled",
                                              "registration.erased"]
    assert_no_personal_data(app)


def test_checking_in_and_issuing_a_certificate_are_the_organizers_entries(app, client, login_as, make_event,
                                                                          make_attendee, event_session_ids):
    event_id = make_event(sessions=1)
    registration_id = make_attendee(event_id, name=NAME, email=EMAIL)
    (session_id,) = event_session_ids(event_id)
    organizer_id, _email = login_as("organizer", "IACIP")
    response = client.post(f"/asistencia/sesiones/{session_id}/presente", data={"registration_id": registration_id})
    assert response.status_code in (200, 302, 303)
    (checked,) = entries(app, "attendance.recorded")
    assert (checked.actor_kind, checked.actor_id, checked.session_id, checked.object_ids) == \
        ("user", organizer_id, session_id, {"registration_ids": [registration_id]})
    assert checked.details["method"]
    response = client.get(f"/asistencia/eventos/{event_id}/constancias/{registration_id}.pdf")
    assert response.status_code == 200
    (issued,) = entries(app, "certificate.issued")
    assert (issued.actor_kind, issued.actor_id, issued.registration_id) == ("user", organizer_id, registration_id)
    assert issued.certificate_id is not None
    assert len(entries(app)) == 2
    assert_no_personal_data(app)


def test_a_rolled_back_change_leaves_no_entry(app, session, make_event, person):
    event_id = make_event(capacity=10)
    register_service(session, event_id, person(), source="form")
    assert session.scalar(select(AuditEntry.id)) is not None  # written in the transaction...
    session.rollback()
    assert entries(app) == []  # ...and gone with it


def test_outside_a_request_the_actor_is_the_system(app, register, make_event):
    register(make_event())
    (entry,) = entries(app)
    assert (entry.actor_kind, entry.actor_id) == ("system", None)


def test_the_page_shows_admins_everything_and_organizers_their_bodys_events(app, client, auth, make_user,
                                                                           make_event, register):
    own = make_event(title="Evento del IACIP", organization="IACIP")
    other = make_event(title="Evento del INAI", organization="INAI")
    register(own, email="uno@example.org")
    register(other, email="dos@example.org")
    _id, admin = make_user("admin")
    _id, organizer = make_user("organizer", "IACIP")
    auth.login(organizer)
    html = client.get("/auditoria").get_data(as_text=True)
    assert "Evento del IACIP" in html and "Evento del INAI" not in html
    assert html.count('class="audit-entry"') == 1
    assert "uno@example.org" not in html
    csv_text = client.get("/auditoria.csv").get_data(as_text=True)
    assert "registration.created" in csv_text and "Evento del INAI" not in csv_text
    assert client.get("/auditoria?evento=abc").status_code == 400
    assert client.get("/auditoria?desde=2026-13-01").status_code == 400
    auth.logout()
    auth.login(admin)
    html = client.get("/auditoria").get_data(as_text=True)
    assert html.count('class="audit-entry"') == 2
    html = client.get(f"/auditoria?evento={other}").get_data(as_text=True)
    assert html.count('class="audit-entry"') == 1 and "Evento del INAI" in html
    assert client.get("/auditoria?actor=person").get_data(as_text=True).count('class="audit-entry"') == 0
    assert client.get("/auditoria?actor=system").get_data(as_text=True).count('class="audit-entry"') == 2
    assert client.get("/auditoria?hasta=2000-01-01").get_data(as_text=True).count('class="audit-entry"') == 0
    auth.logout()
    _id, commissioner = make_user("commissioner", "IACIP")
    auth.login(commissioner)
    assert client.get("/auditoria").status_code == 403


def test_retention_deletes_only_old_entries(app, session, register, make_event, runner):
    register(make_event())
    register(make_event())
    old_id = session.scalar(select(AuditEntry.id).order_by(AuditEntry.id))
    session.execute(text("SELECT 1"))  # the old entry is dated back directly (the trigger allows no UPDATE)
    session.rollback()
    _date_back(session, old_id, days=400)
    assert purge_expired(session, 365, dry_run=True) == 1
    assert len(entries(app)) == 2
    result = runner.invoke(args=["audit", "purge"], env={})
    assert "Borradas: 0" in result.output  # default five years
    app.config["AGENDA_AUDIT_RETENTION_DAYS"] = 365
    try:
        result = runner.invoke(args=["audit", "purge"])
    finally:
        app.config["AGENDA_AUDIT_RETENTION_DAYS"] = 5 * 365
    assert "Borradas: 1" in result.output, result.output
    assert [entry.id for entry in entries(app)] != [old_id] and len(entries(app)) == 1


def _date_back(session, entry_id, days):
    """Tests only: move an entry into the past (on PostgreSQL by switching the trigger off for a moment)."""
    postgres = session.get_bind().dialect.name == "postgresql"
    if postgres:
        session.execute(text("ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only"))
    session.execute(text("UPDATE audit_entries SET created_at = :when WHERE id = :id"),
                    {"when": utcnow().replace(year=utcnow().year - 1 - days // 366), "id": entry_id})
    if postgres:
        session.execute(text("ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_append_only"))
    session.commit()


def test_on_postgresql_the_log_refuses_update_and_delete(app, session, register, make_event):
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("the append-only trigger is PostgreSQL's")
    register(make_event())
    for statement in ("UPDATE audit_entries SET fact = 'x'", "DELETE FROM audit_entries"):
        with pytest.raises(DBAPIError, match="append-only"):
            session.execute(text(statement))
        session.rollback()
    assert len(entries(app)) == 1


def test_promoting_out_of_order_or_beyond_capacity_asks_for_a_reason_that_is_logged(app, client, login_as,
                                                                                   make_event, register,
                                                                                   registrations_of):
    event_id = make_event(capacity=1)
    register(event_id, email="a@example.org")
    register(event_id, email="b@example.org")  # waiting #1
    second, _token = register(event_id, email="c@example.org")  # waiting #2
    organizer_id, _email = login_as("organizer", "IACIP")
    before = len(entries(app))
    response = client.post(f"/eventos/{event_id}/registros/{second}/confirmar", follow_redirects=True)
    assert "Indique el motivo" in response.get_data(as_text=True)
    assert registrations_of(event_id)[2] == ("c@example.org", "waitlisted", 2)
    assert len(entries(app)) == before
    client.post(f"/eventos/{event_id}/registros/{second}/confirmar", data={"reason": "Ponente invitada"})
    (entry,) = entries(app, "registration.promoted")
    assert (entry.actor_kind, entry.actor_id, entry.registration_id, entry.reason) == \
        ("user", organizer_id, second, "Ponente invitada")
    assert entry.details == {"out_of_order": True, "beyond_capacity": True}


def test_promoting_the_first_in_line_into_a_free_seat_needs_no_reason(app, client, login_as, make_event,
                                                                      register, session):
    event_id = make_event(capacity=1)
    register(event_id, email="a@example.org")
    first, _token = register(event_id, email="b@example.org")
    session.get(Event, event_id).capacity = 2  # a seat freed without promotion (set directly)
    session.commit()
    login_as("organizer", "IACIP")
    client.post(f"/eventos/{event_id}/registros/{first}/confirmar")
    (entry,) = entries(app, "registration.promoted")
    assert entry.reason is None and entry.details is None


def test_revoking_a_certificate_asks_for_a_reason_that_is_logged(app, session, make_event, make_attendee,
                                                                mark_present, make_user):
    from agenda.attendance.certificates import issue_certificate, revoke_certificate
    from agenda.domain import DomainError

    event_id = make_event(sessions=1)
    registration_id = make_attendee(event_id)
    mark_present(registration_id)
    admin_id, _email = make_user("admin")
    admin = session.get(User, admin_id)
    certificate, _created = issue_certificate(session, session.get(Registration, registration_id), admin)
    session.commit()
    with pytest.raises(DomainError, match="motivo"):
        revoke_certificate(session, certificate, admin, reason="  ")
    session.rollback()
    revoke_certificate(session, certificate, admin, reason="Asistencia mal registrada")
    session.commit()
    (entry,) = entries(app, "certificate.revoked")
    assert (entry.actor_id, entry.reason, entry.certificate_id) == (admin_id, "Asistencia mal registrada",
                                                                    certificate.id)
