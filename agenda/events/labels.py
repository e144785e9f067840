"""Spanish names of the event codes, written once. Pages use them translated (events.display wraps them in
lazy_gettext); calendar feeds use them as they are, so a cached VEVENT never depends on a visitor's language."""


def N_(text: str) -> str:  # Babel extracts N_ ("mark for the catalogue, translate later")
    return text


TYPE_NAMES = {
    "webinar": N_("Webinar"), "panel": N_("Panel"), "conversatorio": N_("Conversatorio"), "foro": N_("Foro"),
    "curso": N_("Curso"), "taller": N_("Taller"), "diplomado": N_("Diplomado"),
    "capacitacion": N_("Capacitación / jornada"), "sesion_ordinaria": N_("Sesión ordinaria"),
    "sesion_extraordinaria": N_("Sesión extraordinaria"), "reunion_trabajo": N_("Reunión de trabajo"),
    "otro": N_("Otro"),
}
MODALITY_NAMES = {"virtual": N_("Virtual"), "presencial": N_("Presencial"), "hibrida": N_("Híbrida")}
