"""The certificate of completion (constancia) as a one-page PDF: a pure function from plain data to bytes.

Text is set in DejaVu Sans when the system has it (Debian package `fonts-dejavu-core`; any Unicode name
prints), otherwise in the PDF core font Helvetica, which covers every Spanish letter (á, ñ, ü, ¿, ¡) through
Latin-1; characters outside it are replaced by their closest ASCII form. The QR code is drawn as vector
squares from segno's matrix, so it stays sharp when printed.
"""
import io
import logging
import os
import unicodedata
from dataclasses import dataclass

import segno
from fpdf import FPDF

# fontTools (fpdf2 subsets the TTF with it) logs several INFO lines per PDF built ("maxp pruned", "name
# pruned"...): noise in the app's log on every certificate. Its warnings and errors still show.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/local/share/fonts/dejavu")
INK = (33, 37, 41)
ACCENT = (110, 30, 60)  # the SNT's wine colour
MUTED = (85, 85, 85)


@dataclass(frozen=True)
class CertificateData:
    name: str  # the person, as registered
    event_title: str
    event_kind: str  # "la capacitación", "el webinar"... (article included)
    dates: str  # "15, 16, 17 y 18 de septiembre de 2020"
    hours: str  # "16 horas"
    organizers: list[str]  # full names of the organizing bodies
    code: str  # verification code
    verify_url: str  # absolute URL of the public verification page
    issued_on: str  # "10 de noviembre de 2020"
    signers: tuple = ()  # SignerData, in order (at most four)
    logos: tuple = ()  # PNG/JPEG bytes of the organizing bodies' emblems, organizer first


@dataclass(frozen=True)
class SignerData:
    name: str
    title: str  # position (cargo)
    body: str  # organismo
    signature: bytes | None = None  # PNG/JPEG


def _font_path(name: str) -> str | None:
    for directory in FONT_DIRS:
        path = os.path.join(directory, name)
        if os.path.exists(path):
            return path
    return None


class _Writer:
    """Wraps FPDF so text goes through one font choice (Unicode TTF or Latin-1 core font)."""

    def __init__(self):
        self.pdf = FPDF(orientation="L", unit="mm", format="Letter")
        self.pdf.set_auto_page_break(False)
        self.pdf.set_margins(20, 18, 20)
        regular, bold = _font_path("DejaVuSans.ttf"), _font_path("DejaVuSans-Bold.ttf")
        if regular and bold:
            self.pdf.add_font("body", "", regular)
            self.pdf.add_font("body", "B", bold)
            self.family, self.unicode = "body", True
        else:
            self.family, self.unicode = "helvetica", False

    def text(self, value: str) -> str:
        if self.unicode:
            return value
        try:
            value.encode("latin-1")
            return value
        except UnicodeEncodeError:
            return "".join(c if ord(c) < 256 else
                           (unicodedata.normalize("NFKD", c).encode("ascii", "ignore").decode() or "?")
                           for c in value)

    def font(self, size: float, bold: bool = False, color=INK) -> None:
        self.pdf.set_font(self.family, "B" if bold else "", size)
        self.pdf.set_text_color(*color)

    def centered(self, value: str, size: float, height: float, bold: bool = False, color=INK) -> None:
        self.font(size, bold, color)
        self.pdf.multi_cell(0, height, self.text(value), align="C", new_x="LMARGIN", new_y="NEXT")


