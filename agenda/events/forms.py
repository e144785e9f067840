"""The organizer's event form. Fields are plain strings (dates parsed here with Spanish messages); the rules
live in services.save_event, whose per-field errors are shown next to the matching inputs.

Session and people rows are WTForms FieldLists: without JavaScript the page offers a few blank rows (blank
rows are ignored); static/js/events-form.js adds rows and copies the previous row with the next date.
"""
from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.widgets import CheckboxInput, ListWidget

from ..timeutil import mexican_timezones, to_local
from ..web_input import ascii_number
from .display import MODALITY_LABELS, ROLE_LABELS, SCOPE_LABELS, TYPE_LABELS, VISIBILITY_LABELS
from .models import PERSON_ROLES

BLANK_SESSION_ROWS = 3
BLANK_PEOPLE_ROWS = 3


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SessionRow(Form):
    id = HiddenField()
    date = StringField(_l("Fecha"), render_kw={"type": "date"})
    start = StringField(_l("Inicio"), render_kw={"type": "time"})
    end = StringField(_l("Fin"), render_kw={"type": "time"})
    all_day = BooleanField(_l("Todo el día (sin horario)"))
    last_day = StringField(_l("Último día, si dura varios (opcional)"), render_kw={"type": "date"})
    title = StringField(_l("Título de la sesión (opcional)"))
    venue = StringField(_l("Sede propia (opcional)"))
    meeting_url = StringField(_l("Enlace propio de reunión (opcional)"), render_kw={"type": "url"})
    remove = BooleanField(_l("Quitar esta sesión"))


class PersonRow(Form):
    name = StringField(_l("Nombre"))
    role = SelectField(_l("Papel"), choices=[(code, ROLE_LABELS[code]) for code in PERSON_ROLES],
                       validate_choice=False)
    affiliation = StringField(_l("Institución"))
    session = SelectField(_l("Participa en"), choices=[], validate_choice=False)


class EventForm(FlaskForm):
    title = StringField(_l("Título"), render_kw={"required": True})
    summary = StringField(_l("Resumen"))
    description = TextAreaField(_l("Descripción"))
    notes = TextAreaField(_l("Acuerdos y resultados"))
    type = SelectField(_l("Tipo de evento"), choices=[("", _l("— Elija —"))] + list(TYPE_LABELS.items()),
                       validate_choice=False, render_kw={"required": True})
    themes = MultiCheckboxField(_l("Temas"), choices=[], validate_choice=False)
    organization = SelectField(_l("Organismo organizador"), choices=[], validate_choice=False, render_kw={"required": True})
    co_organizers = MultiCheckboxField(_l("Coorganizadores"), choices=[], validate_choice=False)
    scope = SelectField(_l("Alcance"), choices=list(SCOPE_LABELS.items()), validate_choice=False, render_kw={"required": True})
    modality = SelectField(_l("Modalidad"), choices=list(MODALITY_LABELS.items()), validate_choice=False,
                           render_kw={"required": True})
    venue_address = StringField(_l("Dirección de la sede"))
    venue_city = StringField(_l("Ciudad"))
    venue_state = SelectField(_l("Estado de la sede"), choices=[], validate_choice=False)
    stream_url = StringField(_l("Transmisión pública (YouTube, Facebook)"), render_kw={"type": "url"})
    meeting_url = StringField(_l("Enlace de la reunión (Zoom, Meet, Teams)"), render_kw={"type": "url"})
    timezone = SelectField(_l("Zona horaria"), choices=[], validate_choice=False, render_kw={"required": True})
    visibility = SelectField(_l("Visibilidad"), choices=list(VISIBILITY_LABELS.items()), validate_choice=False)
    capacity = StringField(_l("Cupo (lugares)"), render_kw={"inputmode": "numeric"})
    waitlist = BooleanField(_l("Lista de espera cuando se llene"), default=True)
    registration_required = BooleanField(_l("Requiere registro"), default=True)
    registration_opens = StringField(_l("El registro abre"), render_kw={"type": "datetime-local"})
    registration_closes = StringField(_l("El registro cierra"), render_kw={"type": "datetime-local"})
    sessions = FieldList(FormField(SessionRow), min_entries=1)
    people = FieldList(FormField(PersonRow), min_entries=1)

    def set_choices(self, themes, organizations, states, zone_default: str) -> None:
        self.themes.choices = themes
        self.organization.choices = [(o.acronym, f"{o.acronym} — {o.name}") for o in organizations]
        self.co_organizers.choices = [(o.acronym, o.acronym) for o in organizations]
        self.venue_state.choices = [("", _("— Ninguno —"))] + [(s.code, s.name) for s in states]
        zones = mexican_timezones()
        for extra in (zone_default, self.timezone.data):
            if extra and extra not in zones:
                zones.append(extra)
        from .display import zone_label

        self.timezone.choices = [(z, f"{zone_label(z)} ({z})") for z in zones]
        session_choices = [("", _("Todo el evento"))]
        for index, row in enumerate(self.sessions):
            if row.form.date.data:
                session_choices.append((str(index), _("Sesión %(n)d (%(d)s)", n=index + 1, d=row.form.date.data)))
        for row in self.people:
            row.form.session.choices = session_choices

    def add_blank_rows(self) -> None:
        """A few empty rows so the form works without JavaScript."""
        blank = sum(1 for r in self.sessions if not r.form.date.data and not r.form.id.data)
        filled = len(self.sessions) - blank
        for _i in range((BLANK_SESSION_ROWS if filled == 0 else 2) - blank):
            self.sessions.append_entry()
        blank_people = sum(1 for r in self.people if not r.form.name.data)
        for _i in range(max(0, BLANK_PEOPLE_ROWS - blank_people)):
            self.people.append_entry()


