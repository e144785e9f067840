"""Login, logout, account page and the admin's user management."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..catalog.services import organizations
from ..domain import DomainError
from ..extensions import db, limiter, login_manager
from ..forms import EmptyForm
from ..security import is_safe_next
from . import services
from .access import admin_required
from .forms import LoginForm, PasswordChangeForm, UserForm

bp = Blueprint("accounts", __name__)


@login_manager.user_loader
def load_user(session_id: str):
    return services.load_user_from_session(db.session, session_id)


def _login_limit() -> str:
    return current_app.config["RATELIMIT_LOGIN"]


@bp.route("/entrar", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    form = LoginForm(next=request.args.get("next", ""))
    status = 422 if form.is_submitted() else 200
    if form.validate_on_submit():
        user = services.authenticate(db.session, form.email.data, form.password.data)
        if user is None:
            status = 401
            flash(_("Correo o contraseña incorrectos."), "error")
        else:
            db.session.commit()
            login_user(user, remember=form.remember.data)
            flash(_("Bienvenido(a), %(name)s.", name=user.name), "success")
            target = form.next.data
            return redirect(target if is_safe_next(target) else url_for("site.home"))
    return render_template("accounts/login.html", form=form), status


@bp.post("/salir")
def logout():
    if EmptyForm().validate_on_submit():
        logout_user()
        flash(_("Sesión cerrada."), "info")
    return redirect(url_for("site.home"))


@bp.route("/cuenta", methods=["GET", "POST"])
@login_required
def account():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data, form.new_password.data)
        except DomainError as error:
            getattr(form, error.field or "new_password").errors.append(error.message)
        else:
            db.session.commit()
            login_user(current_user._get_current_object())  # keep this session alive with the new version
            flash(_("Contraseña actualizada."), "success")
            return redirect(url_for("accounts.account"))
    return render_template("accounts/account.html", form=form)


@bp.get("/admin/usuarios")
@admin_required
def user_list():
    return render_template("accounts/user_list.html", users=services.list_users(db.session))


@bp.route("/admin/usuarios/nuevo", methods=["GET", "POST"])
@admin_required
def user_create():
    return _edit_user(None)


@bp.route("/admin/usuarios/<int:user_id>", methods=["GET", "POST"])
@admin_required
def user_edit(user_id: int):
    return _edit_user(services.get_user(db.session, user_id))


def _edit_user(user):
    form = UserForm(obj=user)
    form.organization.choices = [("", _("— Ninguno —"))] + [
        (o.acronym, f"{o.acronym} — {o.name}") for o in organizations(db.session)
    ]
    if request.method == "GET" and user is not None:
        form.organization.data = user.organization.acronym if user.organization else ""
        form.is_active.data = user.is_active_account
    if form.validate_on_submit():
        values = {field.name: field.data for field in form if field.name != "csrf_token"}
        try:
            services.save_user(db.session, values, user)
        except DomainError as error:
            db.session.rollback()
            getattr(form, error.field or "email").errors.append(error.message)
        else:
            db.session.commit()
            flash(_("Usuario guardado."), "success")
            return redirect(url_for("accounts.user_list"))
    status = 422 if form.errors else 200
    return render_template("accounts/user_form.html", form=form, user=user), status
