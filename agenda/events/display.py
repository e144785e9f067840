"""How events read on pages: Spanish labels for codes, Markdown made safe, and times in a zone."""
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import nh3
from babel.dates import format_date, format_datetime, get_timezone_location
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from markdown_it import MarkdownIt
from markupsafe import Markup

from ..timeutil import to_local
from .labels import MODALITY_NAMES, TYPE_NAMES

TYPE_LABELS = {code: _l(name) for code, name in TYPE_NAMES.items()}
MODALITY_LABELS = {code: _l(name) for code, name in MODALITY_NAMES.items()}
STATUS_LABELS = {"draft": _l("Borrador"), "published": _l("Publicado"), "postponed": _l("Pospuesto"),
                 "cancelled": _l("Cancelado")}
VISIBILITY_LABELS = {"public": _l("Público"), "members": _l("Solo integrantes (con sesión iniciada)")}
SCOPE_LABELS = {"national": _l("Nacional"), "regional": _l("Regional"), "state": _l("Estatal")}
ROLE_LABELS = {
    "ponente": _l("Ponente"), "panelista": _l("Panelista"), "moderador": _l("Moderación"),
    "conferencia_magistral": _l("Conferencia magistral"), "inauguracion": _l("Inauguración"),
    "clausura": _l("Clausura"), "instructor": _l("Instructor(a)"), "relator": _l("Relatoría"), "otro": _l("Otro"),
}
ZONE_LABELS = {
    "America/Mexico_City": _l("Tiempo del centro"), "America/Cancun": _l("Tiempo del sureste (Quintana Roo)"),
    "America/Merida": _l("Tiempo del centro (Mérida)"), "America/Monterrey": _l("Tiempo del centro (Monterrey)"),
    "America/Matamoros": _l("Tiempo de Matamoros"), "America/Chihuahua": _l("Tiempo de Chihuahua"),
    "America/Ciudad_Juarez": _l("Tiempo de Ciudad Juárez"), "America/Ojinaga": _l("Tiempo de Ojinaga"),
    "America/Mazatlan": _l("Tiempo del Pacífico (Mazatlán)"),
    "America/Bahia_Banderas": _l("Tiempo del centro (Bahía de Banderas)"),
    "America/Hermosillo": _l("Tiempo de Sonora"), "America/Tijuana": _l("Tiempo del noroeste (Tijuana)"),
}
LABELS = {"type": TYPE_LABELS, "modality": MODALITY_LABELS, "status": STATUS_LABELS,
          "visibility": VISIBILITY_LABELS, "scope": SCOPE_LABELS, "role": ROLE_LABELS}

# Markdown: raw HTML is allowed in the source, then everything goes through nh3's allow-list (no script,
# style, iframes or on* handlers; links only http, https, mailto). Headings are pushed down two levels so a
# description never breaks the page's heading order.
_markdown = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False}).enable("table")
_TAGS = {"p", "br", "hr", "strong", "em", "b", "i", "u", "s", "del", "ins", "code", "pre", "blockquote",
         "ul", "ol", "li", "a", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "img",
         "span", "sub", "sup", "abbr"}
_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "abbr": {"title"}, "th": {"scope"},
               "ol": {"start"}}


def render_markdown(text: str | None) -> Markup:
    """Organizer-written Markdown as safe HTML."""
    tokens = _markdown.parse(text or "")
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 2, 6)}"
    html = _markdown.renderer.render(tokens, _markdown.options, {})
    return Markup(nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                            link_rel="noopener noreferrer nofollow"))


def label(kind: str, code: str | None) -> str:
    return str(LABELS[kind].get(code, code or ""))


def zone_label(zone: str) -> str:
    return str(ZONE_LABELS.get(zone, zone.replace("_", " ")))


def _locale() -> str:
    try:
        return str(get_locale() or "es")
    except RuntimeError:
        return "es"


def date_label(day: date, pattern: str = "EEEE d 'de' MMMM 'de' y") -> str:
    """`martes 15 de septiembre de 2020` (English when the visitor chose English)."""
    if _locale() == "en":
        pattern = "EEEE, MMMM d, y" if "y" in pattern else "EEEE, MMMM d"
    return format_date(day, pattern, locale=_locale())


def capfirst(text: str) -> str:
    """The first letter upper-case, the rest untouched: "friday, December 4" stays "Friday, December 4" (Jinja's
    `capitalize` lower-cases the rest and wrote "Friday, december 4" in English)."""
    text = str(text or "")
    return text[:1].upper() + text[1:]


def month_label(day: date) -> str:
    return capfirst(format_date(day, "LLLL 'de' y" if _locale() != "en" else "LLLL y", locale=_locale()))


