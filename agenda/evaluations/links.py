"""Signed per-person links to an evaluation, for the follow-up mail (no personal-link secret in the mail)."""
import hashlib
import hmac

from flask import current_app

from ..registration.models import Registration


def link_signature(evaluation_id: int, registration: Registration) -> str:
    """Signs the follow-up mail's link; it includes the personal link's hash, so renewing that link (which
    the person does when a link leaks) also voids this one."""
    key = hmac.new(current_app.config["SECRET_KEY"].encode(), b"agenda-evaluations:link", hashlib.sha256).digest()
    message = f"{evaluation_id}:{registration.id}:{registration.token_hash}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def signed_answer_path(evaluation_id: int, registration: Registration) -> str:
    return f"/evaluaciones/{evaluation_id}/responder/{registration.id}/{link_signature(evaluation_id, registration)}"
