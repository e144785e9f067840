"""The open datasets: what each holds, its data dictionary, and how its rows are built.

Each dataset is a table of public facts, published as CSV and JSON with its dictionary, under the Libre Uso MX
licence. Nothing here may hold personal data: no registrant, no speaker name, no organizer account, no private
meeting link (tests/opendata checks the files against the registrants and people of the database).

To add a dataset (as the commission report's open figures are, below): write a `rows(session)`
function returning a list of dicts with exactly the dictionary's field names, and append a `Dataset` to
DATASETS (or call `register(...)` from the area that owns the figures). The page, the files and the DCAT
catalogue pick it up."""
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import AnonymousUserMixin
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..api.serializers import confirmed_counts, event_url, iso, seats_left
from ..events.models import Event, EventSession
from ..events.queries import EventFilters, eager_options, filter_events_query
from ..reports.data import report_data
from ..reports.open_data import open_figures
from ..reports.queries import ReportRange
from ..timeutil import to_local

LICENSE_NAME = "Libre Uso MX"
LICENSE_URL = "https://datos.gob.mx/libreusomx"
DEFAULT_ZONE = "America/Mexico_City"  # the report's days are central Mexico's, as /cifras counts them


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # Table Schema types: integer, string, boolean, datetime, date
    description: object  # lazy Spanish text


@dataclass
class Dataset:
    slug: str  # in the URLs and the DCAT identifier
    title: object
    description: object
    keywords: tuple[str, ...]
    fields: tuple[Field, ...]
    rows: Callable[[Session], list[dict]]
    extent: Callable[[Session], tuple[datetime | None, datetime | None, datetime | None]] = field(
        default=lambda session: (None, None, None))  # (first date covered, last date covered, last modified)


def public_events(session: Session) -> list[Event]:
    """Every event an anonymous visitor can see (published, postponed or cancelled; public), oldest first: the
    same set the API lists without a token."""
    query = filter_events_query(EventFilters(), AnonymousUserMixin())
    return list(session.scalars(query.options(*eager_options()).order_by(Event.first_starts_at, Event.id)))


def event_rows(session: Session) -> list[dict]:
    events = public_events(session)
    counts = confirmed_counts(session, events)  # the API's own count: the figures match it by construction
    rows = []
    for event in events:
        zone = event.timezone
        rows.append({
            "id": event.id, "url": event_url(event), "titulo": event.title, "resumen": event.summary or "",
            "tipo": event.type, "temas": "; ".join(theme.name for theme in event.themes),
            "organismo": event.organization.acronym,
            "coorganizadores": "; ".join(o.acronym for o in event.co_organizers),
            "modalidad": event.modality, "alcance": event.scope,
            "sede_direccion": event.venue_address or "", "sede_ciudad": event.venue_city or "",
            "sede_entidad": event.venue_state.code if event.venue_state is not None else "",
            "transmision_url": event.stream_url or "", "zona_horaria": zone, "estado": event.status,
            "motivo_estado": event.status_reason or "", "cupo": event.capacity,
            "lugares_disponibles": seats_left(event, counts.get(event.id, 0)),
            "requiere_registro": bool(event.registration_required),
            "inicio": iso(event.first_starts_at, zone), "fin": iso(event.last_ends_at, zone),
            "sesiones": len(event.sessions), "actualizado": iso(event.updated_at, zone),
        })
    return rows


def session_rows(session: Session) -> list[dict]:
    rows = []
    for event in public_events(session):
        zone = event.timezone
        for item in sorted(event.sessions, key=lambda s: (s.starts_at, s.id)):
            rows.append({"id": item.id, "evento_id": event.id, "titulo": item.title or "",
                         "inicio": iso(item.starts_at, zone), "fin": iso(item.ends_at, zone),
                         "dia_completo": bool(item.is_all_day), "sede": item.venue or "", "zona_horaria": zone})
    return rows


