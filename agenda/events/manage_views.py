"""Organizer pages: my events, create, edit, duplicate, publish/postpone/cancel, delete drafts.

Organizers edit only their body's (or co-organized) events, admins all; others get 403 and anonymous
visitors the login page."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from ..accounts.access import organizer_required
from ..catalog import services as catalog
from ..domain import DomainError, Forbidden
from ..extensions import db
from ..forms import EmptyForm
from . import pages, services
from .agenda_views import load_event
from .blueprint import bp
from .forms import EventForm, FormValues, StatusForm, fill_from_event, place_errors
from .services import EventValidationError
from .themes import available_themes
from .validation import default_timezone

MANAGE_PER_PAGE = 30


@bp.get("/mis-eventos")
@organizer_required
def manage():
    show = request.args.get("mostrar", "proximos")
    if show not in ("proximos", "pasados", "borradores", "todos"):
        show = "proximos"
    page = pages.page_number()
    events, total = services.events_for_manager(db.session, current_user, show=show, page=page,
                                                per_page=MANAGE_PER_PAGE)
    rows = [(event, pages.event_card(event, event.sessions[0]) if event.sessions else None) for event in events]
    return render_template("events/manage.html", rows=rows, show=show, total=total,
                           pagination=pages.Pagination(page, MANAGE_PER_PAGE, total))


def _prepare_form(form: EventForm, organization) -> None:
    form.set_choices(available_themes(db.session), catalog.organizations(db.session), catalog.states(db.session),
                     default_timezone(organization))
    # The organizing body is not its own co-organizer (the service drops it anyway): not offered.
    organizer = form.organization.data or (organization.acronym if organization is not None else None)
    form.co_organizers.choices = [(code, text) for code, text in form.co_organizers.choices if code != organizer]


@bp.route("/eventos/nuevo", methods=["GET", "POST"])
@organizer_required
def create():
    form = EventForm()
    if request.method == "GET":
        form.timezone.data = default_timezone(current_user.organization)
        if current_user.organization is not None:
            form.organization.data = current_user.organization.acronym
            form.scope.data = "national" if current_user.organization.is_national else "state"
    return _edit_page(form, None)


@bp.route("/eventos/<int:event_id>/editar", methods=["GET", "POST"])
@login_required
def edit(event_id: int):
    event = load_event(event_id)
    if not services.can_edit(current_user, event):
        raise Forbidden(_("Solo el organismo organizador, sus coorganizadores o la administración pueden "
                          "editar este evento."))
    form = EventForm()
    if request.method == "GET":
        fill_from_event(form, event)
    return _edit_page(form, event)


def _edit_page(form: EventForm, event):
    loose_errors: list[str] = []
    if request.method == "POST" and form.validate_on_submit():
        built = FormValues(form, is_admin=current_user.is_admin, creating=event is None)
        creating = event is None
        try:
            saved = services.save_event(db.session, built.values, current_user, event)
            if built.errors:
                raise EventValidationError(dict(built.errors))
            publish = "publish" in request.form and saved.status == "draft"
            if publish:
                services.change_status(db.session, saved, current_user, "published")
        except EventValidationError as error:
            db.session.rollback()
            errors = dict(built.errors)
            failing_rows = {k.split("]")[0] for k in errors if k.startswith("sessions[")}
            for key, message in error.errors.items():
                if key not in errors and key.split("]")[0] not in failing_rows:
                    errors[key] = message
            loose_errors = place_errors(form, errors, built.session_rows, built.people_rows)
            if event is not None:
                event = load_event(event.id)
        else:
            clashes = services.find_clashes(db.session, saved)
            db.session.commit()
            flash(_("Evento publicado.") if publish else
                  (_("Borrador guardado.") if creating and saved.status == "draft" else _("Cambios guardados.")),
                  "success")
            _flash_clashes(clashes)
            if publish:  # what the organizer wants to see next is the event as people will see it
                return redirect(url_for("events.detail", event_id=saved.id, slug=saved.slug))
            return redirect(url_for("events.edit", event_id=saved.id))
    elif request.method == "POST":
        loose_errors = [_("El formulario caducó o no trae su código de seguridad. Recargue la página e "
                          "inténtelo de nuevo.")] if "csrf_token" in form.errors else [_("Revise los datos.")]
    form.add_blank_rows()
    _prepare_form(form, event.organization if event is not None else current_user.organization)
    has_errors = bool(loose_errors) or _has_field_errors(form)
    return render_template(
        "events/form.html", form=form, event=event, loose_errors=loose_errors, has_errors=has_errors,
        status_form=StatusForm(), action_form=EmptyForm(),
        can_change_organization=current_user.is_admin,
        own_organization=current_user.organization,
    ), (422 if has_errors else 200)


def _has_field_errors(form) -> bool:
    def walk(field):
        if getattr(field, "errors", None) and isinstance(field.errors, list) and any(
                isinstance(e, str) for e in field.errors):
            return True
        entries = getattr(field, "entries", None)
        if entries:
            return any(walk(sub) for entry in entries for sub in entry.form)
        return False

    return any(walk(field) for field in form)


def _flash_clashes(clashes) -> None:
    """A warning when the saved event overlaps another body's event it shares people or bodies with."""
    if not clashes:
        return
    reasons = {"person": _("comparten a %(x)s"), "organization": _("comparten el organismo %(x)s"),
               "national": _("ambos son de alcance nacional")}
    seen, parts = set(), []
    for clash in clashes:
        key = (clash.event.id, clash.reason, clash.detail)
        if key in seen:
            continue
        seen.add(key)
        parts.append(_("«%(title)s» (%(org)s): %(why)s", title=clash.event.title,
                       org=clash.event.organization.acronym, why=reasons[clash.reason] % {"x": clash.detail}))
    flash(ngettext("Atención: este evento coincide en horario con otro: %(list)s. Revise la vista de "
                   "coordinación.", "Atención: este evento coincide en horario con %(num)d eventos: %(list)s. "
                   "Revise la vista de coordinación.", len({p for p in parts}), list="; ".join(parts[:5])),
          "warning")


