"""Tables of the report: organizers' merges of institution-name variants, and the narrative text per section
of the "Informe de actividades" for a period."""
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow


class InstitutionAlias(db.Model):
    """One spelling of an institution (by its normalised key) counted as another: "IACIP GTO" -> "Instituto de
    Acceso a la Información Pública para el Estado de Guanajuato". Written by organizers on /informe/instituciones."""

    __tablename__ = "institution_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    variant_key: Mapped[str] = mapped_column(String(255), unique=True)  # normalize_institution(variant)
    canonical: Mapped[str] = mapped_column(String(255))  # the name it counts as (shown)
    canonical_key: Mapped[str] = mapped_column(String(255), index=True)  # normalize_institution(canonical)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<InstitutionAlias {self.variant_key!r} -> {self.canonical_key!r}>"


REPORT_SECTIONS = ("sessions", "meetings", "jornadas", "professionalisation", "reach")


class ReportNarrative(db.Model):
    """What an organizer or commissioner writes for one section of the activity report of one period."""

    __tablename__ = "report_narratives"
    __table_args__ = (UniqueConstraint("date_from", "date_to", "section",
                                       name="uq_report_narratives_date_from_date_to_section"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    date_from: Mapped[date] = mapped_column()
    date_to: Mapped[date] = mapped_column()
    section: Mapped[str] = mapped_column(String(32))  # one of REPORT_SECTIONS
    text: Mapped[str] = mapped_column(Text, default="")  # plain text, paragraphs separated by blank lines
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<ReportNarrative {self.date_from}..{self.date_to} {self.section}>"
