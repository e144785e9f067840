"""Personal feeds: secret URLs (create, rotate, revoke, resolve) and what each person follows."""
from dataclasses import dataclass, field
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import and_, delete, or_, select
from sqlalchemy.orm import Session

from ..accounts.models import User
from ..catalog import data as catalog_data
from ..catalog.models import Organization
from ..catalog.services import organization_by_acronym
from ..domain import DomainError, NotFound
from ..events.models import EVENT_TYPES, Event
from ..events.queries import EventFilters, filter_events_query
from ..events.themes import theme_by_code
from ..security import hash_token, new_token
from ..timeutil import utcnow
from .models import FeedSubscription, FeedToken

LABEL_MAX = 80
MAX_ACTIVE_TOKENS = 10
# last_used_at is written at most this often, so a calendar polling every few minutes does not write each time.
LAST_USED_RESOLUTION = timedelta(minutes=5)


# --- secret URLs -------------------------------------------------------------------------------------------

def list_tokens(session: Session, user: User) -> list[FeedToken]:
    """The user's feed URLs, active first, newest first."""
    return list(session.scalars(
        select(FeedToken).where(FeedToken.user_id == user.id)
        .order_by(FeedToken.revoked_at.is_not(None), FeedToken.created_at.desc(), FeedToken.id.desc())
    ))


def create_token(session: Session, user: User, label: str | None = None) -> tuple[FeedToken, str]:
    """A new secret feed URL for `user`; returns (row, secret). The secret is shown once, stored hashed."""
    label = (label or "").strip() or _("Mi calendario")
    if len(label) > LABEL_MAX:
        raise DomainError(_("El nombre puede tener hasta %(n)d caracteres.", n=LABEL_MAX), "invalid_label",
                          field="label")
    active = session.scalar(select(FeedToken.id).where(FeedToken.user_id == user.id,
                                                       FeedToken.revoked_at.is_(None)).offset(MAX_ACTIVE_TOKENS - 1))
    if active is not None:
        raise DomainError(_("Ya tiene %(n)d direcciones activas; revoque alguna antes de crear otra.",
                            n=MAX_ACTIVE_TOKENS), "too_many_tokens", status=409, field="label")
    secret, digest = new_token()
    token = FeedToken(user_id=user.id, label=label, token_hash=digest, hint=secret[:6])
    session.add(token)
    session.flush()
    return token, secret


DEFAULT_BODIES = ("SNT",)  # the System: the commission's sessions and the national events


def start_with_defaults(session: Session, user: User) -> list[str]:
    """A first calendar address must not be an empty feed (issue 16): someone who never had an address and
    follows nothing yet starts with the System's events (the commission's sessions, national events) and their
    own body. Returns the acronyms added (none when the person already chose something or had an address:
    an emptied choice is then deliberate)."""
    if session.scalar(select(FeedSubscription.id).where(FeedSubscription.user_id == user.id).limit(1)) or \
            session.scalar(select(FeedToken.id).where(FeedToken.user_id == user.id).limit(1)):
        return []
    acronyms = list(DEFAULT_BODIES)
    own = session.get(Organization, user.organization_id) if user.organization_id else None
    if own is not None and own.acronym not in acronyms:
        acronyms.append(own.acronym)
    added = []
    for acronym in acronyms:
        body = organization_by_acronym(session, acronym)
        if body is not None:
            session.add(FeedSubscription(user_id=user.id, kind="organization", organization_id=body.id))
            added.append(body.acronym)
    session.flush()
    return added


def _own_active_token(session: Session, user: User, token_id: int) -> FeedToken:
    token = session.get(FeedToken, token_id)
    if token is None or token.user_id != user.id or token.revoked_at is not None:
        raise NotFound(_("Esa dirección de calendario no existe o ya fue revocada."))
    return token


def rotate_token(session: Session, user: User, token_id: int) -> tuple[FeedToken, str]:
    """Give one of the user's feed URLs a new secret: the old URL stops working at once (410 Gone)."""
    token = _own_active_token(session, user, token_id)
    secret, digest = new_token()
    token.previous_hash = token.token_hash
    token.token_hash, token.hint = digest, secret[:6]
    token.rotated_at = utcnow()
    token.last_used_at = None
    session.flush()
    return token, secret


def revoke_token(session: Session, user: User, token_id: int) -> FeedToken:
    """Revoke one of the user's feed URLs for good (someone else's is reported as not found)."""
    token = _own_active_token(session, user, token_id)
    token.revoked_at = utcnow()
    session.flush()
    return token


def is_retired_secret(session: Session, secret: str) -> bool:
    """The secret was a real feed URL that its owner revoked or replaced (it answers 410 Gone, not 404)."""
    if not secret or len(secret) > 128:
        return False
    digest = hash_token(secret)
    found = session.scalar(select(FeedToken.id).where(
        or_(and_(FeedToken.token_hash == digest, FeedToken.revoked_at.is_not(None)),
            FeedToken.previous_hash == digest)).limit(1))
    return found is not None


