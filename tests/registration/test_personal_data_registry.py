"""The personal-data registry: it covers every text column of every model, and after a person erases their
data none of the registered columns holds anything of them (import previews and mail in every state included)."""
from sqlalchemy import JSON, String, column, select, table

from agenda.attendance.models import AttendanceImport, Certificate
from agenda.extensions import db
from agenda.outbox.models import OutboxMessage
from agenda.personal_data import NOT_PERSONAL, REGISTRANT_COLUMNS, STAFF_COLUMNS
from agenda.registration.models import Registration

REGISTRIES = {"registrant": REGISTRANT_COLUMNS, "staff": STAFF_COLUMNS, "not personal": NOT_PERSONAL}


def _text_columns():
    return {f"{name}.{col.name}" for name, tbl in db.metadata.tables.items() for col in tbl.columns
            if isinstance(col.type, String | JSON)}


def test_every_text_column_of_every_model_is_declared_once(app):
    declared = [key for registry in REGISTRIES.values() for key in registry]
    assert len(declared) == len(set(declared)), "a column is declared in two registries"
    missing = sorted(_text_columns() - set(declared))
    assert not missing, f"declare these columns in agenda/personal_data.py: {missing}"
    stale = sorted(set(declared) - _text_columns())
    assert not stale, f"these declared columns no longer exist: {stale}"


def _rows_mentioning(session, marks):
    found = []
    for key in REGISTRANT_COLUMNS:
        table_name, column_name = key.split(".")
        for value in session.scalars(select(column(column_name)).select_from(table(table_name))):
            text = str(value).casefold()
            found += [(key, mark) for mark in marks if mark.casefold() in text]
    return found


def _preview_row(registration_id, name, email):
    return {"registration_id": registration_id, "name": name, "email": email, "minutes": 90, "connections": 1,
            "lines": [3]}


def test_erasure_leaves_nothing_of_the_person_in_any_registered_column(
        client, app, make_event, make_question, register, event_session_ids):
    event_id = make_event(capacity=5)
    question = make_question(event_id, label="¿Qué tema le interesa?", kind="text")
    ana_id, token = register(event_id, email="ana.borrable@example.org", name="Ana Borrable Quintero",
                             institution="Instituto Borrable", answers={str(question): "Archivos de Ana Borrable"})
    bruno_id, _ = register(event_id, email="bruno@example.org", name="Bruno Queda")
    client.post("/mis-registros", data={"email": "ana.borrable@example.org"})  # a lookup mail, pending
    [session_id] = event_session_ids(event_id)
    with app.app_context():
        for status in ("pending", "applied"):
            db.session.add(AttendanceImport(
                session_id=session_id, platform="zoom", filename="zoom.csv", min_minutes=30, status=status,
                preview={"title": "Sesión 1",
                         "matched": [_preview_row(ana_id, "Ana Borrable Quintero", "ana.borrable@example.org"),
                                     _preview_row(bruno_id, "Bruno Queda", "bruno@example.org")],
                         "below": [],
                         "unmatched": [{"name": "Ana Borrable Quintero", "email": "", "minutes": 5, "lines": [9],
                                        "reason": "no_email"}]}))
        db.session.add(Certificate(code="ABCD-EFGH-JKLM", registration_id=ana_id, event_id=event_id,
                                   name="Ana Borrable Quintero"))
        for status in ("failed", "sent", "sending"):
            db.session.add(OutboxMessage(kind="reminder_24h", to_address="ana.borrable@example.org",
                                         subject="Recordatorio, Ana Borrable Quintero", status=status,
                                         body_text=f"Hola Ana Borrable Quintero, su enlace: /mi-registro/{token}",
                                         registration_id=ana_id, event_id=event_id))
        db.session.add(OutboxMessage(kind="announcement", to_address="ana.borrable@example.org", status="failed",
                                     subject="Aviso", body_text="Aviso del evento", event_id=event_id))
        db.session.commit()
        marks = ["ana.borrable@example.org", "Ana Borrable", token]
        assert len(_rows_mentioning(db.session, marks)) > 10  # the walk does see the person before

    response = client.post(f"/mi-registro/{token}/eliminar", data={"confirm": "si"})
    assert response.status_code == 200

    with app.app_context():
        assert _rows_mentioning(db.session, marks) == []
        assert db.session.get(Registration, bruno_id) is not None
        for report in db.session.scalars(select(AttendanceImport)):
            assert [row["email"] for row in report.preview["matched"]] == ["bruno@example.org"]
            assert report.preview["unmatched"] == []
        assert _rows_mentioning(db.session, ["bruno@example.org"]), "other people's data stays"