def utc_offset(local: datetime) -> str:
    """`UTC−05:00` for an aware datetime."""
    offset = local.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "−"
    minutes = abs(minutes)
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def iso_utc(instant: datetime) -> str:
    return instant.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class SessionView:
    """One session as a page shows it: local day, times and zone, machine-readable instants."""

    id: int | None
    number: int
    title: str | None
    day: date
    day_label: str
    start: str  # "10:00"
    end: str  # "12:00", with "(+1 día)" when it ends another day
    offset: str
    starts_iso: str
    ends_iso: str
    venue: str | None = None
    people: list = field(default_factory=list)
    is_past: bool = False
    all_day: bool = False  # whole days: the page says "todo el día" instead of hours
    until: str | None = None  # an all-day session's last day when it lasts several ("27 de enero")


def session_views(event, now: datetime | None = None, zone: str | None = None) -> list[SessionView]:
    """The event's sessions in `zone` (default the event's), numbered in order."""
    zone = zone or event.timezone
    by_session: dict[int, list] = {}
    for person in event.people:
        if person.session_id is not None:
            by_session.setdefault(person.session_id, []).append(person)
    views = []
    for number, item in enumerate(sorted(event.sessions, key=lambda s: s.starts_at), start=1):
        start, end = to_local(item.starts_at, zone), to_local(item.ends_at, zone)
        end_text = end.strftime("%H:%M")
        if end.date() != start.date():
            end_text += " (" + date_label(end.date(), "d 'de' MMMM") + ")"
        if item.is_all_day:  # the days are the event's own, whatever zone the page shows
            start = to_local(item.starts_at, event.timezone)
        views.append(SessionView(
            id=item.id, number=number, title=item.title, day=start.date(), day_label=date_label(start.date()),
            start=start.strftime("%H:%M"), end=end_text, offset=utc_offset(start),
            starts_iso=iso_utc(item.starts_at), ends_iso=iso_utc(item.ends_at), venue=item.venue,
            people=by_session.get(item.id, []), is_past=bool(now and item.ends_at < now),
            all_day=bool(item.is_all_day), until=all_day_until(item, event.timezone)))
    return views


def all_day_until(item, zone: str) -> str | None:
    """The last day of an all-day session that lasts several days ("27 de enero de 2027"), else None."""
    if not item.is_all_day:
        return None
    first = to_local(item.starts_at, zone).date()
    last = to_local(item.ends_at, zone).date() - timedelta(days=1)
    return date_label(last, "d 'de' MMMM 'de' y") if last > first else None


def next_session(event, now: datetime):
    """The first session not yet ended (or the last one)."""
    ordered = sorted(event.sessions, key=lambda s: s.starts_at)
    for item in ordered:
        if item.ends_at >= now:
            return item
    return ordered[-1] if ordered else None


# --- times as mails and notices write them (Spanish, in the event's zone) ---------------------------------

MAIL_LOCALE = "es_MX"


def session_when(starts_at, ends_at, zone: str, all_day: bool = False) -> str:
    """'martes 15 de septiembre de 2020, de 10:00 a 12:00 (hora de México (Ciudad de México), GMT-05:00)';
    for an all-day session 'martes 15 de septiembre de 2020, todo el día' (or 'del … al …, todo el día')."""
    start, end = to_local(starts_at, zone), to_local(ends_at, zone)
    day = format_datetime(start, "EEEE d 'de' MMMM 'de' y", locale=MAIL_LOCALE)
    if all_day:
        return all_day_text(start, end, MAIL_LOCALE)
    if end.date() == start.date():
        span = f"de {start:%H:%M} a {end:%H:%M}"
    else:
        until = format_datetime(end, "EEEE d 'de' MMMM, HH:mm", locale=MAIL_LOCALE)
        span = f"{start:%H:%M} al {until}"
    where = get_timezone_location(start.tzinfo, locale="es")  # es_MX's CLDR data says "hora de verano"
    return f"{day}, {span} ({where}, {format_datetime(start, 'ZZZZ', locale=MAIL_LOCALE)})"


def all_day_text(start, end, locale: str) -> str:
    """An all-day session's days, from its local midnights: 'jueves 25 de enero de 2027, todo el día' or
    'del lunes 25 al miércoles 27 de enero de 2027, todo el día'."""
    last = end - timedelta(days=1)
    if last.date() <= start.date():
        return format_datetime(start, "EEEE d 'de' MMMM 'de' y", locale=locale) + ", todo el día"
    first_day = format_datetime(start, "EEEE d", locale=locale)
    last_day = format_datetime(last, "EEEE d 'de' MMMM 'de' y", locale=locale)
    return f"del {first_day} al {last_day}, todo el día"
