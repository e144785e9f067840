from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional


class LoginForm(FlaskForm):
    email = EmailField(_l("Correo electrónico"), validators=[DataRequired(_l("Escriba su correo."))],
                       render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Contraseña"), validators=[DataRequired(_l("Escriba su contraseña."))],
                             render_kw={"autocomplete": "current-password"})
    remember = BooleanField(_l("Mantener la sesión iniciada en este equipo"))
    next = HiddenField()


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(_l("Contraseña actual"), validators=[DataRequired()],
                                     render_kw={"autocomplete": "current-password"})
    new_password = PasswordField(_l("Contraseña nueva"), validators=[DataRequired(), Length(min=10)],
                                 render_kw={"autocomplete": "new-password"})


class UserForm(FlaskForm):
    name = StringField(_l("Nombre"), validators=[DataRequired(), Length(max=160)])
    email = EmailField(_l("Correo electrónico"), validators=[DataRequired(), Email(_l("Correo no válido."))])
    role = SelectField(_l("Rol"), choices=[("organizer", _l("Organizador(a)")), ("admin", _l("Administrador(a)")),
                                           ("commissioner", _l("Comisionado(a)"))])
    organization = SelectField(_l("Organismo"), choices=[], validate_choice=False)
    password = PasswordField(_l("Contraseña (vacía para no cambiarla)"), validators=[Optional(), Length(min=10)],
                             render_kw={"autocomplete": "new-password"})
    is_active = BooleanField(_l("Cuenta activa"), default=True)
