"""The account page's API tokens: create (the secret is shown once), list, revoke. HTML, CSRF-protected."""
from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..accounts import tokens as token_service
from ..domain import DomainError
from ..extensions import db
from ..forms import EmptyForm
from ..timeutil import to_local
from .forms import TokenForm


def _when(instant) -> str | None:
    if instant is None:
        return None
    return to_local(instant, current_app.config["AGENDA_TIMEZONE"]).strftime("%d/%m/%Y %H:%M")


def _page(form: TokenForm, secret: str | None = None, status: int = 200):
    rows = [
        {"id": t.id, "name": t.name, "hint": t.hint, "created": _when(t.created_at),
         "last_used": _when(t.last_used_at), "revoked": _when(t.revoked_at)}
        for t in token_service.list_tokens(db.session, current_user)
    ]
    return render_template("api/tokens.html", form=form, tokens=rows, secret=secret,
                           base_url=current_app.config["AGENDA_BASE_URL"]), status


@login_required
def tokens():
    return _page(TokenForm())


@login_required
def token_create():
    form = TokenForm()
    if not form.validate_on_submit():
        return _page(form, status=422)
    try:
        token, secret = token_service.create_token(db.session, current_user, form.name.data)
    except DomainError as error:
        db.session.rollback()
        form.name.errors.append(error.message)
        return _page(form, status=422)
    db.session.commit()
    # Rendered, not redirected: the secret never goes into the session cookie or a URL.
    response = _page(TokenForm(formdata=None), secret=secret)
    return response


@login_required
def token_revoke(token_id: int):
    if EmptyForm().validate_on_submit():
        token = token_service.revoke_token(db.session, current_user, token_id)
        db.session.commit()
        flash(_("Token «%(name)s» revocado: ya no da acceso.", name=token.name), "success")
    return redirect(url_for("api.tokens"))


def register(bp) -> None:
    bp.add_url_rule("/cuenta/tokens", view_func=tokens, methods=["GET"])
    bp.add_url_rule("/cuenta/tokens", endpoint="token_create", view_func=token_create, methods=["POST"])
    bp.add_url_rule("/cuenta/tokens/<int:token_id>/revocar", view_func=token_revoke, methods=["POST"])
