"""Personal feeds at a secret URL: what the person follows and registered for, members-only events for
accounts, meeting links only where they have a seat, and secrets that can be rotated and revoked."""
import re

import pytest
from sqlalchemy import select

from agenda.accounts.models import User
from agenda.extensions import db
from agenda.feeds import services
from agenda.feeds.models import FeedToken
from agenda.security import hash_token


def _titles(parse, response):
    assert response.status_code == 200
    return {str(e["SUMMARY"]) for e in parse(response.data).calendar.walk("VEVENT")}


@pytest.fixture
def commissioner(make_user):
    user_id, _email = make_user(role="commissioner", organization="INAI", email="comisionada@inai.example")
    return user_id


def test_secret_has_at_least_128_bits_and_only_its_hash_is_stored(app, commissioner, feed_secret):
    secret = feed_secret(commissioner)
    assert len(secret) >= 22 and re.fullmatch(r"[A-Za-z0-9_-]+", secret)  # 256 bits, URL-safe base64
    with app.app_context():
        stored = db.session.scalar(select(FeedToken))
        assert stored.token_hash == hash_token(secret)
        assert secret not in (stored.token_hash, stored.hint, stored.label)


def test_personal_feed_holds_what_is_followed_and_registered(client, commissioner, feed_secret, follow,
                                                             make_event, make_registration, parse):
    make_event(title="De ITEI", organization="ITEI")
    make_event(title="Taller cualquiera", organization="IACIP", type="taller")
    make_event(title="Tema datos", organization="IACIP", themes=["Datos Abiertos"])
    single = make_event(title="Uno suelto", organization="IACIP")
    registered = make_event(title="Registrada", organization="IACIP")
    waitlisted = make_event(title="En espera", organization="IACIP")
    cancelled_seat = make_event(title="Registro cancelado", organization="IACIP")
    make_event(title="Nada que ver", organization="IACIP")
    follow(commissioner, organizations=["ITEI"], types=["taller"], themes=["datos-abiertos"], events=[single])
    make_registration(registered, "Comisionada@INAI.example")
    make_registration(waitlisted, "comisionada@inai.example", status="waitlisted")
    make_registration(cancelled_seat, "comisionada@inai.example", status="cancelled")
    secret = feed_secret(commissioner)

    titles = _titles(parse, client.get(f"/calendario/{secret}.ics"))
    assert titles == {"De ITEI", "Taller cualquiera", "Tema datos", "Uno suelto", "Registrada", "En espera"}


def test_following_a_region_uses_the_agendas_region_filter(client, commissioner, feed_secret, follow, make_event,
                                                            parse):
    make_event(title="Centro-occidente", organization="ITEI")  # Jalisco
    make_event(title="Centro", organization="INAI")
    follow(commissioner, regions=["centro-occidente"])
    assert _titles(parse, client.get(f"/calendario/{feed_secret(commissioner)}.ics")) == {"Centro-occidente"}


def test_members_only_events_only_in_personal_feeds(client, commissioner, feed_secret, follow, make_event, parse):
    make_event(title="Sesión de la Comisión", visibility="members", organization="INAI")
    make_event(title="Webinar abierto", organization="INAI")
    follow(commissioner, organizations=["INAI"])
    personal = _titles(parse, client.get(f"/calendario/{feed_secret(commissioner)}.ics"))
    assert personal == {"Sesión de la Comisión", "Webinar abierto"}
    for url in ("/calendario.ics", "/organismos/INAI/calendario.ics"):
        assert _titles(parse, client.get(url)) == {"Webinar abierto"}, url


def test_meeting_link_only_in_the_feed_of_someone_with_a_confirmed_seat(client, make_user, feed_secret, follow,
                                                                        make_event, make_registration, parse,
                                                                        unfolded):
    event_id = make_event(title="Taller con Zoom", meeting_url="https://zoom.example/j/999")
    registrant, email = make_user(role="commissioner", email="registrada@example.org")
    follower, _ = make_user(role="commissioner", email="solo-sigue@example.org")
    waiting, _ = make_user(role="commissioner", email="en-espera@example.org")
    make_registration(event_id, email)
    make_registration(event_id, "en-espera@example.org", status="waitlisted")
    follow(follower, events=[event_id])

    registrant_feed = client.get(f"/calendario/{feed_secret(registrant)}.ics").data
    assert b"zoom.example/j/999" in unfolded(registrant_feed)
    (vevent,) = parse(registrant_feed).calendar.walk("VEVENT")
    assert str(vevent["CONFERENCE"]) == "https://zoom.example/j/999"
    for other in (follower, waiting):
        body = unfolded(client.get(f"/calendario/{feed_secret(other)}.ics").data)
        assert b"Taller con Zoom" in body
        assert b"zoom.example" not in body
    for url in ("/calendario.ics", f"/eventos/{event_id}.ics"):
        assert b"zoom.example" not in unfolded(client.get(url).data)


