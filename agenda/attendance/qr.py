"""The personal check-in QR code of a registration, for the confirmation mail and the self-service page.

Other areas use:
- `registration_qr_svg(registration)` -> inline SVG markup (Markup) to put in a page or an HTML mail;
- `registration_qr_url(registration)` -> absolute URL of the same image (/asistencia/qr/<code>.svg);
- `checkin_code_for(registration)` -> the code printed under the QR, to type in when a camera fails.
The QR holds only that code: no name, no e-mail."""
import io

import segno
from flask import current_app
from markupsafe import Markup

from . import codes


def _registration_id(registration) -> int:
    return registration if isinstance(registration, int) else registration.id


def checkin_code_for(registration) -> str:
    return codes.checkin_code(_registration_id(registration))


def qr_svg(content: str, scale: int = 6, title: str | None = None) -> str:
    buffer = io.BytesIO()
    segno.make(content, error="m", micro=False).save(
        buffer, kind="svg", scale=scale, border=2, xmldecl=False, svgns=True, nl=False,
        title=title, svgclass="qr-code", lineclass=None)
    return buffer.getvalue().decode("utf-8")


def registration_qr_svg(registration, scale: int = 6) -> Markup:
    code = checkin_code_for(registration)
    return Markup(qr_svg(code, scale=scale, title=f"Código de asistencia {code}"))


def registration_qr_url(registration) -> str:
    base = current_app.config.get("AGENDA_BASE_URL", "").rstrip("/")
    return f"{base}/asistencia/qr/{checkin_code_for(registration)}.svg"
