"""Webhooks against a real HTTP receiver on loopback (allowed in the test config): signature checked by an
implementation written here from docs/webhooks.md; retries with back-off deliver exactly once; switched-off
endpoints get nothing; private addresses are refused; two workers at once deliver once; erasure reaches the
stored payloads."""
import hashlib
import hmac
import json
import re
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from agenda.extensions import db
from agenda.outbox.models import OutboxMessage
from agenda.registration import privacy
from agenda.registration.services import register as register_service
from agenda.timeutil import utcnow
from agenda.webhooks import services
from agenda.webhooks.models import WebhookDelivery, WebhookEndpoint


class Receiver:
    """An HTTP server in a thread that records every POST and answers with the next scripted status (200)."""

    def __init__(self):
        self.requests, self.script, self.lock = [], [], threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with receiver.lock:
                    receiver.requests.append({"headers": dict(self.headers), "body": body, "path": self.path})
                    status = receiver.script.pop(0) if receiver.script else 200
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/agenda"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def bodies(self):
        return [json.loads(item["body"]) for item in self.requests]


@pytest.fixture
def receiver(app):
    app.config["AGENDA_WEBHOOK_ALLOWED_HOSTS"] = "127.0.0.1"  # the test config allows the loopback receiver
    server = Receiver()
    yield server
    server.server.shutdown()
    server.server.server_close()
    app.config["AGENDA_WEBHOOK_ALLOWED_HOSTS"] = ""


@pytest.fixture
def add_endpoint(client, login_as):
    """Log in as an organizer of IACIP and register an endpoint through the page; returns (id, secret, user id)."""
    def add(url, facts=("registration.created",), role="organizer", organization="IACIP"):
        user_id, _email = login_as(role, organization)
        response = client.post("/webhooks", data={"url": url, "facts": list(facts)})
        assert response.status_code == 201, response.get_data(as_text=True)
        secret = re.search(r'id="webhook-secret" value="([0-9a-f]+)"', response.get_data(as_text=True)).group(1)
        with client.application.app_context():
            endpoint_id = db.session.scalar(select(WebhookEndpoint.id).order_by(WebhookEndpoint.id.desc()))
        return endpoint_id, secret, user_id
    return add


def send(app, now=None):
    with app.app_context():
        report = services.send_due(db.session, now=now)
        db.session.remove()
        return report


def deliveries(app):
    with app.app_context():
        rows = list(db.session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)))
        db.session.expunge_all()
        return rows


# The receiver's check, written from docs/webhooks.md.
def verify(secret: str, header: str, body: bytes, now: float, tolerance: int = 300) -> bool:
    parts = dict(item.split("=", 1) for item in header.split(","))
    timestamp = int(parts["t"])
    if abs(now - timestamp) > tolerance:
        return False
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts["v1"])


def test_a_delivery_is_signed_as_documented_and_carries_the_api_shapes(app, receiver, add_endpoint, register,
                                                                      make_event):
    event_id = make_event(capacity=10, organization="IACIP")
    _id, secret, _user = add_endpoint(receiver.url, facts=("registration.created", "event.changed"))
    registration_id, _token = register(event_id, email="ana@example.org", name="Ana Prueba")
    assert send(app).delivered
    (request,) = receiver.requests
    header = request["headers"]["X-Agenda-Signature"]
    assert verify(secret, header, request["body"], time.time())
    assert not verify(secret, header, request["body"] + b" ", time.time())  # tampered body
    assert not verify("otro-secreto", header, request["body"], time.time())
    assert not verify(secret, header, request["body"], time.time() + 301)  # replayed after five minutes
    body = json.loads(request["body"])
    assert body["type"] == "registration.created" == request["headers"]["X-Agenda-Event"]
    assert request["headers"]["X-Agenda-Delivery"] == body["id"]
    registration = body["data"]["registration"]
    assert (registration["id"], registration["event_id"], registration["status"]) == \
        (registration_id, event_id, "confirmed")
    # The owner organizes the event's body, so may read its registrations: the person's API fields, no more.
    assert registration["person"]["email"] == "ana@example.org"
    assert set(registration["person"]) == {"name", "email", "institution", "position", "state", "organization",
                                           "sector"}
    assert "gender" not in request["body"].decode() and "token" not in request["body"].decode()


def test_a_receiver_failing_twice_gets_the_delivery_on_the_third_try_exactly_once(app, client, receiver,
                                                                                 add_endpoint, register,
                                                                                 make_event):
    event_id = make_event(capacity=10)
    endpoint_id, _secret, _user = add_endpoint(receiver.url)
    register(event_id)
    receiver.script = [500, 503]
    first = send(app)
    assert first.retried and not first.delivered
    assert send(app).claimed == 0  # backing off: not due yet
    (row,) = deliveries(app)
    assert (row.status, row.attempts, row.response_code) == ("pending", 1, 500)
    assert row.next_attempt_at > utcnow() + timedelta(seconds=20)
    assert send(app, now=utcnow() + timedelta(hours=1)).retried
    third = send(app, now=utcnow() + timedelta(hours=2))
    assert third.delivered
    assert send(app, now=utcnow() + timedelta(hours=3)).claimed == 0
    assert [item["id"] for item in receiver.bodies()] == [row.webhook_id] * 3
    (row,) = deliveries(app)
    assert (row.status, row.attempts, row.response_code, row.last_error) == ("delivered", 3, 200, None)
    with app.app_context():
        assert db.session.get(WebhookEndpoint, endpoint_id).consecutive_failures == 0
    html = client.get(f"/webhooks/{endpoint_id}").get_data(as_text=True)
    assert 'data-status="delivered"' in html