def agenda_extent(session: Session):
    """(first session start, last session end, last change) over the public agenda."""
    visible = filter_events_query(EventFilters(), AnonymousUserMixin()).subquery()
    first, last, modified = session.execute(select(
        func.min(visible.c.first_starts_at), func.max(visible.c.last_ends_at),
        func.max(visible.c.updated_at))).one()
    changed = session.scalar(select(func.max(EventSession.changed_at)).where(
        EventSession.event_id.in_(select(visible.c.id))))
    if changed and (modified is None or changed > modified):
        modified = changed
    return first, last, modified


EVENT_FIELDS = (
    Field("id", "integer", _l("Identificador del evento (el mismo de la API y de la página)")),
    Field("url", "string", _l("Página pública del evento")),
    Field("titulo", "string", _l("Título")),
    Field("resumen", "string", _l("Resumen de una o dos líneas")),
    Field("tipo", "string", _l("Tipo: webinar, panel, conversatorio, foro, curso, taller, diplomado, "
                               "capacitacion, sesion_ordinaria, sesion_extraordinaria, reunion_trabajo, otro")),
    Field("temas", "string", _l("Temas, separados por punto y coma")),
    Field("organismo", "string", _l("Siglas del organismo que organiza")),
    Field("coorganizadores", "string", _l("Siglas de los coorganizadores, separadas por punto y coma")),
    Field("modalidad", "string", _l("virtual, presencial o hibrida")),
    Field("alcance", "string", _l("national, regional o state")),
    Field("sede_direccion", "string", _l("Dirección de la sede (eventos presenciales)")),
    Field("sede_ciudad", "string", _l("Ciudad de la sede")),
    Field("sede_entidad", "string", _l("Entidad de la sede (clave ISO 3166-2:MX sin el prefijo)")),
    Field("transmision_url", "string", _l("Transmisión pública (YouTube, Facebook Live)")),
    Field("zona_horaria", "string", _l("Zona horaria IANA del evento")),
    Field("estado", "string", _l("published, postponed o cancelled")),
    Field("motivo_estado", "string", _l("Motivo de la posposición o cancelación")),
    Field("cupo", "integer", _l("Lugares; vacío = sin límite")),
    Field("lugares_disponibles", "integer", _l("Lugares libres al generar el archivo; vacío = sin límite")),
    Field("requiere_registro", "boolean", _l("Si el evento pide registro")),
    Field("inicio", "datetime", _l("Inicio de la primera sesión (ISO 8601 con desfase)")),
    Field("fin", "datetime", _l("Fin de la última sesión (ISO 8601 con desfase)")),
    Field("sesiones", "integer", _l("Número de sesiones")),
    Field("actualizado", "datetime", _l("Último cambio del evento (ISO 8601 con desfase)")),
)

SESSION_FIELDS = (
    Field("id", "integer", _l("Identificador de la sesión (el UID de calendario se forma con él)")),
    Field("evento_id", "integer", _l("Evento al que pertenece (columna id del conjunto de eventos)")),
    Field("titulo", "string", _l("Título de la sesión, si lo tiene")),
    Field("inicio", "datetime", _l("Inicio (ISO 8601 con desfase de la zona del evento)")),
    Field("fin", "datetime", _l("Fin (ISO 8601 con desfase de la zona del evento)")),
    Field("dia_completo", "boolean", _l("Sesión de días completos, sin horas")),
    Field("sede", "string", _l("Sede de la sesión, si difiere de la del evento")),
    Field("zona_horaria", "string", _l("Zona horaria IANA del evento")),
)

def figure_rows(session: Session) -> list[dict]:
    """The report's open figures (reports.open_data: the same numbers as /cifras, suppressed the same way) for
    every public event, over the whole agenda."""
    first, last, _modified = agenda_extent(session)
    if first is None:
        return []
    period = ReportRange(to_local(first, DEFAULT_ZONE).date(), to_local(last, DEFAULT_ZONE).date())
    published = open_figures(report_data(session, period))
    return [{name: item[key] for name, key in FIGURE_KEYS} for item in published["events"]]


