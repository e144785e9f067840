"""SYNTHETIC people for `flask --app agenda demo`. Nobody here is a real person.

Names are drawn at random from lists of common Mexican given names and surnames; genders, positions, sectors and
the institutions people write on the form are drawn with plausible weights (about 55 % women, 44 % men, a few
"no binario" and "prefiero no decir"; public servants of sujetos obligados at the state jornadas; a mix of
sectors at the open courses). The institutions are plausible sujetos obligados of each state (some share names
with real ones); e-mail addresses are at fictitious `ejemplo` domains and are never mailed. Everything comes
from `random.Random(seed)` with a fixed seed per event, so every run of the demo produces the same people.

`AUDIENCES` says, for the events the commission's 2019-2020 report gives figures for, how many registered and
how many took part; agenda/registration/demo.py registers them and agenda/attendance/demo.py marks attendance
so that the platform counts the report's figures from its own rows:
- Jornada Nacional: about 410 public servants of 31 OGL of the four regions, over 8 sessions with drop-off;
- Zacatecas jornada: public servants of 70 sujetos obligados (unions, parties, trusts, the three powers...);
- Guanajuato jornada: close to 300 public servants;
- UVEG's course: 332 people of several sectors; Veracruz diplomado: more than 70; Universidad de Guanajuato
  diplomado: 42 enrolled.
"""
import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

# --- Names (common in Mexico; earlier = more frequent) -------------------------------------------------------
WOMEN = [
    "María Guadalupe", "Guadalupe", "María Fernanda", "Ana María", "Verónica", "Alejandra", "Patricia",
    "Gabriela", "Adriana", "Claudia", "Mónica", "Leticia", "Silvia", "Rosa María", "Martha", "Laura",
    "Elizabeth", "Sandra", "Karla", "Diana", "Daniela", "Andrea", "Mariana", "Paola", "Brenda", "Araceli",
    "Norma", "Yolanda", "Lorena", "Liliana", "Erika", "Nancy", "Ana Karen", "Jessica", "Fabiola", "Rocío",
    "Beatriz", "Teresa", "Margarita", "Isabel", "Carmen", "Lucía", "Sofía", "Valeria", "Ximena", "Itzel",
    "Citlali", "Xóchitl", "Miriam", "Rebeca", "Cecilia", "Alma Delia", "Maribel", "Irma", "Elena",
    "Josefina", "Esperanza", "Griselda", "Dulce María", "Perla", "Ivonne", "Berenice", "Nayeli", "Viridiana",
    "Lizbeth", "Mayra", "Reyna", "Cynthia", "Angélica", "Claudia Ivette", "Ana Laura", "María José",
]
MEN = [
    "José Luis", "Juan Carlos", "Miguel Ángel", "Jorge", "Luis Alberto", "Francisco Javier", "Alejandro",
    "Carlos", "Ricardo", "Roberto", "Fernando", "Eduardo", "Arturo", "Sergio", "Raúl", "Jesús", "Héctor",
    "Víctor Manuel", "Óscar", "Mario", "Daniel", "David", "Javier", "Manuel", "Antonio", "Rafael", "Enrique",
    "Gerardo", "Alfredo", "Armando", "Pedro", "Hugo", "Rubén", "Marco Antonio", "Gustavo", "Édgar", "Iván",
    "Omar", "Diego", "Emilio", "Rodrigo", "Andrés", "Salvador", "Ignacio", "Guillermo", "Julio César",
    "Ramón", "Adrián", "Erick", "Israel", "Gabriel", "Jaime", "Joel", "Martín", "Tomás", "Ulises", "Saúl",
    "Abraham", "Efraín", "Gilberto", "Humberto", "Leonardo", "Mauricio", "Ernesto", "Felipe", "Alberto",
    "Christian", "Alan", "José Antonio", "Juan Manuel",
]
SURNAMES = [
    "Hernández", "García", "Martínez", "López", "González", "Pérez", "Rodríguez", "Sánchez", "Ramírez", "Cruz",
    "Flores", "Gómez", "Morales", "Vázquez", "Reyes", "Jiménez", "Torres", "Díaz", "Gutiérrez", "Ruiz",
    "Mendoza", "Aguilar", "Ortiz", "Moreno", "Castillo", "Romero", "Álvarez", "Méndez", "Chávez", "Rivera",
    "Juárez", "Ramos", "Domínguez", "Herrera", "Medina", "Castro", "Vargas", "Guzmán", "Velázquez", "Muñoz",
    "Rojas", "Contreras", "Salazar", "de la Cruz", "Luna", "Ortega", "Guerrero", "Estrada", "Bautista",
    "Cortés", "Soto", "Alvarado", "Espinoza", "Lara", "Ávila", "Ríos", "Cervantes", "Silva", "Delgado",
    "Vega", "Márquez", "Sandoval", "Fernández", "León", "Carrillo", "Mejía", "Solís", "Núñez", "Rosas",
    "Valdez", "Ibarra", "Campos", "Santiago", "Navarro", "Pacheco", "Zamora", "Acosta", "Trejo", "Villanueva",
    "Cabrera", "Nava", "Robles", "Rangel", "Orozco", "Padilla", "Montes", "Escobar", "Quintero", "Zúñiga",
    "Olvera", "Arellano", "Galván", "Barrera", "Camacho", "Valencia", "Esquivel", "Ochoa",
]
SURNAME_WEIGHTS = [1 / (rank + 4) for rank in range(len(SURNAMES))]  # Hernández far more often than Ochoa

