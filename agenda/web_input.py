"""Text arriving from the web, made safe for every place it ends up.

Control characters (NUL, vertical tab, escape...) come from pasted documents or from probes. Stored as they
are, they break what reads the data later: PostgreSQL refuses NUL in text (a 500 whose log would quote the row),
Excel files and iCalendar feeds forbid them, so one registrant could break an organizer's export or every
subscriber's calendar. JSON may also carry lone UTF-16 surrogates ("\\ud800"), which no database can encode.

`CleanRequest` cleans once, where the request is parsed, so that every form, uploaded file's name, query string
and JSON body is covered: control characters other than tab and line breaks become a space, lone surrogates
become U+FFFD.
"""
import re

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.utils import cached_property

FORBIDDEN_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
LONE_SURROGATES = re.compile(r"[\ud800-\udfff]")


def clean_text(value: str) -> str:
    return LONE_SURROGATES.sub("\ufffd", FORBIDDEN_CONTROLS.sub(" ", value))


def clean_json(value):
    """`value` (parsed JSON) with every string, keys included, cleaned."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean_json(item) for item in value]
    if isinstance(value, dict):
        return {clean_text(key): clean_json(item) for key, item in value.items()}
    return value


def clean_multidict(values: MultiDict) -> ImmutableMultiDict:
    return ImmutableMultiDict([(clean_text(key), clean_text(item)) for key, item in values.items(multi=True)])


class CleanRequest(Request):
    """Flask's request whose `form`, `files` names, `args` and `get_json()` give cleaned text (see above)."""

    def _load_form_data(self) -> None:
        if "form" in self.__dict__:
            return
        super()._load_form_data()
        self.__dict__["form"] = clean_multidict(self.__dict__["form"])
        for uploads in self.__dict__["files"].listvalues():  # every file of every field
            for upload in uploads:
                if upload.filename:
                    upload.filename = clean_text(upload.filename)

    @cached_property
    def args(self) -> ImmutableMultiDict:
        return clean_multidict(super().args)

    def get_json(self, force: bool = False, silent: bool = False, cache: bool = True):
        value = super().get_json(force=force, silent=silent, cache=cache)
        try:
            return clean_json(value)
        except RecursionError:  # nested hundreds of levels deep: no form or API body is, treat as unreadable
            if silent:
                return None
            return self.on_json_loading_failed(None)


def one_line(text: str) -> str:
    """The text of a one-line field (a title, a venue, a person's name...): every line break and run of
    white space becomes one space, and the ends are stripped.

    Line breaks arrive in titles pasted from documents or sent through the API, as LF, CRLF, a lone CR, or
    Unicode's U+2028/U+2029/NEL. Kept, they break what reads the field as one line: a mail's Subject header
    (Python refuses to send it), an iCalendar SUMMARY or X-WR-CALNAME (a lone CR reads as a line end, so a
    title could inject properties), a CSV cell. str.split() with no argument splits on all of them.
    """
    return " ".join(text.split())


def one_line_or_none(value):
    """`one_line` for text, the value itself otherwise (None, or a wrong type that validation reports)."""
    return one_line(value) if isinstance(value, str) else value


LINE_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029\x85\x0b\x0c]")


def plain_lines(text: str) -> str:
    """Multi-line text with every kind of line break written as one LF (what iCalendar's TEXT escapes)."""
    return LINE_BREAKS.sub("\n", text)


MAX_NUMBER_DIGITS = 100  # far beyond any id or page number, far below the thousands of digits int() refuses


def ascii_number(text: str | None) -> int | None:
    """`text` read as a whole number when it is only ASCII digits, else None (never an error).

    str.isdigit() is not the test: it accepts superscripts such as "²", which int() refuses (a 500 where the
    text comes from a query string or a form), and other scripts' digits ("٣"), which int() reads as 3.
    """
    if not text or len(text) > MAX_NUMBER_DIGITS or not (text.isascii() and text.isdigit()):
        return None
    return int(text)
