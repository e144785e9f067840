"""Stable iCalendar identifiers shared by every piece that writes iCalendar (feeds, invitations by mail)."""
from urllib.parse import urlsplit

from flask import current_app


def uid_host(base_url: str | None = None) -> str:
    """The host part of UIDs: the host of AGENDA_BASE_URL (never changes for a deployment)."""
    base_url = base_url or current_app.config["AGENDA_BASE_URL"]
    return urlsplit(base_url).hostname or "agenda-snt.local"


def session_uid(session, base_url: str | None = None) -> str:
    """The one UID of an event session, forever: `sesion-<id>@<host>`. Feeds and mailed invitations use it,
    so a calendar that got both sees one entry."""
    return f"sesion-{session.id}@{uid_host(base_url)}"
