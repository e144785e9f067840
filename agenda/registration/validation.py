"""Checking what a person sends (form or JSON): one Spanish message per wrong field, all at once."""
import re
from collections.abc import Mapping

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from ..catalog.services import active_organization_id, state_id_by_code
from ..domain import DomainError
from .models import GENDERS, SECTORS, RegistrationQuestion

STATE_CODE = re.compile(r"(MX-)?[A-Z]{3}")  # GUA or MX-GUA, exactly as the contract writes them
YES = {"si", "sí", "yes", "true", "1", "s"}
NO = {"no", "false", "0", "n"}
LIMITS = {"name": 160, "institution": 255, "position": 160, "accessibility": 1000}


class RegistrationValidationError(DomainError):
    """Some values are wrong; `.errors` maps each field (`email`, `answers.3`...) to a Spanish message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(_("Revise los datos marcados."), "invalid", status=422, field=next(iter(errors), None))
        self.errors = errors


def normalise_email(value) -> str:
    return value.strip().lower() if isinstance(value, str) else ""


def clean_email(value) -> str | None:
    """The lower-case address, or None when it is not a well-formed address (no DNS look-up: works offline)."""
    if not isinstance(value, str) or not value or len(value) > 254 or value != value.strip():
        return None  # forms strip the field; the API gets exactly what it sends checked
    try:
        return validate_email(value, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        return None


def _text(values: dict, key: str, errors: dict, required: bool) -> str:
    value = values.get(key)
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors[key] = _("Debe ser texto.")
        return ""
    if len(value) > LIMITS[key]:  # checked before trimming: what the API document promises
        errors[key] = _("Escriba como máximo %(n)d caracteres.", n=LIMITS[key])
        return ""
    value = " ".join(value.split()) if key != "accessibility" else value.strip()
    if required and not value:
        errors[key] = _("Este dato es obligatorio.")
    return value


def _code(values: dict, key: str, strip: bool = True):
    """A code as sent: None when absent or empty; stripped of spaces only where the contract allows it."""
    value = values.get(key)
    if value is None or value == "" or (strip and isinstance(value, str) and not value.strip()):
        return None
    return value.strip() if isinstance(value, str) and strip else value


def clean_registration_values(session: Session, values: dict, questions: list[RegistrationQuestion],
                              require_consent: bool = True, partial: bool = False,
                              known_state_ids: Mapping[str, int | None] | None = None,
                              known_organization_ids: Mapping[str, int | None] | None = None) -> dict:
    """Validate and normalise a registration's values. `partial`: only check the keys present (corrections).
    `known_state_ids`, `known_organization_ids`: ids the caller already read, by the code as sent (saves a
    query each). Returns the clean values (state_id, organization_id, answers as {question_id: text}); raises
    RegistrationValidationError listing every wrong field."""
    if not isinstance(values, dict):
        raise RegistrationValidationError({"body": _("Envíe un objeto JSON con los datos del registro.")})
    errors: dict[str, str] = {}
    cleaned: dict = {}

    def wanted(key: str) -> bool:
        return not partial or key in values

    for key, required in (("name", True), ("institution", True), ("position", False),
                          ("accessibility", False)):
        if wanted(key):
            cleaned[key] = _text(values, key, errors, required)
    if wanted("email"):
        cleaned["email"] = clean_email(values.get("email"))
        if cleaned["email"] is None:
            errors["email"] = _("Escriba un correo electrónico válido, por ejemplo nombre@dominio.gob.mx.")
    if wanted("state"):
        code = _code(values, "state", strip=False)
        state_id = None
        if isinstance(code, str) and STATE_CODE.fullmatch(code):
            known = known_state_ids or {}
            state_id = known[code] if code in known else state_id_by_code(session, code)
        if code is None:
            errors["state"] = _("Elija la entidad federativa.")
        elif state_id is None:
            errors["state"] = _("Entidad federativa desconocida: use la clave de tres letras (por ejemplo GUA).")
        cleaned["state_id"] = state_id
    if wanted("organization"):
        code = _code(values, "organization")
        organization_id = None
        if code is not None:
            known = known_organization_ids or {}
            if isinstance(values.get("organization"), str) and len(values["organization"]) <= 32:
                organization_id = known[code] if code in known else active_organization_id(session, code)
            if organization_id is None:
                errors["organization"] = _("Organismo desconocido: use las siglas del catálogo (por ejemplo "
                                           "IACIP) o deje el dato vacío.")
        cleaned["organization_id"] = organization_id
    if wanted("sector"):
        sector = _code(values, "sector", strip=False)
        if sector is None:
            errors["sector"] = _("Elija el sector.")
        elif sector not in SECTORS:
            errors["sector"] = _("Sector no válido: use gobierno, sociedad_civil, academia o iniciativa_privada.")
        cleaned["sector"] = sector
    if wanted("gender"):
        gender = _code(values, "gender", strip=False)
        if gender is not None and gender not in GENDERS:
            errors["gender"] = _("Género no válido: use mujer, hombre, no_binario o prefiero_no_decir, o deje "
                                 "el dato vacío.")
        cleaned["gender"] = gender
    if wanted("answers") or (not partial and questions):
        cleaned["answers"] = clean_answers(values.get("answers"), questions, errors)
    if require_consent and values.get("consent") is not True:
        errors["consent"] = _("Para registrarse debe leer el aviso de privacidad y aceptarlo.")
    if errors:
        raise RegistrationValidationError(errors)
    return cleaned


def clean_answers(answers, questions: list[RegistrationQuestion], errors: dict) -> dict[int, str]:
    """Answers keyed by question id (str or int keys). Unknown questions, empty required ones, options that
    are not offered and yes/no values other than sí/no are errors on `answers.<id>` (or `answers`)."""
    if answers is None:
        answers = {}
    if not isinstance(answers, dict):
        errors["answers"] = _("Las respuestas deben ser un objeto {\"id de pregunta\": \"respuesta\"}.")
        return {}
    by_id = {str(q.id): q for q in questions}
    cleaned: dict[int, str] = {}
    for key, value in answers.items():
        question = by_id.get(str(key))
        if question is None:
            errors[f"answers.{key}"] = _("Esta pregunta no existe en el formulario de este evento.")
            continue
        if isinstance(value, bool) and question.kind == "yes_no":
            value = "si" if value else "no"
        if value is None:
            value = ""
        if not isinstance(value, str):
            errors[f"answers.{key}"] = _("La respuesta debe ser texto.")
            continue
        if len(value) > 2000:
            errors[f"answers.{key}"] = _("Escriba como máximo %(n)d caracteres.", n=2000)
            continue
        value = value.strip()
        if not value:
            continue
        if question.kind == "yes_no":
            lowered = value.lower()
            if lowered not in YES | NO:
                errors[f"answers.{key}"] = _("Responda sí o no.")
                continue
            value = "si" if lowered in YES else "no"
        elif question.kind == "choice" and value not in (question.choices or []):
            errors[f"answers.{key}"] = _("Elija una de las opciones ofrecidas.")
            continue
        cleaned[question.id] = value
    for question in questions:
        if question.is_required and question.id not in cleaned and f"answers.{question.id}" not in errors:
            errors[f"answers.{question.id}"] = _("Esta pregunta es obligatoria.")
    return cleaned
