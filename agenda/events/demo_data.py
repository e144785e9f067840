"""Demo agenda: the Comisión de Gobierno Abierto y de Transparencia Proactiva's real 2019-2020 agenda, taken
from its activity report (shared/seed/informe-comision-gobierno-abierto-2019-2020.txt), plus a few made-up
upcoming events whose dates are computed from the day the demo is loaded. Plain data; agenda/events/demo.py
loads it.

Entry keys (all optional except slug, title, type, organization and sessions):
  slug          stable key: the loader creates an entry only when no event has this slug (idempotent)
  sessions      (date, start, end) or (date, start, end, title) in the event's local time; in UPCOMING the
                date is a number of working days (Monday to Friday) from today in the event's zone
                (0 = today), or of calendar days when the entry says "weekends": True
  people        (name, role, affiliation) or (name, role, affiliation, session_index)
  notes         what the event agreed (a commission session's acuerdos), as the report tells it
  announced     "YYYY-MM-DD" the event was published (default: two weeks before its first session)
  timezone      IANA zone; default: the organizing body's state zone, or America/Mexico_City
  venue         {"address", "city", "state"} for in-person or hybrid events
  status        default "published"; visibility default "public"; scope default "state"
Times the report does not give are marked "hora supuesta" (plausible, not from the report). Dates the report
does not give are marked "fecha aproximada" and said so in the description.
Descriptions carry no head counts or reach figures: the platform counts those from the demo's registrations,
attendance and reach records (agenda/registration/demo_people.py, agenda/attendance/demo.py).
"""

SOURCE = ("Fuente: Informe de actividades noviembre 2019 - noviembre 2020 de la Comisión de Gobierno Abierto "
          "y de Transparencia Proactiva del Sistema Nacional de Transparencia.")
APPROXIMATE_DATE = "La fecha es aproximada: el informe de la Comisión no la consigna."
DEMO_NOTE = ("Evento de demostración: sus fechas se calcularon a partir del día en que se cargaron los datos "
             "de ejemplo.")

THEMES = [
    ("gobierno-abierto", "Gobierno Abierto"),
    ("transparencia-proactiva", "Transparencia Proactiva"),
    ("justicia-abierta", "Justicia Abierta"),
    ("parlamento-abierto", "Parlamento Abierto"),
    ("municipio-abierto", "Municipio Abierto"),
    ("datos-abiertos", "Datos Abiertos"),
    ("agenda-2030", "Agenda 2030"),
    ("proteccion-de-datos", "Protección de Datos"),
]

# Outside bodies that organize or co-organize events in the report (kind "other"; created if missing).
OUTSIDE_ORGANIZATIONS = [
    {"acronym": "RED CPC", "name": "Red Nacional de Comités de Participación Ciudadana", "state": None},
    {"acronym": "UVEG", "name": "Universidad Virtual del Estado de Guanajuato", "state": "GUA"},
    {"acronym": "COLVER", "name": "El Colegio de Veracruz", "state": "VER"},
    {"acronym": "UG", "name": "Universidad de Guanajuato", "state": "GUA"},
]

COORDINATOR = ("Ma. de los Ángeles Ducoing Valdepeña", ("Comisionada Presidenta del IACIP y Coordinadora de "
               "la Comisión de Gobierno Abierto y de Transparencia Proactiva del SNT"))
SECRETARY = ("Mariajosé González Zarzosa", ("Secretaria de la Comisión de Gobierno Abierto y de "
             "Transparencia Proactiva del SNT"))
RUVALCABA = ("Edgar Alejandro Ruvalcaba Gómez", ("Coordinador de la Red Académica de Gobierno Abierto "
             "México; Universidad de Guadalajara"))

_COMMISSION = {"organization": "SNT", "visibility": "members", "scope": "national", "modality": "virtual",
               "registration_required": False, "themes": ["gobierno-abierto", "transparencia-proactiva"]}
_COMMISSION_CHAIRS = [
    (COORDINATOR[0], "moderador", COORDINATOR[1]),
    (SECRETARY[0], "otro", SECRETARY[1]),
]
_WORKING_GROUP = {"organization": "SNT", "type": "reunion_trabajo", "visibility": "members",
                  "scope": "national", "modality": "virtual", "registration_required": False,
                  "themes": ["gobierno-abierto"]}

