"""Webhook endpoints (registration, switching on and off) and their deliveries: queued by a domain-event
subscriber in the change's transaction, sent after commit by `send_due` (CLI `webhooks send`, the mail worker).

Delivery has the outbox's guarantees (agenda/outbox/services.py): a worker claims a batch in a short
transaction (FOR UPDATE SKIP LOCKED on PostgreSQL, a conditional UPDATE everywhere, so two workers never claim
the same row); each POST's outcome is recorded under the claim token; a crashed worker's claims expire and are
taken again (at least once: receivers dedupe by the payload's `id`); a failure is retried with exponential
back-off up to MAX_ATTEMPTS. Every failed attempt counts against the endpoint: after
AGENDA_WEBHOOK_DISABLE_AFTER in a row it is switched off and its owner is told by mail (outbox)."""
import hashlib
import hmac
import json
import logging
import secrets
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import urllib3
from flask import current_app, has_app_context
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from ..accounts.models import User
from ..domain import DomainError, Forbidden, NotFound
from ..domain_events import (
    AttendanceRecorded,
    CertificateIssued,
    EventCancelled,
    EventChanged,
    EventCreated,
    RegistrationCancelled,
    RegistrationCreated,
    RegistrationErased,
    RegistrationPromoted,
    RegistrationsAnonymised,
    subscribe,
)
from ..events.models import Event
from ..outbox.claims import claim_batch
from ..outbox.services import enqueue
from ..timeutil import utcnow
from ..urls import external_url
from .models import WEBHOOK_FACTS, WebhookDelivery, WebhookEndpoint
from .payloads import data_for
from .safety import Target, UnsafeURL, check_url

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
CLAIM_LEASE = timedelta(minutes=2)
BACKOFF_BASE = timedelta(seconds=30)  # 30 s, 1, 2, 4 ... minutes
BACKOFF_MAX = timedelta(hours=6)
CONNECT_TIMEOUT, READ_TIMEOUT = 5.0, 10.0
SIGNATURE_HEADER = "X-Agenda-Signature"


# --- endpoints ------------------------------------------------------------------------------------------------

def config():
    return current_app.config if has_app_context() else {}


def visible_endpoints(session: Session, user) -> list[WebhookEndpoint]:
    query = select(WebhookEndpoint).order_by(WebhookEndpoint.id)
    if not user.is_admin:
        query = query.where(WebhookEndpoint.organization_id == user.organization_id)
    return list(session.scalars(query))


def managed_endpoint(session: Session, user, endpoint_id: int) -> WebhookEndpoint:
    endpoint = session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None:
        raise NotFound(_("Ese webhook no existe."))
    if not (user.is_admin or (user.role == "organizer" and endpoint.organization_id is not None
                              and endpoint.organization_id == user.organization_id)):
        raise Forbidden(_("No puede administrar ese webhook."))
    return endpoint


def create_endpoint(session: Session, user, url: str, facts, organization_id: int | None = None,
                    description: str = "") -> WebhookEndpoint:
    """Register an endpoint; flush only. Organizers: for their body; admins: a body or (None) every body.
    Raises DomainError 422 (Spanish) for a bad or unsafe URL or no facts."""
    if user.is_admin:
        scope = organization_id
    elif user.role == "organizer" and user.organization_id is not None:
        scope = user.organization_id
    else:
        raise Forbidden(_("Solo organizadores y administradores registran webhooks."))
    chosen = [fact for fact in WEBHOOK_FACTS if fact in set(facts or ())]
    unknown = set(facts or ()) - set(WEBHOOK_FACTS)
    if unknown or not chosen:
        raise DomainError(_("Elija al menos un aviso de la lista."), "invalid", status=422, field="facts")
    check_url(url, config())  # 422 with a Spanish message (safety.py)
    endpoint = WebhookEndpoint(organization_id=scope, owner_id=user.id, url=url.strip(),
                               description=(description or "").strip()[:200] or None,
                               secret=secrets.token_hex(32), facts=chosen, is_active=True)
    session.add(endpoint)
    session.flush()
    return endpoint


def set_active(session: Session, endpoint: WebhookEndpoint, active: bool) -> None:
    endpoint.is_active = active
    if active:
        endpoint.consecutive_failures, endpoint.disabled_at, endpoint.disabled_reason = 0, None, None
    else:
        endpoint.disabled_at, endpoint.disabled_reason = utcnow(), "owner"
    session.flush()


# --- queueing (domain-event subscriber) ---------------------------------------------------------------------

def _subscribers(session: Session, fact_name: str, event: Event) -> list[WebhookEndpoint]:
    bodies = {event.organization_id, *(organization.id for organization in event.co_organizers)}
    candidates = session.scalars(select(WebhookEndpoint).where(
        WebhookEndpoint.is_active.is_(True),
        or_(WebhookEndpoint.organization_id.is_(None), WebhookEndpoint.organization_id.in_(bodies))))
    return [endpoint for endpoint in candidates if fact_name in (endpoint.facts or ())]


