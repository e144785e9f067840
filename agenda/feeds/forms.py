"""Forms of the calendar pages: what to follow, naming a new feed URL, and the public feed's filter picker."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField
from wtforms.validators import Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget


class MultiCheckboxField(SelectMultipleField):
    """Checkboxes instead of a multiple select (usable on phones and with screen readers)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class FollowForm(FlaskForm):
    """What the personal feed follows; codes are checked again by the service."""

    organizations = MultiCheckboxField(_l("Organismos"), validate_choice=False)
    regions = MultiCheckboxField(_l("Regiones del SNT"), validate_choice=False)
    types = MultiCheckboxField(_l("Tipos de evento"), validate_choice=False)
    themes = MultiCheckboxField(_l("Temas"), validate_choice=False)


class TokenForm(FlaskForm):
    label = StringField(_l("Nombre de la dirección"), validators=[Optional(), Length(max=80)],
                        description=_l("Para reconocerla después, por ejemplo «Teléfono» u «Outlook del trabajo»."))


class FeedFilterForm(FlaskForm):
    """GET form of the subscription page: builds the public feed URL for a filtered agenda."""

    class Meta:
        csrf = False

    type = SelectField(_l("Tipo de evento"), validate_choice=False)
    theme = SelectField(_l("Tema"), validate_choice=False)
    region = SelectField(_l("Región"), validate_choice=False)
    state = SelectField(_l("Estado"), validate_choice=False)
    organization = SelectField(_l("Organismo"), validate_choice=False)
    modality = SelectField(_l("Modalidad"), validate_choice=False)
