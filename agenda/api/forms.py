"""Forms of the token management page."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from ..accounts.tokens import NAME_MAX


class TokenForm(FlaskForm):
    name = StringField(_l("Nombre del token"), validators=[
        DataRequired(_l("Escriba para qué sistema es el token.")), Length(max=NAME_MAX)])
