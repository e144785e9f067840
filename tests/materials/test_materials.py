"""Materials: uploads checked by content (bad ones get a Spanish 4xx and store nothing), files served as
attachments with nosniff, links, and the access matrix (anonymous, registrant, attendee, another body's
organizer, the owner)."""
import io
import zipfile

import pytest
from sqlalchemy import func, select

from agenda.events.models import Event
from agenda.extensions import db
from agenda.materials.models import Material
from agenda.materials.services import add_file

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def office(main_part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("_rels/.rels", "<Relationships/>")
        package.writestr(main_part, "<document>" + "texto " * 200 + "</document>")
    return buffer.getvalue()


def upload(client, event_id, data, filename, **extra):
    form = {"kind": "file", "title": "Presentación", "visibility": "public",
            "file": (io.BytesIO(data), filename)}
    form.update(extra)
    return client.post(f"/materiales/eventos/{event_id}", data=form, content_type="multipart/form-data")


def count(session):
    return session.scalar(select(func.count()).select_from(Material))


@pytest.mark.parametrize("data,filename,content_type", [
    (PDF, "diapositivas.pdf", "application/pdf"),
    (PNG, "foto.png", "image/png"),
    (office("word/document.xml"), "manual.docx",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    (office("ppt/presentation.xml"), "clase.PPTX",
     "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    (office("xl/workbook.xml"), "datos.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
])
def test_good_uploads_are_stored_and_served_as_attachments(client, login_as, session, make_event, data, filename,
                                                           content_type):
    event_id = make_event()
    login_as("organizer", "IACIP")
    assert upload(client, event_id, data, filename).status_code == 303
    material = session.scalar(select(Material))
    assert material.content_type == content_type and material.size == len(data)
    response = client.get(f"/materiales/{material.id}")
    assert response.status_code == 200 and response.data == data
    assert response.headers["Content-Type"].startswith(content_type)
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("data,filename,status,message", [
    (b"<!doctype html><script>alert(1)</script>", "diapositivas.pdf", 415, "Tipo de archivo no admitido"),
    (b"#!/bin/sh\nrm -rf /\n", "script.pdf", 415, "Tipo de archivo no admitido"),
    (b"", "vacio.pdf", 422, "El archivo está vacío."),
    (office("word/document.xml")[:-40], "roto.docx", 422, "está dañado"),
    (b"PK\x03\x04" + b"\x00" * 100, "roto.docx", 422, "está dañado"),
])
def test_bad_uploads_are_refused_in_spanish_and_store_nothing(client, login_as, session, make_event, data,
                                                              filename, status, message):
    event_id = make_event()
    login_as("organizer", "IACIP")
    response = upload(client, event_id, data, filename)
    assert response.status_code == status
    assert message in response.text
    assert count(session) == 0


def test_a_zip_that_is_not_an_office_document_is_refused(client, login_as, session, make_event):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("index.html", "<script>alert(1)</script>")
    event_id = make_event()
    login_as("organizer", "IACIP")
    assert upload(client, event_id, buffer.getvalue(), "x.docx").status_code == 422
    assert count(session) == 0


def test_over_the_configured_limit_is_413(app, client, login_as, session, make_event):
    event_id = make_event()
    login_as("organizer", "IACIP")
    app.config["MATERIAL_MAX_BYTES"] = 1024
    try:
        response = upload(client, event_id, PDF + b"0" * 2000, "grande.pdf")
    finally:
        app.config["MATERIAL_MAX_BYTES"] = 20 * 1024 * 1024
    assert response.status_code == 413
    assert "el máximo permitido" in response.text
    assert count(session) == 0


def test_links_recognise_recordings_and_refuse_bad_addresses(client, login_as, session, make_event):
    event_id = make_event()
    login_as("organizer", "IACIP")
    for url in ("https://www.youtube.com/watch?v=abc", "https://vimeo.com/123", "https://fb.watch/x"):
        assert client.post(f"/materiales/eventos/{event_id}", data={"kind": "link", "url": url,
                                                                   "visibility": "public"}).status_code == 303
    assert client.post(f"/materiales/eventos/{event_id}", data={"kind": "link", "url": "https://docs.example.org/s",
                                                               "visibility": "public"}).status_code == 303
    bad = client.post(f"/materiales/eventos/{event_id}", data={"kind": "link", "url": "javascript:alert(1)",
                                                              "visibility": "public"})
    assert bad.status_code == 422 and "https://" in bad.text
    kinds = [m.link_kind for m in session.scalars(select(Material).order_by(Material.id))]
    assert kinds == ["recording", "recording", "recording", "slides"]


@pytest.fixture
def matrix(app, make_event, event_session_ids, make_attendee, mark_present):
    from agenda.registration.models import Registration
    from agenda.security import new_token

    event_id = make_event(sessions=2)
    first = event_session_ids(event_id)[0]
    tokens = {}
    with app.app_context():
        event = db.session.get(Event, event_id)
        ids = {visibility: add_file(db.session, event, io.BytesIO(PDF), "m.pdf", visibility, visibility,
                                    session_id=first).id
               for visibility in ("public", "registrants", "attendees")}
        db.session.commit()
    for who in ("registrant", "attendee"):
        rid = make_attendee(event_id)
        token, digest = new_token()
        with app.app_context():
            db.session.get(Registration, rid).token_hash = digest
            db.session.commit()
        tokens[who] = token
        if who == "attendee":
            mark_present(rid, session_id=first)
    return event_id, ids, tokens


EXPECTED = {  # viewer -> visibilities they may open
    "anonymous": {"public"},
    "registrant": {"public", "registrants"},
    "attendee": {"public", "registrants", "attendees"},
    "other_organizer": {"public"},
    "owner": {"public", "registrants", "attendees"},
}


@pytest.mark.parametrize("viewer", sorted(EXPECTED))
def test_access_matrix(client, login_as, matrix, viewer):
    event_id, ids, tokens = matrix
    if viewer == "other_organizer":
        login_as("organizer", "INAI")
    elif viewer == "owner":
        login_as("organizer", "IACIP")
    for visibility, material_id in ids.items():
        if viewer in tokens:
            path = f"/mi-registro/{tokens[viewer]}/materiales/{material_id}"
        else:
            path = f"/materiales/{material_id}"
        response = client.get(path)
        allowed = visibility in EXPECTED[viewer]
        assert response.status_code == (200 if allowed else 403), (viewer, visibility, response.status_code)
        if allowed:
            assert response.data == PDF
    # the pages list exactly what the viewer may open
    page = client.get(f"/mi-registro/{tokens[viewer]}") if viewer in tokens else client.get(f"/eventos/{event_id}",
                                                                                           follow_redirects=True)
    for visibility, material_id in ids.items():
        listed = f"/materiales/{material_id}\"" in page.text
        assert listed == (visibility in EXPECTED[viewer]) or viewer in ("owner", "other_organizer"), viewer


def test_materials_of_another_event_are_refused_from_a_personal_link(client, app, matrix, make_event,
                                                                     make_attendee):
    from agenda.registration.models import Registration
    from agenda.security import new_token

    _event_id, ids, _tokens = matrix
    other = make_event()
    rid = make_attendee(other)
    token, digest = new_token()
    with app.app_context():
        db.session.get(Registration, rid).token_hash = digest
        db.session.commit()
    assert client.get(f"/mi-registro/{token}/materiales/{ids['registrants']}").status_code == 403
    assert client.get("/materiales/999999").status_code == 404
