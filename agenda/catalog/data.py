"""The SNT catalog as shipped: 32 states, the SNT's four regions and the guarantor bodies."""

# code, official name, region slug, IANA time zone of most of the state
STATES = [
    ("AGU", "Aguascalientes", "centro-occidente", "America/Mexico_City"),
    ("BCN", "Baja California", "norte", "America/Tijuana"),
    ("BCS", "Baja California Sur", "norte", "America/Mazatlan"),
    ("CAM", "Campeche", "sureste", "America/Mexico_City"),
    ("CHP", "Chiapas", "sureste", "America/Mexico_City"),
    ("CHH", "Chihuahua", "norte", "America/Chihuahua"),
    ("CMX", "Ciudad de México", "centro", "America/Mexico_City"),
    ("COA", "Coahuila de Zaragoza", "norte", "America/Monterrey"),
    ("COL", "Colima", "centro-occidente", "America/Mexico_City"),
    ("DUR", "Durango", "norte", "America/Monterrey"),
    ("GUA", "Guanajuato", "centro-occidente", "America/Mexico_City"),
    ("GRO", "Guerrero", "centro", "America/Mexico_City"),
    ("HID", "Hidalgo", "centro", "America/Mexico_City"),
    ("JAL", "Jalisco", "centro-occidente", "America/Mexico_City"),
    ("MEX", "México", "centro", "America/Mexico_City"),
    ("MIC", "Michoacán de Ocampo", "centro-occidente", "America/Mexico_City"),
    ("MOR", "Morelos", "centro", "America/Mexico_City"),
    ("NAY", "Nayarit", "centro-occidente", "America/Mazatlan"),
    ("NLE", "Nuevo León", "norte", "America/Monterrey"),
    ("OAX", "Oaxaca", "sureste", "America/Mexico_City"),
    ("PUE", "Puebla", "centro", "America/Mexico_City"),
    ("QUE", "Querétaro", "centro-occidente", "America/Mexico_City"),
    ("ROO", "Quintana Roo", "sureste", "America/Cancun"),
    ("SLP", "San Luis Potosí", "centro-occidente", "America/Mexico_City"),
    ("SIN", "Sinaloa", "norte", "America/Mazatlan"),
    ("SON", "Sonora", "norte", "America/Hermosillo"),
    ("TAB", "Tabasco", "sureste", "America/Mexico_City"),
    ("TAM", "Tamaulipas", "norte", "America/Monterrey"),
    ("TLA", "Tlaxcala", "centro", "America/Mexico_City"),
    ("VER", "Veracruz de Ignacio de la Llave", "sureste", "America/Mexico_City"),
    ("YUC", "Yucatán", "sureste", "America/Merida"),
    ("ZAC", "Zacatecas", "centro-occidente", "America/Mexico_City"),
]

REGIONS = [
    ("centro", "Centro"),
    ("centro-occidente", "Centro-Occidente"),
    ("norte", "Norte"),
    ("sureste", "Sureste"),
]

