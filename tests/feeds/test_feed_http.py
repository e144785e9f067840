"""HTTP behaviour of the calendar URLs (../shared/API.md, Calendars): type, validators, 304, HEAD, caching,
filters shared with the agenda, and clear errors."""
from datetime import datetime, timedelta

import pytest

from agenda.accounts.models import User
from agenda.events.models import Event, EventSession
from agenda.events.services import save_event
from agenda.feeds import builder
from agenda.timeutil import utcnow
from tests.fixtures.feeds import unfold


@pytest.fixture
def feed_event(make_event):
    return make_event(title="Webinar de datos abiertos", sessions=2, start=datetime(2031, 4, 1, 10))


PUBLIC_URLS = ["/calendario.ics", "/calendario.ics?organization=IACIP", "/organismos/IACIP/calendario.ics"]


@pytest.mark.parametrize("url", PUBLIC_URLS + ["/eventos/{id}.ics"])
def test_feeds_answer_text_calendar_with_validators_and_public_caching(client, feed_event, url):
    response = client.get(url.format(id=feed_event))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["ETag"].startswith('"')
    assert response.headers["Last-Modified"].endswith("GMT")
    assert "public" in response.headers["Cache-Control"]
    assert int(response.headers["Content-Length"]) == len(response.data)
    assert response.data.startswith(b"BEGIN:VCALENDAR\r\n") and response.data.endswith(b"END:VCALENDAR\r\n")


@pytest.mark.parametrize("url", PUBLIC_URLS + ["/eventos/{id}.ics"])
def test_matching_etag_answers_304_without_body(client, feed_event, url):
    url = url.format(id=feed_event)
    first = client.get(url)
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    other = client.get(url, headers={"If-None-Match": '"otra-version"'})
    assert other.status_code == 200 and other.data == first.data


def test_if_modified_since_answers_304_until_something_changes(client, session, feed_event, make_user):
    first = client.get("/calendario.ics")
    since = first.headers["Last-Modified"]
    assert client.get("/calendario.ics", headers={"If-Modified-Since": since}).status_code == 304
    item = session.query(EventSession).filter_by(event_id=feed_event).first()
    admin = session.get(User, make_user(role="admin")[0])
    save_event(session, {"sessions": [{"id": item.id, "title": "Sesión renombrada"}]}, admin,
               session.get(Event, feed_event))
    item.changed_at = utcnow() + timedelta(seconds=2)  # as if the edit came two seconds later
    session.commit()
    changed = client.get("/calendario.ics", headers={"If-Modified-Since": since})
    assert changed.status_code == 200
    assert "Sesión renombrada".encode() in unfold(changed.data)


