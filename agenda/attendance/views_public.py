"""Pages anyone can open: certificate verification, the signed and self-service certificate downloads, and
the personal QR image. None of them shows an e-mail or any data beyond name, event, dates and hours."""
from flask import Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..domain import NotFound
from ..extensions import db, limiter
from ..registration.services import by_token
from . import certificates, codes, signers
from .blueprint import bp
from .qr import qr_svg
from .responses import pdf_response


@bp.get("/asistencia/qr/<code>.svg")
def qr_image(code: str):
    if codes.registration_id_from_code(code) is None:
        abort(404)
    response = Response(qr_svg(code.upper(), scale=8, title=_("Código de asistencia %(code)s", code=code.upper())),
                        mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


@bp.get("/constancias")
def verify_lookup():
    code = request.args.get("codigo", "").strip()
    if code:
        normalised = codes.normalise_certificate_code(code)
        if normalised:
            return redirect(url_for("attendance.verify_certificate", code=normalised))
        return render_template("attendance/verify_lookup.html", code=code,
                               error=_("El código tiene 12 letras y números, por ejemplo K7QM-4XHP-2WZD.")), 422
    return render_template("attendance/verify_lookup.html", code="", error=None)


@bp.get("/constancias/<code>")
@limiter.limit("60 per minute")
def verify_certificate(code: str):
    certificate = certificates.certificate_by_code(db.session, code)
    event = certificate.event
    return render_template("attendance/verify.html", certificate=certificate, event=event,
                           dates=certificates.event_dates(event),
                           hours=certificates.event_hours(db.session, event),
                           organizers=certificates.organizer_names(event),
                           signers=signers.event_signers(db.session, event.id),
                           logos=signers.event_logos(db.session, event))


def _image_response(data: bytes, content_type: str) -> Response:
    response = Response(data, mimetype=content_type)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.get("/organismos/<int:organization_id>/emblema")
def logo_image(organization_id: int):
    from .models import OrganizationLogo

    logo = db.session.get(OrganizationLogo, organization_id)
    if logo is None:
        raise NotFound(_("Este organismo no tiene emblema."))
    return _image_response(logo.data, logo.content_type)


@bp.get("/constancias/<code>/firmas/<int:signer_id>")
@limiter.limit("120 per minute")
def signature_image(code: str, signer_id: int):
    """A signer's image, only through a certificate of that event (as printed on it)."""
    from .models import CertificateSigner

    certificate = certificates.certificate_by_code(db.session, code)
    signer = db.session.get(CertificateSigner, signer_id)
    if signer is None or signer.event_id != certificate.event_id or not signer.signature:
        raise NotFound(_("Esa firma no existe."))
    return _image_response(signer.signature, signer.signature_type)


@bp.get("/constancias/<code>/pdf")
@limiter.limit("30 per minute")
def signed_certificate_pdf(code: str):
    """The link in the certificate mail: the signature proves the mail sent it (no account, no token)."""
    certificate = certificates.certificate_by_code(db.session, code)
    if not codes.download_signature_valid(certificate.code, request.args.get("firma", "")):
        raise NotFound(_("El enlace de descarga no es válido."))
    return pdf_response(certificates.certificate_pdf(db.session, certificate),
                        certificates.pdf_filename(certificate))


@bp.get("/asistencia/mi-constancia/<token>")
@limiter.limit("30 per minute")
def my_certificate(token: str):
    """From the self-service page: the person's certificate, issued on the spot if they are eligible."""
    registration = by_token(db.session, token)
    certificate, _created = certificates.issue_certificate(db.session, registration)
    pdf = certificates.certificate_pdf(db.session, certificate)
    db.session.commit()
    return pdf_response(pdf, certificates.pdf_filename(certificate))
