"""Certificate signers per event and the organizing bodies' logos: saved by organizers, printed on the PDF
and shown on the public verification page. Images are PNG or JPEG, checked by content (agenda/uploads.py)."""
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain import DomainError, NotFound
from ..events.models import Event
from ..uploads import check_image, read_limited
from ..web_input import clean_text
from .models import CertificateSigner, OrganizationLogo

MAX_SIGNERS = 4
IMAGE_LIMIT = 2 * 1024 * 1024  # a signature or a logo: 2 MB is plenty


def event_signers(session: Session, event_id: int) -> list[CertificateSigner]:
    return list(session.scalars(select(CertificateSigner).where(CertificateSigner.event_id == event_id)
                                .order_by(CertificateSigner.position, CertificateSigner.id)))


def add_signer(session: Session, event: Event, name: str, title: str, body: str, image_stream=None) -> CertificateSigner:
    name = clean_text(name or "").strip()[:160]
    if not name:
        raise DomainError(_("Escriba el nombre de quien firma."), "invalid", field="name")
    if len(event_signers(session, event.id)) >= MAX_SIGNERS:
        raise DomainError(_("Una constancia lleva hasta %(n)s firmas.", n=MAX_SIGNERS), "invalid", field="name")
    signer = CertificateSigner(event_id=event.id, name=name, title=clean_text(title or "").strip()[:200],
                               body=clean_text(body or "").strip()[:255])
    data = read_limited(image_stream, IMAGE_LIMIT) if image_stream is not None else b""
    if data:
        signer.signature_type, signer.signature = check_image(data), data
    signer.position = (session.scalar(select(func.max(CertificateSigner.position))
                                      .where(CertificateSigner.event_id == event.id)) or 0) + 1
    session.add(signer)
    session.flush()
    return signer


def remove_signer(session: Session, event: Event, signer_id: int) -> None:
    signer = session.get(CertificateSigner, signer_id)
    if signer is None or signer.event_id != event.id:
        raise NotFound(_("Esa firma no existe."))
    session.delete(signer)
    session.flush()


def save_logo(session: Session, organization_id: int, stream) -> OrganizationLogo:
    data = read_limited(stream, IMAGE_LIMIT)
    if not data:
        raise DomainError(_("El archivo está vacío."), "empty", field="file")
    content_type = check_image(data)
    logo = session.get(OrganizationLogo, organization_id)
    if logo is None:
        logo = OrganizationLogo(organization_id=organization_id)
        session.add(logo)
    logo.data, logo.content_type = data, content_type
    session.flush()
    return logo


def event_logos(session: Session, event: Event) -> list[OrganizationLogo]:
    """The organizer's logo first, then the co-organizers', for those who uploaded one."""
    ids = [event.organization_id] + [o.id for o in event.co_organizers if o.id != event.organization_id]
    logos = {logo.organization_id: logo for logo in
             session.scalars(select(OrganizationLogo).where(OrganizationLogo.organization_id.in_(ids)))}
    return [logos[i] for i in ids if i in logos]
