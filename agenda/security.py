"""Secrets that travel in URLs or headers: at least 128 random bits, stored only as a SHA-256 hash."""
import hashlib
import secrets
from urllib.parse import urlsplit

TOKEN_BYTES = 32  # 256 bits


def new_token() -> tuple[str, str]:
    """Return (token to show once, hash to store)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def is_safe_next(target: str | None) -> bool:
    """Only same-site relative paths are followed after login (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return False
    try:
        parts = urlsplit(target)
    except ValueError:  # "/\t/[x": urlsplit drops the tab and reads an unclosed IPv6 host
        return False
    return not parts.scheme and not parts.netloc


FRAME_ANCESTORS_ATTRIBUTE = "agenda_frame_ancestors"


def allow_framing(response, ancestors: str):
    """Let this response be framed by `ancestors` (a CSP frame-ancestors source list, e.g. "'self' https://a.mx"
    or "*"). Only the /embed pages call it; every other page keeps frame-ancestors 'none' and X-Frame-Options
    DENY (create_app's after_request reads the mark and writes the headers)."""
    setattr(response, FRAME_ANCESTORS_ATTRIBUTE, ancestors)
    return response