# --- Commission sessions (members only). The report gives the dates, not the times: hora supuesta. ---------
COMMISSION_SESSIONS = [
    {
        **_COMMISSION,
        "slug": "primera-sesion-ordinaria-comision-gobierno-abierto-2020",
        "title": "Primera Sesión Ordinaria de la Comisión de Gobierno Abierto y de Transparencia Proactiva",
        "type": "sesion_ordinaria",
        "summary": "Aprobación del Plan de Trabajo 2020 y de la nueva identidad gráfica de la Comisión.",
        "description": (
            "Orden del día:\n\n"
            "1. Plan de Trabajo de la Comisión.\n"
            "2. Nueva imagen institucional de la Comisión.\n\n"
            "Por primera vez participó en una sesión el Núcleo de Organizaciones de la Sociedad Civil "
            "(NOSC)."),
        "notes": (
            "1. Se aprobó el Plan de Trabajo de la Comisión, que sienta las bases para la organización y el "
            "funcionamiento de los ejes plasmados en él.\n"
            "2. Se aprobó realizar una nueva propuesta de imagen institucional de la Comisión, que identifique "
            "sus valores y pilares y represente a sus integrantes."),
        # Before the pandemic: in person. The report names no venue; Ciudad de México is an assumption.
        "modality": "presencial",
        "venue": {"address": None, "city": "Ciudad de México", "state": "CMX"},
        "sessions": [("2020-01-09", "11:00", "13:00")],  # hora supuesta
        "people": _COMMISSION_CHAIRS,
    },
    {
        **_COMMISSION,
        "slug": "primera-sesion-extraordinaria-comision-gobierno-abierto-2020",
        "title": ("Primera Sesión Extraordinaria de la Comisión de Gobierno Abierto y de Transparencia "
                  "Proactiva"),
        "type": "sesion_extraordinaria",
        "summary": "Creación de los grupos de trabajo de la Comisión y comunicado sobre Gobierno Abierto "
                   "ante la COVID-19.",
        "description": (
            "Sesión convocada para dar seguimiento a los objetivos del Plan de Trabajo: grupos de trabajo de "
            "la Comisión y comunicado sobre las acciones de Gobierno Abierto ante la contingencia sanitaria."),
        "notes": (
            "1. Se aprobó la creación y conformación de los grupos de trabajo de la Comisión y su "
            "coordinación: Vinculación (colaboración con organizaciones de la sociedad civil, dependencias y "
            "organismos nacionales e internacionales); Contenidos (instrumentos comunicativos y seguimiento de "
            "iniciativas estratégicas); y Agenda Normativa de Gobierno Abierto (diálogo con las legislaturas "
            "locales).\n"
            "2. Se aprobó el comunicado oficial con las acciones y estrategias de Gobierno Abierto de las "
            "entidades federativas ante la contingencia sanitaria por COVID-19."),
        "sessions": [("2020-05-25", "11:00", "12:30")],  # hora supuesta
        "people": _COMMISSION_CHAIRS,
    },
    {
        **_COMMISSION,
        "slug": "segunda-sesion-ordinaria-comision-gobierno-abierto-2020",
        "title": "Segunda Sesión Ordinaria de la Comisión de Gobierno Abierto y de Transparencia Proactiva",
        "type": "sesion_ordinaria",
        "summary": "Ruta crítica de Transparencia Proactiva en el ámbito local y aprobación de la plataforma "
                   "«Agenda de Eventos».",
        "description": (
            "1. Requisitos mínimos de Transparencia Proactiva en las entidades federativas.\n"
            "2. Plataforma electrónica «Agenda de Eventos».\n"
            "3. Propuesta de reforma al Reglamento del Consejo Nacional y a los Lineamientos de las "
            "instancias del SNT."),
        "notes": (
            "1. Se estableció la ruta crítica que seguirán las entidades para el acompañamiento e impulso de "
            "acciones de Transparencia Proactiva en el ámbito local.\n"
            "2. Se propuso y aprobó la plataforma electrónica «Agenda de Eventos», para coordinar en tiempo "
            "real la logística de los eventos de Gobierno Abierto.\n"
            "3. Se recibió y dio cuenta de la propuesta de la comisionada María del Carmen Nava Polina "
            "(INFO CDMX) de reforma al Reglamento del Consejo Nacional y a los Lineamientos de las instancias "
            "del SNT."),
        "sessions": [("2020-08-10", "11:00", "13:00")],  # hora supuesta
        "people": [
            *_COMMISSION_CHAIRS,
            ("David Enrique Menchaca Zúñiga", "otro", "Comisionado invitado, CEGAIP (San Luis Potosí)"),
            ("Laura Marcela Carcaño Ruiz", "otro", "Comisionada invitada, ITAIPUE (Puebla)"),
            ("Humberto Rangel Vallejo", "otro", "Comisionado invitado, ITAIT (Tamaulipas)"),
            ("Rosalba Ivette Robinson Terán", "otro", "Comisionada invitada, ITAIT (Tamaulipas)"),
        ],
    },
    {
        **_COMMISSION,
        "slug": "segunda-sesion-extraordinaria-comision-gobierno-abierto-2020",
        "title": ("Segunda Sesión Extraordinaria de la Comisión de Gobierno Abierto y de Transparencia "
                  "Proactiva"),
        "type": "sesion_extraordinaria",
        "summary": "Aprobación del «ABC de Gobierno Abierto» y de la «Guía para Municipios y Alcaldías».",
        "description": (
            "Documentos «ABC de Gobierno Abierto» (coordinado por el comisionado Oscar Mauricio Guerra Ford) "
            "y «Guía para Municipios y Alcaldías. Una propuesta de Gobierno Abierto» (coordinada por el IAIP "
            "de Oaxaca con la Secretaría de Acceso a la Información del INAI)."),
        "notes": (
            "Se aprobaron por unanimidad los documentos «ABC de Gobierno Abierto» y «Guía para Municipios y "
            "Alcaldías. Una propuesta de Gobierno Abierto»."),
        "themes": ["gobierno-abierto", "municipio-abierto"],
        "sessions": [("2020-10-20", "17:00", "18:30")],  # hora supuesta
        "people": _COMMISSION_CHAIRS,
    },
    {
        **_COMMISSION,
        "slug": "tercera-sesion-ordinaria-comision-gobierno-abierto-2020",
        "title": "Tercera Sesión Ordinaria de la Comisión de Gobierno Abierto y de Transparencia Proactiva",
        "type": "sesion_ordinaria",
        "summary": "Presentación del Informe de Resultados 2019-2020 de la Comisión.",
        "description": "Presentación del Informe de Resultados 2019-2020 de la Comisión de Gobierno Abierto "
                       "y de Transparencia Proactiva del Sistema Nacional de Transparencia.",
        "notes": "Se presentó el Informe de Resultados 2019-2020 de la Comisión.",
        "sessions": [("2020-11-10", "11:00", "13:00")],  # hora supuesta
        "people": _COMMISSION_CHAIRS,
    },
]

