"""Main navigation. An entry shows only once its endpoint exists and the user has the role for it."""
from flask import current_app, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

ANYONE = None
# endpoint, label, roles allowed (None: everyone)
NAV_ITEMS = (
    ("events.agenda", _l("Agenda"), ANYONE),
    ("events.calendar_month", _l("Calendario"), ANYONE),
    ("events.archive", _l("Eventos pasados"), ANYONE),
    ("feeds.subscribe", _l("Suscribirse"), ANYONE),
    ("registration.my_registrations", _l("Mis registros"), ANYONE),
    ("events.manage", _l("Mis eventos"), ("admin", "organizer")),
    ("events.coordination", _l("Coordinación"), ("admin", "organizer")),
    ("attendance.index", _l("Asistencia"), ("admin", "organizer")),
    ("feeds.my_calendars", _l("Mis calendarios"), ("admin", "organizer", "commissioner")),
    ("reports.commission_report", _l("Informe"), ("admin", "organizer", "commissioner")),
    ("notifications.outbox", _l("Correo"), ("admin",)),
    ("audit.audit_log", _l("Bitácora"), ("admin", "organizer")),
    ("webhooks.index", _l("Webhooks"), ("admin", "organizer")),
    ("catalog.organization_list", _l("Organismos"), ("admin",)),
    ("accounts.user_list", _l("Usuarios"), ("admin",)),
)


def nav_items() -> list[dict]:
    role = current_user.role if current_user.is_authenticated else None
    items = []
    for endpoint, label, roles in NAV_ITEMS:
        if endpoint not in current_app.view_functions or (roles and role not in roles):
            continue
        items.append({"url": url_for(endpoint), "label": label, "active": request.endpoint == endpoint})
    return items


ROLE_LABELS = {"admin": _l("Administrador(a)"), "organizer": _l("Organizador(a)"),
               "commissioner": _l("Comisionado(a)")}


def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(role, role))
