"""The event services: creating with sessions, validation, permissions, sequences, status and drafts."""
from datetime import datetime, timedelta

import pytest

from agenda.domain import DomainError, Forbidden
from agenda.domain_events import EventCancelled, EventChanged, subscribe, unsubscribe
from agenda.events import services
from agenda.events.models import Event, Theme
from agenda.events.services import EventValidationError, save_event

from .conftest import event_values


def test_creates_the_jornada_with_eight_sessions_stored_in_utc(session, user):
    organizer = user("organizer", "INAI")
    event = save_event(session, event_values(co_organizers=["iacip"], themes=["Transparencia Proactiva"]),
                       organizer)
    session.commit()
    event = session.get(Event, event.id)
    assert event.status == "draft" and event.organization.acronym == "INAI"
    assert [o.acronym for o in event.co_organizers] == ["IACIP"]
    assert [t.name for t in event.themes] == ["Transparencia Proactiva"]
    assert event.slug == "jornada-nacional-de-capacitacion-en-transparencia-proactiva"
    assert len(event.sessions) == 8
    # Mexico City observed daylight saving time in September 2020: UTC-5.
    assert event.sessions[0].starts_at == datetime(2020, 9, 15, 15, 0)
    assert event.first_starts_at == datetime(2020, 9, 15, 15, 0)
    assert event.last_ends_at == datetime(2020, 9, 29, 17, 0)
    assert event.scope == "national", "INAI's events are national by default"


def test_aware_times_and_iso_strings_are_accepted(session, user):
    event = save_event(session, event_values(sessions=[
        {"start": "2020-09-15T10:00:00-05:00", "end": "2020-09-15T12:00:00-05:00"},
        {"start": "2020-09-16T15:00:00Z", "end": datetime(2020, 9, 16, 12)}]), user())
    assert [s.starts_at.hour for s in event.sessions] == [15, 15]
    assert event.sessions[1].ends_at == datetime(2020, 9, 16, 17)


def test_default_zone_is_the_organizers_state_zone(session, user):
    values = event_values()
    del values["timezone"]
    tijuana, inai = user("organizer", "ITAIPBC"), user("organizer", "INAI")
    event = save_event(session, values, tijuana)
    assert event.timezone == "America/Tijuana"
    event = save_event(session, values, inai)
    assert event.timezone == "America/Mexico_City"


def test_every_field_error_is_reported_at_once(session, user):
    values = event_values(
        title="", type="fiesta", timezone="Mars/Olympus", stream_url="javascript:alert(1)",
        meeting_url="ftp://zoom.example", capacity=0,
        sessions=[{"start": datetime(2020, 9, 15, 10), "end": datetime(2020, 9, 15, 9)}, {"start": "mañana"}],
        registration_closes=datetime(2021, 1, 1), people=[{"name": "", "role": "estrella"}])
    with pytest.raises(EventValidationError) as caught:
        save_event(session, values, user())
    errors = caught.value.errors
    assert caught.value.status == 422 and caught.value.code == "invalid"
    for field in ("title", "type", "timezone", "stream_url", "meeting_url", "capacity", "sessions[0].end",
                  "sessions[1].start", "sessions[1].end", "people[0].name", "people[0].role"):
        assert field in errors, field
    assert errors["capacity"] == "El cupo debe ser de al menos 1 lugar."
    assert errors["sessions[0].end"] == "La sesión debe terminar después de empezar."


def test_registration_must_close_before_the_last_session_ends(session, user):
    with pytest.raises(EventValidationError) as caught:
        save_event(session, event_values(registration_closes=datetime(2020, 9, 29, 12, 30)), user())
    assert caught.value.errors == {
        "registration_closes": "El registro debe cerrar antes de que termine la última sesión."}
    event = save_event(session, event_values(registration_closes=datetime(2020, 9, 29, 11, 0)), user())
    assert event.registration_closes_at == datetime(2020, 9, 29, 16, 0)


def test_an_event_needs_a_session_and_in_person_events_a_venue(session, user):
    with pytest.raises(EventValidationError) as caught:
        save_event(session, event_values(sessions=[], modality="presencial"), user())
    assert set(caught.value.errors) == {"sessions", "venue.address"}
    event = save_event(session, event_values(modality="presencial", venue={
        "address": "Blvd. Miguel de Cervantes 102", "city": "León", "state": "MX-GUA"}), user())
    assert event.venue_state.code == "GUA"


def test_unknown_themes_are_refused_for_organizers_and_created_for_admins(session, user):
    organizer, admin = user(), user("admin")
    with pytest.raises(EventValidationError) as caught:
        save_event(session, event_values(themes=["Astrología"]), organizer)
    assert "themes" in caught.value.errors
    event = save_event(session, event_values(themes=["Astrología", "datos-abiertos"], organization="INAI"), admin)
    assert sorted(t.slug for t in event.themes) == ["astrologia", "datos-abiertos"]
    assert session.query(Theme).count() == 2


