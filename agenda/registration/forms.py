"""HTML forms. They render fields and carry CSRF; the rules live in validation.py (one place for the form,
the API and the organizers' manual add), whose per-field errors are put back on these fields."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from .models import GENDER_LABELS, QUESTION_KIND_LABELS, SECTOR_LABELS, RegistrationQuestion

HONEYPOT_FIELD = "website"


def _strip(value):
    return value.strip() if isinstance(value, str) else value
  # hidden from people; bots fill it


class PersonForm(FlaskForm):
    """The person's data (public form, corrections, organizers' manual add)."""

    name = StringField(_l("Nombre completo"), render_kw={"autocomplete": "name", "maxlength": 160, "required": True})
    email = EmailField(_l("Correo electrónico"), filters=[_strip],
                       render_kw={"autocomplete": "email", "maxlength": 254, "required": True})
    institution = StringField(_l("Institución (sujeto obligado) o lugar de trabajo"),
                              render_kw={"autocomplete": "organization", "maxlength": 255, "required": True})
    position = StringField(_l("Cargo"), render_kw={"autocomplete": "organization-title", "maxlength": 160})
    state = SelectField(_l("Entidad federativa"), validate_choice=False, render_kw={"required": True})
    organization = SelectField(_l("Organismo garante donde trabaja (si es el caso)"), validate_choice=False,
                               validators=[Optional()])
    sector = RadioField(_l("Sector"), choices=[(k, v) for k, v in SECTOR_LABELS.items()],
                        validate_choice=False, validators=[Optional()])
    gender = SelectField(_l("Género (opcional)"), validate_choice=False, validators=[Optional()])
    accessibility = TextAreaField(_l("Necesidades de accesibilidad (opcional)"),
                                  render_kw={"maxlength": 1000, "rows": 3})

    def fill_choices(self, states, organizations) -> None:
        self.state.choices = [("", _l("Elija una entidad"))] + [(s.code, s.name) for s in states]
        self.organization.choices = [("", _l("Ninguno / no aplica"))] + [
            (o.acronym, f"{o.acronym} — {o.name}") for o in organizations]
        self.gender.choices = [("", _l("Sin especificar"))] + [(k, v) for k, v in GENDER_LABELS.items()]


class RegistrationForm(PersonForm):
    consent = BooleanField(_l("He leído el aviso de privacidad y acepto que mis datos se usen como ahí se "
                              "describe."), render_kw={"required": True})
    website = StringField(_l("Deje este campo vacío"),
                          render_kw={"autocomplete": "off", "tabindex": "-1"})  # honeypot


class LookupForm(FlaskForm):
    email = EmailField(_l("Correo electrónico"), filters=[_strip],
                       render_kw={"autocomplete": "email", "required": True})


class QuestionForm(FlaskForm):
    label = StringField(_l("Pregunta"), render_kw={"maxlength": 300, "required": True})
    kind = SelectField(_l("Tipo de respuesta"), validate_choice=False, choices=[(k, v) for k, v in QUESTION_KIND_LABELS.items()])
    choices = TextAreaField(_l("Opciones (una por renglón; solo para «Opción única»)"), render_kw={"rows": 4})
    is_required = BooleanField(_l("Respuesta obligatoria"))


def question_field_name(question: RegistrationQuestion) -> str:
    return f"q_{question.id}"


def answers_from_form(data, questions: list[RegistrationQuestion]) -> dict[str, str]:
    """{question id: answer} from the submitted form fields q_<id>."""
    return {str(q.id): data.get(question_field_name(q), "") for q in questions}


def values_from_form(form: PersonForm, data, questions: list[RegistrationQuestion]) -> dict:
    """Plain values for the services from a submitted form (`data` = request.form)."""
    values = {key: getattr(form, key).data or "" for key in
              ("name", "email", "institution", "position", "state", "organization", "sector", "gender",
               "accessibility")}
    values["answers"] = answers_from_form(data, questions)
    if isinstance(form, RegistrationForm):
        values["consent"] = bool(form.consent.data)
    return values


def put_errors_on_form(form: PersonForm, errors: dict[str, str]) -> dict[str, str]:
    """Attach service errors to the form's fields; return the errors of question fields (q_<id> -> message)."""
    question_errors = {}
    for key, message in errors.items():
        if key.startswith("answers."):
            question_errors[f"q_{key.split('.', 1)[1]}"] = message
        elif hasattr(form, key) and hasattr(getattr(form, key), "errors"):
            field = getattr(form, key)
            field.errors = list(field.errors or []) + [message]
        else:
            question_errors.setdefault("_form", message)
    return question_errors
