"""Open data pages: the list of datasets, each dataset's files and dictionary, the DCAT catalogue, and the
schema.org JSON-LD the public event page embeds (a template helper)."""
import json

from flask import Blueprint, Response, abort, render_template, url_for
from markupsafe import Markup

from ..extensions import csrf, db
from ..registration.seats import seat_counts
from . import catalog as dcat
from . import files, jsonld
from .datasets import DATASETS, LICENSE_NAME, LICENSE_URL, dataset_by_slug

bp = Blueprint("opendata", __name__)
PUBLIC_CACHE = {"Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*"}


def _dataset(slug: str):
    dataset = dataset_by_slug(slug)
    if dataset is None:
        abort(404)
    return dataset


@bp.get("/datos-abiertos")
def index():
    return render_template("opendata/index.html", datasets=DATASETS, license_name=LICENSE_NAME,
                           license_url=LICENSE_URL)


@bp.get("/datos-abiertos/<slug>")
def dataset_page(slug: str):
    dataset = _dataset(slug)
    return render_template("opendata/dataset.html", dataset=dataset, dictionary=files.dictionary(dataset),
                           license_name=LICENSE_NAME, license_url=LICENSE_URL)


@bp.get("/datos-abiertos/<slug>.<any(csv, json):extension>")
@csrf.exempt
def data_file(slug: str, extension: str):
    dataset = _dataset(slug)
    rows = dataset.rows(db.session)
    name = f"{dataset.slug}.{extension}"
    headers = {**PUBLIC_CACHE, "Content-Disposition": f'inline; filename="{name}"'}
    if extension == "csv":
        return Response(files.rows_csv(dataset, rows), mimetype="text/csv", headers=headers)
    return Response(json.dumps(rows, ensure_ascii=False, indent=1), mimetype="application/json", headers=headers)


@bp.get("/datos-abiertos/<slug>/diccionario.<any(csv, json):extension>")
def dictionary_file(slug: str, extension: str):
    dataset = _dataset(slug)
    if extension == "csv":
        return Response(files.dictionary_csv(dataset), mimetype="text/csv", headers=PUBLIC_CACHE)
    return Response(json.dumps(files.dictionary(dataset), ensure_ascii=False, indent=1),
                    mimetype="application/json", headers=PUBLIC_CACHE)


@bp.get("/datos-abiertos/data.json")
def catalog():
    return Response(json.dumps(dcat.catalog(db.session), ensure_ascii=False, indent=1),
                    mimetype="application/json", headers=PUBLIC_CACHE)


@bp.app_template_global("event_json_ld")
def event_json_ld(event) -> Markup:
    """The <script type="application/ld+json"> of a public event page ('' for drafts and members-only events).
    `<`, `>` and `&` are escaped inside the JSON so no text of the event can close the script element."""
    if event.status == "draft" or event.visibility != "public":
        return Markup("")
    seats = seat_counts(db.session, [event])[event.id].seats_left
    data = jsonld.event_json_ld(event, seats, dcat.base_url() + url_for("registration.register", event_id=event.id))
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/ld+json">{text}</script>')