@subscribe(EventCreated, EventChanged, EventCancelled, RegistrationCreated, RegistrationCancelled,
           RegistrationPromoted, AttendanceRecorded, CertificateIssued)
def queue_deliveries(session: Session, fact) -> None:
    """One delivery row per active endpoint that hears this fact, in the caller's transaction."""
    event = session.get(Event, fact.event_id)
    if event is None:
        return
    endpoints = _subscribers(session, fact.name, event)
    if not endpoints:
        return
    now = utcnow()
    for endpoint in endpoints:
        data = data_for(session, fact, event, endpoint.owner)
        if data is None:
            continue
        webhook_id = secrets.token_hex(16)
        body = {"id": webhook_id, "type": fact.name, "created_at": now.replace(microsecond=0).isoformat() + "Z",
                "data": data}
        session.add(WebhookDelivery(
            endpoint_id=endpoint.id, webhook_id=webhook_id, fact=fact.name, event_id=fact.event_id,
            registration_id=getattr(fact, "registration_id", None),
            payload=json.dumps(body, ensure_ascii=False, separators=(",", ":")),
            status="pending", attempts=0, next_attempt_at=now, created_at=now))
    session.flush()


@subscribe(RegistrationErased, RegistrationsAnonymised)
def scrub_person(session: Session, fact) -> None:
    """Erasure and the retention purge reach webhook payloads: the person's fields become null in every
    delivery of those registrations, whatever its status (the ids and statuses stay for the log)."""
    ids = (fact.registration_id,) if isinstance(fact, RegistrationErased) else fact.registration_ids
    if not ids:
        return
    session.flush()
    for delivery in session.scalars(select(WebhookDelivery).where(WebhookDelivery.registration_id.in_(ids))):
        body = json.loads(delivery.payload)
        registration = (body.get("data") or {}).get("registration")
        if registration and registration.get("person") is not None:
            registration["person"] = None
            delivery.payload = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    session.flush()


# --- signing --------------------------------------------------------------------------------------------------

def signature(secret: str, timestamp: int, body: str) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.{body}".encode(), hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


# --- sending --------------------------------------------------------------------------------------------------

@dataclass
class SendReport:
    claimed: int = 0
    delivered: list[int] = field(default_factory=list)
    retried: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)
    disabled_endpoints: list[int] = field(default_factory=list)


class DeliveryError(Exception):
    def __init__(self, description: str, response_code: int | None = None):
        super().__init__(description)
        self.description, self.response_code = description, response_code


def claim_due(session: Session, limit: int, now: datetime | None = None) -> tuple[str, list[int]]:
    """Claim due deliveries for this worker, as the outbox claims mail (agenda/outbox/claims.py)."""
    return claim_batch(session, WebhookDelivery, limit, now or utcnow(), CLAIM_LEASE)


def send_due(session: Session, limit: int = 100, now: datetime | None = None, post=None) -> SendReport:
    """Claim up to `limit` due deliveries, POST them, record the outcome. Commits its own transactions."""
    report = SendReport()
    token, ids = claim_due(session, limit, now)
    report.claimed = len(ids)
    post = post or post_signed
    for delivery_id in ids:
        delivery = session.get(WebhookDelivery, delivery_id, populate_existing=True)
        if delivery is None or delivery.claim_token != token:
            session.rollback()
            continue
        endpoint = session.get(WebhookEndpoint, delivery.endpoint_id, populate_existing=True)
        if endpoint is None or not endpoint.is_active:
            _finish(session, delivery_id, token, status="skipped", last_error="endpoint switched off")
            report.skipped.append(delivery_id)
            continue
        url, secret, payload = endpoint.url, endpoint.secret, delivery.payload
        headers = {"X-Agenda-Event": delivery.fact, "X-Agenda-Delivery": delivery.webhook_id}
        session.rollback()  # no transaction open while waiting on the network
        try:
            code = post(url, secret, payload, headers)
        except DeliveryError as error:
            _record_failure(session, delivery_id, token, error, report)
        else:
            _finish(session, delivery_id, token, status="delivered", response_code=code, last_error=None,
                    delivered_at=utcnow())
            session.execute(update(WebhookEndpoint).where(WebhookEndpoint.id == endpoint.id)
                            .values(consecutive_failures=0))
            session.commit()
            report.delivered.append(delivery_id)
    return report


def _finish(session: Session, delivery_id: int, token: str, **values) -> bool:
    result = session.execute(
        update(WebhookDelivery).where(WebhookDelivery.id == delivery_id, WebhookDelivery.claim_token == token)
        .values(claimed_until=None, claim_token=None, **values).execution_options(synchronize_session=False))
    session.commit()
    return result.rowcount == 1


