"""Rules of the report area, callable without a request: merging institution-name variants, and the narrative
text an organizer or commissioner writes per section of the activity report."""
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..database import get_or_create
from ..domain import DomainError
from ..events.models import Event
from ..registration.institutions import institution_keys, normalize_institution
from ..registration.models import InstitutionAlias, Registration
from .models import REPORT_SECTIONS, ReportNarrative

MAX_NARRATIVE = 20_000


@dataclass
class InstitutionGroup:
    key: str  # canonical key
    label: str  # the name shown: the merge's canonical name, else the most written spelling
    registrations: int = 0
    variants: list[tuple[str, int]] = field(default_factory=list)  # (as written, registrations)
    merged: bool = False


def institution_groups(session: Session, search: str = "", limit: int = 300) -> list[InstitutionGroup]:
    """Institutions as registrants wrote them, grouped by their normalised key and the organizers' merges,
    largest first. One GROUP BY over the distinct spellings."""
    aliases = institution_keys(session)
    canonical_names = dict(session.execute(
        select(InstitutionAlias.canonical_key, InstitutionAlias.canonical)).all())
    groups: dict[str, InstitutionGroup] = {}
    for name, count in session.execute(
            select(Registration.institution, func.count(Registration.id))
            .where(Registration.institution != "").group_by(Registration.institution)):
        key = normalize_institution(name)
        target = aliases.get(key, key)
        if not target:
            continue
        group = groups.setdefault(target, InstitutionGroup(key=target, label=canonical_names.get(target, ""),
                                                           merged=target in canonical_names))
        group.registrations += count
        group.variants.append((name, count))
    needle = normalize_institution(search)
    result = []
    for group in groups.values():
        group.variants.sort(key=lambda v: (-v[1], v[0]))
        group.label = group.label or group.variants[0][0]
        if needle and needle not in group.key and not any(needle in normalize_institution(v) for v, _n in
                                                         group.variants):
            continue
        result.append(group)
    result.sort(key=lambda g: (-g.registrations, g.label))
    return result[:limit]


def merge_institutions(session: Session, names: list[str], canonical: str, actor=None) -> int:
    """Count every spelling in `names` as `canonical` from now on (also spellings already merged into one of
    them). Returns how many spellings point to it. DomainError 422 for an empty name or nothing to merge."""
    canonical = (canonical or "").strip()[:255]
    canonical_key = normalize_institution(canonical)
    if not canonical_key:
        raise DomainError(_("Escriba el nombre con el que se contará la institución."), "invalid", status=422,
                          field="canonical")
    keys = {normalize_institution(name) for name in names if name and name.strip()} - {""}
    if not keys - {canonical_key}:
        raise DomainError(_("Elija al menos un nombre distinto para unificar."), "invalid", status=422,
                          field="names")
    # Merges that pointed to one of the merged keys now point to the new name (no chains).
    session.execute(update(InstitutionAlias).where(InstitutionAlias.canonical_key.in_(keys | {canonical_key}))
                    .values(canonical_key=canonical_key, canonical=canonical))
    for key in keys | {canonical_key}:
        alias = get_or_create(session, InstitutionAlias, {"variant_key": key},
                              {"canonical": canonical, "canonical_key": canonical_key})
        alias.canonical, alias.canonical_key = canonical, canonical_key
        alias.created_by_id = getattr(actor, "id", None)
    session.flush()
    return session.scalar(select(func.count(InstitutionAlias.id))
                          .where(InstitutionAlias.canonical_key == canonical_key)) or 0


def split_institution(session: Session, canonical_key: str) -> int:
    """Undo a merge: every spelling counts by its own key again. Returns how many merges were removed."""
    aliases = session.scalars(select(InstitutionAlias).where(InstitutionAlias.canonical_key == canonical_key)).all()
    for alias in aliases:
        session.delete(alias)
    session.flush()
    return len(aliases)


def narratives(session: Session, date_from: date, date_to: date) -> dict[str, str]:
    rows = session.scalars(select(ReportNarrative).where(ReportNarrative.date_from == date_from,
                                                         ReportNarrative.date_to == date_to))
    found = {row.section: row.text for row in rows}
    return {section: found.get(section, "") for section in REPORT_SECTIONS}


def save_narratives(session: Session, date_from: date, date_to: date, texts: dict[str, str], actor=None) -> None:
    """Save the text of each section given (unknown sections are refused; empty text is kept empty)."""
    for section, text in texts.items():
        if section not in REPORT_SECTIONS:
            raise DomainError(_("Sección desconocida."), "invalid", status=422, field=section)
        text = (text or "").replace("\r\n", "\n").strip()
        if len(text) > MAX_NARRATIVE:
            raise DomainError(_("El texto de una sección admite %(n)s caracteres como máximo.", n=MAX_NARRATIVE),
                              "invalid", status=422, field=section)
        row = get_or_create(session, ReportNarrative,
                            {"date_from": date_from, "date_to": date_to, "section": section}, {"text": ""})
        row.text = text
        row.updated_by_id = getattr(actor, "id", None)
    session.flush()


MAX_NOTES = 20_000


def save_session_notes(session: Session, notes: dict[int, str], allowed_ids: set[int]) -> None:
    """What each commission session agreed (events.notes), for the events of the report's period only."""
    for event_id, text in notes.items():
        if event_id not in allowed_ids:
            raise DomainError(_("Ese evento no está en el periodo del informe."), "invalid", status=422,
                              field=f"notes-{event_id}")
        text = (text or "").replace("\r\n", "\n").strip()
        if len(text) > MAX_NOTES:
            raise DomainError(_("Los acuerdos admiten %(n)s caracteres como máximo.", n=MAX_NOTES), "invalid",
                              status=422, field=f"notes-{event_id}")
        session.get(Event, event_id).notes = text
    session.flush()
