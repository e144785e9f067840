"""Calendar URLs (docs/api.md, Calendars), the "Mis calendarios" page and the subscription help page."""
from urllib.parse import urlencode

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..catalog.services import organization_by_acronym, organizations, regions, states
from ..domain import DomainError
from ..events.display import MODALITY_LABELS, TYPE_LABELS
from ..events.models import Event
from ..events.queries import EventFilters, filter_events_query, parse_filters
from ..events.themes import available_themes
from ..extensions import db
from ..forms import EmptyForm
from ..security import is_safe_next
from ..timeutil import to_local, utcnow
from . import links, services
from .forms import FeedFilterForm, FollowForm, TokenForm
from .responses import feed_response, gone_response
from .selection import event_spec, organization_spec, personal_spec, public_spec

bp = Blueprint("feeds", __name__)

FEED_FILTER_PARAMS = ("type", "theme", "region", "state", "organization", "modality", "q")


def _base_url() -> str:
    return current_app.config["AGENDA_BASE_URL"].rstrip("/")


# --- feeds ---------------------------------------------------------------------------------------------------

@bp.get("/calendario.ics")
def public_ics():
    filters = parse_filters({k: v for k, v in request.args.items() if k in FEED_FILTER_PARAMS})
    return feed_response(public_spec(filters, _base_url()))


@bp.get("/organismos/<acronym>/calendario.ics")
def organization_ics(acronym: str):
    organization = organization_by_acronym(db.session, acronym)
    if organization is None:
        abort(404)
    return feed_response(organization_spec(organization, _base_url()))


@bp.get("/eventos/<int:event_id>.ics")
def event_ics(event_id: int):
    event = db.session.scalar(filter_events_query(EventFilters(), current_user).where(Event.id == event_id))
    if event is None:
        abort(404)
    return feed_response(event_spec(event, current_user, _base_url()))


@bp.get("/calendario/<secret>.ics")
def personal_ics(secret: str):
    user = services.resolve_token(db.session, secret)
    if user is None:
        if services.is_retired_secret(db.session, secret):
            return gone_response()
        abort(404)
    db.session.commit()  # the last-use mark
    return feed_response(personal_spec(db.session, user))


# --- pages ---------------------------------------------------------------------------------------------------

def _filter_choices(form: FeedFilterForm) -> None:
    everything = [("", _("Todos"))]
    form.type.choices = everything + [(code, str(label)) for code, label in TYPE_LABELS.items()]
    form.theme.choices = everything + available_themes(db.session)
    form.region.choices = everything + [(r.slug, r.name) for r in regions(db.session)]
    form.state.choices = everything + [(s.code, s.name) for s in states(db.session)]
    form.organization.choices = everything + [(o.acronym, f"{o.acronym} — {o.name}")
                                              for o in organizations(db.session)]
    form.modality.choices = everything + [(code, str(label)) for code, label in MODALITY_LABELS.items()]


@bp.get("/suscribirse")
def subscribe():
    """How to subscribe in Google Calendar, Outlook, Apple Calendar and Thunderbird, with the URL to copy."""
    form = FeedFilterForm(formdata=request.args)
    _filter_choices(form)
    status, error = 200, None
    try:
        filters = parse_filters({k: v for k, v in request.args.items() if k in FEED_FILTER_PARAMS})
        query = urlencode(filters.to_query_args())
    except DomainError as problem:
        status, error, query = 400, problem.message, ""
    urls = links.public_feed_urls(_base_url(), query)
    return render_template("feeds/subscribe.html", form=form, urls=urls, error=error, filtered=bool(query),
                           past_days=current_app.config["AGENDA_FEED_PAST_DAYS"]), status


def _my_calendars_page(new_secret: str | None = None, new_token=None, status: int = 200,
                       token_form: TokenForm | None = None, follow_form: FollowForm | None = None):
    user = current_user._get_current_object()
    chosen = services.followed(db.session, user)
    if follow_form is None:
        follow_form = FollowForm(formdata=None, organizations=chosen.organizations, regions=chosen.regions,
                                 types=chosen.types, themes=chosen.themes)
    follow_form.organizations.choices = [(o.acronym, f"{o.acronym} — {o.name}") for o in organizations(db.session)]
    follow_form.regions.choices = [(r.slug, r.name) for r in regions(db.session)]
    follow_form.types.choices = [(code, str(label)) for code, label in TYPE_LABELS.items()]
    follow_form.themes.choices = available_themes(db.session)
    response = render_template(
        "feeds/my_calendars.html", tokens=services.list_tokens(db.session, user), followed=chosen,
        follow_form=follow_form, token_form=token_form or TokenForm(formdata=None), action_form=EmptyForm(),
        new_secret=new_secret, new_token=new_token,
        new_urls=links.personal_feed_urls(_base_url(), new_secret) if new_secret else None)
    headers = {"Cache-Control": "no-store"} if new_secret else {}
    return response, status, headers


