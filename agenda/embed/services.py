"""Embedding rules callable without a request: who may set a body's embedding sites, and setting them."""
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from ..catalog.models import Organization
from ..domain import Forbidden
from .origins import parse_origins


def can_manage_embedding(user, organization: Organization) -> bool:
    """Admins for every body; organizers for their own."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return user.is_admin or (user.role == "organizer" and user.organization_id == organization.id)


def set_embed_origins(session: Session, actor, organization: Organization, text: str) -> list[str]:
    """Store the body's embedding origins (validated; empty = any site may frame). Raises Forbidden or
    DomainError(invalid_origin). Does not commit."""
    if not can_manage_embedding(actor, organization):
        raise Forbidden(_("Solo el personal del organismo o la administración pueden cambiar esto."))
    origins = parse_origins(text)
    organization.embed_origins = "\n".join(origins) or None
    session.flush()
    return origins
