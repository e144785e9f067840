"""Materials rules: checking an upload by its content, saving links, and who may see what.

An upload is accepted only when its bytes are one of the admitted kinds — PDF (`%PDF-`), PNG, JPEG, GIF,
WebP (their signatures), or an Office Open XML package (DOCX, PPTX, XLSX: a ZIP whose entries are readable,
with `[Content_Types].xml` and the main part of that kind). The name the browser sent is ignored except for
a readable title: the stored name gets the extension of the detected kind and the served Content-Type is
the detected one, so an HTML page renamed `.pdf` is refused, not served. Files live in the database so every
app host serves them."""
import re
from urllib.parse import urlsplit

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..attendance.models import Attendance
from ..domain import DomainError, Forbidden, NotFound
from ..events.models import Event, EventSession
from ..events.services import can_edit, can_view
from ..registration.models import Registration
from ..uploads import detect_type, read_limited
from ..web_input import clean_text
from .models import LINK_KINDS, VISIBILITIES, Material

RECORDING_HOSTS = ("youtube.com", "youtu.be", "facebook.com", "fb.watch", "vimeo.com")


def _safe_stem(name: str) -> str:
    stem = (name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1].rsplit(".", 1)[0]
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.")[:80]
    return stem or "material"


def _clean_title(title: str, fallback: str) -> str:
    return clean_text(title or "").strip()[:200] or fallback


def _check_common(session: Session, event: Event, session_id, visibility) -> None:
    if visibility not in VISIBILITIES:
        raise DomainError(_("Elija quién puede ver el material."), "invalid", field="visibility")
    if session_id is not None:
        target = session.get(EventSession, session_id)
        if target is None or target.event_id != event.id:
            raise DomainError(_("Esa sesión no es de este evento."), "invalid", field="session_id")


def add_file(session: Session, event: Event, stream, filename: str, title: str, visibility: str,
             session_id: int | None = None, actor=None) -> Material:
    """Store an uploaded file. Reads at most the limit + 1 byte, so an oversized upload is refused (413)
    without holding it all in memory; nothing is stored on any refusal."""
    _check_common(session, event, session_id, visibility)
    data = read_limited(stream)
    extension, content_type = detect_type(data)
    stem = _safe_stem(filename)
    material = Material(event_id=event.id, session_id=session_id, kind="file",
                        title=_clean_title(title, stem), visibility=visibility, filename=f"{stem}.{extension}",
                        content_type=content_type, size=len(data), data=data,
                        created_by_id=getattr(actor, "id", None))
    session.add(material)
    session.flush()
    return material


def link_kind_for(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return "recording" if any(host == h or host.endswith("." + h) for h in RECORDING_HOSTS) else "slides"


def add_link(session: Session, event: Event, url: str, title: str, visibility: str,
             session_id: int | None = None, link_kind: str | None = None, actor=None) -> Material:
    _check_common(session, event, session_id, visibility)
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or len(url) > 500 or " " in url:
        raise DomainError(_("Escriba una dirección web completa que empiece con https://."), "invalid", field="url")
    if link_kind not in LINK_KINDS:
        link_kind = link_kind_for(url)
    material = Material(event_id=event.id, session_id=session_id, kind="link", url=url, link_kind=link_kind,
                        title=_clean_title(title, parts.hostname), visibility=visibility,
                        created_by_id=getattr(actor, "id", None))
    session.add(material)
    session.flush()
    return material


def event_materials(session: Session, event_id: int) -> list[Material]:
    return list(session.scalars(select(Material).where(Material.event_id == event_id)
                                .order_by(Material.session_id.is_not(None), Material.session_id, Material.id)))


def attended_session_ids(session: Session, registration: Registration) -> set[int]:
    return set(session.scalars(select(Attendance.session_id).where(Attendance.registration_id == registration.id)))


def may_see(session: Session, material: Material, user=None, registration: Registration | None = None,
            attended: set[int] | None = None) -> bool:
    """Organizers of the event: everything. A confirmed registration of the event: public, registrants, and
    attendees' materials of a session it attended (any session, for the event's own materials). Anyone who
    may see the event: public ones."""
    if user is not None and can_edit(user, material.event):
        return True
    if registration is not None and registration.event_id == material.event_id \
            and registration.status == "confirmed":
        if material.visibility in ("public", "registrants"):
            return True
        attended = attended_session_ids(session, registration) if attended is None else attended
        return (material.session_id in attended) if material.session_id is not None else bool(attended)
    return material.visibility == "public" and can_view(user, material.event)


def visible_materials(session: Session, event: Event, user=None,
                      registration: Registration | None = None) -> list[Material]:
    attended = attended_session_ids(session, registration) if registration is not None else set()
    return [m for m in event_materials(session, event.id)
            if may_see(session, m, user, registration, attended)]


def material_for(session: Session, material_id: int) -> Material:
    material = session.get(Material, material_id)
    if material is None:
        raise NotFound(_("El material no existe."))
    return material


def check_may_see(session: Session, material: Material, user=None, registration=None) -> None:
    if not may_see(session, material, user, registration):
        message = {"registrants": _("Este material es solo para las personas registradas: ábralo desde su enlace "
                                    "personal."),
                   "attendees": _("Este material es solo para quienes asistieron a la sesión.")}
        raise Forbidden(message.get(material.visibility, _("No puede ver este material.")))


def delete_material(session: Session, material: Material, user) -> None:
    if not can_edit(user, material.event):
        raise Forbidden(_("Solo quienes organizan este evento pueden quitar sus materiales."))
    session.delete(material)
    session.flush()
