"""Responses the attendance pages share."""
from flask import Response


def pdf_response(pdf: bytes, filename: str, inline: bool = False) -> Response:
    response = Response(pdf, mimetype="application/pdf")
    disposition = "inline" if inline else "attachment"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
