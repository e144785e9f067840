"""`flask --app agenda privacy purge [--dry-run]` (idempotent: fit for a daily cron) and `privacy due`."""
from datetime import timedelta

import click
from flask import Flask
from flask.cli import AppGroup

from ..extensions import db
from . import retention

privacy_cli = AppGroup("privacy", help="Plazos de conservación de los datos de registro.")


@privacy_cli.command("purge")
@click.option("--dry-run", is_flag=True, help="Solo contar lo que se anonimizaría.")
def purge(dry_run):
    """Anonymise the registrations past their body's retention period."""
    count = retention.purge(db.session, dry_run=dry_run)
    verb = "Se anonimizarían" if dry_run else "Anonimizados"
    click.echo(f"{verb}: {count} registros.")


@privacy_cli.command("due")
@click.option("--days", default=90, show_default=True, help="Horizonte en días.")
def due(days):
    """List, per body, the events whose registrants' data falls due within DAYS."""
    for item in retention.due_events(db.session, horizon=timedelta(days=days)):
        click.echo(f"{item.due_at:%Y-%m-%d}  {item.organization:<10} {item.registrations:>6}  {item.title}")


def register(app: Flask) -> None:
    app.cli.add_command(privacy_cli)
