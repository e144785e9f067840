"""Materials: a file (its bytes in `data`, a deferred LargeBinary column, so lists never load them) or a link."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from ..events.models import Event, EventSession
from ..extensions import db
from ..timeutil import utcnow

VISIBILITIES = ("public", "registrants", "attendees")
VISIBILITY_LABELS = {"public": _l("Público"), "registrants": _l("Personas registradas"),
                     "attendees": _l("Solo asistentes")}
LINK_KINDS = ("recording", "slides", "link")
LINK_KIND_LABELS = {"recording": _l("Grabación"), "slides": _l("Presentación en línea"), "link": _l("Enlace")}


class Material(db.Model):
    __tablename__ = "materials"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("event_sessions.id", ondelete="CASCADE"),
                                                   index=True)  # None: the whole event
    kind: Mapped[str] = mapped_column(String(8))  # "file" | "link"
    title: Mapped[str] = mapped_column(String(200))
    visibility: Mapped[str] = mapped_column(String(16), default="public")  # one of VISIBILITIES
    url: Mapped[str | None] = mapped_column(String(500))  # links
    link_kind: Mapped[str | None] = mapped_column(String(16))  # one of LINK_KINDS (links)
    filename: Mapped[str | None] = mapped_column(String(200))  # files: a safe name with the detected extension
    content_type: Mapped[str | None] = mapped_column(String(100))  # files: from the content, not the name
    size: Mapped[int | None] = mapped_column()  # bytes
    data: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    event: Mapped[Event] = relationship()
    session: Mapped[EventSession | None] = relationship()
