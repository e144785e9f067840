"""The agenda's filters and list query (shared by the HTML agenda, the API and feeds)."""
from datetime import date, datetime

import pytest
from sqlalchemy import event as sa_event

from agenda.domain import DomainError
from agenda.events.queries import EventFilters, list_events, parse_filters
from agenda.extensions import db


@pytest.mark.parametrize("param, value", [
    ("type", "fiesta"), ("modality", "telepatica"), ("region", "oriente"), ("state", "XYZ"),
    ("organization", "NOEXISTE"), ("theme", "astrologia"), ("from", "15/09/2020"), ("to", "2020-13-01"),
    ("from", "0001-01-01"), ("to", "9999-12-31")])
def test_bad_parameters_name_the_parameter(app_ctx, param, value):
    with pytest.raises(DomainError) as caught:
        parse_filters({param: value})
    assert (caught.value.status, caught.value.code, caught.value.field) == (400, "invalid_parameter", param)


def test_codes_are_normalised(app_ctx):
    filters = parse_filters({"state": "mx-gua", "organization": "iacip", "type": "Panel", "region": "Norte",
                             "theme": "Gobierno Abierto", "from": "2020-09-01", "to": "2020-09-30", "q": " ley "})
    assert filters == EventFilters(type="panel", theme="gobierno-abierto", region="norte", state="GUA",
                                   organization="IACIP", modality=None, date_from=date(2020, 9, 1),
                                   date_to=date(2020, 9, 30), q="ley")
    assert filters.to_query_args()["from"] == "2020-09-01"


def test_drafts_never_and_members_events_only_for_logged_in_users(session, make_event, user):
    commissioner = user("commissioner", "INAI")
    public = make_event(title="Público")
    members = make_event(title="Solo integrantes", visibility="members")
    make_event(title="Borrador", status="draft")
    cancelled = make_event(title="Cancelado", status="cancelled")
    anonymous_ids = {e.id for e in list_events(session, EventFilters(), None)[0]}
    assert anonymous_ids == {public, cancelled}
    assert {e.id for e in list_events(session, EventFilters(), commissioner)[0]} == {public, members, cancelled}


def test_date_range_is_read_in_each_events_own_zone(session, make_event):
    # 23:00 on 15 Sept in Tijuana is already 16 Sept in Mexico City and in UTC.
    tijuana = make_event(timezone="America/Tijuana", start=datetime(2020, 9, 15, 23), session_hours=1)
    cdmx = make_event(timezone="America/Mexico_City", start=datetime(2020, 9, 16, 0, 30), session_hours=1)
    on_15 = list_events(session, parse_filters({"from": "2020-09-15", "to": "2020-09-15"}), None)[0]
    on_16 = list_events(session, parse_filters({"from": "2020-09-16", "to": "2020-09-16"}), None)[0]
    assert [e.id for e in on_15] == [tijuana]
    assert [e.id for e in on_16] == [cdmx]


def test_organization_matches_co_organizers_and_state_matches_venue(session, make_event):
    own = make_event(organization="IACIP")
    co = make_event(organization="INAI", co_organizers=["IACIP"])
    make_event(organization="ITEI")
    assert {e.id for e in list_events(session, parse_filters({"organization": "IACIP"}), None)[0]} == {own, co}
    assert {e.id for e in list_events(session, parse_filters({"state": "GUA"}), None)[0]} == {own, co}
    assert {e.id for e in list_events(session, parse_filters({"region": "centro-occidente"}), None)[0]} == {
        own, co, *[e.id for e in list_events(session, parse_filters({"organization": "ITEI"}), None)[0]]}


def test_pagination_order_and_no_n_plus_one(session, make_event):
    ids = [make_event(start=datetime(2031, 1, day, 10), sessions=2, themes=["Datos Abiertos"],
                      co_organizers=["INAI"]) for day in range(1, 13)]
    page, total = list_events(session, EventFilters(), None, page=2, per_page=5)
    assert total == 12 and [e.id for e in page] == ids[5:10]
    archive, _ = list_events(session, EventFilters(), None, past_only=True)
    assert archive == []

    def count_queries(per_page):
        statements = []
        listener = lambda *args: statements.append(1)  # noqa: E731
        sa_event.listen(db.engine, "before_cursor_execute", listener)
        try:
            session.expunge_all()
            events, _total = list_events(session, EventFilters(), None, per_page=per_page)
            for item in events:  # what a list shows
                _ = ([s.starts_at for s in item.sessions], item.organization.acronym, item.organization.state,
                     [o.acronym for o in item.co_organizers], [t.name for t in item.themes], item.people,
                     item.venue_state)
        finally:
            sa_event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    assert count_queries(2) == count_queries(12)
