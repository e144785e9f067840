"""Themes events are tagged with. The eight themes of the commission's agenda (DEFAULT_THEMES) always exist
(created on first use); admins add, rename and retire others on a small admin page. Unknown theme names given by an organizer are refused; an
admin's unknown names create the theme."""
import re
import unicodedata

from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ..database import get_or_create
from ..domain import DomainError, NotFound
from ..domain_events import ThemeChanged, publish
from .models import Theme

DEFAULT_THEMES = (
    "Gobierno Abierto", "Transparencia Proactiva", "Justicia Abierta", "Parlamento Abierto",
    "Municipio Abierto", "Datos Abiertos", "Agenda 2030", "Protección de Datos",
)


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def slugify(text: str, max_length: int = 120) -> str:
    """`Jornada Nacional de Capacitación` -> `jornada-nacional-de-capacitacion` (ASCII, URL-safe)."""
    slug = re.sub(r"[^a-z0-9]+", "-", strip_accents(text or "").lower()).strip("-")
    return slug[:max_length].rstrip("-") or "evento"


DEFAULT_SLUGS = {slugify(name): name for name in DEFAULT_THEMES}


def theme_by_code(session: Session, code: str) -> str | None:
    """The slug of the theme named or slugged `code` (in the table or among the defaults), or None."""
    slug = slugify(code, 80)
    found = session.scalar(select(Theme.slug).where(
        or_(Theme.slug == slug, func.lower(Theme.name) == code.strip().lower())))
    if found:
        return found
    return slug if slug in DEFAULT_SLUGS else None


def available_themes(session: Session) -> list[tuple[str, str]]:
    """(slug, name) of every active theme plus the defaults not yet stored, sorted by name (for pickers)."""
    stored = {t.slug: t for t in session.scalars(select(Theme))}
    choices = {t.slug: t.name for t in stored.values() if t.is_active}
    for slug, name in DEFAULT_SLUGS.items():
        if slug not in stored:
            choices[slug] = name
    return sorted(choices.items(), key=lambda item: strip_accents(item[1]).lower())


def resolve_themes(session: Session, names: list[str], may_create: bool) -> tuple[list[Theme], list[str]]:
    """Themes for `names` (names or slugs); creates defaults (and others when `may_create`). Returns
    (themes, unknown names)."""
    themes, unknown = [], []
    for name in names:
        name = (name or "").strip()
        if not name:
            continue
        slug = slugify(name, 80)
        theme = session.scalar(select(Theme).where(
            or_(Theme.slug == slug, func.lower(Theme.name) == name.lower())))
        if theme is None and (slug in DEFAULT_SLUGS or (may_create and len(name) <= 120)):
            theme = get_or_create(session, Theme, {"slug": slug}, {"name": DEFAULT_SLUGS.get(slug, name)})
        if theme is None:
            unknown.append(name)
        elif theme not in themes:
            themes.append(theme)
    return themes, unknown


def list_themes(session: Session) -> list[Theme]:
    """Every stored theme (the defaults are stored first), for the admin page."""
    ensure_default_themes(session)
    return list(session.scalars(select(Theme).order_by(Theme.name)))


def ensure_default_themes(session: Session) -> None:
    existing = set(session.scalars(select(Theme.slug)))
    for slug, name in DEFAULT_SLUGS.items():
        if slug not in existing:  # two admins opening the page on a new site at once: one inserts each
            get_or_create(session, Theme, {"slug": slug}, {"name": name})
    session.flush()


def get_theme(session: Session, theme_id: int) -> Theme:
    theme = session.get(Theme, theme_id)
    if theme is None:
        raise NotFound(_("El tema no existe."))
    return theme


def save_theme(session: Session, name: str, is_active: bool = True, theme: Theme | None = None) -> Theme:
    """Create or rename a theme. The slug (the filter code in shared URLs) is kept when renaming."""
    name = (name or "").strip()
    if not name or len(name) > 120:
        raise DomainError(_("Escriba el nombre del tema (máximo 120 caracteres)."), "name_required", field="name")
    same_name = session.scalar(select(Theme).where(func.lower(Theme.name) == name.lower()))
    if same_name is not None and same_name is not theme:
        raise DomainError(_("Ya existe un tema con ese nombre."), "theme_taken", status=409, field="name")
    if theme is None:
        slug = slugify(name, 80)
        if session.scalar(select(Theme).where(Theme.slug == slug)) is not None:
            raise DomainError(_("Ya existe un tema con ese nombre."), "theme_taken", status=409, field="name")
        theme = Theme(slug=slug, name=name)
        session.add(theme)
    theme.name = name
    theme.is_active = bool(is_active)
    session.flush()
    publish(session, ThemeChanged(theme_id=theme.id))
    return theme