@bp.post("/eventos/<int:event_id>/estado")
@login_required
def change_status(event_id: int):
    event = load_event(event_id)
    form = StatusForm()
    if not form.validate_on_submit():
        flash(_("El formulario caducó. Inténtelo de nuevo."), "error")
        return redirect(url_for("events.edit", event_id=event.id))
    try:
        services.change_status(db.session, event, current_user, form.status.data or "", form.reason.data)
    except EventValidationError as error:
        db.session.rollback()
        flash(next(iter(error.errors.values())), "error")
        return redirect(url_for("events.edit", event_id=event_id) + "#estado")
    except Forbidden:
        raise
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("events.edit", event_id=event_id) + "#estado")
    db.session.commit()
    messages = {"published": _("Evento publicado."), "postponed": _("El evento quedó como pospuesto."),
                "cancelled": _("El evento quedó cancelado.")}
    flash(messages.get(event.status, _("Estado actualizado.")), "success")
    if event.status == "published":
        return redirect(url_for("events.detail", event_id=event.id, slug=event.slug))
    return redirect(url_for("events.edit", event_id=event.id))


@bp.post("/eventos/<int:event_id>/duplicar")
@login_required
def duplicate(event_id: int):
    event = load_event(event_id)
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("events.edit", event_id=event.id))
    copy = services.duplicate_event(db.session, event, current_user)
    db.session.commit()
    flash(_("Se creó un borrador de la siguiente edición, con las sesiones 52 semanas después. Ajuste las "
            "fechas y publíquelo."), "success")
    return redirect(url_for("events.edit", event_id=copy.id))


@bp.post("/eventos/<int:event_id>/borrar")
@login_required
def delete(event_id: int):
    event = load_event(event_id)
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("events.edit", event_id=event.id))
    try:
        services.delete_draft(db.session, event, current_user)
    except Forbidden:
        raise
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("events.edit", event_id=event_id))
    db.session.commit()
    flash(_("Borrador eliminado."), "success")
    return redirect(url_for("events.manage"))
