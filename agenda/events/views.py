"""The events area's pages. The URL table is spread over modules by idea; importing them registers the routes:
public agenda (agenda_views), organizer pages (manage_views), coordination view and theme admin."""
from . import agenda_views, coordination_views, manage_views, theme_views  # noqa: F401
from .blueprint import bp  # noqa: F401
