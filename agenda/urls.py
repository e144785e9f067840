"""Absolute links, with or without a request (mail, feeds, workers and the CLI have none)."""
from urllib.parse import urlsplit

from flask import current_app


def external_url(endpoint: str, **values) -> str:
    """An absolute URL under AGENDA_BASE_URL, with or without a request (workers and CLI have none)."""
    base = urlsplit(current_app.config["AGENDA_BASE_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "http")
    return adapter.build(endpoint, values, force_external=True)


def has_endpoint(endpoint: str) -> bool:
    return endpoint in current_app.view_functions
