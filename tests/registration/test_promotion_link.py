"""Issue 16: the mail of someone promoted from the waiting list carries a fresh personal link (only hashes are
stored, so the first link cannot be resent) and the link from registration keeps working; registration mails
are laid out for a phone (one column, one large button, the zone as the pages say it, plain text kept)."""
import re
from html.parser import HTMLParser

from agenda.extensions import db
from agenda.registration import services

LINK = re.compile(r"http://agenda\.test/mi-registro/([A-Za-z0-9_-]{20,})")


def _cancel(app, registration_id):
    with app.app_context():
        services.cancel(db.session, registration_id)
        db.session.commit()


def _promoted_mail(app, make_event, register, outbox):
    event_id = make_event(capacity=1, title="Taller de datos abiertos")
    first_id, _first_token = register(event_id, email="primera@example.org")
    _id, waiting_token = register(event_id, email="segunda@example.org", name="Berta Salas")
    _cancel(app, first_id)
    (mail,) = outbox(kind="registration_promoted")
    return event_id, waiting_token, mail


def test_the_promotion_mail_carries_a_fresh_link_and_the_first_one_keeps_working(app, client, make_event,
                                                                                register, outbox):
    _event_id, first_link, mail = _promoted_mail(app, make_event, register, outbox)
    assert mail.to_address == "segunda@example.org"
    (fresh,) = set(LINK.findall(mail.body_text))
    assert set(LINK.findall(mail.body_html)) == {fresh}
    assert fresh != first_link
    for token in (fresh, first_link):
        page = client.get(f"/mi-registro/{token}")
        assert page.status_code == 200 and "Berta Salas" in page.text
        assert client.get(f"/mi-registro/{token}/confirmacion").status_code == 200
    assert "Mis registros" not in mail.body_text.split("Tiene un lugar")[0]


def test_an_organizer_promotion_out_of_turn_also_sends_a_fresh_link(app, client, make_event, register, outbox):
    event_id = make_event(capacity=1)
    register(event_id, email="primera@example.org")
    waiting_id, first_link = register(event_id, email="segunda@example.org")
    with app.app_context():
        services.promote(db.session, waiting_id, reason="Ponente de la sesión")
        db.session.commit()
    (mail,) = outbox(kind="registration_promoted")
    (fresh,) = set(LINK.findall(mail.body_text))
    assert fresh != first_link and client.get(f"/mi-registro/{fresh}").status_code == 200


def test_asking_for_a_new_link_retires_the_promotion_link_too(app, client, make_event, register, outbox):
    event_id, first_link, mail = _promoted_mail(app, make_event, register, outbox)
    (fresh,) = set(LINK.findall(mail.body_text))
    with app.app_context():
        assert services.resend_link(db.session, event_id, "segunda@example.org")
        db.session.commit()
    (resent,) = set(LINK.findall(outbox(kind="registration_link")[-1].body_text))
    assert client.get(f"/mi-registro/{resent}").status_code == 200
    for old in (fresh, first_link):  # "el anterior ya no funciona"
        assert client.get(f"/mi-registro/{old}").status_code in (404, 410)


class _Layout(HTMLParser):
    """Collects what matters for a phone: table rows with several cells, fixed widths, the links."""

    def __init__(self):
        super().__init__()
        self.cells_per_row, self.links, self.widths, self.viewport = [], [], [], None
        self._cells = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        style = (attrs.get("style") or "").replace(" ", "")
        self.widths += [int(w) for w in re.findall(r"(?<![-a-z])width:(\d+)px", style)]
        if attrs.get("width", "").isdigit():
            self.widths.append(int(attrs["width"]))
        if tag == "meta" and attrs.get("name") == "viewport":
            self.viewport = attrs.get("content")
        if tag == "tr":
            self._cells = 0
        if tag in ("td", "th") and self._cells is not None:
            self._cells += 1
        if tag == "a":
            self.links.append([attrs.get("href"), style, ""])

    def handle_endtag(self, tag):
        if tag == "tr" and self._cells is not None:
            self.cells_per_row.append(self._cells)
            self._cells = None

    def handle_data(self, data):
        if self.links and self.links[-1][2] == "" and data.strip():
            self.links[-1][2] = data.strip()


def _button(layout, text):
    found = [link for link in layout.links if link[2] == text]
    assert len(found) == 1, layout.links
    return found[0]


def test_registration_mails_are_laid_out_for_a_phone(app, make_event, register, outbox):
    _promoted_mail(app, make_event, register, outbox)
    kinds = ("registration_confirmed", "registration_waitlisted", "registration_promoted")
    for kind in kinds:
        (mail, *_rest) = outbox(kind=kind)
        layout = _Layout()
        layout.feed(mail.body_html)
        assert layout.viewport and "width=device-width" in layout.viewport, kind
        assert all(cells <= 1 for cells in layout.cells_per_row), f"{kind}: one column"
        assert all(width <= 360 for width in layout.widths), f"{kind}: fixed widths {layout.widths}"
        href, style, _text = _button(layout, "Administrar mi registro")
        assert LINK.match(href), kind
        assert "display:block" in style and "font-size:18px" in style, f"{kind}: a full-width, large button"
        assert re.search(r"padding:(1[2-9]|[2-9]\d)px", style), f"{kind}: at least 48 px high"
        assert href in mail.body_text or LINK.search(mail.body_text), f"{kind}: the plain-text part keeps the link"
        assert "Tiempo del centro" in mail.body_text and "America/Mexico_City" not in mail.body_text, kind
        assert "America/Mexico_City" not in mail.body_html, kind