# --- The report's 10 working meetings (members only). Dates from the report; hora supuesta. ---------------
WORKING_MEETINGS = [
    {**_WORKING_GROUP, "slug": "reunion-grupo-vinculacion-2020-06-19",
     "title": "Reunión del Grupo de Trabajo de Vinculación",
     "summary": "Esquemas de colaboración con organizaciones de la sociedad civil, dependencias y organismos "
                "nacionales e internacionales.",
     "sessions": [("2020-06-19", "11:00", "12:30")]},
    {**_WORKING_GROUP, "slug": "reunion-grupo-contenidos-2020-06-23",
     "title": "Reunión del Grupo de Trabajo de Contenidos",
     "summary": "Instrumentos comunicativos y seguimiento de las iniciativas estratégicas de la Comisión.",
     "sessions": [("2020-06-23", "11:00", "12:30")]},
    {**_WORKING_GROUP, "slug": "reunion-grupo-agenda-normativa-2020-06-24",
     "title": "Reunión del Grupo de Trabajo de Agenda Normativa de Gobierno Abierto",
     "summary": "Diálogo permanente con las legislaturas locales sobre el quehacer legislativo en la "
                "materia.",
     "themes": ["gobierno-abierto", "parlamento-abierto"],
     "sessions": [("2020-06-24", "11:00", "12:30")]},
    {**_WORKING_GROUP, "slug": "reunion-seguimiento-abc-gobierno-abierto-2020-07-01",
     "title": "Reunión de seguimiento al documento «ABC de Gobierno Abierto»",
     "summary": "Con el equipo del comisionado Oscar Guerra Ford (INAI), para dar seguimiento al avance del "
                "documento.",
     "co_organizers": ["INAI"],
     "sessions": [("2020-07-01", "12:00", "13:30")]},
    {**_WORKING_GROUP, "slug": "reunion-seguimiento-guia-municipal-2020-07-02",
     "title": "Reunión de seguimiento a la Guía Municipal de Gobierno Abierto",
     "summary": "Con el equipo del comisionado Francisco Javier Álvarez Figueroa (IAIP Oaxaca), para dar "
                "seguimiento al avance de la guía.",
     "co_organizers": ["IAIPO"], "themes": ["gobierno-abierto", "municipio-abierto"],
     "sessions": [("2020-07-02", "12:00", "13:30")]},
    {**_WORKING_GROUP, "slug": "reunion-grupo-vinculacion-2020-07-16",
     "title": "Reunión del Grupo de Trabajo de Vinculación",
     "summary": "Segunda reunión del grupo de trabajo.",
     "sessions": [("2020-07-16", "10:00", "11:30")]},
    {**_WORKING_GROUP, "slug": "reunion-grupo-agenda-normativa-2020-07-16",
     "title": "Reunión del Grupo de Trabajo de Agenda Normativa",
     "summary": "Segunda reunión del grupo de trabajo.",
     "themes": ["gobierno-abierto", "parlamento-abierto"],
     "sessions": [("2020-07-16", "12:30", "14:00")]},  # same day as Vinculación: a later hour, no clash
    {**_WORKING_GROUP, "slug": "mesa-trabajo-iniciativa-reforma-ley-transparencia-2020-07-29",
     "title": "Mesa de trabajo para analizar la iniciativa de reforma a la Ley de Transparencia",
     "summary": "Análisis de la iniciativa de reforma por las y los integrantes de la Comisión.",
     "themes": ["gobierno-abierto", "parlamento-abierto"],
     "sessions": [("2020-07-29", "11:00", "13:00")]},
    {**_WORKING_GROUP, "slug": "reunion-grupo-contenidos-2020-08-25",
     "title": "Reunión del Grupo de Contenidos",
     "summary": "Segunda reunión del grupo de trabajo.",
     "sessions": [("2020-08-25", "11:00", "12:30")]},
    {**_WORKING_GROUP, "slug": "reunion-guia-municipio-abierto-2020-09-23",
     "title": "Reunión sobre la Guía de Municipio Abierto",
     "summary": "Revisión de la «Guía para Municipios y Alcaldías. Una propuesta de Gobierno Abierto».",
     "themes": ["gobierno-abierto", "municipio-abierto"],
     "sessions": [("2020-09-23", "11:00", "12:30")]},
]

