"""Signed per-person links to a material, for mail (the follow-up): they open the file without the personal
link's secret, and die with it (the signature covers the personal link's hash, renewed when it leaks)."""
import hashlib
import hmac

from flask import current_app

from ..registration.models import Registration


def link_signature(material_id: int, registration: Registration) -> str:
    key = hmac.new(current_app.config["SECRET_KEY"].encode(), b"agenda-materials:link", hashlib.sha256).digest()
    message = f"{material_id}:{registration.id}:{registration.token_hash}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def signed_path(material, registration: Registration) -> str:
    """For mail: a file opens with this path; a link is its own URL."""
    if material.kind == "link":
        return material.url
    return f"/materiales/{material.id}/r/{registration.id}/{link_signature(material.id, registration)}"
