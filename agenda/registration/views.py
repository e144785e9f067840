"""The registration area's pages. The URL table is spread over modules by idea; importing them registers the
routes on one blueprint: the public form (views_public), the person's own pages (views_self), the organizers'
registrant list (views_organizer) and the JSON API (api)."""
from . import api, demo, views_organizer, views_public, views_self  # noqa: F401  (demo: `flask demo` loader)
from .blueprint import bp  # noqa: F401
