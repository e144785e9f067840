"""Uploaded files checked by their content, not their name (materials, signature images, logos).

Admitted: PDF (`%PDF-`), PNG, JPEG, GIF, WebP (their signatures), and Office Open XML packages (DOCX, PPTX,
XLSX: a ZIP whose entries all read back with their CRC, with `[Content_Types].xml` and the main part of that
kind, unpacking to at most MAX_UNZIPPED_RATIO times the limit). The browser's name and type are ignored."""
import io
import zipfile

from flask import current_app
from flask_babel import gettext as _

from .domain import DomainError

IMAGE_TYPES = ("image/png", "image/jpeg")  # what a PDF (fpdf2) can embed without conversion

OOXML = {  # main part -> (extension, content type)
    "word/document.xml": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "ppt/presentation.xml": ("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    "xl/workbook.xml": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
MAX_ZIP_ENTRIES = 5000
MAX_UNZIPPED_RATIO = 50  # a package may not unpack to more than 50 times the size limit (zip bombs)


def max_bytes() -> int:
    """AGENDA_MATERIAL_MAX_MB: the largest file accepted (materials, signatures, logos)."""
    return current_app.config.get("MATERIAL_MAX_BYTES", 20 * 1024 * 1024)


class UploadRefused(DomainError):
    pass


def detect_type(data: bytes) -> tuple[str, str]:
    """(extension, content type) of an admitted file, or UploadRefused (415/422) with a Spanish message."""
    if not data:
        raise UploadRefused(_("El archivo está vacío."), "empty", status=422, field="file")
    if data.startswith(b"%PDF-"):
        return "pdf", "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png", "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg", "image/jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif", "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp", "image/webp"
    if data.startswith(b"PK\x03\x04"):
        return _office_type(data)
    raise UploadRefused(_("Tipo de archivo no admitido: suba un PDF, PPTX, DOCX, XLSX o una imagen (PNG, JPG, "
                          "GIF, WebP). Se revisa el contenido, no el nombre."), "unsupported_type", status=415,
                        field="file")


def _office_type(data: bytes) -> tuple[str, str]:
    broken = UploadRefused(_("El archivo está dañado o no es un documento de Office válido (DOCX, PPTX o XLSX)."),
                           "broken_file", status=422, field="file")
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        entries = package.infolist()
        if len(entries) > MAX_ZIP_ENTRIES or sum(e.file_size for e in entries) > max_bytes() * MAX_UNZIPPED_RATIO:
            raise broken
        names = {e.filename for e in entries}
        if "[Content_Types].xml" not in names:
            raise broken
        found = [kind for part, kind in OOXML.items() if part in names]
        if len(found) != 1 or package.testzip() is not None:
            raise broken
        return found[0]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError, OSError):
        raise broken from None




def read_limited(stream, limit: int | None = None) -> bytes:
    """At most limit + 1 bytes of the upload (so an oversized one is refused without reading it all), or
    UploadRefused 413."""
    limit = max_bytes() if limit is None else limit
    data = stream.read(limit + 1) if stream is not None else b""
    if len(data) > limit:
        raise UploadRefused(_("El archivo pesa más de %(mb)s MB, el máximo permitido.",
                              mb=f"{limit / 1024 / 1024:g}"), "too_large", status=413, field="file")
    return data


def check_image(data: bytes) -> str:
    """The content type of a PNG or JPEG image (signatures and logos go into PDFs), or UploadRefused."""
    _extension, content_type = detect_type(data)
    if content_type not in IMAGE_TYPES:
        raise UploadRefused(_("Suba una imagen PNG o JPG."), "unsupported_type", status=415, field="file")
    return content_type