# (code, weight): roughly what registration forms of public bodies show; gender is optional on the form.
GENDERS = [("mujer", 546), ("hombre", 431), ("no_binario", 6), ("prefiero_no_decir", 12), (None, 5)]

# --- Positions, feminine and masculine ----------------------------------------------------------------------
SUJETO_POSITIONS = [
    ("Titular de la Unidad de Transparencia", "Titular de la Unidad de Transparencia"),
    ("Enlace de Transparencia", "Enlace de Transparencia"),
    ("Jefa del Departamento de Transparencia", "Jefe del Departamento de Transparencia"),
    ("Directora Jurídica", "Director Jurídico"),
    ("Coordinadora de Archivo", "Coordinador de Archivo"),
    ("Analista de Información Pública", "Analista de Información Pública"),
    ("Auxiliar Administrativa", "Auxiliar Administrativo"),
    ("Secretaria Técnica", "Secretario Técnico"),
    ("Titular del Órgano Interno de Control", "Titular del Órgano Interno de Control"),
    ("Asesora Jurídica", "Asesor Jurídico"),
    ("Responsable de Datos Abiertos", "Responsable de Datos Abiertos"),
    ("Directora de Planeación", "Director de Planeación"),
    ("Encargada del Portal de Transparencia", "Encargado del Portal de Transparencia"),
    ("Subdirectora de Acceso a la Información", "Subdirector de Acceso a la Información"),
    ("Jefa de Oficina", "Jefe de Oficina"),
]
OGL_POSITIONS = [
    ("Comisionada", "Comisionado"),
    ("Secretaria Ejecutiva", "Secretario Ejecutivo"),
    ("Directora de Capacitación", "Director de Capacitación"),
    ("Coordinadora de Gobierno Abierto", "Coordinador de Gobierno Abierto"),
    ("Jefa del Departamento de Vinculación", "Jefe del Departamento de Vinculación"),
    ("Directora de Verificación", "Director de Verificación"),
    ("Proyectista", "Proyectista"),
    ("Analista", "Analista"),
    ("Auxiliar de Capacitación", "Auxiliar de Capacitación"),
    ("Directora de Tecnologías de la Información", "Director de Tecnologías de la Información"),
    ("Secretaria de Acuerdos", "Secretario de Acuerdos"),
    ("Coordinadora de Transparencia Proactiva", "Coordinador de Transparencia Proactiva"),
    ("Asesora de Ponencia", "Asesor de Ponencia"),
]
ACADEMIC_POSITIONS = [("Estudiante", "Estudiante"), ("Estudiante de posgrado", "Estudiante de posgrado"),
                      ("Profesora investigadora", "Profesor investigador"), ("Docente", "Docente"),
                      ("Coordinadora académica", "Coordinador académico")]