@pytest.mark.parametrize("role, organization", [("commissioner", "INAI"), ("organizer", "ITEI")])
def test_others_may_not_edit(session, user, make_event, role, organization):
    event = session.get(Event, make_event(organization="IACIP"))
    with pytest.raises(Forbidden):
        save_event(session, {"title": "Otro"}, user(role, organization), event)
    assert services.can_edit(None, event) is False


def test_owner_co_organizer_and_admin_may_edit(session, user, make_event):
    event = session.get(Event, make_event(organization="IACIP", co_organizers=["INAI"]))
    for actor in (user("organizer", "IACIP"), user("organizer", "INAI"), user("admin")):
        assert services.can_edit(actor, event)
        save_event(session, {"summary": f"Por {actor.email}"}, actor, event)


def test_organizers_create_only_for_their_own_body(session, user):
    with pytest.raises(Forbidden):
        save_event(session, event_values(organization="ITEI"), user("organizer", "IACIP"))
    with pytest.raises(Forbidden):
        save_event(session, event_values(), user("commissioner", "INAI"))
    assert save_event(session, event_values(organization="ITEI"), user("admin")).organization.acronym == "ITEI"


def test_moving_a_session_bumps_only_its_sequence(session, user, make_event):
    actor = user()
    event = session.get(Event, make_event(sessions=3, start=datetime(2030, 3, 4, 10)))
    first, second, third = event.sessions
    save_event(session, {"sessions": [{"id": second.id, "start": datetime(2030, 3, 5, 11),
                                       "end": datetime(2030, 3, 5, 13)}]}, actor, event)
    assert [s.sequence for s in (first, second, third)] == [0, 1, 0]
    assert second.starts_at == datetime(2030, 3, 5, 17)
    save_event(session, {"sessions": [{"id": second.id, "start": datetime(2030, 3, 5, 11),
                                       "end": datetime(2030, 3, 5, 13)}]}, actor, event)
    assert second.sequence == 1, "saving the same times again is not a change"
    save_event(session, {"title": "Nuevo título"}, actor, event)
    assert [s.sequence for s in (first, second, third)] == [1, 2, 1]
    save_event(session, {"capacity": 80}, actor, event)
    assert [s.sequence for s in (first, second, third)] == [1, 2, 1], "capacity is not shown in calendars"


def test_sessions_can_be_added_and_removed_and_span_follows(session, user, make_event):
    actor = user()
    event = session.get(Event, make_event(sessions=2, start=datetime(2030, 3, 4, 10)))
    first, second = event.sessions
    save_event(session, {"remove_sessions": [first.id],
                         "sessions": [{"start": datetime(2030, 4, 1, 9), "end": datetime(2030, 4, 1, 10)}]},
               actor, event)
    assert len(event.sessions) == 2
    assert event.first_starts_at == second.starts_at
    assert event.last_ends_at == datetime(2030, 4, 1, 16)
    with pytest.raises(EventValidationError) as caught:
        save_event(session, {"remove_sessions": [s.id for s in event.sessions]}, actor, event)
    assert "sessions" in caught.value.errors


def test_people_attach_to_the_event_or_to_one_session(session, user):
    actor = user()
    event = save_event(session, event_values(people=[
        {"name": "Josefina Román Vergara", "role": "inauguracion", "affiliation": "INAI"},
        {"name": "Mariajose González", "role": "moderador", "session_index": 2}]), actor)
    opening, moderator = event.people
    assert opening.session is None
    assert moderator.session is event.sessions[2]
    save_event(session, {"people": [{"name": "Otra Persona", "role": "ponente",
                                     "session_id": event.sessions[0].id}]}, actor, event)
    assert [(p.name, p.session) for p in event.people] == [("Otra Persona", event.sessions[0])]


def test_change_status_publish_postpone_cancel(session, user, make_event):
    event = session.get(Event, make_event(status="draft"))
    received = []

    def receiver(_session, fact):
        received.append((type(fact).__name__, fact.event_id, set(getattr(fact, "kinds", ()))))

    subscribe(EventChanged, EventCancelled)(receiver)
    try:
        organizer = user()
        services.change_status(session, event, organizer, "published")
        assert event.published_at is not None and event.sessions[0].sequence == 0, "first publication"
        services.change_status(session, event, organizer, "postponed", "Por la contingencia sanitaria")
        assert event.status_reason == "Por la contingencia sanitaria"
        with pytest.raises(EventValidationError) as caught:
            services.change_status(session, event, organizer, "cancelled")
        assert "status_reason" in caught.value.errors
        services.change_status(session, event, organizer, "cancelled", "Se suspende la jornada")
        assert event.cancelled_at is not None and event.sessions[0].sequence == 2
        with pytest.raises(DomainError) as caught:
            services.change_status(session, event, organizer, "draft")
        assert caught.value.code == "invalid_transition"
    finally:
        unsubscribe(receiver)
    changed = ("EventChanged", event.id, {"status"})
    assert received == [changed, changed, changed, ("EventCancelled", event.id, set())]


