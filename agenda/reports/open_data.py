"""Open figures for everyone (/cifras, /cifras.csv, /cifras.json): the report's aggregates without personal
data, and every cell of fewer than five people suppressed so nobody can be singled out.

`suppress` is the one rule: a count of people from 1 to 4 becomes "<5" (0 stays 0: it singles out nobody).
Figures derived from the people of a suppressed cell (an event's bodies, institutions, states and regions
when its participants are fewer than five) are suppressed with it. Only public events are listed one by
one; members-only events (commission sessions for members) count in the totals only. There is no
complementary suppression: a hidden cell can sometimes be bounded from a total minus the visible cells,
which with "<5" still cannot name a person (no names, institutions or e-mails are published)."""
from flask_babel import lazy_gettext as _l

THRESHOLD = 5
SUPPRESSED = "<5"

PEOPLE_TOTALS = ("registrations", "participants", "public_servants", "certificates")
EVENT_PEOPLE = ("registrations", "participants", "public_servants", "completed", "certificates")
EVENT_DERIVED = ("bodies", "institutions", "states", "regions")


def suppress(count: int):
    """A count of people as published: "<5" from 1 to 4, else the number."""
    return SUPPRESSED if 0 < count < THRESHOLD else count


def _people_map(values: dict) -> dict:
    return {key: suppress(value) for key, value in values.items()}


def open_figures(data: dict) -> dict:
    """The report_data dict made publishable (a new dict; `data` is not changed)."""
    totals = dict(data["totals"])
    for name in PEOPLE_TOTALS:
        totals[name] = suppress(totals[name])
    if totals["participants"] == SUPPRESSED:
        for name in EVENT_DERIVED:
            totals[name] = SUPPRESSED
    events = []
    for event in data["events"]:
        if event.get("visibility", "public") != "public":
            continue
        item = {key: value for key, value in event.items() if key not in ("visibility", "per_session")}
        few = 0 < event["participants"] < THRESHOLD
        for name in EVENT_PEOPLE:
            item[name] = suppress(event[name])
        for name in EVENT_DERIVED:
            item[name] = SUPPRESSED if few else event[name]
        events.append(item)
    return {
        "period": data["period"],
        "suppression": {"threshold": THRESHOLD, "marker": SUPPRESSED},
        "totals": totals,
        "by_type": {code: {key: (value if key in ("events", "sessions") else suppress(value))
                           for key, value in entry.items()} for code, entry in data["by_type"].items()},
        "by_region": _people_map(data["by_region"]),
        "by_state": {code: {"participants": suppress(row["participants"]),
                            "public_servants": suppress(row["public_servants"]), "events": row["events"]}
                     for code, row in data["by_state"].items()},
        "by_gender": _people_map(data["by_gender"]),
        "by_sector": _people_map(data["by_sector"]),
        "events": events,
    }


DICTIONARY = [
    ("period.from, period.to", _l("Primer y último día del periodo (AAAA-MM-DD), ambos incluidos, hora del centro de México.")),
    ("totals.events", _l("Eventos publicados o pospuestos con al menos una sesión en el periodo.")),
    ("totals.sessions", _l("Sesiones de esos eventos que empiezan en el periodo.")),
    ("totals.registrations", _l("Registros confirmados en esos eventos.")),
    ("totals.participants", _l("Personas distintas (por correo) con asistencia registrada en al menos una sesión del periodo.")),
    ("totals.public_servants", _l("Participantes que trabajan en el sector gobierno.")),
    ("totals.bodies", _l("Organismos garantes locales (OGL) distintos donde trabajan las personas participantes.")),
    ("totals.institutions", _l("Instituciones distintas que escribieron las personas participantes, con los nombres normalizados (mayúsculas, acentos, espacios, abreviaturas) y unificados por los organizadores.")),
    ("totals.states, totals.regions", _l("Entidades federativas y regiones del SNT distintas donde trabajan.")),
    ("totals.certificates", _l("Constancias emitidas y vigentes.")),
    ("totals.reach.views, totals.reach.people", _l("Visualizaciones y personas alcanzadas en las transmisiones, según las plataformas.")),
    ("by_type", _l("Por tipo de evento: eventos, sesiones y la suma de las cifras de cada evento (una persona en dos eventos cuenta dos veces).")),
    ("by_region, by_state, by_gender, by_sector", _l("Participantes por región, entidad, género y sector (sin_dato: sin respuesta).")),
    ("events[].completed", _l("Participantes que cumplen la regla de asistencia del evento (por omisión, el 80 por ciento de sus sesiones).")),
    ("events[]", _l("Solo eventos públicos; cada cifra cuenta registros del evento.")),
    ("<5", _l("Celda de 1 a 4 personas, suprimida para que nadie pueda ser identificado; también sus cifras derivadas.")),
]
