"""Admin page for the list of themes events are tagged with."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ..accounts.access import admin_required
from ..domain import DomainError
from ..extensions import db
from . import themes
from .blueprint import bp
from .forms import ThemeForm


@bp.get("/admin/temas")
@admin_required
def theme_list():
    items = themes.list_themes(db.session)
    db.session.commit()  # the default themes are stored the first time an admin opens the list
    return render_template("events/theme_list.html", themes=items)


@bp.route("/admin/temas/nuevo", methods=["GET", "POST"])
@admin_required
def theme_create():
    return _edit(None)


@bp.route("/admin/temas/<int:theme_id>", methods=["GET", "POST"])
@admin_required
def theme_edit(theme_id: int):
    return _edit(themes.get_theme(db.session, theme_id))


def _edit(theme):
    form = ThemeForm(obj=theme)
    if form.validate_on_submit():
        try:
            themes.save_theme(db.session, form.name.data, bool(form.is_active.data), theme)
        except DomainError as error:
            db.session.rollback()
            form.name.errors = [error.message]
        else:
            db.session.commit()
            flash(_("Tema guardado."), "success")
            return redirect(url_for("events.theme_list"))
    status = 422 if form.errors else 200
    return render_template("events/theme_form.html", form=form, theme=theme), status
