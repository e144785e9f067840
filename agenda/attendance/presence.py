"""The one rule that says whether an attendance row counts as present.

Imported rows keep the minutes the report gave, also under the event's minimum (an organizer sees who dropped
out early, and changing the minimum re-evaluates everyone without a re-import). So a row is not the same as
presence: an imported row counts when its minutes reach the event's `min_minutes` (AttendanceSettings, else
DEFAULT_MIN_MINUTES); every other check-in (roster, QR, self) counts. Every query that counts or lists people
present (stats, certificates, roster, commission report, announcements) uses `present_clause()`; Python code
that already holds the rows uses `counts_as_present`."""
from sqlalchemy import func, or_, select

from ..events.models import EventSession
from .models import Attendance, AttendanceSettings
from .settings import DEFAULT_MIN_MINUTES


def event_min_minutes():
    """SQL: the minimum of the attendance row's event (correlated to Attendance)."""
    saved = (select(AttendanceSettings.min_minutes)
             .join(EventSession, EventSession.event_id == AttendanceSettings.event_id)
             .where(EventSession.id == Attendance.session_id)
             .correlate(Attendance).scalar_subquery())
    return func.coalesce(saved, DEFAULT_MIN_MINUTES)


def present_clause():
    """SQL condition on Attendance: the row counts as present under its event's rule."""
    return or_(Attendance.method != "import", Attendance.minutes.is_(None),
               Attendance.minutes >= event_min_minutes())


def counts_as_present(attendance: Attendance, min_minutes: int) -> bool:
    """The same rule for a loaded row, given its event's minimum."""
    return attendance.method != "import" or attendance.minutes is None or attendance.minutes >= min_minutes