def test_a_change_gives_a_new_etag_and_the_new_content(client, session, feed_event, change_event):
    first = client.get("/calendario.ics")
    change_event(feed_event, {"title": "Webinar con título nuevo"})
    session.commit()
    second = client.get("/calendario.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 200
    assert second.headers["ETag"] != first.headers["ETag"]
    assert "Webinar con título nuevo".encode() in unfold(second.data)


def test_a_removed_session_changes_the_etag(client, session, feed_event, change_event):
    first = client.get("/calendario.ics")
    removed = session.get(Event, feed_event).sessions[1]
    change_event(feed_event, {"remove_sessions": [removed.id]})
    session.commit()
    second = client.get("/calendario.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 200
    assert f"sesion-{removed.id}@".encode() not in second.data


def test_head_gives_the_headers_without_a_body(client, feed_event):
    got = client.get("/calendario.ics")
    head = client.head("/calendario.ics")
    assert head.status_code == 200
    assert head.data == b""
    assert head.headers["ETag"] == got.headers["ETag"]
    assert head.headers["Content-Length"] == got.headers["Content-Length"]
    assert head.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert client.head("/calendario.ics", headers={"If-None-Match": got.headers["ETag"]}).status_code == 304


def test_unchanged_feed_is_served_from_the_manifest_without_loading_events(client, feed_event, monkeypatch):
    first = client.get("/calendario.ics").data
    monkeypatch.setattr(builder, "build_manifest", lambda *a, **k: pytest.fail("rebuilt an unchanged feed"))
    assert client.get("/calendario.ics").data == first


def test_after_one_change_only_that_events_sessions_are_serialised_again(client, session, make_event,
                                                                         monkeypatch, change_event):
    ids = [make_event(sessions=3) for _ in range(4)]
    client.get("/calendario.ics")
    serialised = []
    original = builder.vevent_bytes
    monkeypatch.setattr(builder, "vevent_bytes",
                        lambda event, item, *a, **k: serialised.append(item.id) or original(event, item, *a, **k))
    change_event(ids[2], {"title": "Cambió"})
    session.commit()
    body = client.get("/calendario.ics").data
    assert sorted(serialised) == sorted(s.id for s in session.get(Event, ids[2]).sessions)
    assert body.count(b"BEGIN:VEVENT") == 12


@pytest.mark.parametrize("query, field", [("type=conferencia", "type"), ("region=occidente", "region"),
                                          ("state=XYZ", "state"), ("organization=NOPE", "organization"),
                                          ("modality=satelital", "modality"), ("theme=astrologia", "theme")])
def test_a_bad_filter_is_a_clear_400(client, query, field):
    response = client.get(f"/calendario.ics?{query}")
    assert response.status_code == 400
    assert "desconocid" in response.text


def test_filters_are_the_agendas(client, make_event, parse):
    make_event(title="Taller en Jalisco", organization="ITEI", type="taller", themes=["Datos Abiertos"],
               modality="presencial", venue_city="Guadalajara")
    make_event(title="Webinar en Guanajuato", organization="IACIP", type="webinar")

    def titles(query):
        response = client.get(f"/calendario.ics?{query}")
        assert response.status_code == 200, query
        return {str(e["SUMMARY"]) for e in parse(response.data).calendar.walk("VEVENT")}

    assert titles("type=taller") == {"Taller en Jalisco"}
    assert titles("organization=itei") == {"Taller en Jalisco"}
    assert titles("state=MX-GUA") == {"Webinar en Guanajuato"}
    assert titles("theme=datos-abiertos") == {"Taller en Jalisco"}
    assert titles("modality=virtual") == {"Webinar en Guanajuato"}
    assert titles("") == {"Taller en Jalisco", "Webinar en Guanajuato"}
    assert titles("from=2000-01-01&page=3") == titles(""), "agenda-only parameters are ignored by feeds"
    assert str(parse(client.get("/calendario.ics?type=taller").data).calendar["X-WR-CALNAME"]) != "Agenda SNT"


def test_organization_feed_includes_co_organized_events_and_unknown_body_is_404(client, make_event, parse):
    make_event(title="Coorganizado", organization="INAI", co_organizers=["ITEI"])
    make_event(title="De otro", organization="IACIP")
    feed = parse(client.get("/organismos/ITEI/calendario.ics").data)
    assert {str(e["SUMMARY"]) for e in feed.calendar.walk("VEVENT")} == {"Coorganizado"}
    assert client.get("/organismos/NOEXISTE/calendario.ics").status_code == 404


def test_event_feed_404_for_unknown_draft_and_members_only_to_anonymous(client, make_event, login_as):
    draft = make_event(status="draft")
    members = make_event(visibility="members")
    assert client.get("/eventos/99999.ics").status_code == 404
    assert client.get(f"/eventos/{draft}.ics").status_code == 404
    assert client.get(f"/eventos/{members}.ics").status_code == 404
    login_as("commissioner")
    response = client.get(f"/eventos/{members}.ics")
    assert response.status_code == 200
    assert "private" in response.headers["Cache-Control"] and "public" not in response.headers["Cache-Control"]
    assert client.get(f"/eventos/{draft}.ics").status_code == 404, "drafts are never in a calendar"


def test_public_feeds_never_show_members_only_events_even_to_logged_in_users(client, make_event, login_as, parse):
    make_event(title="Sesión de la Comisión", visibility="members")
    make_event(title="Webinar abierto")
    login_as("commissioner")
    for url in ("/calendario.ics", "/organismos/IACIP/calendario.ics"):
        titles = {str(e["SUMMARY"]) for e in parse(client.get(url).data).calendar.walk("VEVENT")}
        assert titles == {"Webinar abierto"}, url


def test_meeting_links_never_in_public_feeds(client, make_event, unfolded):
    event_id = make_event(meeting_url="https://zoom.example/j/123", stream_url="https://youtube.com/live/x")
    for url in ("/calendario.ics", "/organismos/IACIP/calendario.ics", f"/eventos/{event_id}.ics"):
        body = unfolded(client.get(url).data)
        assert b"zoom.example" not in body, url
        assert b"youtube.com/live/x" in body


def test_empty_feed_is_still_a_valid_calendar(client, parse):
    response = client.get("/calendario.ics?type=diplomado")
    assert response.status_code == 200
    feed = parse(response.data)
    assert feed.vevents() == {}
    assert response.headers["ETag"] and response.headers["Last-Modified"]


def test_feeds_survive_a_restart_of_the_cache(client, feed_event):
    first = client.get("/calendario.ics")
    builder.caches.clear()
    second = client.get("/calendario.ics")
    assert second.headers["ETag"] == first.headers["ETag"]
    assert second.data == first.data


def test_polling_an_unchanged_feed_reads_only_the_change_log(client, feed_event, monkeypatch):
    first = client.get("/calendario.ics")
    monkeypatch.setattr(builder, "catalog_version", lambda *a: pytest.fail("aggregated an unchanged feed"))
    assert client.get("/calendario.ics", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    assert client.get("/calendario.ics").data == first.data


def test_an_unrelated_change_keeps_the_etag_of_a_filtered_feed(client, make_event):
    make_event(title="Taller", type="taller")
    other = make_event(title="Webinar", type="webinar")
    first = client.get("/calendario.ics?type=taller")
    with client.application.app_context():
        from agenda.extensions import db

        db.session.get(Event, other).title = "Webinar renombrado"
        db.session.commit()
    again = client.get("/calendario.ics?type=taller", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304, "calendar programs re-download only when their own feed changed"


def test_a_write_that_bypasses_the_orm_is_seen_once_recorded(client, session, feed_event):
    from sqlalchemy import text

    from agenda.feeds.changes import record_change

    first = client.get("/calendario.ics")
    session.execute(text("UPDATE events SET title = 'Título por SQL', updated_at = :now WHERE id = :id"),
                    {"now": utcnow(), "id": feed_event})
    record_change(session)
    session.commit()
    second = client.get("/calendario.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 200 and "Título por SQL".encode() in unfold(second.data)


def test_if_modified_since_sees_a_removed_session(client, session, feed_event, change_event):
    from sqlalchemy import text

    an_hour_ago = utcnow() - timedelta(hours=1)
    for table, column in (("events", "updated_at"), ("event_sessions", "changed_at"),
                          ("organizations", "updated_at"), ("feed_changes", "changed_at")):
        session.execute(text(f"UPDATE {table} SET {column} = :at"), {"at": an_hour_ago})  # all in the past
    session.commit()
    since = client.get("/calendario.ics").headers["Last-Modified"]
    assert client.get("/calendario.ics", headers={"If-Modified-Since": since}).status_code == 304
    last = session.query(EventSession).filter_by(event_id=feed_event).order_by(EventSession.id.desc()).first()
    change_event(feed_event, {"remove_sessions": [last.id]})
    session.commit()  # no timestamp of the remaining rows moves
    again = client.get("/calendario.ics", headers={"If-Modified-Since": since})
    assert again.status_code == 200 and again.data.count(b"BEGIN:VEVENT") == 1


# --- compression ---------------------------------------------------------------------------------------------

GZIP = {"Accept-Encoding": "gzip, deflate, br"}  # what browsers and calendar programs send


@pytest.mark.parametrize("url", PUBLIC_URLS + ["/eventos/{id}.ics"])
def test_gzip_when_accepted_with_its_own_etag_and_vary(client, feed_event, url):
    import gzip

    url = url.format(id=feed_event)
    plain = client.get(url)
    packed = client.get(url, headers=GZIP)
    assert plain.headers.get("Content-Encoding") is None
    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.data) == plain.data
    assert int(packed.headers["Content-Length"]) == len(packed.data) < len(plain.data)
    for response in (plain, packed):
        assert "Accept-Encoding" in response.headers["Vary"]
    assert packed.headers["ETag"] != plain.headers["ETag"]
    assert client.get(url, headers={**GZIP, "If-None-Match": packed.headers["ETag"]}).status_code == 304
    # a cached identity body must not be revalidated as the gzip one, nor the other way round
    assert client.get(url, headers={**GZIP, "If-None-Match": plain.headers["ETag"]}).status_code == 200
    assert client.get(url, headers={"If-None-Match": packed.headers["ETag"]}).status_code == 200
    not_modified = client.get(url, headers={**GZIP, "If-None-Match": packed.headers["ETag"]})
    assert not_modified.headers["ETag"] == packed.headers["ETag"]
    assert "Accept-Encoding" in not_modified.headers["Vary"]


def test_gzip_refused_with_q0_and_head_tells_the_compressed_length(client, feed_event):
    refused = client.get("/calendario.ics", headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert refused.headers.get("Content-Encoding") is None and refused.data.startswith(b"BEGIN:VCALENDAR")
    packed = client.get("/calendario.ics", headers=GZIP)
    head = client.head("/calendario.ics", headers=GZIP)
    assert head.headers["Content-Length"] == packed.headers["Content-Length"] and head.data == b""


def test_gzip_body_of_many_chunks_reuses_compressed_chunks_after_one_change(client, session, make_event,
                                                                          monkeypatch, change_event):
    import gzip

    monkeypatch.setattr(builder, "CHUNK_BYTES", 1500)
    builder.caches.clear()
    ids = [make_event(title=f"Evento {n}", start=datetime(2031, 5, 1 + n, 10)) for n in range(12)]
    first = client.get("/calendario.ics", headers=GZIP)
    manifest = builder.caches.manifests.get(builder.caches.latest.get(("public", ())))
    assert len(manifest.segments) >= 3
    calls = []
    original = builder.deflate_piece
    monkeypatch.setattr(builder, "deflate_piece", lambda data: calls.append(data) or original(data))
    assert client.get("/calendario.ics", headers=GZIP).data == first.data
    assert calls == [], "an unchanged feed is sent without compressing again"
    change_event(ids[-1], {"title": "Evento cambiado"})
    session.commit()
    changed = client.get("/calendario.ics", headers=GZIP)
    plain = client.get("/calendario.ics")
    assert gzip.decompress(changed.data) == plain.data and b"Evento cambiado" in unfold(plain.data)
    rebuilt = builder.caches.manifests.get(builder.caches.latest.get(("public", ())))
    compressed_chunks = [data for data in calls if any(data is segment for segment in rebuilt.segments)]
    assert len(compressed_chunks) == 1 < len(rebuilt.segments), "only the chunk that changed is compressed again"


# --- Last-Modified per feed ----------------------------------------------------------------------------------

def _everything_an_hour_ago(session):
    """Every timestamp in the past, so a write now is in a later second than the first Last-Modified."""
    from sqlalchemy import text

    an_hour_ago = utcnow() - timedelta(hours=1)
    for table, column in (("events", "updated_at"), ("event_sessions", "changed_at"),
                          ("organizations", "updated_at"), ("feed_changes", "changed_at")):
        session.execute(text(f"UPDATE {table} SET {column} = :at"), {"at": an_hour_ago})
    session.commit()


def test_if_modified_since_ignores_a_change_to_an_event_outside_the_feed(client, session, make_event,
                                                                         change_event):
    mine = make_event(title="Del IACIP", organization="IACIP", start=datetime(2031, 6, 1, 10))
    other = make_event(title="Del INAI", organization="INAI", start=datetime(2031, 6, 2, 10))
    url = "/organismos/IACIP/calendario.ics"
    _everything_an_hour_ago(session)
    since = client.get(url).headers["Last-Modified"]
    change_event(other, {"title": "Otro título del INAI"})
    session.commit()
    assert client.get(url, headers={"If-Modified-Since": since}).status_code == 304
    assert client.get(url).headers["Last-Modified"] == since
    event = change_event(mine, {"title": "Del IACIP, corregido"})
    event.updated_at = utcnow() + timedelta(seconds=5)
    session.commit()
    changed = client.get(url, headers={"If-Modified-Since": since})
    assert changed.status_code == 200 and b"corregido" in unfold(changed.data)


def test_an_event_feed_ignores_other_events_and_sees_cancelling_even_with_an_old_timestamp(client, session,
                                                                                           make_event,
                                                                                           change_event):
    event_id = make_event(title="Foro", start=datetime(2031, 7, 1, 10))
    other = make_event(title="Otro", start=datetime(2031, 7, 2, 10))
    url = f"/eventos/{event_id}.ics"
    _everything_an_hour_ago(session)
    since = client.get(url).headers["Last-Modified"]
    change_event(other, {"title": "Otro, renombrado"})
    session.commit()
    assert client.get(url, headers={"If-Modified-Since": since}).status_code == 304
    event = change_event(event_id, status="cancelled", reason="Se suspende")
    event.updated_at = utcnow() - timedelta(days=2)  # e.g. a clock behind
    session.commit()
    cancelled = client.get(url, headers={"If-Modified-Since": since})
    assert cancelled.status_code == 200 and b"STATUS:CANCELLED" in cancelled.data
    assert cancelled.headers["Last-Modified"] != since
