"""Admin pages for organizations."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..accounts.access import admin_required
from ..domain import DomainError
from ..extensions import db
from . import services
from .forms import OrganizationForm

bp = Blueprint("catalog", __name__)


@bp.get("/admin/organismos")
@admin_required
def organization_list():
    return render_template("catalog/organization_list.html",
                           organizations=services.organizations(db.session, active_only=False))


@bp.route("/admin/organismos/nuevo", methods=["GET", "POST"])
@admin_required
def organization_create():
    return _edit(None)


@bp.route("/admin/organismos/<int:organization_id>", methods=["GET", "POST"])
@admin_required
def organization_edit(organization_id: int):
    return _edit(services.get_organization(db.session, organization_id))


def _edit(organization):
    form = OrganizationForm(obj=organization)
    form.state_code.choices = [("", _("— Nacional / ninguno —"))] + [
        (s.code, s.name) for s in services.states(db.session)
    ]
    if request.method == "GET" and organization is not None and organization.state:
        form.state_code.data = organization.state.code
    if form.validate_on_submit():
        values = {field.name: field.data for field in form if field.name != "csrf_token"}
        try:
            services.save_organization(db.session, values, organization)
        except DomainError as error:
            db.session.rollback()
            getattr(form, error.field or "acronym").errors.append(error.message)
        else:
            db.session.commit()
            flash(_("Organismo guardado."), "success")
            return redirect(url_for("catalog.organization_list"))
    status = 422 if form.errors else 200
    return render_template("catalog/organization_form.html", form=form, organization=organization), status