def resolve_token(session: Session, secret: str) -> User | None:
    """The active account behind a feed secret, or None (unknown, rotated, revoked, deactivated account).

    Records the use (to within LAST_USED_RESOLUTION); the caller commits.
    """
    if not secret or len(secret) > 128:
        return None
    token = session.scalar(select(FeedToken).where(FeedToken.token_hash == hash_token(secret),
                                                   FeedToken.revoked_at.is_(None)))
    if token is None or not token.user.is_active_account:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        token.last_used_at = now
    return token.user


# --- what a person follows ---------------------------------------------------------------------------------

@dataclass
class Followed:
    """A person's choices, as codes (what the form shows and saves)."""

    organizations: list[str] = field(default_factory=list)  # acronyms
    regions: list[str] = field(default_factory=list)  # region slugs
    types: list[str] = field(default_factory=list)  # event type codes
    themes: list[str] = field(default_factory=list)  # theme slugs
    events: list[Event] = field(default_factory=list)  # single events followed


def followed(session: Session, user: User) -> Followed:
    from .selection import subscriptions_of

    result = Followed()
    event_ids = []
    for subscription in subscriptions_of(session, user.id):
        if subscription.kind == "organization" and subscription.organization is not None:
            result.organizations.append(subscription.organization.acronym)
        elif subscription.kind == "region":
            result.regions.append(subscription.code)
        elif subscription.kind == "type":
            result.types.append(subscription.code)
        elif subscription.kind == "theme":
            result.themes.append(subscription.code)
        elif subscription.kind == "event" and subscription.event_id:
            event_ids.append(subscription.event_id)
    if event_ids:
        result.events = list(session.scalars(select(Event).where(Event.id.in_(event_ids))
                                             .order_by(Event.first_starts_at, Event.id)))
    return result


def save_followed(session: Session, user: User, organizations=(), regions=(), types=(), themes=()) -> Followed:
    """Replace what `user` follows by body, region, type and theme (single events are kept).

    Unknown codes raise DomainError(invalid_choice, 422) naming the field.
    """
    bodies = {}
    for acronym in dict.fromkeys(a.strip() for a in organizations if a and a.strip()):
        body = organization_by_acronym(session, acronym)
        if body is None:
            raise DomainError(_("Organismo desconocido: %(v)s.", v=acronym), "invalid_choice", field="organizations")
        bodies[body.id] = body
    region_codes = {slug for slug, _name in catalog_data.REGIONS}
    clean_regions = list(dict.fromkeys(r.strip().lower() for r in regions if r and r.strip()))
    if unknown := [r for r in clean_regions if r not in region_codes]:
        raise DomainError(_("Región desconocida: %(v)s.", v=unknown[0]), "invalid_choice", field="regions")
    clean_types = list(dict.fromkeys(t.strip().lower() for t in types if t and t.strip()))
    if unknown := [t for t in clean_types if t not in EVENT_TYPES]:
        raise DomainError(_("Tipo de evento desconocido: %(v)s.", v=unknown[0]), "invalid_choice", field="types")
    clean_themes = []
    for code in themes:
        if not code or not code.strip():
            continue
        slug = theme_by_code(session, code)
        if slug is None:
            raise DomainError(_("Tema desconocido: %(v)s.", v=code), "invalid_choice", field="themes")
        if slug not in clean_themes:
            clean_themes.append(slug)
    session.execute(delete(FeedSubscription).where(FeedSubscription.user_id == user.id,
                                                   FeedSubscription.kind != "event"))
    for body in bodies.values():
        session.add(FeedSubscription(user_id=user.id, kind="organization", organization_id=body.id))
    for kind, codes in (("region", clean_regions), ("type", clean_types), ("theme", clean_themes)):
        for code in codes:
            session.add(FeedSubscription(user_id=user.id, kind=kind, code=code))
    session.flush()
    return followed(session, user)


def follow_event(session: Session, user: User, event_id: int) -> Event:
    """Add one event the user may see to their personal feed (following twice changes nothing)."""
    event = session.scalar(filter_events_query(EventFilters(), user).where(Event.id == event_id))
    if event is None:
        raise NotFound(_("El evento no existe."))
    exists = session.scalar(select(FeedSubscription.id).where(
        FeedSubscription.user_id == user.id, FeedSubscription.kind == "event", FeedSubscription.event_id == event_id))
    if exists is None:
        session.add(FeedSubscription(user_id=user.id, kind="event", event_id=event_id))
        session.flush()
    return event


def unfollow_event(session: Session, user: User, event_id: int) -> None:
    """Stop following one event (not following it is fine)."""
    session.execute(delete(FeedSubscription).where(
        FeedSubscription.user_id == user.id, FeedSubscription.kind == "event", FeedSubscription.event_id == event_id))
    session.flush()