def test_a_switched_off_endpoint_gets_nothing(app, client, receiver, add_endpoint, register, make_event):
    event_id = make_event(capacity=10)
    endpoint_id, _secret, _user = add_endpoint(receiver.url)
    register(event_id)  # queued while on
    assert client.post(f"/webhooks/{endpoint_id}/desactivar").status_code == 302
    register(event_id)  # not queued at all
    report = send(app)
    assert receiver.requests == []
    assert len(report.skipped) == 1 and [row.status for row in deliveries(app)] == ["skipped"]


def test_repeated_failures_switch_the_endpoint_off_and_tell_its_owner(app, receiver, add_endpoint, register,
                                                                     make_event):
    app.config["AGENDA_WEBHOOK_DISABLE_AFTER"] = 3
    try:
        event_id = make_event(capacity=10)
        endpoint_id, _secret, _user_id = add_endpoint(receiver.url)
        register(event_id)
        register(event_id)
        receiver.script = [500] * 10
        send(app)  # two failures
        report = send(app, now=utcnow() + timedelta(hours=1))  # the third: switched off
        assert report.disabled_endpoints == [endpoint_id]
        assert send(app, now=utcnow() + timedelta(hours=2)).skipped  # the other delivery is not sent any more
        assert len(receiver.requests) == 3
    finally:
        app.config["AGENDA_WEBHOOK_DISABLE_AFTER"] = 10
    with app.app_context():
        endpoint = db.session.get(WebhookEndpoint, endpoint_id)
        assert (endpoint.is_active, endpoint.disabled_reason) == (False, "failures")
        (mail,) = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "webhook_disabled"))
        assert mail.to_address == endpoint.owner.email and receiver.url in mail.body_text


@pytest.mark.parametrize("url, message", [
    ("http://10.0.0.1/hook", "red privada"),
    ("http://127.0.0.1:8080/hook", "red privada"),
    ("http://[::1]/hook", "red privada"),
    ("http://169.254.169.254/latest/meta-data", "red privada"),
    ("ftp://example.org/hook", "Solo se admiten direcciones http"),
    ("http://usuario:clave@example.org/hook", "usuario ni contraseña"),
])
def test_private_addresses_and_other_schemes_are_refused_at_registration(app, client, login_as, url, message):
    app.config["AGENDA_WEBHOOK_ALLOWED_HOSTS"] = ""  # no allow flag
    login_as("organizer", "IACIP")
    response = client.post("/webhooks", data={"url": url, "facts": ["registration.created"]})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(WebhookEndpoint.id)) is None


def test_the_address_is_checked_again_at_delivery(app, receiver, add_endpoint, register, make_event):
    event_id = make_event(capacity=10)
    add_endpoint(receiver.url)
    register(event_id)
    app.config["AGENDA_WEBHOOK_ALLOWED_HOSTS"] = ""  # the admin withdrew the permission
    assert send(app).retried
    assert receiver.requests == []
    (row,) = deliveries(app)
    assert row.last_error.startswith("refused") and row.response_code is None


def test_two_workers_at_once_deliver_each_once(app, receiver, add_endpoint, make_event, person):
    event_id = make_event(capacity=100)
    add_endpoint(receiver.url)
    with app.app_context():
        for index in range(16):
            register_service(db.session, event_id, person(email=f"p{index}@example.org"), source="form")
            db.session.commit()
    barrier = threading.Barrier(2)
    errors = []

    def worker():
        try:
            with app.app_context():
                barrier.wait()
                while services.send_due(db.session, limit=3).claimed:
                    pass
                db.session.remove()
        except Exception as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    ids = [body["id"] for body in receiver.bodies()]
    assert len(ids) == 16 and len(set(ids)) == 16
    assert {row.status for row in deliveries(app)} == {"delivered"}


def test_endpoints_hear_only_their_bodys_events_and_admins_hear_all(app, client, auth, receiver, add_endpoint,
                                                                   register, make_event, make_user):
    add_endpoint(receiver.url + "/inai", organization="INAI")
    auth.logout()
    add_endpoint(receiver.url + "/todos", role="admin", organization=None)
    register(make_event(organization="IACIP"))
    send(app)
    assert [request["path"] for request in receiver.requests] == ["/hooks/agenda/todos"]
    assert receiver.bodies()[0]["data"]["registration"]["person"] is not None  # an admin may read it


def test_commissioners_may_not_register_webhooks(client, login_as):
    login_as("commissioner", "IACIP")
    assert client.get("/webhooks").status_code == 403
    assert client.post("/webhooks", data={"url": "https://example.org/h"}).status_code == 403


def test_erasure_reaches_the_stored_payloads_and_a_rollback_queues_nothing(app, receiver, add_endpoint, register,
                                                                           make_event, person):
    event_id = make_event(capacity=10)
    add_endpoint(receiver.url)
    registration_id, _token = register(event_id, email="borrar@example.org")
    with app.app_context():
        register_service(db.session, event_id, person(email="nunca@example.org"), source="form")
        db.session.rollback()
        assert privacy.erase(db.session, registration_id)
        db.session.commit()
    (row,) = deliveries(app)
    assert "borrar@example.org" not in row.payload
    assert json.loads(row.payload)["data"]["registration"]["person"] is None


def test_the_mail_worker_also_delivers_webhooks(app, runner, receiver, add_endpoint, register, make_event):
    event_id = make_event(capacity=10)
    add_endpoint(receiver.url)
    register(event_id)
    result = runner.invoke(args=["mail", "worker", "--once"])
    assert result.exit_code == 0, result.output
    assert len(receiver.requests) == 1


def test_the_send_command(app, runner, receiver, add_endpoint, register, make_event):
    event_id = make_event(capacity=10)
    add_endpoint(receiver.url)
    register(event_id)
    result = runner.invoke(args=["webhooks", "send"])
    assert "Webhooks entregados: 1" in result.output, result.output
