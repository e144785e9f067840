"""Institution names as registrants write them (sujetos obligados), compared by one normalised key, and
the organizers' merges of spellings (InstitutionAlias, written by reports.services)."""
import re
import unicodedata
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import InstitutionAlias

# Common abbreviations in Mexican institution names, expanded before comparing (tokens after normalisation).
ABBREVIATIONS = {
    "inst": "instituto", "instituto": "instituto", "h": "honorable", "hon": "honorable", "ayto": "ayuntamiento",
    "ayunt": "ayuntamiento", "mpio": "municipio", "mpal": "municipal", "mun": "municipal", "edo": "estado",
    "gob": "gobierno", "sria": "secretaria", "secr": "secretaria", "srio": "secretario", "depto": "departamento",
    "dir": "direccion", "dcion": "direccion", "univ": "universidad", "tec": "tecnologico", "admon": "administracion",
    "adm": "administracion", "pub": "publica", "publ": "publica", "nal": "nacional", "fed": "federal",
    "gral": "general", "coord": "coordinacion", "cd": "ciudad", "cong": "congreso", "trib": "tribunal",
    "sup": "superior", "ofna": "oficina", "org": "organismo", "desc": "descentralizado", "inf": "informacion",
    "info": "informacion", "transp": "transparencia", "fisc": "fiscalia", "pdte": "presidente",
    "comision": "comision", "com": "comision", "cjo": "consejo", "dif": "dif", "sec": "secretaria",
}
STOPWORDS = frozenset({"de", "del", "la", "las", "el", "los", "y", "e", "para", "en", "a"})
_PUNCTUATION = re.compile(r"[^\w]+", re.UNICODE)


@lru_cache(maxsize=65536)
def normalize_institution(name: str | None) -> str:
    """The comparison key of an institution name: no accents, lower case, punctuation and spacing collapsed,
    common abbreviations expanded and articles dropped. "H. Ayto. de León" and "Honorable Ayuntamiento
    León" give the same key; '' for an empty name."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    words = []
    for word in _PUNCTUATION.sub(" ", text).replace("_", " ").split():
        word = ABBREVIATIONS.get(word, word)
        if word not in STOPWORDS:
            words.append(word)
    return " ".join(words)


def institution_keys(session: Session) -> dict[str, str]:
    """variant key -> canonical key, from the organizers' merges."""
    return dict(session.execute(select(InstitutionAlias.variant_key, InstitutionAlias.canonical_key)).all())


def canonical_institution(name: str, aliases: dict[str, str]) -> str:
    key = normalize_institution(name)
    return aliases.get(key, key)


