"""GET /api/v1/report?from=&to=: the period's figures as JSON for admins, organizers and commissioners, with a
personal API token (Authorization: Bearer) or a logged-in session. Errors as the rest of the API: 401 without
either, 403 for other roles, 422 {"errors": {"from": "..."}} for a bad date."""
from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from ..domain import DomainError, Forbidden
from ..extensions import db
from ..reports.data import report_data
from ..reports.queries import parse_range, today_local
from .auth import Unauthorized, api_user
from .errors import json_errors

REPORT_ROLES = ("admin", "organizer", "commissioner")


def _is_plain_date(value: str) -> bool:
    return len(value) == 10 and value.isascii() and value[4] == value[7] == "-" \
        and (value[:4] + value[5:7] + value[8:]).isdigit()


def report_caller():
    user = api_user()
    if user is None and current_user.is_authenticated:
        user = current_user
    if user is None:
        raise Unauthorized(_("Inicie sesión o envíe un token personal en el encabezado «Authorization: Bearer "
                             "<token>»."))
    if user.role not in REPORT_ROLES:
        raise Forbidden(_("El informe es para administración, organizadores y comisionados."))
    return user


def register(bp):
    @bp.get("/api/v1/report")
    @json_errors
    def api_report():
        report_caller()
        for name in ("from", "to"):
            values = request.args.getlist(name)
            if values and (len(values) > 1 or not _is_plain_date(values[0])):
                raise DomainError(_("La fecha «%(name)s» debe tener el formato AAAA-MM-DD.", name=name),
                                  "invalid_parameter", status=422, field=name)
        try:
            period = parse_range(request.args, today_local())
        except DomainError as error:
            raise DomainError(error.message, "invalid_parameter", status=422, field=error.field or "from") from None
        data = report_data(db.session, period)
        for event in data["events"]:
            event.pop("visibility", None)
        response = jsonify(data)
        response.headers["Cache-Control"] = "private, no-store"
        return response
