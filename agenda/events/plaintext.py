"""Markdown (event descriptions) to the plain text an iCalendar DESCRIPTION carries: no markup, no HTML.

Links keep their address in parentheses, lists keep a dash or a number, block HTML is dropped. The markdown-it
token stream is walked instead of stripping rendered HTML, so paragraphs and list items keep their line breaks.
"""
import html
import re
from functools import lru_cache

from markdown_it import MarkdownIt

_parser = MarkdownIt("commonmark")
_TAG = re.compile(r"<[^>]*>")


def markdown_to_text(source: str | None) -> str:
    """Plain text for `source` (Markdown): paragraphs separated by a blank line, links as `text (url)`."""
    if not source or not source.strip():
        return ""
    return _convert(source)


@lru_cache(maxsize=2048)
def _convert(source: str) -> str:
    out: list[str] = []
    lists: list[list] = []  # stack of [ordered?, next number]
    prefix = ""
    quote = 0
    in_item_run = False  # the previous block was an item of the list still open: one line break, not two
    for token in _parser.parse(source):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            lists.append([kind == "ordered_list_open", int(token.attrs.get("start", 1) or 1)])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
            in_item_run = bool(lists)
        elif kind == "list_item_open" and lists:
            ordered, number = lists[-1]
            prefix = "  " * (len(lists) - 1) + (f"{number}. " if ordered else "- ")
            lists[-1][1] = number + 1
        elif kind == "blockquote_open":
            quote += 1
        elif kind == "blockquote_close":
            quote -= 1
        elif kind == "inline":
            text = _inline(token.children or [])
            if text.strip():
                is_item = bool(prefix)
                if out:
                    out.append("\n" if is_item and in_item_run else "\n\n")
                out.append(("> " * quote) + prefix + text.strip())
                in_item_run = bool(lists)
            prefix = ""
        elif kind in ("fence", "code_block", "hr"):
            if out:
                out.append("\n\n")
            out.append(token.content.rstrip("\n") if kind != "hr" else "—")
            in_item_run = False
    return "".join(out).strip()


def _inline(children) -> str:
    parts: list[str] = []
    link_stack: list[tuple[str, int]] = []
    for child in children:
        kind = child.type
        if kind in ("text", "code_inline"):
            parts.append(child.content)
        elif kind == "softbreak":
            parts.append(" ")
        elif kind == "hardbreak":
            parts.append("\n")
        elif kind == "image":
            parts.append(child.content or "")
        elif kind == "link_open":
            link_stack.append((str(child.attrs.get("href", "")), len(parts)))
        elif kind == "link_close" and link_stack:
            href, start = link_stack.pop()
            label = "".join(parts[start:]).strip()
            if href and href != label and href.startswith(("http://", "https://", "mailto:")):
                parts.append(f" ({href.removeprefix('mailto:')})")
        elif kind == "html_inline":
            continue
    return html.unescape(_TAG.sub("", "".join(parts)))