CIVIL_POSITIONS = [("Integrante", "Integrante"), ("Presidenta", "Presidente"),
                   ("Coordinadora de proyectos", "Coordinador de proyectos"), ("Voluntaria", "Voluntario")]
PRESS_POSITIONS = [("Periodista", "Periodista"), ("Reportera", "Reportero")]
PRIVATE_POSITIONS = [("Consultora", "Consultor"), ("Abogada", "Abogado"), ("Contadora", "Contador"),
                     ("Gerente de cumplimiento", "Gerente de cumplimiento")]

# --- Institutions ---------------------------------------------------------------------------------------------
CAPITALS = {
    "AGU": "Aguascalientes", "BCN": "Mexicali", "BCS": "La Paz", "CAM": "Campeche", "CHP": "Tuxtla Gutiérrez",
    "CHH": "Chihuahua", "CMX": "Cuauhtémoc", "COA": "Saltillo", "COL": "Colima", "DUR": "Durango",
    "GUA": "Guanajuato", "GRO": "Chilpancingo de los Bravo", "HID": "Pachuca de Soto", "JAL": "Guadalajara",
    "MEX": "Toluca", "MIC": "Morelia", "MOR": "Cuernavaca", "NAY": "Tepic", "NLE": "Monterrey",
    "OAX": "Oaxaca de Juárez", "PUE": "Puebla", "QUE": "Querétaro", "ROO": "Chetumal", "SLP": "San Luis Potosí",
    "SIN": "Culiacán", "SON": "Hermosillo", "TAB": "Centro", "TAM": "Victoria", "TLA": "Tlaxcala",
    "VER": "Xalapa", "YUC": "Mérida", "ZAC": "Zacatecas",
}
GENERIC_SUJETOS = [  # {state}: the state's name, {capital}: its capital (CDMX: an alcaldía)
    "Secretaría de Finanzas del Estado de {state}", "Secretaría de Educación del Estado de {state}",
    "Secretaría de Salud del Estado de {state}", "Secretaría de la Contraloría del Estado de {state}",
    "Secretaría General de Gobierno del Estado de {state}", "Congreso del Estado de {state}",
    "Poder Judicial del Estado de {state}", "Fiscalía General del Estado de {state}",
    "Instituto Electoral del Estado de {state}", "Comisión Estatal de Derechos Humanos de {state}",
    "Sistema Estatal DIF {state}", "Ayuntamiento de {capital}", "Universidad Autónoma del Estado de {state}",
]

