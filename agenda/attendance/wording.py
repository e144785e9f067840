"""Spanish wording for certificates and reports: date lists, durations, event kinds with their article."""
from datetime import date

MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
          "noviembre", "diciembre")

DAYS_SHORT = ("lun", "mar", "mié", "jue", "vie", "sáb", "dom")
MONTHS_SHORT = ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic")

EVENT_KINDS = {
    "webinar": "el webinar", "panel": "el panel", "conversatorio": "el conversatorio", "foro": "el foro",
    "curso": "el curso", "taller": "el taller", "diplomado": "el diplomado", "capacitacion": "la capacitación",
    "sesion_ordinaria": "la sesión ordinaria", "sesion_extraordinaria": "la sesión extraordinaria",
    "reunion_trabajo": "la reunión de trabajo", "otro": "el evento",
}


def _enumerate(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " y " + items[-1]


def spanish_dates(days: list[date]) -> str:
    """[15, 16, 17 Sep 2020] -> "15, 16 y 17 de septiembre de 2020"; months and years grouped."""
    days = sorted(set(days))
    if not days:
        return ""
    years: dict[int, dict[int, list[int]]] = {}
    for day in days:
        years.setdefault(day.year, {}).setdefault(day.month, []).append(day.day)
    year_parts = []
    for year, months in years.items():
        month_parts = [f"{_enumerate([str(d) for d in numbers])} de {MONTHS[month - 1]}"
                       for month, numbers in months.items()]
        year_parts.append(f"{_enumerate(month_parts)} de {year}")
    return _enumerate(year_parts)


def spanish_date(day: date) -> str:
    return f"{day.day} de {MONTHS[day.month - 1]} de {day.year}"


def hours_text(minutes: float) -> str:
    """150 -> "2 horas y 30 minutos"; 60 -> "1 hora"; 45 -> "45 minutos"."""
    hours, rest = divmod(max(round(minutes), 0), 60)
    parts = []
    if hours:
        parts.append(f"{hours} hora" + ("s" if hours != 1 else ""))
    if rest or not hours:
        parts.append(f"{rest} minuto" + ("s" if rest != 1 else ""))
    return " y ".join(parts)


def short_datetime(local) -> str:
    """An aware local datetime as "mar 15 sep 2020, 10:00"."""
    return (f"{DAYS_SHORT[local.weekday()]} {local.day} {MONTHS_SHORT[local.month - 1]} {local.year}, "
            f"{local:%H:%M}")
