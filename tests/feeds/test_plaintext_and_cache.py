"""Markdown descriptions become plain text for DESCRIPTION; the VEVENT cache stays within its size."""
from agenda.events.plaintext import markdown_to_text
from agenda.feeds.cache import SizedLRU


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


def test_assembled_chunks_are_reused_when_unchanged_and_copied_around_a_change():
    from agenda.feeds.chunks import Slice, assemble

    cache = SizedLRU(max_size=10_000)
    parts = [f"V{i:02d};".encode() for i in range(10)]  # 4 bytes each
    keys = list(range(10))
    first = assemble(list(parts), keys, cache, chunk_size=12)
    assert b"".join(first) == b"".join(parts)
    assert [len(c) for c in first] == [12, 12, 12, 4]
    assert all(isinstance(s, Slice) for s in cache.get_many(keys)), "the cache holds slices, not copies"

    again = assemble(cache.get_many(keys), keys, cache, chunk_size=12)
    assert all(a is b for a, b in zip(again, first, strict=True)), "unchanged: the same chunk objects"

    entries = cache.get_many(keys)
    entries[4] = b"NEW;"  # one VEVENT changed: in the second chunk
    changed = assemble(entries, keys, cache, chunk_size=12)
    assert b"".join(changed) == b"".join(parts[:4] + [b"NEW;"] + parts[5:])
    assert changed[0] is first[0] and changed[2] is first[2] and changed[3] is first[3]
    assert changed[1] is not first[1]
    assert cache.get(4).tobytes() == b"NEW;" and cache.get(3).chunk is changed[1]