# --- Training: the national jornada and the two state jornadas. Dates from the report; hora supuesta. ------
JORNADAS = [
    {
        "slug": "jornada-nacional-capacitacion-transparencia-proactiva-2020",
        "title": "Jornada Nacional de Capacitación en Transparencia Proactiva",
        "type": "capacitacion", "organization": "INAI", "co_organizers": ["SNT", "IACIP"],
        "scope": "national", "modality": "virtual",  # no seat limit: the call closed on a date
        "themes": ["transparencia-proactiva", "gobierno-abierto"],
        "summary": "Ocho sesiones virtuales para los Organismos Garantes Locales, dentro de la ruta crítica "
                   "de Transparencia Proactiva aprobada el 10 de agosto de 2020.",
        "description": (
            "Organizada por el INAI y la Comisión de Gobierno Abierto y de Transparencia Proactiva del SNT "
            "como parte de la «Ruta crítica para el acompañamiento e impulso de acciones en materia de "
            "Transparencia Proactiva en el ámbito local», para apoyar la aplicación de los Lineamientos de "
            "Transparencia Proactiva de 2016.\n\n"
            "Dirigida a servidoras y servidores públicos de los Organismos Garantes Locales de las cuatro "
            "regiones del SNT. La convocatoria cerró el lunes 31 de agosto de 2020."),
        "registration_closes": "2020-08-31 23:59",  # "Fecha límite: Lunes 31/Agosto/2020"
        "announced": "2020-08-11",  # the call followed the 10 August session; the report gives no date
        "sessions": [  # the report's eight dates; hora supuesta
            ("2020-09-15", "10:00", "12:00", "Sesión 1"),
            ("2020-09-16", "10:00", "12:00", "Sesión 2"),
            ("2020-09-17", "10:00", "12:00", "Sesión 3"),
            ("2020-09-18", "10:00", "12:00", "Sesión 4"),
            ("2020-09-24", "10:00", "12:00", "Sesión 5"),
            ("2020-09-25", "10:00", "12:00", "Sesión 6"),
            ("2020-09-28", "10:00", "12:00", "Sesión 7"),
            ("2020-09-29", "10:00", "12:00", "Sesión 8"),
        ],
    },
    {
        "slug": "jornada-estatal-transparencia-proactiva-zacatecas-2020",
        "title": "Jornada Estatal de Capacitación en Transparencia Proactiva — Zacatecas",
        "type": "capacitacion", "organization": "IZAI", "co_organizers": ["INAI"], "modality": "virtual",
        "themes": ["transparencia-proactiva"],
        "summary": "Capacitación a sujetos obligados de Zacatecas, con apoyo del INAI.",
        "description": (
            "Jornada estatal de la ruta crítica de Transparencia Proactiva, a cargo del organismo garante "
            "local con apoyo del INAI, para servidoras y servidores públicos de los sujetos obligados del "
            "estado: sindicatos, partidos políticos, fideicomisos e instituciones de los poderes "
            "Legislativo, Ejecutivo y Judicial, entre otros."),
        "sessions": [  # hora supuesta
            ("2020-10-20", "10:00", "13:00", "Día 1"),
            ("2020-10-21", "10:00", "13:00", "Día 2"),
            ("2020-10-22", "10:00", "13:00", "Día 3"),
        ],
    },
    {
        "slug": "jornada-estatal-transparencia-proactiva-guanajuato-2020",
        "title": "Jornada Estatal de Capacitación en Transparencia Proactiva — Guanajuato",
        "type": "capacitacion", "organization": "IACIP", "co_organizers": ["INAI"], "modality": "virtual",
        "capacity": 300, "themes": ["transparencia-proactiva"],
        "summary": "Capacitación a sujetos obligados de Guanajuato, con apoyo del INAI.",
        "description": (
            "Jornada estatal de la ruta crítica de Transparencia Proactiva, a cargo del IACIP con apoyo del "
            "INAI, para servidoras y servidores públicos de los distintos sujetos obligados del estado."),
        "sessions": [  # hora supuesta
            ("2020-10-28", "10:00", "13:00", "Día 1"),
            ("2020-11-03", "10:00", "13:00", "Día 2"),
            ("2020-11-05", "10:00", "13:00", "Día 3"),
        ],
    },
]