def _record_failure(session: Session, delivery_id: int, token: str, error: DeliveryError,
                    report: SendReport) -> None:
    delivery = session.get(WebhookDelivery, delivery_id, populate_existing=True)
    if delivery is None or delivery.claim_token != token:
        session.rollback()
        return
    if delivery.attempts >= MAX_ATTEMPTS:
        values = {"status": "failed"}
        report.failed.append(delivery_id)
    else:
        values = {"status": "pending", "next_attempt_at": utcnow() + backoff(delivery.attempts)}
        report.retried.append(delivery_id)
    log.info("webhook delivery %s (endpoint %s) attempt %s failed: %s", delivery_id, delivery.endpoint_id,
             delivery.attempts, error.description)
    endpoint_id = delivery.endpoint_id
    session.execute(
        update(WebhookDelivery).where(WebhookDelivery.id == delivery_id, WebhookDelivery.claim_token == token)
        .values(claimed_until=None, claim_token=None, response_code=error.response_code,
                last_error=error.description[:500], **values).execution_options(synchronize_session=False))
    session.execute(update(WebhookEndpoint).where(WebhookEndpoint.id == endpoint_id)
                    .values(consecutive_failures=WebhookEndpoint.consecutive_failures + 1))
    endpoint = session.get(WebhookEndpoint, endpoint_id, populate_existing=True)
    limit = int(config().get("AGENDA_WEBHOOK_DISABLE_AFTER", 10))
    if endpoint is not None and endpoint.is_active and endpoint.consecutive_failures >= limit:
        _disable_for_failures(session, endpoint)
        report.disabled_endpoints.append(endpoint.id)
    session.commit()


def _disable_for_failures(session: Session, endpoint: WebhookEndpoint) -> None:
    """Switch the endpoint off and tell its owner (one mail per switching-off, through the outbox)."""
    endpoint.is_active, endpoint.disabled_at, endpoint.disabled_reason = False, utcnow(), "failures"
    log.warning("webhook endpoint %s switched off after %s failed attempts in a row", endpoint.id,
                endpoint.consecutive_failures)
    owner = session.get(User, endpoint.owner_id) if endpoint.owner_id else None
    if owner is None or not owner.is_active:
        return
    with force_locale("es"):
        subject = _("Webhook desactivado: %(url)s", url=endpoint.url[:120])
        text = _("Su webhook %(url)s falló %(count)d veces seguidas y se desactivó; no recibirá más avisos. "
                 "Revise el servidor y vuelva a activarlo en %(link)s.",
                 url=endpoint.url, count=endpoint.consecutive_failures,
                 link=external_url("webhooks.detail", endpoint_id=endpoint.id))
    session.flush()
    enqueue(session, owner.email, subject, text, kind="webhook_disabled",
            dedupe_key=f"webhook-disabled:{endpoint.id}:{int(endpoint.disabled_at.timestamp())}")


def backoff(attempts: int) -> timedelta:
    return min(BACKOFF_BASE * (2 ** max(attempts - 1, 0)), BACKOFF_MAX)


def post_signed(url: str, secret: str, payload: str, headers: dict) -> int:
    """POST the payload, signed, to the (re-checked) URL; the status code of a 2xx answer, else DeliveryError."""
    try:
        target = check_url(url, config())
    except UnsafeURL as error:
        raise DeliveryError(f"refused: {error.message}") from None
    timestamp = int(time.time())
    all_headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": "AgendaSNT-Webhooks/1",
                   SIGNATURE_HEADER: signature(secret, timestamp, payload), "Host": _host_header(target), **headers}
    try:
        response = _pool(target).urlopen("POST", target.path, body=payload.encode("utf-8"), headers=all_headers,
                                         redirect=False, retries=False, preload_content=False,
                                         assert_same_host=False)
    except urllib3.exceptions.HTTPError as error:
        raise DeliveryError(f"no answer: {type(error).__name__}") from None
    try:
        response.read(65536, decode_content=False)  # drain a little; the body is never stored
    except urllib3.exceptions.HTTPError:
        pass
    finally:
        response.release_conn()
    if 200 <= response.status < 300:
        return response.status
    raise DeliveryError(f"HTTP {response.status}", response.status)


def _host_header(target: Target) -> str:
    default = 443 if target.scheme == "https" else 80
    host = f"[{target.host}]" if ":" in target.host else target.host
    return host if target.port == default else f"{host}:{target.port}"


def _pool(target: Target):
    timeout = urllib3.Timeout(connect=CONNECT_TIMEOUT, read=READ_TIMEOUT)
    if target.scheme == "https":
        return urllib3.HTTPSConnectionPool(target.address, target.port, timeout=timeout, retries=False,
                                           server_hostname=target.host, assert_hostname=target.host,
                                           cert_reqs="CERT_REQUIRED", maxsize=1)
    return urllib3.HTTPConnectionPool(target.address, target.port, timeout=timeout, retries=False, maxsize=1)
