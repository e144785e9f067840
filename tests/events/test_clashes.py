"""Clash detection between bodies' events."""
from datetime import datetime

from agenda.events.clashes import normalise_name
from agenda.events.models import Event
from agenda.events.services import find_clashes, save_event


def _event(session, actor, organization, start, people=(), scope=None, **values):
    values = {"title": f"Evento {organization} {start:%d %H}", "type": "webinar", "organization": organization,
              "timezone": "America/Mexico_City",
              "sessions": [{"start": start, "end": start.replace(hour=start.hour + 2)}],
              "people": [{"name": n, "role": "moderador"} for n in people], **values}
    if scope:
        values["scope"] = scope
    return save_event(session, values, actor)


def test_names_are_compared_without_accents_case_or_honorifics():
    assert normalise_name("Mtra.  María José PÉREZ") == normalise_name("maria jose perez")
    assert normalise_name("Dra. Ana") != normalise_name("Ana Luisa")


def test_overlapping_sessions_sharing_a_moderator_clash(session, user):
    admin = user("admin")
    a = _event(session, admin, "IACIP", datetime(2030, 5, 6, 10), people=["Mtra. Ana Pérez"])
    b = _event(session, admin, "ITEI", datetime(2030, 5, 6, 11), people=["ana perez"])
    c = _event(session, admin, "ITEA", datetime(2030, 5, 6, 12, 30), people=["Ana Pérez"])
    clashes = find_clashes(session, b)
    assert {(c.event.id, c.reason, c.detail) for c in clashes} == {(a.id, "person", "ana perez"),
                                                                   (c.id, "person", "ana perez")}
    assert find_clashes(session, a)[0].event is b
    assert all(x.event is not c for x in find_clashes(session, a)), "10-12 and 12:30-14:30 do not overlap"


def test_shared_body_and_national_scope_clash_but_cancelled_events_do_not(session, user):
    admin = user("admin")
    a = _event(session, admin, "IACIP", datetime(2030, 5, 6, 10), co_organizers=["INAI"])
    b = _event(session, admin, "INAI", datetime(2030, 5, 6, 10))
    assert [(c.reason, c.detail) for c in find_clashes(session, a)] == [("organization", "INAI")]
    n1 = _event(session, admin, "ITEI", datetime(2030, 6, 6, 10), scope="national")
    n2 = _event(session, admin, "ITEA", datetime(2030, 6, 6, 11), scope="national")
    assert [(c.event.id, c.reason) for c in find_clashes(session, n1)] == [(n2.id, "national")]
    save_event(session, {"status": "published"}, admin, n2)
    save_event(session, {"status": "cancelled", "status_reason": "Sin sede"}, admin, n2)
    assert find_clashes(session, n1) == []
    assert session.get(Event, b.id).status == "draft", "drafts take part in clashes"