def fill_from_event(form: EventForm, event) -> None:
    """Put an existing event's values into the form (times in the event's own zone)."""
    zone = event.timezone
    form.title.data, form.summary.data, form.description.data = event.title, event.summary, event.description
    form.notes.data = event.notes or ""
    form.type.data, form.scope.data, form.modality.data = event.type, event.scope, event.modality
    form.themes.data = [t.slug for t in event.themes]
    form.organization.data = event.organization.acronym
    form.co_organizers.data = [o.acronym for o in event.co_organizers]
    form.venue_address.data, form.venue_city.data = event.venue_address or "", event.venue_city or ""
    form.venue_state.data = event.venue_state.code if event.venue_state else ""
    form.stream_url.data, form.meeting_url.data = event.stream_url or "", event.meeting_url or ""
    form.timezone.data, form.visibility.data = zone, event.visibility
    form.capacity.data = str(event.capacity) if event.capacity else ""
    form.waitlist.data, form.registration_required.data = event.waitlist_enabled, event.registration_required
    form.registration_opens.data = _local_text(event.registration_opens_at, zone)
    form.registration_closes.data = _local_text(event.registration_closes_at, zone)
    while len(form.sessions):
        form.sessions.pop_entry()
    index_of = {}
    for index, item in enumerate(sorted(event.sessions, key=lambda s: s.starts_at)):
        start, end = to_local(item.starts_at, zone), to_local(item.ends_at, zone)
        days = {"all_day": True, "last_day": (end.date() - timedelta(days=1)).isoformat()} if item.is_all_day else {}
        form.sessions.append_entry({"id": str(item.id), "date": start.date().isoformat(), **days,
                                    "start": "" if item.is_all_day else start.strftime("%H:%M"),
                                    "end": "" if item.is_all_day else end.strftime("%H:%M"),
                                    "title": item.title or "", "venue": item.venue or "",
                                    "meeting_url": item.meeting_url or ""})
        index_of[item.id] = str(index)
    while len(form.people):
        form.people.pop_entry()
    for person in event.people:
        form.people.append_entry({"name": person.name, "role": person.role, "affiliation": person.affiliation or "",
                                  "session": index_of.get(person.session_id, "")})


def _local_text(instant: datetime | None, zone: str) -> str:
    return to_local(instant, zone).strftime("%Y-%m-%dT%H:%M") if instant else ""


def _parse_day(text: str) -> date:
    return date.fromisoformat(text.strip())


def _parse_time(text: str) -> time:
    return time.fromisoformat(text.strip()[:5])


