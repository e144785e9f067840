"""Public pages: the agenda (upcoming, by day), the month calendar, the archive and the event page."""
from datetime import date
from urllib.parse import urlencode

from flask import abort, has_request_context, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ..catalog import services as catalog
from ..domain import DomainError
from ..extensions import db, login_manager
from ..timeutil import to_local, utcnow
from . import display, pages, search, services
from .blueprint import bp
from .models import EVENT_TYPES, Event
from .queries import (
    EventFilters,
    eager_options,
    events_for_calendar,
    list_events,
    parse_filters,
    visible_condition,
)
from .themes import available_themes

PER_PAGE = 20


def _filters_or_error(ignore: tuple[str, ...] = ()) -> tuple[EventFilters, dict[str, str]]:
    """The filters from the URL (less the `ignore`d names); a bad one is reported next to its field (400)."""
    args = {name: value for name, value in request.args.items() if name not in ignore} if ignore else request.args
    try:
        return parse_filters(args), {}
    except DomainError as error:
        return EventFilters(), {error.field or "q": error.message}


def _filter_choices() -> dict:
    return {
        "types": [(code, display.label("type", code)) for code in EVENT_TYPES],
        "themes": available_themes(db.session),
        "regions": [(r.slug, r.name) for r in catalog.regions(db.session)],
        "states": [(s.code, s.name) for s in catalog.states(db.session)],
        "organizations": [(o.acronym, o.acronym) for o in catalog.organizations(db.session)],
        "modalities": list(display.MODALITY_LABELS.items()),
    }


def _list_page(template: str, past: bool):
    filters, errors = _filters_or_error()
    page = pages.page_number()
    events, total = ([], 0) if errors else list_events(
        db.session, filters, current_user, page=page, per_page=PER_PAGE, upcoming_only=not past, past_only=past)
    now = utcnow()
    suggestion = None
    if filters.q and not total and not errors:
        suggestion = search.suggestion(db.session, filters.q, visible_condition(current_user))
    return render_template(
        template, groups=pages.group_by_day(events, now, use_next=not past, keep_order=filters.by_relevance()),
        total=total, suggestion=suggestion,
        suggestion_query=urlencode({**filters.to_query_args(), "q": suggestion}) if suggestion else "",
        pagination=pages.Pagination(page, PER_PAGE, total), filters=filters, filter_errors=errors,
        choices=_filter_choices(), feed_query=urlencode(filters.to_query_args()),
        args=request.args,
    ), (400 if errors else 200)


@bp.app_template_filter("capfirst")
def capfirst_filter(text: str | None) -> str:
    return display.capfirst(text or "")


@bp.app_template_filter("highlight")
def highlight_filter(text: str | None, q: str | None = None):
    """Escaped `text` with the words matching the search `q` marked."""
    return search.highlight(text, q)


@bp.get("/agenda")
def agenda():
    return _list_page("events/agenda.html", past=False)


@bp.get("/agenda/pasados")
def archive():
    return _list_page("events/archive.html", past=True)


@bp.get("/agenda/mes")
@bp.get("/agenda/mes/<int:year>/<int:month>")
def calendar_month(year: int | None = None, month: int | None = None):
    today = to_local(utcnow(), _site_zone()).date()
    if year is None or month is None:
        year, month = today.year, today.month
    if not (1 <= month <= 12 and 1900 <= year <= 2200):
        abort(404)
    # The month is the range: a "Desde/Hasta" on top of it only confused (the form no longer offers one).
    filters, errors = _filters_or_error(ignore=("from", "to"))
    first, last = pages.month_bounds(year, month)
    events = [] if errors else events_for_calendar(db.session, filters, current_user, first, last)
    query = urlencode(filters.to_query_args())
    prev_year, prev_month = pages.shift_month(year, month, -1)
    next_year, next_month = pages.shift_month(year, month, 1)
    suffix = f"?{query}" if query else ""
    return render_template(
        "events/calendar_month.html", weeks=pages.month_grid(year, month, events, today),
        month_label=display.month_label(first), year=year, month=month, filters=filters, filter_errors=errors,
        choices=_filter_choices(), args=request.args, feed_query=query,
        prev_url=url_for("events.calendar_month", year=prev_year, month=prev_month) + suffix,
        next_url=url_for("events.calendar_month", year=next_year, month=next_month) + suffix,
        today_url=url_for("events.calendar_month") + suffix,
        weekday_names=[display.capfirst(display.date_label(date(2024, 1, d), "EEEE")) for d in range(1, 8)],
        day_label=display.date_label, event_count=len(events), today=today,
    ), (400 if errors else 200)


def _site_zone() -> str:
    from flask import current_app

    return current_app.config.get("AGENDA_TIMEZONE") or "America/Mexico_City"


def load_event(event_id: int) -> Event:
    event = db.session.scalar(select(Event).where(Event.id == event_id).options(*eager_options()))
    if event is None:
        abort(404)
    return event


@bp.get("/eventos/<int:event_id>")
@bp.get("/eventos/<int:event_id>-<slug>")
def detail(event_id: int, slug: str | None = None):
    event = load_event(event_id)
    if not services.can_view(current_user, event):
        if not current_user.is_authenticated and event.status != "draft":
            return login_manager.unauthorized()
        abort(404)
    if slug != event.slug:
        return redirect(url_for("events.detail", event_id=event.id, slug=event.slug), 301)
    now = utcnow()
    sessions = display.session_views(event, now)
    general_people = [p for p in event.people if p.session_id is None]
    return render_template(
        "events/detail.html", event=event, sessions=sessions, general_people=general_people,
        can_edit=services.can_edit(current_user, event), is_past=bool(event.last_ends_at and event.last_ends_at < now),
        zone_label=display.zone_label(event.timezone),
    )


@bp.app_context_processor
def home_agenda():
    """The home page's "today" and "upcoming" lists (computed here, before the template renders)."""
    if not has_request_context() or request.endpoint != "site.home":
        return {}
    now = utcnow()
    events, total = list_events(db.session, EventFilters(), current_user, per_page=12, upcoming_only=True)
    today = to_local(now, _site_zone()).date()
    groups = pages.group_by_day(events, now)
    return {"home_today": [card for day, _label, cards in groups if day == today for card in cards],
            "home_groups": [g for g in groups if g[0] != today][:5], "home_total": total,
            "home_today_label": display.date_label(today)}