ZACATECAS_SUJETOS = [
    # Executive branch and its entities
    "Secretaría General de Gobierno", "Secretaría de Finanzas", "Secretaría de Administración",
    "Secretaría de la Función Pública", "Secretaría de Educación", "Secretaría de Salud",
    "Secretaría de Economía", "Secretaría del Campo", "Secretaría de Desarrollo Social",
    "Secretaría de Obras Públicas", "Secretaría de Seguridad Pública", "Secretaría de Turismo",
    "Secretaría de las Mujeres", "Secretaría del Agua y Medio Ambiente",
    "Secretaría de Desarrollo Urbano, Vivienda y Ordenamiento Territorial", "Coordinación General Jurídica",
    "Sistema Estatal para el Desarrollo Integral de la Familia", "Servicios de Salud de Zacatecas",
    "Instituto Zacatecano de Cultura", "Instituto de la Juventud del Estado de Zacatecas",
    "Junta Intermunicipal de Agua Potable y Alcantarillado de Zacatecas",
    "Colegio de Bachilleres del Estado de Zacatecas", "Instituto Zacatecano de Educación para Adultos",
    "Instituto de Capacitación para el Trabajo del Estado de Zacatecas",
    # Legislative and judicial branches
    "Legislatura del Estado de Zacatecas", "Auditoría Superior del Estado de Zacatecas",
    "Tribunal Superior de Justicia del Estado de Zacatecas",
    "Tribunal de Justicia Administrativa del Estado de Zacatecas",
    "Tribunal de Justicia Electoral del Estado de Zacatecas",
    "Tribunal de Conciliación y Arbitraje del Estado de Zacatecas",
    # Autonomous bodies
    "Instituto Electoral del Estado de Zacatecas", "Comisión de Derechos Humanos del Estado de Zacatecas",
    "Universidad Autónoma de Zacatecas", "Fiscalía General de Justicia del Estado de Zacatecas",
    # Municipalities
    *(f"Ayuntamiento de {town}" for town in (
        "Zacatecas", "Guadalupe", "Fresnillo", "Jerez", "Río Grande", "Sombrerete", "Calera", "Pinos",
        "Valparaíso", "Loreto", "Villanueva", "Ojocaliente", "Tlaltenango de Sánchez Román",
        "Nochistlán de Mejía", "Jalpa", "Juchipila", "Villa de Cos", "Juan Aldama")),
    # Political parties (state committees)
    "Partido Acción Nacional, Comité Directivo Estatal Zacatecas",
    "Partido Revolucionario Institucional, Comité Directivo Estatal Zacatecas",
    "Partido de la Revolución Democrática, Dirección Estatal Zacatecas",
    "Partido del Trabajo, Comisión Ejecutiva Estatal Zacatecas",
    "Partido Verde Ecologista de México, Comité Ejecutivo Estatal Zacatecas",
    "Movimiento Ciudadano, Comisión Operativa Estatal Zacatecas", "Morena, Comité Ejecutivo Estatal Zacatecas",
    "Nueva Alianza Zacatecas",
    # Unions
    "Sindicato de Trabajadores al Servicio del Gobierno del Estado de Zacatecas",
    "Sindicato del Personal Académico de la Universidad Autónoma de Zacatecas",
    "Sindicato de Trabajadores de la Universidad Autónoma de Zacatecas",
    "Sindicato de Trabajadores del Poder Judicial del Estado de Zacatecas",
    "Sindicato Único de Trabajadores del Municipio de Zacatecas",
    "Sindicato de Trabajadores de la Educación, Sección Zacatecas",
    # Public trusts
    "Fideicomiso Zacatecas para el Desarrollo Económico",
    "Fideicomiso del Fondo de Pensiones de los Trabajadores del Estado de Zacatecas",
    "Fideicomiso para la Promoción Turística de Zacatecas",
    "Fideicomiso de Infraestructura Educativa del Estado de Zacatecas",
]

