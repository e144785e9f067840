"""Markdown descriptions become plain text for DESCRIPTION; the VEVENT cache stays within its size."""
from agenda.feeds.cache import SizedLRU
from agenda.feeds.plaintext import markdown_to_text


def test_markdown_becomes_plain_text():
    source = ("# Programa\n\nHabla **Ana** sobre *datos* y [el portal](https://datos.gob.mx).\n\n"
              "- uno\n- dos\n\n1. primero\n2. segundo\n\n> cita\n\n<script>alert(1)</script>\n\n"
              "texto con <b>etiquetas</b> &amp; entidades\nen dos líneas")
    assert markdown_to_text(source) == (
        "Programa\n\nHabla Ana sobre datos y el portal (https://datos.gob.mx).\n\n- uno\n- dos\n\n"
        "1. primero\n2. segundo\n\n> cita\n\ntexto con etiquetas & entidades en dos líneas")
    assert markdown_to_text("") == "" and markdown_to_text(None) == ""
    assert markdown_to_text("[https://x.org](https://x.org)") == "https://x.org", "no repeated address"


def test_sized_lru_drops_least_recently_used_beyond_its_size():
    cache = SizedLRU(max_size=10)
    cache.put("a", b"aaaa")
    cache.put("b", b"bbbb")
    assert cache.get("a") == b"aaaa"  # a is now the most recent
    cache.put("c", b"cccc")  # 12 > 10: b goes
    assert cache.get("b") is None and cache.get("a") == b"aaaa" and cache.get("c") == b"cccc"
    assert cache.size == 8
    cache.put("huge", b"x" * 11)  # larger than the whole cache: not kept, nothing evicted
    assert cache.get("huge") is None and len(cache) == 2
    assert cache.get_many(["a", "zz", "c"]) == [b"aaaa", None, b"cccc"]