# --- The commission's panels: the international one (report gives 10:00) and the three national ones. ------
PANELS = [
    {
        "slug": "panel-internacional-gobierno-abierto-contingencia-covid-19",
        "title": "Panel internacional: Impacto del ejercicio de un Gobierno Abierto durante la contingencia "
                 "COVID-19",
        "type": "panel", "organization": "SNT", "co_organizers": ["IACIP"], "scope": "national",
        "modality": "virtual", "registration_required": False, "stream_url": "https://bit.ly/3bWvUgz",
        "themes": ["gobierno-abierto"],
        "summary": "Análisis del Gobierno Abierto en tiempos de pandemia, desde la experiencia mundial y la "
                   "local. Transmisión en Facebook (@gobabierto) y YouTube (@IACIP_GTO).",
        "description": (
            "Panel internacional vía remota en el que se analizaron los ejercicios de Gobierno Abierto "
            "realizados en el mundo durante la pandemia, desde una visión local."),
        "sessions": [("2020-05-28", "10:00", "12:00")],  # "Inicia: 10:00 a.m. hora central"; end supuesta
        "people": [
            ("Alonso Cerdán Verástegui", "panelista",
             "Director adjunto de Apoyo a Países, Open Government Partnership"),
            ("Esteban Mirofsky", "panelista",
             "Secretario del primer Gobierno Abierto municipal de Argentina"),
            ("Alejandro González Arreola", "panelista",
             "Ex presidente de sociedad civil del Comité Directivo Global del Open Government Partnership"),
            ("Francisco Javier Acuña Llamas", "panelista", "Comisionado Presidente del INAI"),
            (RUVALCABA[0], "panelista", RUVALCABA[1]),
            (COORDINATOR[0], "panelista", COORDINATOR[1]),
            ("Cynthia Patricia Cantero Pacheco", "clausura",
             "Coordinadora de los Organismos Garantes Locales del SNT"),
        ],
    },
    {
        "slug": "panel-nacional-justicia-abierta-2020",
        "title": "Panel Nacional de Justicia Abierta",
        "type": "panel", "organization": "SNT", "co_organizers": ["IACIP"], "scope": "national",
        "modality": "virtual", "registration_required": False,
        "themes": ["justicia-abierta", "gobierno-abierto"],
        "summary": "Primer Panel Nacional de la Comisión: el camino de las instituciones hacia una Justicia "
                   "Abierta.",
        "description": (
            "Panelistas de instituciones, asociaciones civiles y academia compartieron el trabajo realizado, "
            "los retos enfrentados y las herramientas aplicadas para abrir camino hacia una Justicia "
            "Abierta.\n\n" + APPROXIMATE_DATE),
        "sessions": [("2020-10-16", "10:00", "12:00")],  # fecha aproximada; hora supuesta
        "people": [("Josefina Román Vergara", "moderador", "Comisionada del INAI")],
    },
    {
        "slug": "panel-nacional-municipio-abierto-2020",
        "title": "Panel Nacional de Municipio Abierto",
        "type": "panel", "organization": "SNT", "co_organizers": ["IACIP"], "scope": "national",
        "modality": "virtual", "registration_required": False,
        "themes": ["municipio-abierto", "gobierno-abierto"],
        "summary": "Segundo Panel Nacional: cuatro alcaldes y una persona de la sociedad civil comparten su "
                   "experiencia con el Gobierno Abierto municipal.",
        "description": (
            "Cuatro alcaldes y un representante de la sociedad civil compartieron sus experiencias y los "
            "retos de implementar un Gobierno Abierto en sus municipios.\n\n" + APPROXIMATE_DATE),
        "sessions": [("2020-10-30", "10:00", "12:00")],  # fecha aproximada; hora supuesta
        "people": [("Oscar Mauricio Guerra Ford", "moderador", "Comisionado del INAI")],
    },
    {
        # Date, moderator and panelists from the IACIP press release of 6 Nov 2020 ("Llevan a cabo el Panel
        # Nacional de Parlamento Abierto", "esta mañana"); the report names none of them. Hora supuesta.
        "slug": "panel-nacional-parlamento-abierto-2020",
        "title": "Panel Nacional de Parlamento Abierto",
        "type": "panel", "organization": "SNT", "co_organizers": ["IACIP"], "scope": "national",
        "modality": "virtual", "registration_required": False,
        "themes": ["parlamento-abierto", "gobierno-abierto"],
        "summary": "Tercer Panel Nacional: la construcción y consolidación de los ejercicios de Parlamento "
                   "Abierto.",
        "description": (
            "Especialistas compartieron el trabajo realizado para construir y consolidar ejercicios de "
            "Parlamento Abierto y la importancia de que aporten valor a la ciudadanía."),
        "sessions": [("2020-11-06", "10:00", "12:00")],
        "people": [
            (COORDINATOR[0], "inauguracion", COORDINATOR[1]),
            ("Blanca Lilia Ibarra Cadena", "moderador", "Comisionada del INAI"),
            ("Graciela Domínguez Nava", "panelista",
             "Presidenta de la Junta de Coordinación Política del H. Congreso del Estado de Sinaloa"),
            ("Euterpe Alicia Gutiérrez Valasis", "panelista", ("Presidenta de la Comisión Anticorrupción, "
             "Participación Ciudadana y Órganos Autónomos del H. Congreso del Estado de Quintana Roo")),
            ("Luis Gustavo Parra Noriega", "panelista", "Comisionado del INFOEM"),
            ("Khemvirg Puente Martínez", "panelista", "Facultad de Ciencias Políticas y Sociales, UNAM"),
            ("Lisandro Devoto", "panelista", "Centro de Estudios Políticos"),
        ],
    },
]

