"""Codes that travel on paper, on screens and in QR images. All derived with HMAC from SECRET_KEY, so the app
stores nothing extra and stays stateless:

- personal check-in code `R<registration id>-<10 base32 chars>` (in the confirmation's QR): proves which
  registration without revealing anything; 50 bits of HMAC, and only organizers can use one;
- session code: 6 digits shown in the room for self check-in, a new one every SESSION_CODE_WINDOW; the
  current and the previous window are accepted (a code read just before it changes still works);
- certificate download signature: lets the mail carry a link to the PDF without the self-service token.
Certificate verification codes are random (certificates table), not derived: see `new_certificate_code`.
"""
import base64
import hashlib
import hmac
import re
import secrets
import time

from flask import current_app

SESSION_CODE_WINDOW = 10 * 60  # seconds a session code is shown before it changes
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are typed from paper


def _key(purpose: str) -> bytes:
    secret = current_app.config["SECRET_KEY"]
    secret = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(secret, f"agenda-attendance:{purpose}".encode(), hashlib.sha256).digest()


def _mac(purpose: str, message: str) -> bytes:
    return hmac.new(_key(purpose), message.encode(), hashlib.sha256).digest()


def checkin_code(registration_id: int) -> str:
    signature = base64.b32encode(_mac("checkin", str(registration_id))).decode()[:10]
    return f"R{registration_id}-{signature}"


_CHECKIN_SHAPE = re.compile(r"R(\d{1,12})-([A-Z2-7]{10})")


def registration_id_from_code(code: str) -> int | None:
    """The registration id a personal code stands for, or None if the code is malformed or forged.

    Accepts the code alone or a URL/text that ends with it (some scanners read the whole QR payload)."""
    match = _CHECKIN_SHAPE.search((code or "").strip().upper())
    if not match:
        return None
    registration_id = int(match.group(1))
    if not hmac.compare_digest(checkin_code(registration_id), f"R{match.group(1)}-{match.group(2)}"):
        return None
    return registration_id


def session_code(session_id: int, at: float | None = None) -> str:
    window = int((time.time() if at is None else at) // SESSION_CODE_WINDOW)
    number = int.from_bytes(_mac("session", f"{session_id}:{window}")[:4], "big") % 1_000_000
    return f"{number:06d}"


def session_code_valid(session_id: int, code: str, at: float | None = None) -> bool:
    code = re.sub(r"\D", "", code or "")
    now = time.time() if at is None else at
    return len(code) == 6 and any(
        hmac.compare_digest(session_code(session_id, now - offset), code) for offset in (0, SESSION_CODE_WINDOW))


def seconds_until_next_code(at: float | None = None) -> int:
    now = time.time() if at is None else at
    return int(SESSION_CODE_WINDOW - now % SESSION_CODE_WINDOW)


def new_certificate_code() -> str:
    """12 random characters from a 32-letter alphabet (60 bits), grouped: K7QM-4XHP-2WZD."""
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalise_certificate_code(code: str) -> str:
    raw = re.sub(r"[^A-Z0-9]", "", (code or "").upper())
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}" if len(raw) == 12 else ""


def download_signature(certificate_code: str) -> str:
    return base64.urlsafe_b64encode(_mac("certificate-download", certificate_code)[:18]).decode()


def download_signature_valid(certificate_code: str, signature: str) -> bool:
    return hmac.compare_digest(download_signature(certificate_code), signature or "")