GUANAJUATO_TOWNS = [
    "León", "Irapuato", "Celaya", "Salamanca", "Guanajuato", "Silao de la Victoria", "Dolores Hidalgo",
    "San Miguel de Allende", "Pénjamo", "Valle de Santiago", "San Francisco del Rincón", "Acámbaro",
    "Moroleón", "Uriangato", "Salvatierra", "Cortazar", "San Luis de la Paz", "Apaseo el Grande",
    "Purísima del Rincón", "Abasolo", "Yuriria", "Comonfort", "Villagrán", "Santa Cruz de Juventino Rosas",
    "San Felipe", "Romita", "Jaral del Progreso", "Tarimoro", "Cuerámaro", "Manuel Doblado", "Huanímaro",
    "Jerécuaro", "Coroneo", "Tarandacuao", "Santiago Maravatío", "Apaseo el Alto", "San Diego de la Unión",
    "Ocampo", "San José Iturbide", "Doctor Mora", "Tierra Blanca", "Santa Catarina", "Victoria", "Xichú",
    "Atarjea", "Pueblo Nuevo",
]
GUANAJUATO_SUJETOS = [
    *(f"Municipio de {town}" for town in GUANAJUATO_TOWNS),
    "Secretaría de Finanzas, Inversión y Administración", "Secretaría de la Transparencia y Rendición de Cuentas",
    "Secretaría de Educación de Guanajuato", "Secretaría de Salud de Guanajuato",
    "Secretaría de Desarrollo Social y Humano", "Secretaría de Desarrollo Económico Sustentable",
    "Secretaría de Infraestructura, Conectividad y Movilidad", "Secretaría de Seguridad Pública",
    "Secretaría de Gobierno", "Secretaría de Turismo", "Secretaría de Medio Ambiente y Ordenamiento Territorial",
    "Secretaría del Migrante y Enlace Internacional", "Secretaría de Desarrollo Agroalimentario y Rural",
    "Instituto de Seguridad Social del Estado de Guanajuato",
    "Sistema para el Desarrollo Integral de la Familia del Estado de Guanajuato",
    "Comisión Estatal del Agua de Guanajuato", "Instituto Estatal de la Cultura",
    "Instituto para las Mujeres Guanajuatenses", "Instituto de Infraestructura Física Educativa de Guanajuato",
    "Congreso del Estado de Guanajuato", "Auditoría Superior del Estado de Guanajuato",
    "Poder Judicial del Estado de Guanajuato", "Tribunal de Justicia Administrativa del Estado de Guanajuato",
    "Instituto Electoral del Estado de Guanajuato", "Procuraduría de los Derechos Humanos del Estado de Guanajuato",
    "Fiscalía General del Estado de Guanajuato", "Tribunal Estatal Electoral de Guanajuato",
    "Universidad de Guanajuato",
]
GUANAJUATO_BIG = {"Municipio de León": 9, "Municipio de Irapuato": 5, "Municipio de Celaya": 5,
                  "Municipio de Salamanca": 4, "Municipio de Guanajuato": 4, "Poder Judicial del Estado de Guanajuato": 4,
                  "Congreso del Estado de Guanajuato": 3, "Secretaría de Finanzas, Inversión y Administración": 3,
                  "Universidad de Guanajuato": 3}
GUANAJUATO_ACADEMIA = ["Universidad de Guanajuato", "Universidad Virtual del Estado de Guanajuato",
                       "Universidad De La Salle Bajío", "Instituto Tecnológico de Celaya",
                       "Universidad Iberoamericana León", "Universidad de León"]
CIVIL_SOCIETY = ["Observatorio Ciudadano por la Transparencia, A.C.", "Colectivo Participación Ciudadana, A.C.",
                 "Red de Jóvenes por la Rendición de Cuentas, A.C.", "Fundación Comunidad Abierta, A.C.",
                 "Consejo Ciudadano de Contraloría Social"]
PRIVATE = ["Despacho de consultoría independiente", "Cámara de comercio local", "Despacho contable",
           "Empresa de tecnologías de la información"]

# The Veracruz diplomado: who the report says took it, "principalmente" the judicial workers' union.
VERACRUZ_GROUPS = [  # (institution, sector, people, positions, organization acronym)
    ("Sindicato de Trabajadores al Servicio del Poder Judicial del Estado de Veracruz", "gobierno", 29,
     SUJETO_POSITIONS, None),
    ("Instituto Veracruzano de Acceso a la Información y Protección de Datos Personales", "gobierno", 12,
     OGL_POSITIONS, "IVAI"),
    ("El Colegio de Veracruz", "academia", 8, ACADEMIC_POSITIONS, "COLVER"),
    ("Universidad Veracruzana", "academia", 8, ACADEMIC_POSITIONS, None),
    ("Comisión Municipal de Agua Potable y Saneamiento de Xalapa", "gobierno", 6, SUJETO_POSITIONS, None),
    ("Ayuntamiento de Coatepec", "gobierno", 5, SUJETO_POSITIONS, None),
    ("Ayuntamiento de Xalapa", "gobierno", 5, SUJETO_POSITIONS, None),
    ("Periodista independiente", "sociedad_civil", 6, PRESS_POSITIONS, None),
]

# The report says 31 of the 32 OGL took part but not which one did not: the demo assumes Nayarit's.
JORNADA_ABSENT_OGL = "ITAI NAYARIT"
OGL_SIZE = {"INFO CDMX": 26, "INFOEM": 24, "ITEI": 21, "IACIP": 22, "COTAI": 17, "IVAI": 17, "ITAIPUE": 15,
            "CEGAIP": 14, "ICHITAIP": 14, "ISTAI": 13, "IZAI": 14, "IAIPO": 13, "ITAIP": 13, "ICAI": 13}