# --- Webinars, conversatorios, forums and courses of the bodies, as dated in the report. --------------------
BODIES_EVENTS = [
    {
        "slug": "webinar-apertura-anticorrupcion-covid-19",
        "title": "Webinar «Apertura y anticorrupción en COVID-19: el rol de los OGL y los CPC en situaciones "
                 "de emergencia»",
        "type": "webinar", "organization": "INFO CDMX", "modality": "virtual",
        "themes": ["gobierno-abierto", "transparencia-proactiva"],
        "summary": "Organismos garantes y comités de participación ciudadana comparten las herramientas que "
                   "usaron ante la emergencia sanitaria. Campaña #AperturaEnCOVID19.",
        "description": (
            "Comisionadas y comisionados de distintos organismos garantes, y representantes de la sociedad "
            "civil y de los comités de participación ciudadana, compartieron las herramientas implementadas "
            "en sus entidades ante la emergencia sanitaria. Vía Zoom; registro en "
            "estadoabierto@infocdmx.org.mx."),
        "sessions": [  # "12 a 13 hora centro", both days
            ("2020-05-06", "12:00", "13:00",
             "Órganos Garantes Locales del derecho de acceso a la información"),
            ("2020-05-07", "12:00", "13:00",
             "Comités de Participación Ciudadana de los sistemas locales anticorrupción"),
        ],
        "people": [
            ("Adriana Greaves", "panelista", "Cofundadora de Tojil, Estrategia contra la impunidad", 0),
            ("Cynthia Patricia Cantero Pacheco", "panelista", "Comisionada Presidenta del ITEI, Jalisco", 0),
            ("Francisco Guajardo Martínez", "panelista", "Comisionado Vocal de la COTAI, Nuevo León", 0),
            ("José Alfredo Beltrán Estrada", "panelista", "Comisionado Presidente de la CEAIP, Sinaloa", 0),
            (COORDINATOR[0], "panelista", "Comisionada Presidenta del IACIP, Guanajuato", 0),
            ("María del Carmen Nava Polina", "panelista", "Comisionada Ciudadana del INFO CDMX", 0),
            ("Cynthia Dehesa", "panelista", "Integrante del CPC de Quintana Roo", 1),
            ("Jorge Alberto Alatorre Flores", "panelista", "Integrante del CPC Nacional", 1),
            ("Lucía Almaráz Cázares", "panelista",
             "Integrante del Comité de Participación Social de Jalisco", 1),
            ("Norma Sánchez Castillo", "panelista", "Presidenta del CPC de Sinaloa", 1),
        ],
    },
    {
        # Flyer: "Jueves 7 de mayo 18 hrs." (zone not stated: Mexico City assumed; end supuesta).
        "slug": "conversatorio-gobierno-abierto-rendicion-cuentas-pandemia",
        "title": "Conversatorio web «Gobierno Abierto como herramienta para la rendición de cuentas en una "
                 "pandemia»",
        "type": "conversatorio", "organization": "RED CPC", "modality": "virtual", "scope": "national",
        "themes": ["gobierno-abierto"],
        "summary": "Beneficios de integrar ejercicios de Gobierno Abierto a la rendición de cuentas durante "
                   "la emergencia sanitaria.",
        "description": "Organizado por la Comisión de Gobierno Abierto de la Red Nacional de Comités de "
                       "Participación Ciudadana.",
        "timezone": "America/Mexico_City",
        "sessions": [("2020-05-07", "18:00", "19:30")],
        "people": [(COORDINATOR[0], "panelista", COORDINATOR[1]), (RUVALCABA[0], "panelista", RUVALCABA[1])],
    },
    {
        "slug": "conversatorio-internacional-gobierno-abierto-frente-covid-19",
        "title": "Conversatorio Internacional a Distancia «Gobierno Abierto frente al COVID-19»",
        "type": "conversatorio", "organization": "CEGAIP", "modality": "virtual",
        "registration_required": False,
        "themes": ["gobierno-abierto"],
        "summary": "Expertos abordan los beneficios de los ejercicios locales de Gobierno Abierto durante la "
                   "emergencia sanitaria. En vivo por YouTube (Cegaip SLP).",
        "description": "Espacio de la CEGAIP de San Luis Potosí con personas expertas sobre los beneficios y "
                       "ventajas de implementar ejercicios locales de Gobierno Abierto durante la emergencia "
                       "sanitaria.",
        "sessions": [("2020-05-13", "12:00", "13:30")],  # "12:00 hrs TCM"; end supuesta
        "people": [
            ("Juan Ignacio Cifredo Grande", "panelista", None),
            ("Juan Carlos Durango Valdepeña", "panelista", None),
            ("Julián Alcázar Méndez", "panelista", None),
            ("Miguel Ángel Lutzow Steiner", "panelista", None),
        ],
    },
    {
        "slug": "videoconferencia-transparencia-proactiva-apertura-institucional-covid-19",
        "title": ("Videoconferencia «Transparencia proactiva y apertura institucional en tiempos del "
                  "COVID-19»"),
        "type": "webinar", "organization": "INFOQRO", "modality": "virtual",
        "themes": ["transparencia-proactiva", "proteccion-de-datos"],
        "summary": "Parte de la serie «Acceso a la información y protección de datos personales en tiempos "
                   "del COVID-19». Por Zoom y YouTube.",
        "description": (
            "La relevancia de la Transparencia Proactiva durante la emergencia sanitaria y la necesidad de "
            "herramientas que den información adicional, certera y confiable para las decisiones de la vida "
            "diaria. Registro en www.infoqro.mx/conferencias."),
        "sessions": [("2020-05-15", "12:00", "13:00")],  # "Viernes 15/mayo/2020 12:00 horas"; end supuesta
        "people": [(COORDINATOR[0], "ponente", COORDINATOR[1])],
    },
    {
        "slug": "panel-mujeres-impulsoras-gobierno-abierto",
        "title": "Panel virtual «Mujeres impulsoras del Gobierno Abierto: ¿a dónde vamos?»",
        "type": "panel", "organization": "IZAI", "modality": "virtual", "registration_required": False,
        "themes": ["gobierno-abierto", "agenda-2030"],
        "summary": "Comisionadas de distintos organismos garantes sobre la perspectiva de género en los "
                   "ejercicios locales de Gobierno Abierto.",
        "description": "Las panelistas coincidieron en la necesidad de implementar la perspectiva de género "
                       "en los ejercicios locales de Gobierno Abierto.",
        "sessions": [("2020-06-16", "11:00", "12:30")],  # "Martes 16 de junio 11:00 AM"; end supuesta
        "people": [
            (RUVALCABA[0], "moderador", RUVALCABA[1]),
            (COORDINATOR[0], "panelista", "Coordinadora de Gobierno Abierto del SNT"),
            ("Alma López", "panelista", "Comisionada Presidenta del IDAIP"),
            ("Brenda Macías", "panelista", "Comisionada del ITEA"),
            ("Rocío Campos", "panelista", "Comisionada del INFOCOL"),
            ("Julieta del Río", "panelista", "Comisionada del IZAI y encargada de Gobierno Abierto"),
        ],
    },
    {
        # Flyer: "Miércoles 19 de agosto 2020 | 14:00 horas", no zone stated: Quintana Roo time assumed.
        "slug": "conversatorio-gobierno-abierto-participacion-ciudadana-quintana-roo",
        "title": "Conversatorio de Gobierno Abierto y Participación Ciudadana",
        "type": "conversatorio", "organization": "IDAIPQROO", "modality": "virtual",
        "themes": ["gobierno-abierto"],
        "summary": "Experiencias y buenas prácticas de los ejercicios locales de Gobierno Abierto. Cupo "
                   "limitado. #IDAIPQROOTrabajaDesdeCasa",
        "description": "Registro en http://www.idaipqroo.org.mx/registroconversatorio; dudas en "
                       "eventos.capacitacion@idaipqroo.org.mx.",
        "sessions": [("2020-08-19", "14:00", "15:30")],  # end supuesta
        "people": [
            (COORDINATOR[0], "panelista", COORDINATOR[1]),
            ("Cintia Yrazú de la Torre Villanueva", "panelista", "Comisionada del IDAIPQROO"),
            ("Euterpe Alicia Gutiérrez Valasis", "panelista", ("Presidenta de la Comisión Anticorrupción, "
             "Participación Ciudadana y Organismos Autónomos del Congreso de Quintana Roo")),
            ("Raúl Cazares Urban", "panelista", ("Integrante del Comité de Participación Ciudadana del "
             "Sistema Anticorrupción de Quintana Roo")),
        ],
    },
    {
        "slug": "curso-autogestivo-gobierno-abierto-uveg-2020",
        "title": "Curso autogestivo de Gobierno Abierto",
        "type": "curso", "organization": "IACIP", "co_organizers": ["UVEG"], "modality": "virtual",
        "themes": ["gobierno-abierto"],
        "summary": "Curso en línea con la Universidad Virtual del Estado de Guanajuato: fundamentos legales, "
                   "participación ciudadana e innovación gubernamental.",
        "description": (
            "Metodología para que sociedad y gobierno actúen de manera coordinada conforme a los principios "
            "del Gobierno Abierto; el papel de la transparencia y la participación ciudadana, y la "
            "innovación gubernamental. Abierto a personas de los distintos sectores sociales, políticos y "
            "gubernamentales."),
        # "Inicio 21 de septiembre": a self-paced course; the one-hour opening slot is hora supuesta.
        "sessions": [("2020-09-21", "10:00", "11:00", "Inicio del curso")],
    },
    {
        # The report: six months, more than 70 participants; it gives no dates (fecha aproximada: one module a
        # month, first Friday; hora supuesta).
        "slug": "diplomado-transparencia-acceso-informacion-gobierno-abierto-veracruz-2020",
        "title": "Diplomado «Transparencia, Acceso a la Información y Gobierno Abierto»",
        "type": "diplomado", "organization": "IVAI", "co_organizers": ["COLVER"], "modality": "virtual",
        "themes": ["gobierno-abierto", "transparencia-proactiva", "proteccion-de-datos"],
        "summary": "Diplomado de seis meses de El Colegio de Veracruz y el IVAI.",
        "description": (
            "Diplomado de El Colegio de Veracruz (COLVER) en coordinación con el Instituto Veracruzano de "
            "Acceso a la Información y Protección de Datos Personales (IVAI), para integrantes del Sindicato "
            "de Trabajadores al Servicio del Poder Judicial del Estado, personal del IVAI, del COLVER y de la "
            "Universidad Veracruzana, de la Comisión Municipal de Agua y Saneamiento y de los ayuntamientos de "
            "Coatepec y Xalapa, y periodistas.\n\n" + APPROXIMATE_DATE),
        "sessions": [
            ("2020-02-07", "16:00", "20:00", "Módulo 1: Derecho de acceso a la información"),
            ("2020-03-06", "16:00", "20:00", "Módulo 2: Obligaciones de transparencia"),
            ("2020-04-03", "16:00", "20:00", "Módulo 3: Protección de datos personales"),
            ("2020-05-08", "16:00", "20:00", "Módulo 4: Archivos y gestión documental"),
            ("2020-06-05", "16:00", "20:00", "Módulo 5: Gobierno Abierto"),
            ("2020-07-03", "16:00", "20:00", "Módulo 6: Transparencia proactiva y rendición de cuentas"),
        ],
    },
    {
        # Second edition, virtual (42 enrolled); the report gives no dates: fecha aproximada (ten Fridays up to
        # the report's close, hora supuesta).
        "slug": "diplomado-gobierno-abierto-universidad-de-guanajuato-2020",
        "title": ("Diplomado virtual «Acceso a la Información, Transparencia, Protección de Datos Personales y "
                  "Gobierno Abierto»"),
        "type": "diplomado", "organization": "IACIP", "co_organizers": ["UG"], "modality": "virtual",
        "themes": ["gobierno-abierto", "proteccion-de-datos"],
        "summary": "Segunda edición del diplomado de la Universidad de Guanajuato con el IACIP, en modalidad "
                   "virtual.",
        "description": (
            "Herramientas para identificar los elementos básicos de los ejercicios de apertura gubernamental "
            "que se desarrollan a nivel nacional, estatal y municipal: acceso a la información, transparencia, "
            "protección de datos personales y gobierno abierto.\n\n" + APPROXIMATE_DATE),
        "sessions": [(day, "17:00", "20:00", f"Sesión {n}") for n, day in enumerate((
            "2020-09-04", "2020-09-11", "2020-09-18", "2020-09-25", "2020-10-02", "2020-10-09", "2020-10-16",
            "2020-10-23", "2020-10-30", "2020-11-06"), start=1)],
    },
    {
        "slug": "curso-en-linea-gobierno-abierto-transparencia-proactiva-chihuahua-2020",
        "title": "Curso en línea «Gobierno Abierto y Transparencia Proactiva»",
        "type": "curso", "organization": "ICHITAIP", "modality": "virtual",
        "themes": ["gobierno-abierto", "transparencia-proactiva"],
        "summary": "Curso de la Dirección de Capacitación del ICHITAIP para personas servidoras públicas y "
                   "público en general.",
        "description": "Inscripción en https://cutt.ly/gymGAWX. Informes: 614 201 33 00, ext. 3012.",
        "registration_required": False,  # the flyer sends people to the ICHITAIP's own form
        "sessions": [("2020-11-11", "12:00", "13:30")],  # "11 de noviembre de 2020, de 12:00 a 13:30 horas"
    },
    {
        "slug": "foro-gobierno-abierto-nuevo-leon-2019",
        "title": "Foro de Gobierno Abierto en Nuevo León",
        "type": "foro", "organization": "COTAI", "modality": "presencial",
        "venue": {"address": None, "city": "Monterrey", "state": "NLE"},  # city assumed
        "themes": ["gobierno-abierto", "agenda-2030"],
        "summary": "Análisis y retrospectiva de la construcción del cuarto Plan de Acción de México, "
                   "enfocado en la Agenda 2030.",
        "description": (
            "Análisis y retrospectiva sobre la construcción del cuarto Plan de Acción de México, focalizado "
            "en los compromisos de la Agenda 2030 para el Desarrollo Sostenible. La Comisión moderó uno de "
            "los paneles.\n\n" + APPROXIMATE_DATE),
        "sessions": [("2019-11-28", "10:00", "14:00")],  # fecha aproximada; hora supuesta
        "people": [(COORDINATOR[0], "moderador", COORDINATOR[1])],
    },
]

