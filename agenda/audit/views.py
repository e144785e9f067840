"""The audit log page (/auditoria): admins read every entry, organizers those of their body's events;
filters by event, registration, actor, kind and dates; the same list as CSV. Nothing here changes an entry."""
from datetime import date

from flask import Blueprint, current_app, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from ..accounts.access import organizer_required
from ..accounts.models import User
from ..domain import DomainError
from ..events.models import Event
from ..extensions import db
from ..spreadsheets import Sheet, download
from ..timeutil import to_local
from .services import AuditFilters, entries_query

bp = Blueprint("audit", __name__)
PAGE_SIZE = 200

FACT_LABELS = {
    "event.created": _l("Evento creado"), "event.changed": _l("Evento modificado"),
    "event.cancelled": _l("Evento cancelado"), "event.deleted": _l("Borrador eliminado"),
    "event.capacity_raised": _l("Cupo ampliado"), "organization.changed": _l("Organismo modificado"),
    "theme.changed": _l("Tema modificado"), "registration.created": _l("Registro creado"),
    "registration.changed": _l("Registro corregido"), "registration.cancelled": _l("Registro cancelado"),
    "registration.promoted": _l("Confirmado desde la lista de espera"),
    "registration.erased": _l("Datos personales eliminados"), "registration.anonymised": _l("Registros anonimizados"),
    "attendance.recorded": _l("Asistencia registrada"), "certificate.issued": _l("Constancia emitida"),
    "certificate.revoked": _l("Constancia revocada"),
}


def _int_arg(name: str, label: str) -> int | None:
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 9:
        raise DomainError(_("«%(label)s» debe ser un número.", label=label), "invalid", status=400)
    return int(raw)


def _date_arg(name: str) -> date | None:
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise DomainError(_("La fecha debe tener el formato AAAA-MM-DD."), "invalid", status=400) from None


def _filters() -> AuditFilters:
    actor = (request.args.get("actor") or "").strip() or None
    if actor and actor not in ("person", "system") and not (actor.isdigit() and len(actor) <= 9):
        raise DomainError(_("Quién: elija una cuenta, «la persona» o «el sistema»."), "invalid", status=400)
    fact = (request.args.get("tipo") or "").strip() or None
    if fact and fact not in FACT_LABELS:
        raise DomainError(_("Ese tipo de registro no existe."), "invalid", status=400)
    return AuditFilters(event_id=_int_arg("evento", _("Evento")), registration_id=_int_arg("registro", _("Registro")),
                        actor=actor, fact=fact, since=_date_arg("desde"), until=_date_arg("hasta"))


def _rows(filters: AuditFilters, limit: int | None):
    zone = current_app.config["AGENDA_TIMEZONE"]
    query = entries_query(current_user, filters, zone)
    if limit:
        query = query.limit(limit)
    entries = list(db.session.scalars(query))
    user_ids = {entry.actor_id for entry in entries if entry.actor_id}
    names = dict(db.session.execute(select(User.id, User.name).where(User.id.in_(user_ids))).all()) if user_ids else {}
    event_ids = {entry.event_id for entry in entries if entry.event_id}
    titles = dict(db.session.execute(select(Event.id, Event.title).where(Event.id.in_(event_ids))).all()) \
        if event_ids else {}
    rows = []
    for entry in entries:
        if entry.actor_kind == "user":
            actor = names.get(entry.actor_id) or _("Cuenta %(id)s (eliminada)", id=entry.actor_id)
        elif entry.actor_kind == "person":
            actor = _("La persona (formulario o su enlace)")
        else:
            actor = _("El sistema")
        objects = []
        for key, label in (("session_id", _("sesión")), ("registration_id", _("registro")),
                           ("certificate_id", _("constancia"))):
            if getattr(entry, key):
                objects.append(f"{label} {getattr(entry, key)}")
        for key, ids in (entry.object_ids or {}).items():
            objects.append(f"{key}: {ids}")
        rows.append({
            "when": to_local(entry.created_at, zone).strftime("%Y-%m-%d %H:%M:%S"),
            "actor": actor, "actor_id": entry.actor_id, "fact": str(FACT_LABELS.get(entry.fact, entry.fact)),
            "code": entry.fact, "event_id": entry.event_id,
            "event_title": titles.get(entry.event_id) or (f"#{entry.event_id}" if entry.event_id else ""),
            "objects": "; ".join(objects), "fields": ", ".join(entry.fields or []),
            "changes": "; ".join(f"{key}: {before} → {after}" for key, (before, after) in (entry.changes or {}).items()),
            "details": ", ".join(f"{key}={value}" for key, value in (entry.details or {}).items()),
            "reason": entry.reason or "",
        })
    return rows


@bp.get("/auditoria")
@organizer_required
def audit_log():
    filters = _filters()
    rows = _rows(filters, PAGE_SIZE)
    actors = db.session.execute(select(User.id, User.name).order_by(User.name)).all() if current_user.is_admin \
        else [(current_user.id, current_user.name)]
    return render_template("audit/log.html", rows=rows, filters=filters, facts=FACT_LABELS, actors=actors,
                           page_size=PAGE_SIZE, args=request.args)


@bp.get("/auditoria.csv")
@organizer_required
def audit_log_csv():
    rows = _rows(_filters(), None)
    headers = [_("Fecha y hora"), _("Quién"), _("Cuenta"), _("Qué"), _("Código"), _("Evento"), _("Título"),
               _("Objetos"), _("Campos cambiados"), _("Antes → después"), _("Detalles"), _("Motivo")]
    keys = ["when", "actor", "actor_id", "fact", "code", "event_id", "event_title", "objects", "fields", "changes",
            "details", "reason"]
    sheet = Sheet(_("Bitácora"), headers, [[row[key] for key in keys] for row in rows])
    return download([sheet], "bitacora", "csv")