def render_certificate_pdf(data: CertificateData) -> bytes:
    writer = _Writer()
    pdf = writer.pdf
    pdf.set_title(writer.text(f"Constancia {data.code}"))
    pdf.set_author(writer.text(", ".join(data.organizers) or "Sistema Nacional de Transparencia"))
    pdf.set_subject(writer.text(data.event_title))
    pdf.add_page()
    width, height = pdf.w, pdf.h

    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(1.2)
    pdf.rect(8, 8, width - 16, height - 16)
    pdf.set_line_width(0.3)
    pdf.rect(11, 11, width - 22, height - 22)

    top = 20
    if data.logos:
        _draw_logos(pdf, data.logos, width, 14, 14)
        top = 30
    pdf.set_y(top)
    writer.centered("Sistema Nacional de Transparencia", 12, 6, color=MUTED)
    pdf.ln(10 if not data.logos else 4)
    writer.centered("CONSTANCIA", 30, 14, bold=True, color=ACCENT)
    pdf.ln(4)
    writer.centered("Se otorga la presente a", 13, 7)
    pdf.ln(3)
    writer.centered(data.name, 24, 11, bold=True)
    pdf.ln(4)
    writer.centered(f"por su participación en {data.event_kind}", 13, 7)
    writer.centered(f"«{data.event_title}»", 16, 8, bold=True)
    pdf.ln(2)
    writer.centered(f"Fechas: {data.dates} · Duración: {data.hours}", 12, 6)
    if data.organizers:
        label = "Organiza" if len(data.organizers) == 1 else "Organizan"
        writer.centered(f"{label}: {_join(data.organizers)}", 11, 6)
    pdf.ln(3)
    writer.centered(f"Expedida el {data.issued_on}.", 11, 6, color=MUTED)

    if data.signers:
        _draw_signers(writer, data.signers, pdf.get_y() + 4, width)

    size = 34
    x, y = width - 20 - size, height - 20 - size
    _draw_qr(pdf, data.verify_url, x, y, size)
    pdf.set_xy(20, height - 20 - 20)
    writer.font(10, color=MUTED)
    pdf.multi_cell(x - 26, 5, writer.text("Código de verificación:"), new_x="LMARGIN", new_y="NEXT")
    writer.font(14, bold=True)
    pdf.multi_cell(x - 26, 7, writer.text(data.code), new_x="LMARGIN", new_y="NEXT")
    writer.font(9, color=MUTED)
    pdf.multi_cell(x - 26, 5, writer.text(f"Verifique su autenticidad en {data.verify_url}"),
                   new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _image(pdf: FPDF, data: bytes, x: float, y: float, w: float, h: float) -> None:
    """Draw an image fitted in the box (keeping its proportions); a broken one is left out, never fatal."""
    try:
        pdf.image(io.BytesIO(data), x=x, y=y, w=w, h=h, keep_aspect_ratio=True)
    except Exception:  # noqa: BLE001 - an image that passed the upload check but fpdf cannot read
        logging.getLogger(__name__).warning("A certificate image could not be drawn")


def _draw_logos(pdf: FPDF, logos: tuple, width: float, y: float, h: float) -> None:
    box, gap = 30, 6
    total = len(logos) * box + (len(logos) - 1) * gap
    x = (width - total) / 2
    for logo in logos[:5]:
        _image(pdf, logo, x, y, box, h)
        x += box + gap


def _draw_signers(writer: "_Writer", signers: tuple, y: float, width: float) -> None:
    pdf = writer.pdf
    signers = signers[:4]
    left, right = 24, width - 24 - 40  # keep clear of the QR code at the bottom right
    column = (right - left) / len(signers)
    for index, signer in enumerate(signers):
        x = left + index * column
        if signer.signature:
            _image(pdf, signer.signature, x + column * 0.2, y, column * 0.6, 12)
        pdf.set_draw_color(*INK)
        pdf.set_line_width(0.2)
        pdf.line(x + 6, y + 14, x + column - 6, y + 14)
        for offset, (value, size, bold) in enumerate(((signer.name, 10, True), (signer.title, 8.5, False),
                                                      (signer.body, 8.5, False))):
            if not value:
                continue
            writer.font(size, bold=bold, color=INK if bold else MUTED)
            pdf.set_xy(x, y + 15 + offset * 4.2)
            pdf.cell(column, 4.2, writer.text(value if len(value) <= 60 else value[:59] + "…"), align="C")


def _draw_qr(pdf: FPDF, content: str, x: float, y: float, size: float) -> None:
    qr = segno.make(content, error="m", micro=False)
    rows = [list(row) for row in qr.matrix_iter(scale=1, border=0)]
    cell = size / len(rows)
    pdf.set_fill_color(0, 0, 0)
    for r, row in enumerate(rows):
        start = None
        for c, dark in enumerate(row + [0]):
            if dark and start is None:
                start = c
            elif not dark and start is not None:
                pdf.rect(x + start * cell, y + r * cell, (c - start) * cell, cell, style="F")
                start = None


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " y " + names[-1]