OGL_DEFAULT_SIZE = 11


@dataclass
class SyntheticPerson:
    name: str
    email: str
    gender: str | None
    institution: str  # as the person wrote it on the form (sometimes with another spelling)
    position: str
    state: str  # state code
    sector: str
    organization: str | None = None  # acronym, when the person works at a catalog body


@dataclass(frozen=True)
class Audience:
    """How many registered for a report event (confirmed up to its capacity, then waitlisted), how many of
    the confirmed took part (attended at least one session), and who they are."""
    registrations: int
    participants: int
    people: Callable[["Crowd", int], list[SyntheticPerson]]
    retention: float = 0.95  # chance that a participant comes back to each next session (drop-off)
    presence: float = 0.94  # chance to attend a session between one's first and last one


def plain(text: str) -> str:
    """Lower case without accents or repeated spaces: 'Sría.  de Finanzas ' -> 'sria. de finanzas'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.casefold().split())


def institution_key(institution: str) -> str:
    """The demo's own spelling variants folded back (see `variant`): case, accents, spaces, 'Sria.', 'H.'."""
    key = plain(institution).removeprefix("h. ")
    return key.replace("sria. ", "secretaria ").replace("edo. ", "estado ")


class Crowd:
    """Draws synthetic people; one per demo run, so an address is not handed out twice in that run."""

    def __init__(self, seed: str, states: dict[str, str], organizations: dict[str, tuple[str, str | None]],
                 ogls: set[str]):
        self.rng = random.Random(seed)
        self.states = states  # code -> name
        self.organizations = organizations  # acronym -> (name, state code)
        self.ogls = ogls  # acronyms of the state guarantor bodies
        self.used: set[str] = set()
        self.alumni: list[SyntheticPerson] = []  # people drawn so far in this run: some come back

    def reseed(self, seed: str) -> None:
        """Draw the next event's people from its own seed: an event's crowd does not depend on the others."""
        self.rng = random.Random(seed)

    # -- one person ----------------------------------------------------------------------------------------
    def person(self, institution: str, state: str, sector: str, positions, organization: str | None = None,
               spelling: bool = True) -> SyntheticPerson:
        rng = self.rng
        gender = rng.choices([g for g, _ in GENDERS], [w for _, w in GENDERS])[0]
        feminine = gender == "mujer" or (gender not in ("mujer", "hombre") and rng.random() < 0.5)
        given = rng.choice(WOMEN if feminine else MEN)
        first, second = rng.choices(SURNAMES, SURNAME_WEIGHTS, k=2)
        position = rng.choice(positions)[0 if feminine else 1]
        written = self.variant(institution) if spelling else institution
        person = SyntheticPerson(name=f"{given} {first} {second}", email=self._address(given, first, second, sector),
                                 gender=gender, institution=written, position=position, state=state, sector=sector,
                                 organization=organization)
        self.alumni.append(person)
        return person

    def variant(self, institution: str) -> str:
        """How people actually type their institution: mostly as is, sometimes in capitals, without accents,
        with doubled spaces or 'Sria.' / 'H. Ayuntamiento' (the report folds these back: institution_key)."""
        roll = self.rng.random()
        if roll < 0.06:
            return institution.upper()
        if roll < 0.11:
            return "".join(ch for ch in unicodedata.normalize("NFKD", institution)
                           if not unicodedata.combining(ch))
        if roll < 0.14:
            return institution.replace(" de ", "  de ", 1) + " "
        if roll < 0.18 and institution.startswith("Secretaría "):
            return "Sria. " + institution[len("Secretaría "):]
        if roll < 0.22 and institution.startswith("Ayuntamiento "):
            return "H. " + institution
        return institution

    def _address(self, given: str, first: str, second: str, sector: str) -> str:
        domain = {"gobierno": "ejemplo.gob.mx", "academia": "ejemplo.edu.mx",
                  "sociedad_civil": "ejemplo.org.mx"}.get(sector, "ejemplo.com.mx")
        base = ".".join(plain(part).replace(" ", "") for part in (given.split()[0], first, second))
        local, n = base, 1
        while f"{local}@{domain}" in self.used:
            n += 1
            local = f"{base}{n}"
        self.used.add(f"{local}@{domain}")
        return f"{local}@{domain}"

    # -- crowds ---------------------------------------------------------------------------------------------
    def ogl_staff(self, size: int) -> list[SyntheticPerson]:
        """Jornada Nacional: staff of every OGL but one, in proportion to the body's size."""
        bodies = sorted(acronym for acronym in self.ogls if acronym != JORNADA_ABSENT_OGL)
        weights = [OGL_SIZE.get(acronym, OGL_DEFAULT_SIZE) for acronym in bodies]
        counts = _apportion(size, weights)
        people = []
        for acronym, count in zip(bodies, counts, strict=True):
            name, state = self.organizations[acronym]
            people += [self.person(name, state, "gobierno", OGL_POSITIONS, acronym, spelling=False)
                       for _ in range(count)]
        self.rng.shuffle(people)
        return people

    def ogl_acronyms(self) -> set[str]:
        return self.ogls

    def sujetos(self, institutions: list[str], state: str, size: int,
                big: dict[str, int] | None = None) -> list[SyntheticPerson]:
        """Public servants of the given sujetos obligados: at least one of each, bigger ones by more."""
        weights = [(big or {}).get(name, 1) * self.rng.uniform(0.6, 1.8) for name in institutions]
        counts = [1 + extra for extra in _apportion(size - len(institutions), weights)]
        people = []
        for institution, count in zip(institutions, counts, strict=True):
            people += [self.person(institution, state, "gobierno", SUJETO_POSITIONS) for _ in range(count)]
        self.rng.shuffle(people)
        return people

    def mixed(self, size: int, state: str, shares: dict[str, float], institutions: list[str],
              academia: list[str]) -> list[SyntheticPerson]:
        """An open course: public servants (mostly of `state`), students and academics, civil society and
        private sector, in the given shares."""
        people = []
        for _ in range(size):
            sector = self.rng.choices(list(shares), list(shares.values()))[0]
            home = state if self.rng.random() < 0.8 else self.rng.choice(sorted(self.states))
            if sector == "gobierno":
                institution = (self.rng.choice(institutions) if home == state
                               else self.generic_sujeto(home))
                people.append(self.person(institution, home, sector, SUJETO_POSITIONS))
            elif sector == "academia":
                people.append(self.person(self.rng.choice(academia), state, sector, ACADEMIC_POSITIONS))
            elif sector == "sociedad_civil":
                people.append(self.person(self.rng.choice(CIVIL_SOCIETY), home, sector, CIVIL_POSITIONS))
            else:
                people.append(self.person(self.rng.choice(PRIVATE), home, sector, PRIVATE_POSITIONS))
        return people

    def generic_sujeto(self, state: str) -> str:
        name = self.states[state]
        return self.rng.choice(GENERIC_SUJETOS).format(state=name, capital=CAPITALS.get(state, name))

    def general(self, size: int, state: str | None) -> list[SyntheticPerson]:
        """Any other event: public servants, half of the organizer's state, plus a few of other sectors."""
        people, emails = [], set()
        while len(people) < size:
            if self.alumni and self.rng.random() < 0.3:  # someone from an earlier event (same address)
                again = self.rng.choice(self.alumni)
                if again.email not in emails:
                    people.append(again)
                    emails.add(again.email)
                continue
            home = state if state and self.rng.random() < 0.5 else self.rng.choice(sorted(self.states))
            sector = self.rng.choices(["gobierno", "academia", "sociedad_civil", "iniciativa_privada"],
                                      [78, 10, 8, 4])[0]
            if sector == "gobierno":
                ogl = self.state_ogl(home)
                if ogl and self.rng.random() < 0.2:
                    people.append(self.person(self.organizations[ogl][0], home, sector, OGL_POSITIONS, ogl,
                                              spelling=False))
                else:
                    people.append(self.person(self.generic_sujeto(home), home, sector, SUJETO_POSITIONS))
            elif sector == "academia":
                institution = f"Universidad Autónoma del Estado de {self.states[home]}"
                people.append(self.person(institution, home, sector, ACADEMIC_POSITIONS))
            elif sector == "sociedad_civil":
                people.append(self.person(self.rng.choice(CIVIL_SOCIETY), home, sector, CIVIL_POSITIONS))
            else:
                people.append(self.person(self.rng.choice(PRIVATE), home, sector, PRIVATE_POSITIONS))
            emails.add(people[-1].email)
        return people

    def state_ogl(self, state: str) -> str | None:
        for acronym in sorted(self.ogl_acronyms()):
            if self.organizations[acronym][1] == state:
                return acronym
        return None

    def veracruz(self, size: int) -> list[SyntheticPerson]:
        counts = _apportion(size, [group[2] for group in VERACRUZ_GROUPS])
        people = []
        for (institution, sector, _, positions, acronym), count in zip(VERACRUZ_GROUPS, counts, strict=True):
            people += [self.person(institution, "VER", sector, positions, acronym, spelling=acronym is None)
                       for _ in range(count)]
        self.rng.shuffle(people)
        return people


