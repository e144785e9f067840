"""English translation: the catalog covers every marked string, the shipped .mo matches the .po, and pages
switch to English with ?lang=en (remembered in a cookie) while staying Spanish by default."""
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
CATALOG_DIR = ROOT / "agenda" / "translations" / "en" / "LC_MESSAGES"
PO_PATH = CATALOG_DIR / "messages.po"
MO_PATH = CATALOG_DIR / "messages.mo"
KEYWORDS = ["-k", "_l", "-k", "lazy_gettext", "-k", "ngettext:1,2"]  # same as the README's extract command


def _read_po(path: Path):
    with path.open("rb") as f:
        return read_po(f)


def _read_mo(path: Path) -> dict:
    with path.open("rb") as f:
        catalog = read_mo(f)
    return {tuple(m.id) if isinstance(m.id, list) else m.id: tuple(m.string) if isinstance(m.string, list)
            else m.string for m in catalog if m.id}


def _describe(msgid) -> str:
    return " | ".join(msgid) if isinstance(msgid, tuple) else msgid


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """A fresh extraction of the source tree (Python code, HTML and text/mail templates), as babel.cfg says."""
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), *KEYWORDS,
                                "-o", str(pot), str(ROOT)])
    catalog = _read_po(pot)
    assert len(catalog) > 500, "the extraction found suspiciously few strings"
    return catalog


@pytest.fixture(scope="module")
def english():
    return _read_po(PO_PATH)


def test_every_marked_string_has_an_english_translation(extracted, english):
    translated = {m.id for m in english if m.id}
    missing = sorted(_describe(m.id) for m in extracted if m.id and m.id not in translated)
    assert not missing, (
        f"{len(missing)} string(s) marked for translation are missing from {PO_PATH.relative_to(ROOT)}; run the "
        "extract/update commands in README (Translations), translate them and compile:\n  "
        + "\n  ".join(missing))


def test_mail_templates_and_python_plurals_are_extracted(extracted):
    locations = {Path(path).resolve().relative_to(ROOT).as_posix() for m in extracted for path, _ in m.locations}
    assert any(path.startswith("templates/mail/") and path.endswith(".txt") for path in locations)
    assert any(path.startswith("agenda/") and path.endswith(".py") for path in locations)
    assert any(m.pluralizable for m in extracted)


def test_catalog_has_no_untranslated_or_fuzzy_entries(english):
    untranslated = [_describe(m.id) for m in english
                    if m.id and (not m.string or (m.pluralizable and not all(m.string)))]
    fuzzy = [_describe(m.id) for m in english if m.id and m.fuzzy]
    assert not untranslated, "untranslated:\n  " + "\n  ".join(untranslated)
    assert not fuzzy, "fuzzy (check the translation and remove the flag):\n  " + "\n  ".join(fuzzy)
    assert english.plural_forms == "nplurals=2; plural=(n != 1);"


def test_shipped_mo_matches_the_po(tmp_path, english):
    assert MO_PATH.exists(), "run: pybabel compile -d agenda/translations"
    fresh = tmp_path / "messages.mo"
    with fresh.open("wb") as f:
        write_mo(f, english)
    shipped, expected = _read_mo(MO_PATH), _read_mo(fresh)
    stale = sorted(_describe(k) for k in expected.keys() | shipped.keys() if expected.get(k) != shipped.get(k))
    assert not stale, ("messages.mo is stale; run: pybabel compile -d agenda/translations\n  "
                       + "\n  ".join(stale[:50]))


def test_home_page_in_english_and_spanish_by_default(client):
    english_page = client.get("/?lang=en").text
    assert '<html lang="en">' in english_page
    assert "Upcoming events" in english_page and "Search the agenda" in english_page
    assert "Próximos eventos" not in english_page

    spanish_page = client.application.test_client().get("/").text  # a fresh visitor, no cookie
    assert '<html lang="es">' in spanish_page
    assert "Próximos eventos" in spanish_page and "Upcoming events" not in spanish_page


def test_login_page_and_flash_message_in_english(client, make_user):
    page = client.get("/entrar?lang=en").text
    assert '<html lang="en">' in page
    assert "Keep me logged in on this device" in page and "Password" in page
    assert "Contraseña" not in page

    _, email = make_user(role="organizer", name="Ana Pérez")
    response = client.post("/entrar", data={"email": email, "password": "contraseña-segura-1"},
                           follow_redirects=True)
    assert "Welcome, Ana Pérez." in response.text  # gettext in Python code follows the cookie too


def test_agenda_in_english_with_plurals(client, make_event):
    make_event(title="Transparencia proactiva en municipios", type="taller")
    page = client.get("/agenda?lang=en").text
    assert '<html lang="en">' in page
    assert "1 upcoming event" in page and "1 upcoming events" not in page
    assert "All types" in page and "Workshop" in page
    make_event(title="Datos abiertos")
    assert "2 upcoming events" in client.get("/agenda?lang=en").text
    spanish = client.get("/agenda?lang=es").text
    assert "2 eventos próximos" in spanish and "Todos los tipos" in spanish


def test_event_page_in_english(client, make_event):
    event_id = make_event(title="Foro de gobierno abierto", capacity=40, modality="hibrida",
                          venue_address="Av. Juárez 10", venue_city="León", sessions=2)
    page = client.get(f"/eventos/{event_id}?lang=en", follow_redirects=True).text
    assert '<html lang="en">' in page
    assert "Foro de gobierno abierto" in page  # content stays as written
    assert "Organized by" in page and "40 places" in page and "Hybrid" in page
    assert "Cupo" not in page and "Organiza<" not in page
    spanish = client.get(f"/eventos/{event_id}?lang=es", follow_redirects=True).text
    assert '<html lang="es">' in spanish and "40 lugares" in spanish


def test_organizer_page_and_error_page_in_english(client, login_as, make_event):
    login_as("organizer", organization="IACIP")
    make_event(organization="IACIP", status="draft")
    page = client.get("/mis-eventos?lang=en&mostrar=borradores").text
    assert "Events you can edit" in page and "New event" in page and "Draft" in page
    missing = client.get("/no-existe")
    assert missing.status_code == 404
    assert "Page not found" in missing.text and '<html lang="en">' in missing.text


def test_english_is_remembered_by_the_cookie_until_spanish_is_chosen(client):
    response = client.get("/entrar?lang=en")
    cookie = response.headers.get("Set-Cookie", "")
    assert cookie.startswith("lang=en") and "Max-Age=" in cookie
    for url in ("/", "/agenda", "/entrar"):  # no ?lang= any more
        assert '<html lang="en">' in client.get(url).text, url
    assert "Log in" in client.get("/entrar").text

    assert '<html lang="es">' in client.get("/agenda?lang=es").text
    page = client.get("/entrar").text
    assert '<html lang="es">' in page and "Entrar" in page


def test_unknown_language_falls_back_to_spanish(client):
    response = client.get("/?lang=fr")
    assert '<html lang="es">' in response.text
    assert "lang=" not in response.headers.get("Set-Cookie", "")
