"""The DCAT-US 1.1 catalogue (data.json) of the open datasets, the shape CKAN's DCAT harvester reads
(datos.gob.mx runs CKAN). Fields: https://resources.data.gov/resources/dcat-us/ (Project Open Data v1.1).
bureauCode and programCode are required only of United States federal agencies and are left out."""
from datetime import UTC, datetime
from urllib.parse import urlsplit

from flask import current_app, url_for
from sqlalchemy.orm import Session

from ..api.serializers import base_url
from .datasets import DATASETS, LICENSE_URL, Dataset

SCHEMA = "https://project-open-data.cio.gov/v1.1/schema"


def _iso(instant: datetime | None) -> str | None:
    if instant is None:
        return None
    return instant.replace(tzinfo=UTC, microsecond=0).isoformat().replace("+00:00", "Z")


def contact_email() -> str:
    configured = current_app.config.get("AGENDA_OPEN_DATA_EMAIL")
    if configured:
        return configured
    return f"datos.abiertos@{urlsplit(base_url()).hostname or 'localhost'}"


def publisher_name() -> str:
    return current_app.config.get("AGENDA_OPEN_DATA_PUBLISHER") or "Sistema Nacional de Transparencia"


def _absolute(endpoint: str, **values) -> str:
    return base_url() + url_for(endpoint, **values)


def dataset_entry(session: Session, dataset: Dataset) -> dict:
    first, last, modified = dataset.extent(session)
    entry = {
        "@type": "dcat:Dataset",
        "identifier": _absolute("opendata.dataset_page", slug=dataset.slug),
        "title": str(dataset.title),
        "description": str(dataset.description),
        "keyword": list(dataset.keywords),
        "modified": _iso(modified) or _iso(datetime.now(UTC).replace(tzinfo=None)),
        "publisher": {"@type": "org:Organization", "name": publisher_name()},
        "contactPoint": {"@type": "vcard:Contact", "fn": publisher_name(), "hasEmail": f"mailto:{contact_email()}"},
        "accessLevel": "public",
        "license": LICENSE_URL,
        "spatial": "México",
        "language": ["es-MX"],
        "accrualPeriodicity": "R/P1D",
        "landingPage": _absolute("opendata.index"),
        "theme": ["Transparencia"],
        "describedBy": _absolute("opendata.dictionary_file", slug=dataset.slug, extension="json"),
        "describedByType": "application/json",
        "distribution": [
            {"@type": "dcat:Distribution", "title": f"{dataset.title} (CSV)", "format": "CSV",
             "mediaType": "text/csv",
             "downloadURL": _absolute("opendata.data_file", slug=dataset.slug, extension="csv"),
             "describedBy": _absolute("opendata.dictionary_file", slug=dataset.slug, extension="csv"),
             "describedByType": "text/csv"},
            {"@type": "dcat:Distribution", "title": f"{dataset.title} (JSON)", "format": "JSON",
             "mediaType": "application/json",
             "downloadURL": _absolute("opendata.data_file", slug=dataset.slug, extension="json"),
             "describedBy": _absolute("opendata.dictionary_file", slug=dataset.slug, extension="json"),
             "describedByType": "application/json"},
        ],
    }
    if first and last:
        entry["temporal"] = f"{_iso(first)}/{_iso(last)}"
    return entry


def catalog(session: Session) -> dict:
    return {
        "@context": f"{SCHEMA}/catalog.jsonld",
        "@id": _absolute("opendata.catalog"),
        "@type": "dcat:Catalog",
        "conformsTo": SCHEMA,
        "describedBy": f"{SCHEMA}/catalog.json",
        "dataset": [dataset_entry(session, dataset) for dataset in DATASETS],
    }