def _apportion(total: int, weights: list[float]) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainders), at least 0 each."""
    if total <= 0:
        return [0] * len(weights)
    whole = sum(weights)
    shares = [total * w / whole for w in weights]
    counts = [int(s) for s in shares]
    for index in sorted(range(len(weights)), key=lambda i: shares[i] - counts[i], reverse=True)[:total - sum(counts)]:
        counts[index] += 1
    return counts


GTO_COURSE = {"gobierno": 54, "academia": 20, "sociedad_civil": 17, "iniciativa_privada": 9}
GTO_DIPLOMADO = {"gobierno": 62, "academia": 24, "sociedad_civil": 14}

AUDIENCES: dict[str, Audience] = {
    # "alrededor de 410 servidores públicos de 31 OGL de las cuatro regiones": 410 took part; a few more
    # registered and never connected.
    "jornada-nacional-capacitacion-transparencia-proactiva-2020": Audience(
        registrations=437, participants=410, people=lambda crowd, n: crowd.ogl_staff(n)),
    # "servidores públicos de alrededor de 70 sujetos obligados": 70 institutions (the report gives no head count).
    "jornada-estatal-transparencia-proactiva-zacatecas-2020": Audience(
        registrations=171, participants=158, retention=0.93,
        people=lambda crowd, n: crowd.sujetos(ZACATECAS_SUJETOS, "ZAC", n)),
    # "cerca de 300 servidores públicos de distintos sujetos obligados del estado"; the event had 300 seats.
    "jornada-estatal-transparencia-proactiva-guanajuato-2020": Audience(
        registrations=309, participants=294, retention=0.92,
        people=lambda crowd, n: crowd.sujetos(GUANAJUATO_SUJETOS, "GUA", n, GUANAJUATO_BIG)),
    # "tomado por 332 alumnas y alumnos de distintos sectores sociales, políticos y gubernamentales".
    "curso-autogestivo-gobierno-abierto-uveg-2020": Audience(
        registrations=361, participants=332,
        people=lambda crowd, n: crowd.mixed(n, "GUA", GTO_COURSE, GUANAJUATO_SUJETOS, GUANAJUATO_ACADEMIA)),
    # "contó con más de 70 participantes, principalmente integrantes del Sindicato ...".
    "diplomado-transparencia-acceso-informacion-gobierno-abierto-veracruz-2020": Audience(
        registrations=79, participants=74, retention=0.96, people=lambda crowd, n: crowd.veracruz(n)),
    # "se inscribieron un total de 42 participantes".
    "diplomado-gobierno-abierto-universidad-de-guanajuato-2020": Audience(
        registrations=42, participants=42, retention=0.97,
        people=lambda crowd, n: crowd.mixed(n, "GUA", GTO_DIPLOMADO, GUANAJUATO_SUJETOS,
                                            ["Universidad de Guanajuato"])),
}
