"""Catalog tables: states, SNT regions, organizations."""
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timeutil import utcnow


class Region(db.Model):
    """One of the SNT's four regions."""

    __tablename__ = "regions"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(32), unique=True)  # API code: centro, centro-occidente, ...
    name: Mapped[str] = mapped_column(String(64))  # shown to people
    states: Mapped[list["State"]] = relationship(back_populates="region", order_by="State.name")

    def __repr__(self) -> str:
        return f"<Region {self.slug}>"


class State(db.Model):
    """An entidad federativa, keyed by its ISO 3166-2:MX code without the prefix."""

    __tablename__ = "states"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(3), unique=True)  # AGU, BCN, ...
    name: Mapped[str] = mapped_column(String(80))  # official name
    timezone: Mapped[str] = mapped_column(String(64))  # IANA zone of most of the state
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    region: Mapped[Region] = relationship(back_populates="states")
    organizations: Mapped[list["Organization"]] = relationship(back_populates="state")

    def __repr__(self) -> str:
        return f"<State {self.code}>"


ORGANIZATION_KINDS = ("national", "ogl", "other")


class Organization(db.Model):
    """INAI, the SNT, a state guarantor body (OGL) or an outside co-organizer."""

    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    acronym: Mapped[str] = mapped_column(String(32), unique=True)  # public code in the API and URLs
    name: Mapped[str] = mapped_column(String(255))  # full official name
    kind: Mapped[str] = mapped_column(String(16), default="ogl")  # national | ogl | other
    state_id: Mapped[int | None] = mapped_column(ForeignKey("states.id"), index=True)  # None: national
    website: Mapped[str | None] = mapped_column(String(255))  # public site, optional
    contact_email: Mapped[str | None] = mapped_column(String(254))  # ORGANIZER of its calendar entries, optional
    privacy_notice: Mapped[str | None] = mapped_column(Text)  # aviso de privacidad simplificado (Markdown)
    # Origins (https://sitio.gob.mx, one a line) that may frame the body's /embed pages; None = any site
    embed_origins: Mapped[str | None] = mapped_column(Text)
    retention_days: Mapped[int | None] = mapped_column()  # registrants' data kept this long after an event ends
    is_active: Mapped[bool] = mapped_column(default=True)  # inactive bodies are hidden from pickers
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    state: Mapped[State | None] = relationship(back_populates="organizations")

    @property
    def region(self) -> Region | None:
        return self.state.region if self.state else None

    @property
    def is_national(self) -> bool:
        return self.kind == "national"

    def __repr__(self) -> str:
        return f"<Organization {self.acronym}>"