REPORT_EVENTS = COMMISSION_SESSIONS + WORKING_MEETINGS + JORNADAS + PANELS + BODIES_EVENTS

# --- Made-up upcoming events, dated from today so the agenda is never empty. Stable slugs: created once. ----
UPCOMING_EVENTS = [
    {
        "slug": "demo-diplomado-gobierno-abierto-en-curso",
        "title": "Diplomado en Gobierno Abierto (edición en curso)",
        "type": "diplomado", "organization": "ITEI", "modality": "virtual", "capacity": 60,
        "weekends": True,  # calendar days: weekly on today's weekday, so one session is always today
        "themes": ["gobierno-abierto", "agenda-2030"],
        "summary": "Sesiones semanales sobre cómo construir soluciones a problemas públicos con Gobierno "
                   "Abierto.",
        "description": DEMO_NOTE,
        "meeting_url": "https://reuniones.example.org/diplomado-gobierno-abierto",
        "sessions": [
            (-7, "17:00", "19:00", "Módulo 1: Fundamentos"),
            (0, "17:00", "19:00", "Módulo 2: Participación y cocreación"),
            (7, "17:00", "19:00", "Módulo 3: Datos abiertos"),
            (14, "17:00", "19:00", "Módulo 4: Evaluación de compromisos"),
        ],
        "people": [("Equipo de capacitación del ITEI", "instructor", "ITEI")],
    },
    {
        "slug": "demo-webinar-datos-abiertos-rendicion-cuentas",
        "title": "Webinar: Datos abiertos para la rendición de cuentas local",
        "type": "webinar", "organization": "INFO CDMX", "modality": "virtual", "capacity": 100,
        "themes": ["datos-abiertos", "gobierno-abierto"],
        "summary": "Cómo publicar datos abiertos útiles para la ciudadanía en los gobiernos locales.",
        "description": DEMO_NOTE,
        "meeting_url": "https://reuniones.example.org/webinar-datos-abiertos",
        "sessions": [(3, "11:00", "12:30")],  # in three working days
    },
    {
        "slug": "demo-curso-transparencia-proactiva-sujetos-obligados",
        "title": "Curso: Transparencia proactiva para sujetos obligados",
        "type": "curso", "organization": "IACIP", "modality": "virtual", "capacity": 40,
        "themes": ["transparencia-proactiva"],
        "summary": "Dos sesiones prácticas sobre los Lineamientos de Transparencia Proactiva.",
        "description": DEMO_NOTE,
        "meeting_url": "https://reuniones.example.org/curso-transparencia-proactiva",
        "sessions": [
            (5, "10:00", "13:00", "Sesión 1: Lineamientos de Transparencia Proactiva"),  # next week
            (6, "10:00", "13:00", "Sesión 2: Información de interés público"),
        ],
        "people": [("Equipo de capacitación del IACIP", "instructor", "IACIP")],
    },
    {
        "slug": "demo-conversatorio-parlamento-abierto-congresos-locales",
        "title": "Conversatorio: Parlamento abierto en los congresos locales",
        "type": "conversatorio", "organization": "IZAI", "modality": "virtual",
        "status": "cancelled", "status_reason": "Se cancela por cambios en la agenda legislativa de las "
                                                "personas panelistas.",
        "themes": ["parlamento-abierto"],
        "summary": "Diálogo con personas legisladoras sobre ejercicios de parlamento abierto.",
        "description": DEMO_NOTE,
        "sessions": [(8, "12:00", "13:30")],
    },
    {
        "slug": "demo-taller-cocreacion-compromisos-municipales",
        "title": "Taller de cocreación de compromisos de Gobierno Abierto municipal",
        "type": "taller", "organization": "CEGAIP", "modality": "presencial",
        "venue": {"address": "Sala de capacitación de la CEGAIP", "city": "San Luis Potosí", "state": "SLP"},
        "status": "postponed", "status_reason": "Se pospone; la nueva fecha se anunciará en esta página.",
        "capacity": 30, "themes": ["municipio-abierto", "gobierno-abierto"],
        "summary": "Taller para ayuntamientos y sociedad civil sobre cómo cocrear compromisos.",
        "description": DEMO_NOTE,
        "sessions": [(10, "09:00", "14:00")],
    },
    {
        "slug": "demo-foro-nacional-justicia-abierta-sentencias",
        "title": "Foro nacional: Justicia abierta y publicidad de sentencias",
        "type": "foro", "organization": "SNT", "co_organizers": ["INAI", "IACIP"], "scope": "national",
        "modality": "hibrida", "capacity": 150,
        "venue": {"address": "Auditorio del IACIP", "city": "León", "state": "GUA"},
        "stream_url": "https://video.example.org/foro-justicia-abierta",
        "themes": ["justicia-abierta", "gobierno-abierto"],
        "summary": "La reforma sobre la publicidad de todas las sentencias y su aplicación en los estados.",
        "description": DEMO_NOTE,
        "sessions": [(22, "10:00", "14:00")],  # about a month from now
    },
]
