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
    blocks: list[str] = []
    lists: list[list] = []  # stack of [ordered?, next number]
    prefix = ""
    quote = 0
    for token in _parser.parse(source):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            lists.append([kind == "ordered_list_open", int(token.attrs.get("start", 1) or 1)])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
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
                blocks.append(("> " * quote) + prefix + text.strip())
            prefix = ""
        elif kind in ("fence", "code_block"):
            blocks.append(token.content.rstrip("\n"))
        elif kind == "hr":
            blocks.append("—")
    return _join(blocks, lists_aware=True)


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


def _join(blocks: list[str], lists_aware: bool) -> str:
    """Blank line between paragraphs; consecutive list items stay on adjacent lines."""
    out: list[str] = []
    for block in blocks:
        is_item = bool(re.match(r"^\s*(- |\d+\. )", block))
        if out:
            previous_item = bool(re.match(r"^\s*(- |\d+\. )", out[-1]))
            out.append("\n" if is_item and previous_item and lists_aware else "\n\n")
        out.append(block)
    return "".join(out).strip()
