"""Facts are stored and sent as JSON (audit log, webhooks): as_dict gives plain, stable values."""
import json

from agenda.domain_events import FACTS, AttendanceRecorded, EventChanged


def test_a_fact_as_dict_is_json_with_sets_sorted():
    fact = EventChanged(event_id=1, kinds=frozenset({"time", "place"}), fields=frozenset({"title", "capacity"}),
                        changed_sessions=(3, 1), removed_sessions=({"id": 2, "sequence": 4},), actor_id=7)
    data = json.loads(json.dumps(fact.as_dict()))
    assert data["name"] == "event.changed" and data["actor_id"] == 7
    assert data["kinds"] == ["place", "time"] and data["fields"] == ["capacity", "title"]
    assert data["changed_sessions"] == [3, 1] and data["removed_sessions"] == [{"id": 2, "sequence": 4}]
    assert AttendanceRecorded(event_id=1, session_id=2, registration_ids=(5,)).as_dict()["registration_ids"] == [5]


def test_every_fact_has_its_own_stable_name():
    names = [fact.NAME for fact in FACTS]
    assert len(set(names)) == len(names) and "domain_event" not in names