FIGURE_KEYS = (("id", "id"), ("titulo", "title"), ("tipo", "type"), ("organismo", "organization"),
               ("sesiones", "sessions"), ("registros", "registrations"), ("participantes", "participants"),
               ("servidores_publicos", "public_servants"), ("concluyeron", "completed"),
               ("constancias", "certificates"), ("organismos_garantes", "bodies"), ("instituciones", "institutions"),
               ("entidades", "states"), ("regiones", "regions"))
_PEOPLE = _l("número, o «<5» si son de 1 a 4 personas")
FIGURE_FIELDS = (
    Field("id", "integer", _l("Identificador del evento (el mismo de la API y del conjunto de eventos)")),
    Field("titulo", "string", _l("Título")),
    Field("tipo", "string", _l("Tipo de evento (como en el conjunto de eventos)")),
    Field("organismo", "string", _l("Siglas del organismo que organiza")),
    Field("sesiones", "integer", _l("Sesiones del evento")),
    Field("registros", "string", _l("Registros confirmados: %(people)s", people=_PEOPLE)),
    Field("participantes", "string", _l("Personas con asistencia en al menos una sesión: %(people)s", people=_PEOPLE)),
    Field("servidores_publicos", "string", _l("Participantes del sector gobierno: %(people)s", people=_PEOPLE)),
    Field("concluyeron", "string", _l("Participantes que cumplieron la regla de asistencia: %(people)s",
                                      people=_PEOPLE)),
    Field("constancias", "string", _l("Constancias emitidas: %(people)s", people=_PEOPLE)),
    Field("organismos_garantes", "string", _l("Organismos garantes locales distintos de los participantes "
                                              "(«<5» si los participantes son menos de cinco)")),
    Field("instituciones", "string", _l("Instituciones (sujetos obligados) distintas, con los nombres unificados "
                                        "(«<5» si los participantes son menos de cinco)")),
    Field("entidades", "string", _l("Entidades federativas distintas («<5» si los participantes son menos de cinco)")),
    Field("regiones", "string", _l("Regiones del SNT distintas («<5» si los participantes son menos de cinco)")),
)

DATASETS: list[Dataset] = [
    Dataset("agenda-eventos", _l("Agenda del SNT: eventos"),
            _l("Los eventos públicos de la Agenda del Sistema Nacional de Transparencia (webinars, paneles, foros, "
               "cursos, sesiones de comisión), con su organismo, modalidad, fechas, estado y lugares disponibles. "
               "Sin datos personales."),
            ("transparencia", "agenda", "eventos", "capacitación", "SNT"), EVENT_FIELDS, event_rows, agenda_extent),
    Dataset("agenda-sesiones", _l("Agenda del SNT: sesiones"),
            _l("Cada sesión fechada de los eventos públicos de la Agenda del SNT. Se une al conjunto de eventos "
               "por evento_id. Sin datos personales."),
            ("transparencia", "agenda", "sesiones", "SNT"), SESSION_FIELDS, session_rows, agenda_extent),
    Dataset("informe-cifras-por-evento", _l("Informe de la Comisión: cifras por evento"),
            _l("Las cifras del informe de actividades por evento público, de toda la agenda: sesiones, registros, "
               "participantes, personas servidoras públicas, quienes concluyeron, constancias, organismos "
               "garantes, instituciones, entidades y regiones. Toda cifra de 1 a 4 personas se publica como «<5». "
               "Sin datos personales."),
            ("transparencia", "informe", "capacitación", "cifras", "SNT"), FIGURE_FIELDS, figure_rows,
            agenda_extent),
]


def register(dataset: Dataset) -> None:
    """Add a dataset (another area's open figures) to the page, the files and the catalogue."""
    if all(existing.slug != dataset.slug for existing in DATASETS):
        DATASETS.append(dataset)


def dataset_by_slug(slug: str) -> Dataset | None:
    return next((dataset for dataset in DATASETS if dataset.slug == slug), None)