def test_personal_feed_is_never_kept_by_shared_caches_and_answers_304(client, commissioner, feed_secret, follow,
                                                                       make_event):
    make_event(organization="INAI")
    follow(commissioner, organizations=["INAI"])
    url = f"/calendario/{feed_secret(commissioner)}.ics"
    response = client.get(url)
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in response.headers["Cache-Control"] and "no-store" in response.headers["Cache-Control"]
    assert "public" not in response.headers["Cache-Control"]
    again = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_changing_what_is_followed_changes_the_etag(client, commissioner, feed_secret, follow, make_event):
    make_event(organization="INAI")
    make_event(organization="ITEI")
    follow(commissioner, organizations=["INAI"])
    url = f"/calendario/{feed_secret(commissioner)}.ics"
    first = client.get(url)
    follow(commissioner, organizations=["INAI", "ITEI"])
    second = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 200 and second.data.count(b"BEGIN:VEVENT") == 2


def test_revoked_and_rotated_secrets_answer_410_gone_and_unknown_ones_404(app, client, commissioner, feed_secret,
                                                                          parse):
    kept = feed_secret(commissioner, "Teléfono")
    revoked = feed_secret(commissioner, "Outlook")
    rotated = feed_secret(commissioner, "Thunderbird")
    with app.app_context():
        user = db.session.get(User, commissioner)
        tokens = {t.label: t for t in services.list_tokens(db.session, user)}
        services.revoke_token(db.session, user, tokens["Outlook"].id)
        _token, fresh = services.rotate_token(db.session, user, tokens["Thunderbird"].id)
        db.session.commit()
    assert client.get(f"/calendario/{kept}.ics").status_code == 200
    assert client.get(f"/calendario/{fresh}.ics").status_code == 200
    for secret in (revoked, rotated):
        gone = client.get(f"/calendario/{secret}.ics")
        assert gone.status_code == 410
        assert gone.headers["Content-Type"] == "text/calendar; charset=utf-8"
        assert "no-store" in gone.headers["Cache-Control"]
        calendar = parse(gone.data).calendar  # a valid calendar with no events, named as revoked
        assert list(calendar.walk("VEVENT")) == []
        assert str(calendar["X-WR-CALNAME"]) == "Calendario revocado"
    assert client.get("/calendario/no-es-un-secreto.ics").status_code == 404
    assert client.get(f"/calendario/{kept[:-1]}.ics").status_code == 404
    assert client.get(f"/calendario/{revoked[:-1]}.ics").status_code == 404


def test_a_secret_rotated_twice_keeps_answering_410_for_the_last_old_one(app, client, commissioner, feed_secret):
    feed_secret(commissioner, "Outlook")
    with app.app_context():
        user = db.session.get(User, commissioner)
        token = services.list_tokens(db.session, user)[0]
        _token, second = services.rotate_token(db.session, user, token.id)
        _token, third = services.rotate_token(db.session, user, token.id)
        db.session.commit()
    assert client.get(f"/calendario/{second}.ics").status_code == 410
    assert client.get(f"/calendario/{third}.ics").status_code == 200


def test_a_deactivated_account_loses_its_feed(app, client, commissioner, feed_secret):
    secret = feed_secret(commissioner)
    with app.app_context():
        db.session.get(User, commissioner).is_active_account = False
        db.session.commit()
    assert client.get(f"/calendario/{secret}.ics").status_code == 404


def test_last_use_is_recorded(app, client, commissioner, feed_secret):
    secret = feed_secret(commissioner)
    with app.app_context():
        assert db.session.scalar(select(FeedToken.last_used_at)) is None
    client.get(f"/calendario/{secret}.ics")
    with app.app_context():
        assert db.session.scalar(select(FeedToken.last_used_at)) is not None


def test_nobody_manages_someone_elses_secrets(app, make_user, commissioner, feed_secret):
    feed_secret(commissioner)
    other_id, _ = make_user(role="commissioner")
    with app.app_context():
        token = db.session.scalar(select(FeedToken))
        other = db.session.get(User, other_id)
        for action in (services.revoke_token, services.rotate_token):
            with pytest.raises(services.NotFound):
                action(db.session, other, token.id)


def test_unknown_codes_are_refused_when_saving_what_to_follow(app, commissioner):
    with app.app_context():
        user = db.session.get(User, commissioner)
        for kwargs, field in (({"organizations": ["NOPE"]}, "organizations"), ({"regions": ["oeste"]}, "regions"),
                              ({"types": ["fiesta"]}, "types"), ({"themes": ["astrología"]}, "themes")):
            with pytest.raises(services.DomainError) as error:
                services.save_followed(db.session, user, **kwargs)
            assert error.value.code == "invalid_choice" and error.value.field == field