class FormValues:
    """The form's data as save_event values, plus where each submitted row came from (to place errors)."""

    def __init__(self, form: EventForm, is_admin: bool, creating: bool):
        self.errors: dict[str, str] = {}
        self.session_rows: list[int] = []  # index in values["sessions"] -> form row
        self.people_rows: list[int] = []
        self.values = self._build(form, is_admin, creating)

    def _build(self, form: EventForm, is_admin: bool, creating: bool) -> dict:
        values = {
            "title": form.title.data or "", "summary": form.summary.data or "",
            "description": form.description.data or "", "notes": form.notes.data or "",
            "type": form.type.data or "",
            "themes": list(form.themes.data or []), "co_organizers": list(form.co_organizers.data or []),
            "scope": form.scope.data, "modality": form.modality.data,
            "stream_url": form.stream_url.data or "", "meeting_url": form.meeting_url.data or "",
            "timezone": form.timezone.data, "visibility": form.visibility.data,
            "capacity": (form.capacity.data or "").strip() or None,
            "waitlist": bool(form.waitlist.data), "registration_required": bool(form.registration_required.data),
        }
        if is_admin and form.organization.data:
            values["organization"] = form.organization.data
        address, city = (form.venue_address.data or "").strip(), (form.venue_city.data or "").strip()
        state = form.venue_state.data or ""
        values["venue"] = {"address": address, "city": city, "state": state} if (address or city or state) else None
        for key in ("registration_opens", "registration_closes"):
            text = (getattr(form, key).data or "").strip()
            if not text:
                values[key] = None
                continue
            try:
                values[key] = datetime.fromisoformat(text)
            except ValueError:
                self.errors[key] = _("Fecha y hora no válidas.")
        values["sessions"], values["remove_sessions"] = [], []
        form_row_to_index = {}
        for row_number, row in enumerate(form.sessions):
            data = row.form
            raw_id = (data.id.data or "").strip()
            session_id = ascii_number(raw_id)
            if session_id is not None and data.remove.data:
                values["remove_sessions"].append(session_id)
                continue
            if not any((data.date.data, data.start.data, data.end.data, data.title.data)) and not raw_id:
                continue  # blank row
            item = {"title": data.title.data or "", "venue": data.venue.data or "",
                    "meeting_url": data.meeting_url.data or ""}
            if raw_id:  # text that is no id ("²") stays text, which the event rules refuse
                item["id"] = raw_id if session_id is None else session_id
            index = len(values["sessions"])
            try:
                day = _parse_day(data.date.data or "")
            except ValueError:
                self.errors[f"sessions[{index}].date"] = _("Indique la fecha de la sesión.")
                day = None
            if data.all_day.data:  # whole days: the event rules take days without hours
                try:
                    last = _parse_day(data.last_day.data) if (data.last_day.data or "").strip() else day
                except ValueError:
                    self.errors[f"sessions[{index}].end"] = _("Indique el último día como fecha.")
                    last = None
                if day is not None and last is not None:
                    item["start"], item["end"] = day, last
                form_row_to_index[row_number] = index
                self.session_rows.append(row_number)
                values["sessions"].append(item)
                continue
            for key in ("start", "end"):
                try:
                    moment = _parse_time(getattr(data, key).data or "")
                except ValueError:
                    self.errors[f"sessions[{index}].{key}"] = (_("Indique la hora de inicio.") if key == "start"
                                                               else _("Indique la hora de término."))
                    continue
                if day is not None:
                    item[key] = datetime.combine(day, moment)
            form_row_to_index[row_number] = index
            self.session_rows.append(row_number)
            values["sessions"].append(item)
        values["people"] = []
        for row_number, row in enumerate(form.people):
            data = row.form
            if not (data.name.data or "").strip():
                continue
            person = {"name": data.name.data, "role": data.role.data, "affiliation": data.affiliation.data or ""}
            chosen = data.session.data
            if (chosen_row := ascii_number(chosen)) in form_row_to_index:
                person["session_index"] = form_row_to_index[chosen_row]
            elif chosen:  # a row that is blank, being removed, or not in the form
                self.errors[f"people[{len(values['people'])}].session"] = _(
                    "Elija una sesión del programa o «Todo el evento».")
            self.people_rows.append(row_number)
            values["people"].append(person)
        return values


SESSION_FIELD = {"start": "start", "end": "end", "date": "date", "title": "title", "venue": "venue",
                 "meeting_url": "meeting_url", "id": "date"}
PERSON_FIELD = {"session_index": "session", "session_id": "session"}
EVENT_FIELD = {"venue": "venue_address", "venue.address": "venue_address", "venue.city": "venue_city",
               "venue.state": "venue_state"}


def place_errors(form: EventForm, errors: dict[str, str], session_rows: list[int],
                 people_rows: list[int]) -> list[str]:
    """Attach service/form errors to the form's fields; return messages that belong to no field."""
    loose = []
    for key, message in errors.items():
        if key.startswith("sessions[") and "]." in key:
            index, name = int(key[len("sessions["):key.index("]")]), key.split("].", 1)[1]
            row = form.sessions[session_rows[index]].form if index < len(session_rows) else None
            target = getattr(row, SESSION_FIELD.get(name, "date"), None) if row else None
        elif key.startswith("people[") and "]." in key:
            index, name = int(key[len("people["):key.index("]")]), key.split("].", 1)[1]
            row = form.people[people_rows[index]].form if index < len(people_rows) else None
            target = getattr(row, PERSON_FIELD.get(name, name), None) if row else None
        else:
            target = getattr(form, EVENT_FIELD.get(key, key), None)
            if key in ("sessions", "remove_sessions", "people", "status", "status_reason", "csrf_token"):
                target = None
        if target is not None and hasattr(target, "errors"):
            if not isinstance(target.errors, list):
                target.errors = list(target.errors)
            target.errors.append(message)
        else:
            loose.append(message)
    return loose


class StatusForm(FlaskForm):
    """Publish, postpone or cancel; a reason is required to cancel (checked by the service)."""

    status = HiddenField()
    reason = TextAreaField(_l("Motivo (se muestra en la página del evento)"))


class ThemeForm(FlaskForm):
    name = StringField(_l("Nombre del tema"))
    is_active = BooleanField(_l("Activo (se ofrece al crear eventos)"), default=True)
