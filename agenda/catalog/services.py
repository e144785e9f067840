"""Catalog rules: idempotent loading, look-ups and organization editing."""
import re

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session, selectinload

from ..domain import DomainError, NotFound
from ..domain_events import OrganizationChanged, publish
from ..web_input import one_line
from . import data
from .models import ORGANIZATION_KINDS, Organization, Region, State

# Acronyms are part of URLs (/organismos/<acronym>/calendario.ics): words of letters and digits joined by a
# hyphen or one space ("INFO CDMX" and "ITAI NAYARIT" are shipped; a space travels as %20). No "/" or signs.
ACRONYM_PATTERN = re.compile(r"[^\W_]+(?:[ -][^\W_]+)*")


def load_catalog(session: Session) -> dict:
    """Insert or update regions, states and the shipped organizations; return counts of what was added."""
    added = {"regions": 0, "states": 0, "organizations": 0}
    regions = {r.slug: r for r in session.scalars(select(Region))}
    for slug, name in data.REGIONS:
        if slug not in regions:
            regions[slug] = Region(slug=slug, name=name)
            session.add(regions[slug])
            added["regions"] += 1
        regions[slug].name = name
    states = {s.code: s for s in session.scalars(select(State))}
    for code, name, region_slug, zone in data.STATES:
        state = states.get(code)
        if state is None:
            state = states[code] = State(code=code)
            session.add(state)
            added["states"] += 1
        state.name, state.timezone, state.region = name, zone, regions[region_slug]
    existing = {o.acronym: o for o in session.scalars(select(Organization))}
    for acronym, name, kind, state_code in data.ORGANIZATIONS:
        if acronym in existing:
            continue  # admins may have edited it: never overwrite their changes
        session.add(Organization(acronym=acronym, name=name, kind=kind,
                                 state=states.get(state_code) if state_code else None))
        added["organizations"] += 1
    session.flush()
    return added


def regions(session: Session) -> list[Region]:
    return list(session.scalars(select(Region).options(selectinload(Region.states)).order_by(Region.name)))


def states(session: Session) -> list[State]:
    return list(session.scalars(select(State).order_by(State.name)))


def organizations(session: Session, active_only: bool = True) -> list[Organization]:
    query = select(Organization).options(selectinload(Organization.state)).order_by(Organization.acronym)
    if active_only:
        query = query.where(Organization.is_active.is_(True))
    return list(session.scalars(query))


def state_by_code(session: Session, code: str | None) -> State | None:
    """Find a state by `GUA` or `MX-GUA`, case-insensitive."""
    if not code:
        return None
    return session.scalar(select(State).where(State.code == normal_state_code(code)))


def normal_state_code(code: str) -> str:
    """`gua`, ` MX-GUA ` -> `GUA`, the code states are stored under."""
    return code.strip().upper().removeprefix("MX-")


def state_id_by_code(session: Session, code: str) -> int | None:
    return session.scalar(select(State.id).where(State.code == normal_state_code(code)))


def organization_by_acronym(session: Session, acronym: str | None) -> Organization | None:
    if not acronym:
        return None
    return session.scalar(select(Organization).where(func.upper(Organization.acronym) == acronym.strip().upper()))


def active_organization_id(session: Session, acronym: str) -> int | None:
    """The id of the active organization with that acronym (any case), as a registrant may name it."""
    return session.scalar(select(Organization.id).where(func.upper(Organization.acronym) == acronym.strip().upper(),
                                                        Organization.is_active.is_(True)))


def get_organization(session: Session, organization_id: int) -> Organization:
    organization = session.get(Organization, organization_id)
    if organization is None:
        raise NotFound(_("El organismo no existe."))
    return organization


def save_organization(session: Session, values: dict, organization: Organization | None = None) -> Organization:
    """Create or update an organization from plain values (acronym, name, kind, state_code, website, ...)."""
    acronym = _fitting(" ".join((values.get("acronym") or "").split()).upper(), "acronym")
    name = _fitting(one_line(values.get("name") or ""), "name")
    website = _fitting((values.get("website") or "").strip(), "website")
    contact_email = _contact_email(values.get("contact_email"))
    if not acronym:
        raise DomainError(_("Escriba las siglas del organismo."), "acronym_required", field="acronym")
    if not ACRONYM_PATTERN.fullmatch(acronym):
        raise DomainError(_("Use solo letras y números en las siglas, con guiones o un espacio entre "
                            "palabras: forman la dirección del calendario del organismo."),
                          "invalid_acronym", field="acronym")
    clash = organization_by_acronym(session, acronym)
    if clash is not None and clash is not organization:
        raise DomainError(_("Ya existe un organismo con esas siglas."), "acronym_taken", status=409,
                          field="acronym")
    kind = values.get("kind") or "ogl"
    if kind not in ORGANIZATION_KINDS:
        raise DomainError(_("Tipo de organismo no válido."), "invalid_kind", field="kind")
    state = state_by_code(session, values.get("state_code"))
    if values.get("state_code") and state is None:
        raise DomainError(_("Estado desconocido."), "unknown_state", field="state_code")
    if organization is None:
        organization = Organization()
        session.add(organization)
    organization.acronym = acronym
    organization.name = name
    organization.kind = kind
    organization.state = state
    organization.website = website or None
    organization.contact_email = contact_email
    organization.privacy_notice = (values.get("privacy_notice") or "").strip() or None
    if "retention_days" in values:  # the admin form sends it; other callers keep the body's period
        organization.retention_days = values["retention_days"] or None
    organization.is_active = bool(values.get("is_active", True))
    fields = {attr.key for attr in inspect(organization).attrs if attr.history.has_changes()}
    session.flush()
    if fields:
        publish(session, OrganizationChanged(organization_id=organization.id, fields=frozenset(fields)))
    return organization


def _contact_email(value) -> str | None:
    """The body's contact address, normalised, or None; a 422 on the field when it is not an address."""
    text = (value or "").strip() if isinstance(value, str) else ""
    if not text:
        return None
    try:
        return validate_email(text, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        raise DomainError(_("Escriba un correo electrónico válido."), "invalid_email",
                          field="contact_email") from None


def _fitting(text: str, column: str) -> str:
    """`text` for the organization's `column`, refused (422 on the field of that name) when longer than it."""
    limit = Organization.__table__.c[column].type.length
    if len(text) > limit:
        raise DomainError(_("Máximo %(n)d caracteres.", n=limit), "too_long", field=column)
    return text
