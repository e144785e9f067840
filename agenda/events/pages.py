"""View helpers shared by the events pages: pagination, grouping by day, the month grid."""
import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from math import ceil

from flask import request, url_for
from flask_babel import gettext as _

from ..domain import DomainError
from ..timeutil import to_local
from ..web_input import ascii_number
from . import display

MAX_PAGE = 100000


def page_number(param: str = "page", args=None) -> int:
    """The page asked for in the query string (`args`, by default the request's): ASCII digits from 1 to
    MAX_PAGE, else DomainError 400 (a bigger number would overflow the database's OFFSET)."""
    number = ascii_number((request.args if args is None else args).get(param, "1"))
    if number is None or not 1 <= number <= MAX_PAGE:
        raise DomainError(_("El número de página no es válido."), "invalid_parameter", status=400, field=param)
    return number


@dataclass
class Pagination:
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page))

    def url(self, page: int) -> str:
        args = {k: v for k, v in request.args.items() if k != "page"}
        if page > 1:
            args["page"] = page
        return url_for(request.endpoint, **(request.view_args or {}), **args)

    @property
    def prev_url(self) -> str | None:
        return self.url(self.page - 1) if self.page > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.url(self.page + 1) if self.page < self.pages else None


@dataclass
class EventCard:
    """An event in a list: the session that places it on a day, shown in the event's zone."""

    event: object
    session_number: int
    session_count: int
    start: str
    end: str
    zone: str
    day: date
    starts_iso: str
    ends_iso: str
    all_day: bool = False  # whole days: "todo el día" instead of hours
    until: str | None = None  # the last day of a several-day all-day session


def event_card(event, item) -> EventCard:
    ordered = sorted(event.sessions, key=lambda s: s.starts_at)
    start, end = to_local(item.starts_at, event.timezone), to_local(item.ends_at, event.timezone)
    return EventCard(event=event, session_number=ordered.index(item) + 1, session_count=len(ordered),
                     start=start.strftime("%H:%M"), end=end.strftime("%H:%M"), zone=event.timezone,
                     day=start.date(), starts_iso=display.iso_utc(item.starts_at),
                     ends_iso=display.iso_utc(item.ends_at), all_day=bool(item.is_all_day),
                     until=display.all_day_until(item, event.timezone))


def group_by_day(events, now: datetime, use_next: bool = True,
                 keep_order: bool = False) -> list[tuple[date, str, list[EventCard]]]:
    """Events under the local day of their next session (or first, for the archive), days in order; with
    `keep_order` (results by relevance) days and cards stay in the order of `events`, best first."""
    groups: dict[date, list[EventCard]] = {}
    for event in events:
        ordered = sorted(event.sessions, key=lambda s: s.starts_at)
        if not ordered:
            continue
        item = display.next_session(event, now) if use_next else ordered[0]
        card = event_card(event, item)
        groups.setdefault(card.day, []).append(card)
    if keep_order:
        return [(day, display.date_label(day), cards) for day, cards in groups.items()]
    days = sorted(groups, reverse=not use_next)
    return [(day, display.date_label(day), sorted(groups[day], key=lambda c: c.starts_iso)) for day in days]


@dataclass
class MonthDay:
    day: date
    in_month: bool
    is_today: bool
    cards: list[EventCard] = field(default_factory=list)


def month_grid(year: int, month: int, events, today: date) -> list[list[MonthDay]]:
    """Weeks (Monday first) of the month; each day holds the sessions on that local day."""
    by_day: dict[date, list[EventCard]] = {}
    for event in events:
        for item in event.sessions:
            card = event_card(event, item)
            if card.day.year == year and card.day.month == month:
                by_day.setdefault(card.day, []).append(card)
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append([MonthDay(day=d, in_month=d.month == month, is_today=d == today,
                               cards=sorted(by_day.get(d, []), key=lambda c: c.starts_iso)) for d in week])
    return weeks


def month_bounds(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    return first, last


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())