def test_changing_times_publishes_what_changed_and_which_sessions(session, user, make_event):
    actor = user()
    event = session.get(Event, make_event(sessions=2, start=datetime(2030, 3, 4, 10)))
    first, second = event.sessions
    received = []

    def receiver(_session, fact):
        received.append(fact)

    subscribe(EventChanged)(receiver)
    try:
        save_event(session, {"sessions": [{"id": second.id, "start": second.starts_at + timedelta(hours=2),
                                           "end": second.ends_at + timedelta(hours=2)}]}, actor, event)
        save_event(session, {"capacity": 10}, actor, event)
        save_event(session, {"stream_url": "https://yt.example/v"}, actor, event)
    finally:
        unsubscribe(receiver)
    moved, capacity, place = received
    assert moved.kinds == {"time"} and moved.changed_sessions == (second.id,)
    assert capacity.kinds == set() and capacity.fields == {"capacity"} and capacity.changed_sessions == ()
    assert place.kinds == {"place"} and place.fields == {"stream_url"}
    assert place.changed_sessions == tuple(sorted((first.id, second.id))), "an event-level change touches all"


def test_only_drafts_are_deleted(session, user, make_event):
    actor = user()
    draft = session.get(Event, make_event(status="draft"))
    published = session.get(Event, make_event(status="published"))
    with pytest.raises(DomainError) as caught:
        services.delete_draft(session, published, actor)
    assert caught.value.code == "not_draft"
    services.delete_draft(session, draft, actor)
    session.commit()
    assert session.get(Event, draft.id) is None


def test_duplicate_starts_the_next_edition_as_a_draft(session, user, make_event):
    actor = user()
    original = session.get(Event, make_event(sessions=2, start=datetime(2020, 9, 15, 10), themes=["Datos Abiertos"]))
    save_event(session, {"people": [{"name": "Ana", "role": "moderador", "session_id": original.sessions[1].id}]},
               actor, original)
    copy = services.duplicate_event(session, original, actor)
    assert copy.id != original.id and copy.status == "draft"
    assert [s.starts_at - o.starts_at for s, o in zip(copy.sessions, original.sessions)] == [timedelta(weeks=52)] * 2
    assert copy.sessions[0].starts_at.weekday() == original.sessions[0].starts_at.weekday()
    assert copy.people[0].session is copy.sessions[1]
    assert [t.name for t in copy.themes] == ["Datos Abiertos"]


def test_drafts_are_seen_by_organizers_only_and_members_events_by_logged_in_users(session, user, make_event):
    commissioner, other_organizer = user("commissioner", "INAI"), user("organizer", "ITEI")
    draft = session.get(Event, make_event(status="draft"))
    members = session.get(Event, make_event(visibility="members"))
    assert not services.can_view(None, draft)
    assert not services.can_view(commissioner, draft)
    assert services.can_view(other_organizer, draft)
    assert not services.can_view(None, members)
    assert services.can_view(commissioner, members)


def test_absurd_numbers_and_dates_are_validation_errors_not_crashes(session, user):
    with pytest.raises(EventValidationError) as caught:
        save_event(session, event_values(capacity="99999999999999999999", registration_opens="9999-12-31T23:00",
                                         sessions=[{"start": datetime(9999, 12, 31, 22), "end": datetime(9999, 12, 31, 23)}]),
                   user())
    assert {"capacity", "registration_opens", "sessions[0].start", "sessions[0].end"} <= set(caught.value.errors)


@pytest.mark.parametrize("field, value", [
    ("title", 5), ("title", ["x"]), ("type", ["webinar"]), ("type", {"a": 1}), ("timezone", 5),
    ("timezone", None), ("venue", {"address": 5, "city": ["x"], "state": {}}), ("venue", "Calle 1"),
    ("co_organizers", "IACIP"), ("co_organizers", 7), ("themes", "Datos Abiertos"), ("themes", ["x" * 300]),
    ("capacity", 2.5), ("capacity", True), ("capacity", "-3"), ("waitlist", "sí"), ("stream_url", 42),
    ("registration_opens", 5), ("registration_closes", "mañana"), ("status", "archivado"), ("status", 3),
    ("sessions", "hoy"), ("sessions", [5]), ("sessions", [{"id": "x", "start": "2030-01-01T10:00"}]),
    ("sessions", [{"start": "2030-01-01T10:00+25:00", "end": []}]), ("remove_sessions", 3),
    ("remove_sessions", [{"id": 1}]), ("people", [{"name": "Ana", "role": ["x"], "session_index": "1"}]),
    ("people", [{"name": 5}]), ("people", "Ana"), ("scope", "galactico"), ("visibility", "secreto"),
])
def test_odd_values_give_field_errors_never_crashes(session, user, field, value):
    with pytest.raises(EventValidationError) as caught:
        save_event(session, event_values(**{"organization": "INAI", field: value}), user("admin"))
    assert caught.value.errors and "organization" not in caught.value.errors
