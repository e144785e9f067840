"""Large exports (registrant CSV/XLSX, the commission's report CSV) travel gzip-compressed when the client
accepts it, and are byte-for-byte the same file once decompressed."""
import gzip
import io

import openpyxl

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def test_registrant_exports_are_gzipped_when_accepted(client, login_as, make_event, register):
    event_id = make_event(organization="IACIP", capacity=200)
    for n in range(40):
        register(event_id, email=f"persona{n}@example.org", name=f"Persona Número {n}", state="GUA",
                 sector="gobierno")
    login_as("organizer", "IACIP")
    for fmt in ("csv", "xlsx"):
        url = f"/eventos/{event_id}/registros.{fmt}"
        plain = client.get(url)
        packed = client.get(url, headers=GZIP)
        assert plain.status_code == packed.status_code == 200
        assert plain.headers.get("Content-Encoding") is None
        assert packed.headers["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in packed.headers["Vary"] and "Accept-Encoding" in plain.headers["Vary"]
        assert int(packed.headers["Content-Length"]) == len(packed.data) < len(plain.data)
        if fmt == "csv":
            assert gzip.decompress(packed.data) == plain.data
        else:  # an XLSX is a zip whose entries carry the second it was written: compare the cells
            assert cells(gzip.decompress(packed.data)) == cells(plain.data)
        assert packed.headers["Content-Disposition"] == plain.headers["Content-Disposition"]
    refused = client.get(f"/eventos/{event_id}/registros.csv", headers={"Accept-Encoding": "identity"})
    assert refused.headers.get("Content-Encoding") is None and refused.data == plain_csv(client, event_id)


def cells(xlsx: bytes) -> list[tuple]:
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx), read_only=True)
    return [row for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)]


def plain_csv(client, event_id):
    return client.get(f"/eventos/{event_id}/registros.csv").data