@bp.get("/mis-calendarios")
@login_required
def my_calendars():
    return _my_calendars_page()


@bp.post("/mis-calendarios/seguir")
@login_required
def save_followed():
    form = FollowForm()
    if not form.validate_on_submit():
        flash(_("El formulario caducó. Recargue la página e inténtelo de nuevo."), "error")
        return _my_calendars_page(status=400, follow_form=form)
    try:
        services.save_followed(db.session, current_user, form.organizations.data or [], form.regions.data or [],
                               form.types.data or [], form.themes.data or [])
    except DomainError as error:
        db.session.rollback()
        getattr(form, error.field or "organizations").errors.append(error.message)
        return _my_calendars_page(status=error.status, follow_form=form)
    db.session.commit()
    flash(_("Listo: su calendario personal seguirá lo que eligió."), "success")
    return redirect(url_for("feeds.my_calendars"))


@bp.post("/mis-calendarios/direcciones")
@login_required
def create_token():
    form = TokenForm()
    if not form.validate_on_submit():
        return _my_calendars_page(status=422 if form.errors.keys() - {"csrf_token"} else 400, token_form=form)
    try:
        services.start_with_defaults(db.session, current_user)  # a first address is never an empty feed
        token, secret = services.create_token(db.session, current_user, form.label.data)
    except DomainError as error:
        db.session.rollback()
        form.label.errors.append(error.message)
        return _my_calendars_page(status=error.status, token_form=form)
    db.session.commit()
    return _my_calendars_page(new_secret=secret, new_token=token, status=201)


@bp.post("/mis-calendarios/direcciones/<int:token_id>/nueva")
@login_required
def rotate_token(token_id: int):
    if not EmptyForm().validate_on_submit():
        abort(400)
    token, secret = services.rotate_token(db.session, current_user, token_id)
    db.session.commit()
    return _my_calendars_page(new_secret=secret, new_token=token)


@bp.post("/mis-calendarios/direcciones/<int:token_id>/revocar")
@login_required
def revoke_token(token_id: int):
    if not EmptyForm().validate_on_submit():
        abort(400)
    token = services.revoke_token(db.session, current_user, token_id)
    db.session.commit()
    flash(_("La dirección «%(label)s» quedó revocada: ya no funciona en ningún calendario.", label=token.label),
          "success")
    return redirect(url_for("feeds.my_calendars"))


@bp.post("/eventos/<int:event_id>/seguir-en-mi-calendario")
@login_required
def follow_event(event_id: int):
    if not EmptyForm().validate_on_submit():
        abort(400)
    event = services.follow_event(db.session, current_user, event_id)
    db.session.commit()
    flash(_("«%(title)s» se agregó a su calendario personal.", title=event.title), "success")
    target = request.form.get("next", "")
    return redirect(target if is_safe_next(target) else url_for("feeds.my_calendars"))


@bp.post("/mis-calendarios/eventos/<int:event_id>/dejar")
@login_required
def unfollow_event(event_id: int):
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.unfollow_event(db.session, current_user, event_id)
    db.session.commit()
    flash(_("El evento ya no está en su calendario personal."), "success")
    return redirect(url_for("feeds.my_calendars"))


# --- helpers for templates (the event page and the agenda include ours) --------------------------------------

@bp.app_template_global()
def feeds_event_links(event) -> dict:
    return links.event_calendar_links(event, _base_url(), utcnow())


@bp.app_template_global()
def feeds_agenda_urls(query_string: str | None = None) -> links.FeedUrls:
    return links.public_feed_urls(_base_url(), query_string)


@bp.app_template_global()
def feeds_subscribe_url(query_string: str | None = None) -> str:
    query = links.feed_query(query_string)
    return url_for("feeds.subscribe") + (f"?{query}" if query else "")


@bp.app_template_filter("feeds_local")
def feeds_local(instant, zone: str | None = None) -> str:
    """A naive-UTC instant as `15/09/2020 10:00` in the agenda's zone (or `zone`)."""
    if instant is None:
        return ""
    return to_local(instant, zone or current_app.config["AGENDA_TIMEZONE"]).strftime("%d/%m/%Y %H:%M")
