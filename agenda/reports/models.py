"""The narrative text per section of the "Informe de actividades" for a period (the organizers' merges of
institution spellings live with the registrations: registration.models.InstitutionAlias)."""
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow

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
