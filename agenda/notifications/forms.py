"""Forms of the notifications pages: an event's reminder offsets and an announcement."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from .announcements import AUDIENCE_LABELS, BODY_MAX, SUBJECT_MAX
from .reminders import OFFSET_CHOICES, offset_label


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ReminderSettingsForm(FlaskForm):
    offsets = MultiCheckboxField(_l("Enviar recordatorios"), coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.offsets.choices = [(m, offset_label(m)) for m in OFFSET_CHOICES]


class AnnouncementForm(FlaskForm):
    audience = RadioField(_l("Destinatarios"), default="all", validators=[DataRequired()])
    session_id = SelectField(_l("Sesión (para asistencia)"), coerce=str, validate_choice=False)
    subject = StringField(_l("Asunto"), validators=[DataRequired(_l("Escriba el asunto.")),
                                                    Length(max=SUBJECT_MAX)])
    body = TextAreaField(_l("Mensaje"), validators=[DataRequired(_l("Escriba el mensaje.")),
                                                    Length(max=BODY_MAX)])

    def __init__(self, sessions=(), *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.audience.choices = [(key, str(label)) for key, label in AUDIENCE_LABELS.items()]
        self.session_id.choices = [("", str(_l("— Elija una sesión —")))] + [
            (str(item_id), label) for item_id, label in sessions]
