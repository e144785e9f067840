"""/embed pages (framed by the bodies' websites) and the organizers' "embed the agenda" page.

The framed pages never read or write a cookie: the visitor is anonymous there whatever their session on
this site, the registration form carries a signed form token instead of the session's CSRF token, and its
POST is checked for Origin (tokens.py, origins.py). Registration goes through registration.services.register,
like the site's own form. These are the only pages that may be framed (security.allow_framing)."""
import re

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import AnonymousUserMixin, current_user, login_required
from sqlalchemy import select

from ..catalog.models import Organization
from ..catalog.services import organization_by_acronym, organizations, states
from ..domain import DomainError
from ..events.models import Event
from ..events.queries import eager_options, list_events, parse_filters
from ..events.services import can_view
from ..extensions import csrf, db, limiter
from ..forms import EmptyForm
from ..registration import services as registration
from ..registration.forms import HONEYPOT_FIELD, RegistrationForm, put_errors_on_form, values_from_form
from ..registration.links import self_service_url
from ..registration.locking import commit_or_busy
from ..registration.mails import session_lines
from ..registration.notice import notice_html
from ..registration.privacy import privacy_notice
from ..registration.seats import registration_window, seat_counts
from ..registration.validation import RegistrationValidationError
from ..security import allow_framing
from . import origins, services, tokens

bp = Blueprint("embed", __name__)


def _registration_limit() -> str:
    return current_app.config["RATELIMIT_REGISTRATION"]


# The same budget per client address as the site's form and the API (same limiter scope "registration").
limit_registrations = limiter.shared_limit(_registration_limit, scope="registration", methods=["POST"])

DEFAULT_ACCENT = "#8a1538"
ACCENT = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
DEFAULT_LIMIT, MAX_LIMIT = 10, 50
REFUSALS = {
    "origin": lambda: _("Este formulario solo puede enviarse desde la agenda insertada en el sitio del "
                        "organismo. Recargue la página e inténtelo de nuevo."),
    "missing": lambda: _("Falta la clave del formulario: recargue la página e inténtelo de nuevo."),
    "invalid": lambda: _("La clave del formulario no es válida para este evento: recargue la página e "
                         "inténtelo de nuevo."),
    "expired": lambda: _("El formulario caducó: recargue la página y envíelo de nuevo."),
}


def _anonymous():
    """Who the framed pages act for: nobody (no cookie is read there), so only public events show."""
    return AnonymousUserMixin()


def embed_options() -> dict:
    """Accent colour, language and list length chosen in the snippet, validated (bad values: defaults)."""
    accent = request.args.get("accent", "")
    lang = request.args.get("lang", "")
    try:
        limit = min(max(int(request.args.get("limit", DEFAULT_LIMIT)), 1), MAX_LIMIT)
    except ValueError:
        limit = DEFAULT_LIMIT
    return {"accent": accent if ACCENT.fullmatch(accent) else DEFAULT_ACCENT,
            "lang": lang if lang in ("es", "en") else "es", "limit": limit}


def _framed(body: str, status: int, organization) -> object:
    response = current_app.make_response((body, status))
    response.headers["Cache-Control"] = "no-store"
    return allow_framing(response, origins.frame_ancestors(organization))


@bp.get("/embed/agenda")
def agenda():
    """Upcoming events matching the agenda's filters (organization=IACIP, state, type, theme...)."""
    options = embed_options()
    try:
        filters = parse_filters(request.args)
    except DomainError as error:
        return _framed(render_template("embed/message.html", options=options, message=error.message), 400, None)
    organization = organization_by_acronym(db.session, filters.organization) if filters.organization else None
    events, total = list_events(db.session, filters, _anonymous(), per_page=options["limit"], upcoming_only=True)
    counts = seat_counts(db.session, events)
    items = [{"event": event, "counts": counts[event.id], "window": registration_window(event),
              "sessions": session_lines(event)} for event in events]
    query = {k: v for k, v in {**filters.to_query_args(), "accent": options["accent"], "lang": options["lang"],
                               "limit": options["limit"]}.items()}
    agenda_url = url_for("events.agenda", _external=False, **filters.to_query_args())
    return _framed(render_template("embed/agenda.html", options=options, items=items, total=total,
                                   organization=organization, agenda_url=agenda_url, query=query), 200,
                   organization)


def _public_event(event_id: int) -> Event:
    event = db.session.scalar(select(Event).where(Event.id == event_id).options(*eager_options()))
    if event is None or not can_view(_anonymous(), event):
        abort(404)
    return event