# acronym, full name, kind, state code (None for national bodies)
ORGANIZATIONS = [
    ("INAI", "Instituto Nacional de Transparencia, Acceso a la Información y Protección de Datos Personales",
     "national", None),
    ("SNT", "Sistema Nacional de Transparencia, Acceso a la Información Pública y Protección de Datos Personales",
     "national", None),
    ("ITEA", "Instituto de Transparencia del Estado de Aguascalientes", "ogl", "AGU"),
    ("ITAIPBC", "Instituto de Transparencia, Acceso a la Información Pública y Protección de Datos Personales "
     "del Estado de Baja California", "ogl", "BCN"),
    ("ITAIBCS", "Instituto de Transparencia y Acceso a la Información Pública del Estado de Baja California Sur",
     "ogl", "BCS"),
    ("COTAIPEC", "Comisión de Transparencia y Acceso a la Información Pública del Estado de Campeche", "ogl", "CAM"),
    ("ITAIPCH", "Instituto de Transparencia, Acceso a la Información y Protección de Datos Personales del Estado "
     "de Chiapas", "ogl", "CHP"),
    ("ICHITAIP", "Instituto Chihuahuense para la Transparencia y Acceso a la Información Pública", "ogl", "CHH"),
    ("INFO CDMX", "Instituto de Transparencia, Acceso a la Información Pública, Protección de Datos Personales y "
     "Rendición de Cuentas de la Ciudad de México", "ogl", "CMX"),
    ("ICAI", "Instituto Coahuilense de Acceso a la Información Pública", "ogl", "COA"),
    ("INFOCOL", "Instituto de Transparencia, Acceso a la Información Pública y Protección de Datos del Estado "
     "de Colima", "ogl", "COL"),
    ("IDAIP", "Instituto Duranguense de Acceso a la Información Pública y de Protección de Datos Personales",
     "ogl", "DUR"),
    ("IACIP", "Instituto de Acceso a la Información Pública para el Estado de Guanajuato", "ogl", "GUA"),
    ("ITAIGRO", "Instituto de Transparencia, Acceso a la Información y Protección de Datos Personales del Estado "
     "de Guerrero", "ogl", "GRO"),
    ("ITAIH", "Instituto de Transparencia, Acceso a la Información Pública Gubernamental y Protección de Datos "
     "Personales del Estado de Hidalgo", "ogl", "HID"),
    ("ITEI", "Instituto de Transparencia, Información Pública y Protección de Datos Personales del Estado de "
     "Jalisco", "ogl", "JAL"),
    ("INFOEM", "Instituto de Transparencia, Acceso a la Información Pública y Protección de Datos Personales del "
     "Estado de México y Municipios", "ogl", "MEX"),
    ("IMAIP", "Instituto Michoacano de Transparencia, Acceso a la Información y Protección de Datos Personales",
     "ogl", "MIC"),
    ("IMIPE", "Instituto Morelense de Información Pública y Estadística", "ogl", "MOR"),
    ("ITAI NAYARIT", "Instituto de Transparencia y Acceso a la Información Pública del Estado de Nayarit",
     "ogl", "NAY"),
    ("COTAI", "Comisión de Transparencia y Acceso a la Información del Estado de Nuevo León", "ogl", "NLE"),
    ("IAIPO", "Instituto de Acceso a la Información Pública y Protección de Datos Personales de Oaxaca",
     "ogl", "OAX"),
    ("ITAIPUE", "Instituto de Transparencia, Acceso a la Información Pública y Protección de Datos Personales "
     "del Estado de Puebla", "ogl", "PUE"),
    ("INFOQRO", "Comisión de Transparencia, Acceso a la Información Pública y Protección de Datos Personales del "
     "Estado de Querétaro", "ogl", "QUE"),
    ("IDAIPQROO", "Instituto de Acceso a la Información y Protección de Datos Personales de Quintana Roo",
     "ogl", "ROO"),
    ("CEGAIP", "Comisión Estatal de Garantía de Acceso a la Información Pública del Estado de San Luis Potosí",
     "ogl", "SLP"),
    ("CEAIP", "Comisión Estatal para el Acceso a la Información Pública de Sinaloa", "ogl", "SIN"),
    ("ISTAI", "Instituto Sonorense de Transparencia, Acceso a la Información Pública y Protección de Datos "
     "Personales", "ogl", "SON"),
    ("ITAIP", "Instituto Tabasqueño de Transparencia y Acceso a la Información Pública", "ogl", "TAB"),
    ("ITAIT", "Instituto de Transparencia y Acceso a la Información de Tamaulipas", "ogl", "TAM"),
    ("IAIP TLAXCALA", "Instituto de Acceso a la Información Pública y Protección de Datos Personales del Estado "
     "de Tlaxcala", "ogl", "TLA"),
    ("IVAI", "Instituto Veracruzano de Acceso a la Información y Protección de Datos Personales", "ogl", "VER"),
    ("INAIP", "Instituto Estatal de Transparencia, Acceso a la Información Pública y Protección de Datos "
     "Personales de Yucatán", "ogl", "YUC"),
    ("IZAI", "Instituto Zacatecano de Transparencia, Acceso a la Información y Protección de Datos Personales",
     "ogl", "ZAC"),
]
