"""Pages: the admin's outbox (delivery health), an event's announcements and reminder settings, and the
one-click "stop reminders" link from every mail."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..accounts.access import admin_required, organizer_required
from ..domain import DomainError
from ..events.models import Event
from ..events.pages import page_number
from ..events.services import get_event
from ..extensions import csrf, db
from ..forms import EmptyForm
from ..outbox import addresses, health
from ..registration.privacy import privacy_notice as notice_text
from ..urls import has_endpoint
from . import announcements, changes, notice_models, reminders  # noqa: F401 (tables, hook)
from .formatting import markdown_html, session_when
from .forms import AnnouncementForm, ReminderSettingsForm

bp = Blueprint("notifications", __name__)

KIND_LABELS = {
    "reminder": _l("Recordatorio"), "event_changed": _l("Cambio en evento"),
    "event_cancelled": _l("Cancelación de evento"), "announcement": _l("Anuncio"),
    "registration_confirmed": _l("Confirmación de registro"), "registration_waitlisted": _l("Lista de espera"),
    "registration_promoted": _l("Lugar liberado"), "registration_cancelled": _l("Cancelación de registro"),
    "registration_link": _l("Enlace de registro"), "registrations_lookup": _l("Mis registros"),
}


@bp.app_template_filter("mail_kind")
def mail_kind(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


# --- delivery health (admins) -------------------------------------------------------------------------------

@bp.get("/admin/correo")
@admin_required
def outbox():
    filters = health.OutboxFilters.from_args(request.args, page_number())
    listing = health.list_outbox(db.session, filters)
    return render_template("notifications/outbox.html", filters=filters, form=EmptyForm(), **listing)


@bp.post("/admin/correo/<int:message_id>/reintentar")
@admin_required
def retry(message_id: int):
    if EmptyForm().validate_on_submit():
        health.retry(db.session, message_id)
        db.session.commit()
        flash(_("El mensaje %(id)d volvió a la cola; se enviará en la próxima pasada.", id=message_id), "success")
    return redirect(request.referrer if _same_site(request.referrer) else url_for("notifications.outbox"))


@bp.post("/admin/correo/reintentar-fallidos")
@admin_required
def retry_failed():
    if EmptyForm().validate_on_submit():
        count = health.retry_failed(db.session)
        db.session.commit()
        flash(_("%(n)d mensajes fallidos volvieron a la cola.", n=count), "success")
    return redirect(url_for("notifications.outbox", status="pending"))


def _same_site(target: str | None) -> bool:
    return bool(target) and target.startswith(request.host_url)


# --- an event's reminders and announcements (its organizers) ------------------------------------------------

def _editable_event(event_id: int):

    event = get_event(db.session, event_id)
    announcements.check_access(current_user, event)
    return event


def _session_choices(event) -> list[tuple[int, str]]:
    return [(item.id, (f"{item.title or _('Sesión %(n)d', n=index)} — "
                      f"{session_when(item.starts_at, item.ends_at, event.timezone).split(' (')[0]}"))
            for index, item in enumerate(event.sessions, start=1)]


@bp.route("/eventos/<int:event_id>/recordatorios", methods=["GET", "POST"])
@organizer_required
def reminder_settings(event_id: int):
    event = _editable_event(event_id)
    current = reminders.offsets_for(db.session, event.id)
    form = ReminderSettingsForm(offsets=current if request.method == "GET" else [])
    if form.validate_on_submit():
        try:
            reminders.set_offsets(db.session, event, current_user, form.offsets.data or [])
        except DomainError as error:
            form.offsets.errors.append(error.message)
        else:
            db.session.commit()
            flash(_("Recordatorios guardados."), "success")
            return redirect(url_for("notifications.reminder_settings", event_id=event.id))
    status = 422 if form.errors else 200
    return render_template("notifications/reminder_settings.html", event=event, form=form,
                           current=[reminders.offset_label(m) for m in current]), status


@bp.get("/eventos/<int:event_id>/anuncios")
@organizer_required
def announcement_list(event_id: int):
    event = _editable_event(event_id)
    rows = announcements.list_for_event(db.session, event.id)
    delivery = announcements.delivery(db.session, event.id, [a.id for a in rows if a.sent_at])
    return render_template("notifications/announcement_list.html", event=event, rows=rows, delivery=delivery,
                           audiences=announcements.AUDIENCE_LABELS)


@bp.route("/eventos/<int:event_id>/anuncios/nuevo", methods=["GET", "POST"])
@organizer_required
def announcement_new(event_id: int):
    return _compose(_editable_event(event_id), None)


@bp.route("/eventos/<int:event_id>/anuncios/<int:announcement_id>/editar", methods=["GET", "POST"])
@organizer_required
def announcement_edit(event_id: int, announcement_id: int):
    event = _editable_event(event_id)
    draft = announcements.get_announcement(db.session, event, announcement_id)
    if draft.sent_at:
        return redirect(url_for("notifications.announcement", event_id=event.id, announcement_id=draft.id))
    return _compose(event, draft)


def _compose(event, draft):
    form = AnnouncementForm(_session_choices(event), obj=draft)
    if request.method == "GET" and draft is not None:
        form.session_id.data = str(draft.session_id or "")
    if form.validate_on_submit():
        try:
            draft = announcements.save_draft(db.session, event, current_user, {
                "audience": form.audience.data, "session_id": form.session_id.data,
                "subject": form.subject.data, "body": form.body.data}, draft)
        except DomainError as error:
            db.session.rollback()
            field = getattr(form, error.field or "body", form.body)
            field.errors = list(field.errors) + [error.message]
        else:
            db.session.commit()
            return redirect(url_for("notifications.announcement", event_id=event.id, announcement_id=draft.id))
    status = 422 if form.errors else 200
    return render_template("notifications/announcement_form.html", event=event, form=form, draft=draft), status


@bp.get("/eventos/<int:event_id>/anuncios/<int:announcement_id>")
@organizer_required
def announcement(event_id: int, announcement_id: int):
    event = _editable_event(event_id)
    row = announcements.get_announcement(db.session, event, announcement_id)
    context = {"event": event, "row": row, "form": EmptyForm(), "audiences": announcements.AUDIENCE_LABELS,
               "session_label": dict(_session_choices(event)).get(row.session_id)}
    if row.sent_at is None:
        context["preview"] = announcements.preview(db.session, event, row, current_user)
    else:
        context["delivery"] = announcements.delivery(db.session, event.id, [row.id])[row.id]
    return render_template("notifications/announcement.html", **context)


@bp.get("/eventos/<int:event_id>/anuncios/<int:announcement_id>/vista.html")
@organizer_required
def announcement_preview_html(event_id: int, announcement_id: int):
    event = _editable_event(event_id)
    row = announcements.get_announcement(db.session, event, announcement_id)
    html = announcements.preview(db.session, event, row, current_user)["html"]
    return html, 200, {"Content-Type": "text/html; charset=utf-8",
                       "Content-Security-Policy": "sandbox; default-src 'none'; style-src 'unsafe-inline'"}


@bp.post("/eventos/<int:event_id>/anuncios/<int:announcement_id>/enviar")
@organizer_required
def announcement_send(event_id: int, announcement_id: int):
    event = _editable_event(event_id)
    row = announcements.get_announcement(db.session, event, announcement_id)
    if EmptyForm().validate_on_submit():
        count = announcements.send(db.session, event, row, current_user)
        db.session.commit()
        flash(_("Anuncio enviado: %(n)d correos en la cola de envío.", n=count), "success")
    return redirect(url_for("notifications.announcement", event_id=event.id, announcement_id=row.id))


# --- pages the mail footer links to ----------------------------------------------------------------------------

@bp.get("/eventos/<int:event_id>/aviso-de-privacidad")
def privacy_notice(event_id: int):
    """The organizing body's simplified privacy notice (what registrants accepted), for the mail footer."""

    event = db.session.get(Event, event_id)
    if event is None or event.status == "draft":
        abort(404)
    lookup = "registration.my_registrations"
    return render_template("notifications/privacy_notice.html", organization=event.organization,
                           notice=markdown_html(notice_text(event)),
                           lookup_url=url_for(lookup) if has_endpoint(lookup) else None)


# --- stopping reminders (anyone holding the signed link) ----------------------------------------------------

@bp.route("/recordatorios/baja/<token>", methods=["GET", "POST"])
@csrf.exempt  # the signed token is the proof; mail clients POST here for one-click unsubscribe (RFC 8058)
def stop_reminders(token: str):
    stopped = addresses.reminders_stopped(db.session, token)
    if request.method == "POST":
        addresses.set_reminders(db.session, token, wanted=False)
        db.session.commit()
        stopped = True
    return render_template("notifications/stop_reminders.html", token=token, stopped=stopped,
                           just_done=request.method == "POST")


@bp.post("/recordatorios/alta/<token>")
@csrf.exempt
def resume_reminders(token: str):
    addresses.set_reminders(db.session, token, wanted=True)
    db.session.commit()
    flash(_("Listo: volverá a recibir recordatorios de los eventos en los que se registre."), "success")
    return redirect(url_for("notifications.stop_reminders", token=token))