def _form_page(event: Event, form, questions, options, status: int = 200, **extra):
    counts = seat_counts(db.session, [event])[event.id]
    body = render_template(
        "embed/register.html", event=event, form=form, questions=questions, counts=counts, options=options,
        window=registration_window(event), sessions=session_lines(event),
        notice=notice_html(privacy_notice(event)), honeypot=HONEYPOT_FIELD,
        form_token=tokens.make_form_token(event.id),
        question_errors=extra.pop("question_errors", {}), answers=extra.pop("answers", {}),
        back_url=request.args.get("back") if _is_embed_path(request.args.get("back")) else None, **extra)
    return _framed(body, status, event.organization)


def _is_embed_path(path: str | None) -> bool:
    return bool(path) and path.startswith("/embed/") and not path.startswith("//") and "\\" not in path


def _form():
    form = RegistrationForm(meta={"csrf": False})  # no session in a frame: the form token stands in (tokens.py)
    form.fill_choices(states(db.session), organizations(db.session))
    return form


@bp.route("/embed/eventos/<int:event_id>/registro", methods=["GET", "POST"])
@csrf.exempt  # the session-bound CSRF token cannot work without cookies; see tokens.py and origins.py
@limit_registrations
def register(event_id: int):
    options = embed_options()
    event = _public_event(event_id)
    questions = registration.event_questions(db.session, event.id)
    form = _form()
    if request.method == "GET":
        return _form_page(event, form, questions, options, 200 if registration_window(event).is_open else 410)
    answers = {f"q_{q.id}": request.form.get(f"q_{q.id}", "") for q in questions}
    refusal = None if origins.post_origin_allowed(event.organization) else "origin"
    refusal = refusal or tokens.check_form_token(request.form.get("form_token"), event.id)
    if refusal:
        return _form_page(event, form, questions, options, 403 if refusal == "origin" else 400, answers=answers,
                          form_error=REFUSALS[refusal]())
    if request.form.get(HONEYPOT_FIELD):
        return _form_page(event, form, questions, options, 400, answers=answers,
                          form_error=_("No pudimos procesar el formulario. Si usted es una persona, deje vacío "
                                       "el campo «Deje este campo vacío» y envíelo de nuevo."))
    values = values_from_form(form, request.form, questions)
    try:
        result = registration.register(db.session, event.id, values, source="form", actor=_anonymous())
        commit_or_busy(db.session)
    except RegistrationValidationError as error:
        db.session.rollback()
        question_errors = put_errors_on_form(form, error.errors)
        return _form_page(event, form, questions, options, 422, question_errors=question_errors,
                          answers=answers, form_error=_("Revise los datos marcados."))
    except DomainError as error:
        if error.status not in (404, 409, 410):
            raise
        db.session.rollback()
        return _form_page(event, form, questions, options, error.status, answers=answers,
                          form_error=error.message)
    body = render_template("embed/confirmation.html", event=event, options=options, status=result.status,
                           position=result.waitlist_position, email=result.email,
                           manage_url=self_service_url(result.token), sessions=session_lines(event))
    return _framed(body, 201, event.organization)


@bp.route("/embed/codigo", methods=["GET", "POST"])
@login_required
def snippet():
    """Where an organizer copies the snippet for their body (admins: any body) and lists the body's sites."""
    if not current_user.is_organizer:
        abort(403)
    acronym = request.args.get("organization") or (current_user.organization.acronym
                                                    if current_user.organization else None)
    organization = organization_by_acronym(db.session, acronym) if acronym else None
    if organization is None:
        if not current_user.is_admin:
            abort(403)
        organization = db.session.scalar(select(Organization).order_by(Organization.acronym))
    if not services.can_manage_embedding(current_user, organization):
        abort(403)
    form = EmptyForm()
    error, saved, status = None, False, 200
    origins_text = "\n".join(origins.body_origins(organization))
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        origins_text = request.form.get("embed_origins", "")
        try:
            services.set_embed_origins(db.session, current_user, organization, origins_text)
            db.session.commit()
            saved, origins_text = True, "\n".join(origins.body_origins(organization))
        except DomainError as refused:
            db.session.rollback()
            error, status = refused.message, refused.status
    base = current_app.config["AGENDA_BASE_URL"].rstrip("/")
    return render_template(
        "embed/snippet.html", organization=organization, form=form, error=error, saved=saved,
        origins_text=origins_text, base=base, accent=DEFAULT_ACCENT,
        bodies=organizations(db.session) if current_user.is_admin else [],
        preview_url=url_for("embed.agenda", organization=organization.acronym)), status
