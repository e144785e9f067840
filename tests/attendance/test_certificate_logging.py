"""Building a certificate PDF writes nothing to the log at INFO level (fontTools used to, several lines each)."""
import logging

from agenda.attendance.certificate_pdf import CertificateData, _font_path, render_certificate_pdf


def test_building_a_pdf_logs_no_fonttools_info(caplog):
    data = CertificateData(name="Ana Núñez", event_title="Curso", event_kind="el curso", dates="1 de enero de 2020",
                           hours="2 horas", organizers=["IACIP"], code="ABCD-EFGH-JKLM",
                           verify_url="http://agenda.test/constancias/ABCD", issued_on="2 de enero de 2020")
    logging.getLogger().setLevel(logging.INFO)
    with caplog.at_level(logging.INFO):
        assert render_certificate_pdf(data).startswith(b"%PDF")
    assert [r for r in caplog.records if r.name.startswith("fontTools")] == []
    assert _font_path("DejaVuSans.ttf"), "without DejaVu the TTF path (where fontTools logs) is not exercised"
