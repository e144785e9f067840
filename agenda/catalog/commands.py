"""`flask --app agenda catalog load`"""
import click
from flask import Flask
from flask.cli import AppGroup

from ..extensions import db
from .services import load_catalog

catalog_cli = AppGroup("catalog", help="Catálogo de estados, regiones y organismos.")


@catalog_cli.command("load")
def load():
    """Load (or complete) the catalog; safe to run again."""
    added = load_catalog(db.session)
    db.session.commit()
    click.echo("Catálogo cargado: {regions} regiones, {states} estados, {organizations} organismos nuevos."
               .format(**added))


def register(app: Flask) -> None:
    app.cli.add_command(catalog_cli)
