"""What calendar programs read: one VEVENT per session, right instants in several Mexican zones, stable UIDs,
SEQUENCE and STATUS following the events services, and the calendar-level properties."""
from datetime import UTC, datetime, timedelta

from agenda.accounts.models import User
from agenda.events import services as events
from agenda.events.models import Event, EventSession, Theme
from agenda.events.themes import save_theme
from agenda.timeutil import utcnow


def _sessions(session, event_id):
    return list(session.query(EventSession).filter_by(event_id=event_id).order_by(EventSession.starts_at))


def _admin(make_user, session):
    user_id, _email = make_user(role="admin")
    return session.get(User, user_id)


def test_every_feed_parses_with_both_parsers_and_times_are_the_real_instants(client, session, make_event, parse):
    tijuana = make_event(title="Foro en Tijuana", timezone="America/Tijuana", sessions=2, days_between=3,
                         start=datetime(2031, 3, 7, 9, 30))  # one session each side of the DST change (9 Mar)
    cancun = make_event(title="Taller en Cancún", timezone="America/Cancun", start=datetime(2031, 7, 1, 17))
    centro = make_event(title="Panel en el centro", timezone="America/Mexico_City", start=datetime(2031, 1, 20, 10),
                        days_between=200, sessions=2)
    expected = {}
    for event_id in (tijuana, cancun, centro):
        for item in _sessions(session, event_id):
            expected[f"sesion-{item.id}@agenda.test"] = (item.starts_at.replace(tzinfo=UTC),
                                                         item.ends_at.replace(tzinfo=UTC))
    # The wall clock the organizer typed, as UTC: 9:30 PST = 17:30Z before DST, 9:30 PDT = 16:30Z after;
    # 17:00 in Cancún (UTC-5 all year) = 22:00Z; 10:00 in the centre (UTC-6 since 2022) = 16:00Z.
    starts = {v[0] for v in expected.values()}
    assert {datetime(2031, 3, 7, 17, 30, tzinfo=UTC), datetime(2031, 3, 10, 16, 30, tzinfo=UTC),
            datetime(2031, 7, 1, 22, 0, tzinfo=UTC), datetime(2031, 1, 20, 16, 0, tzinfo=UTC)} <= starts
    urls = ["/calendario.ics", "/organismos/IACIP/calendario.ics", f"/eventos/{tijuana}.ics",
            f"/eventos/{cancun}.ics", "/calendario.ics?type=webinar&region=centro-occidente"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        feed = parse(response.data)
        strict = feed.strict_events()
        assert strict, url
        for uid, vevent in feed.vevents().items():
            start, end = expected[uid]
            assert vevent.decoded("DTSTART").astimezone(UTC) == start
            assert vevent.decoded("DTEND").astimezone(UTC) == end
            assert strict[uid].dtstart.astimezone(UTC) == start, "the strict parser agrees"
            assert strict[uid].dtend.astimezone(UTC) == end
    whole = parse(client.get("/calendario.ics").data)
    assert set(whole.vevents()) == set(expected), "one VEVENT per session"


def test_dst_change_is_resolved_by_the_vtimezone_not_a_fixed_offset(client, make_event, parse):
    make_event(timezone="America/Tijuana", sessions=2, days_between=3, start=datetime(2031, 3, 7, 9, 30))
    feed = parse(client.get("/calendario.ics").data)
    tzids = {c["TZID"] for c in feed.calendar.walk("VTIMEZONE")}
    assert "America/Tijuana" in tzids
    raw = feed.raw.decode()
    assert "DTSTART;TZID=America/Tijuana:20310307T093000" in raw
    assert "DTSTART;TZID=America/Tijuana:20310310T093000" in raw
    for parsed in (sorted(e.decoded("DTSTART").astimezone(UTC) for e in feed.calendar.walk("VEVENT")),
                   sorted(e.dtstart.astimezone(UTC) for e in feed.strict.events)):
        assert parsed[1] - parsed[0] == timedelta(days=3, hours=-1), "9:30 PST, then 9:30 PDT three days later"


def test_a_vtimezone_for_every_tzid_and_the_required_properties(client, make_event, parse):
    make_event(timezone="America/Cancun", themes=["Gobierno Abierto", "Datos Abiertos"], type="taller")
    make_event(timezone="America/Hermosillo")
    feed = parse(client.get("/calendario.ics").data)
    used = {str(e["DTSTART"].params["TZID"]) for e in feed.calendar.walk("VEVENT")}
    declared = {str(c["TZID"]) for c in feed.calendar.walk("VTIMEZONE")}
    assert used == {"America/Cancun", "America/Hermosillo"}
    assert used <= declared
    for vevent in feed.calendar.walk("VEVENT"):
        for name in ("UID", "DTSTAMP", "CREATED", "LAST-MODIFIED", "SEQUENCE", "STATUS", "SUMMARY", "LOCATION",
                     "URL", "DESCRIPTION", "ORGANIZER", "CATEGORIES", "DTSTART", "DTEND"):
            assert name in vevent, name
    cal = feed.calendar
    assert str(cal["X-WR-CALNAME"]) == "Agenda SNT"
    assert str(cal["X-WR-TIMEZONE"]) == "America/Mexico_City"
    assert "X-WR-CALDESC" in cal
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in feed.raw.decode()
    assert "X-PUBLISHED-TTL:PT1H" in feed.raw.decode()
    taller = next(e for e in cal.walk("VEVENT") if "Gobierno Abierto" in e["CATEGORIES"].cats)
    assert list(taller["CATEGORIES"].cats) == ["Taller", "Datos Abiertos", "Gobierno Abierto"]


def test_description_is_plain_text_and_location_says_where(client, session, make_event, parse):
    online = make_event(title="En línea", stream_url="https://youtube.com/live/abc")
    make_event(title="Presencial", modality="presencial", venue_address="Av. Juárez 10",
                       venue_city="Guanajuato")
    event = session.get(Event, online)
    event.description = "## Programa\n\nHabla **Ana** sobre [datos abiertos](https://datos.gob.mx).\n\n- uno\n- dos"
    session.commit()
    feed = parse(client.get("/calendario.ics").data)
    by_title = {str(e["SUMMARY"]): e for e in feed.calendar.walk("VEVENT")}
    description = str(by_title["En línea"]["DESCRIPTION"])
    assert "Habla Ana sobre datos abiertos (https://datos.gob.mx)." in description
    assert "- uno\n- dos" in description
    assert "**" not in description and "<" not in description and "##" not in description
    assert str(by_title["En línea"]["LOCATION"]) == "En línea: https://youtube.com/live/abc"
    assert str(by_title["Presencial"]["LOCATION"]) == "Av. Juárez 10, Guanajuato"
    assert str(by_title["En línea"]["URL"]) == f"http://agenda.test/eventos/{online}-{event.slug}"


def test_editing_a_session_time_raises_sequence_and_keeps_the_uid(client, session, make_event, make_user, parse):
    event_id = make_event(sessions=2, start=datetime(2031, 5, 5, 10))
    first, second = _sessions(session, event_id)
    before = parse(client.get("/calendario.ics").data).vevents()
    uid = f"sesion-{first.id}@agenda.test"
    assert before[uid]["SEQUENCE"] == 0

    event = session.get(Event, event_id)
    events.save_event(session, {"sessions": [{"id": first.id, "start": datetime(2031, 5, 5, 12),
                                              "end": datetime(2031, 5, 5, 14)}]}, _admin(make_user, session), event)
    session.commit()

    after = parse(client.get("/calendario.ics").data)
    vevents = after.vevents()
    assert set(vevents) == set(before), "same UIDs: calendars update the entry instead of adding one"
    assert vevents[uid]["SEQUENCE"] > before[uid]["SEQUENCE"]
    assert vevents[uid].decoded("DTSTART").astimezone(UTC) == datetime(2031, 5, 5, 18, tzinfo=UTC)
    other = f"sesion-{second.id}@agenda.test"
    assert vevents[other]["SEQUENCE"] == before[other]["SEQUENCE"], "the untouched session did not change"
    assert after.strict_events()[uid].sequence == vevents[uid]["SEQUENCE"]


def test_cancelling_keeps_the_vevent_with_status_cancelled(client, session, make_event, make_user, parse):
    event_id = make_event(sessions=1)
    uid = f"sesion-{_sessions(session, event_id)[0].id}@agenda.test"
    assert str(parse(client.get("/calendario.ics").data).vevents()[uid]["STATUS"]) == "CONFIRMED"

    events.change_status(session, session.get(Event, event_id), _admin(make_user, session), "cancelled",
                         reason="Cambio de agenda de la Comisión")
    session.commit()

    for url in ("/calendario.ics", f"/eventos/{event_id}.ics", "/organismos/IACIP/calendario.ics"):
        feed = parse(client.get(url).data)
        vevent = feed.vevents()[uid]
        assert str(vevent["STATUS"]) == "CANCELLED", url
        assert vevent["SEQUENCE"] >= 1
        assert str(vevent["SUMMARY"]).startswith("CANCELADO: ")
        assert "Cambio de agenda de la Comisión" in str(vevent["DESCRIPTION"])
        assert feed.strict_events()[uid].status.value == "CANCELLED"


def test_postponed_is_tentative(client, session, make_event, make_user, parse):
    event_id = make_event()
    events.change_status(session, session.get(Event, event_id), _admin(make_user, session), "postponed",
                         reason="Nueva fecha por definir")
    session.commit()
    (vevent,) = parse(client.get("/calendario.ics").data).vevents().values()
    assert str(vevent["STATUS"]) == "TENTATIVE"


def test_cancelled_events_stay_at_least_30_days_then_leave(client, session, make_event, parse):
    recent = make_event(title="Cancelado hace 29 días", status="cancelled")
    old = make_event(title="Cancelado hace 31 días", status="cancelled")
    now = utcnow()
    session.get(Event, recent).cancelled_at = now - timedelta(days=29)
    session.get(Event, old).cancelled_at = now - timedelta(days=31)
    session.commit()
    titles = {str(e["SUMMARY"]) for e in parse(client.get("/calendario.ics").data).calendar.walk("VEVENT")}
    assert titles == {"CANCELADO: Cancelado hace 29 días"}
    assert client.get(f"/eventos/{old}.ics").status_code == 200, "the event's own file still tells it is cancelled"


def test_window_drafts_and_members_only(client, app, session, make_event, parse):
    past_days = app.config["AGENDA_FEED_PAST_DAYS"]
    now = utcnow()
    make_event(title="Reciente", start=(now - timedelta(days=past_days - 2)).replace(microsecond=0))
    make_event(title="Antiguo", start=(now - timedelta(days=past_days + 2)).replace(microsecond=0))
    make_event(title="Borrador", status="draft")
    make_event(title="Solo integrantes", visibility="members")
    make_event(title="Próximo", start=(now + timedelta(days=400)).replace(microsecond=0))
    for url in ("/calendario.ics", "/organismos/IACIP/calendario.ics"):
        titles = {str(e["SUMMARY"]) for e in parse(client.get(url).data).calendar.walk("VEVENT")}
        assert titles == {"Reciente", "Próximo"}, url


def test_changing_only_the_themes_reaches_the_feed(client, session, make_event, parse, change_event):
    event_id = make_event(themes=["Gobierno Abierto"])
    make_event(themes=["Datos Abiertos"], status="draft")
    first = client.get("/calendario.ics")
    (vevent,) = parse(first.data).vevents().values()
    assert list(vevent["CATEGORIES"].cats) == ["Webinar", "Gobierno Abierto"]
    change_event(event_id, {"themes": ["Datos Abiertos"]})  # only the association table changes
    session.commit()
    second = client.get("/calendario.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 200
    (vevent,) = parse(second.data).vevents().values()
    assert list(vevent["CATEGORIES"].cats) == ["Webinar", "Datos Abiertos"]


def test_renaming_a_theme_reaches_the_feed(client, session, make_event, parse):
    make_event(themes=["Gobierno Abierto"])
    client.get("/calendario.ics")
    theme = session.query(Theme).one()
    save_theme(session, "Gobierno Abierto y Participación", theme=theme)  # the admin's themes page
    session.commit()
    (vevent,) = parse(client.get("/calendario.ics").data).vevents().values()
    assert list(vevent["CATEGORIES"].cats) == ["Webinar", "Gobierno Abierto y Participación"]
