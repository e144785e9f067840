"""Absolute links for mail and calendars, built on AGENDA_BASE_URL (mail is rendered outside any request)."""
from flask import current_app


def absolute(path: str) -> str:
    return current_app.config["AGENDA_BASE_URL"].rstrip("/") + path


def event_url(event) -> str:
    """The public event page (events.detail: /eventos/<id>-<slug>)."""
    return absolute(f"/eventos/{event.id}-{event.slug}" if event.slug else f"/eventos/{event.id}")


def self_service_url(token: str) -> str:
    """The person's own page for one registration (registration.manage)."""
    return absolute(f"/mi-registro/{token}")


def lookup_url(token: str) -> str:
    """The "Mis registros" list for one address (registration.my_registrations_list)."""
    return absolute(f"/mis-registros/{token}")
