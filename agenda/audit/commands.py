"""`flask --app agenda audit purge [--dry-run]`: delete audit entries older than AGENDA_AUDIT_RETENTION_DAYS."""
import click
from flask import Flask, current_app
from flask.cli import AppGroup

from ..extensions import db
from .services import purge_expired

audit_cli = AppGroup("audit", help="Bitácora de auditoría.")


@audit_cli.command("purge")
@click.option("--dry-run", is_flag=True, help="Solo contar, sin borrar.")
def purge_command(dry_run: bool) -> None:
    """Delete entries past the audit log's own retention (idempotent, fit for cron)."""
    days = current_app.config["AGENDA_AUDIT_RETENTION_DAYS"]
    if not days:
        click.echo("La bitácora se conserva sin límite (AGENDA_AUDIT_RETENTION_DAYS=0).")
        return
    count = purge_expired(db.session, days, dry_run=dry_run)
    verb = "Se borrarían" if dry_run else "Borradas"
    click.echo(f"{verb}: {count} entradas de más de {days} días.")


def register(app: Flask) -> None:
    app.cli.add_command(audit_cli)
