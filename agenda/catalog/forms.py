from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, IntegerField, SelectField, StringField, TextAreaField, URLField
from wtforms.validators import URL, DataRequired, Length, NumberRange, Optional


class OrganizationForm(FlaskForm):
    acronym = StringField(_l("Siglas"), validators=[DataRequired(), Length(max=32)])
    name = StringField(_l("Nombre oficial"), validators=[DataRequired(), Length(max=255)])
    kind = SelectField(_l("Tipo"), choices=[("ogl", _l("Organismo garante local")), ("national", _l("Nacional")),
                                            ("other", _l("Otro"))])
    state_code = SelectField(_l("Estado"), choices=[], validate_choice=False)
    website = URLField(_l("Sitio web"), validators=[Optional(), Length(max=255),
                                                    URL(message=_l("Dirección web no válida."))])
    contact_email = EmailField(_l("Correo de contacto (organizador en las invitaciones de calendario)"),
                               validators=[Optional(), Length(max=254)])
    privacy_notice = TextAreaField(_l("Aviso de privacidad simplificado"), validators=[Optional()])
    retention_days = IntegerField(_l("Días que se conservan los datos de registro tras el evento"), validators=[
        Optional(), NumberRange(min=1, max=36500, message=_l("Escriba un número de días entre 1 y 36500."))])
    is_active = BooleanField(_l("Activo"), default=True)
