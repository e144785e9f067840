"""`flask --app agenda users create ...`"""
import secrets

import click
from flask import Flask
from flask.cli import AppGroup

from ..domain import DomainError
from ..extensions import db
from . import services

users_cli = AppGroup("users", help="Cuentas de usuario.")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(["admin", "organizer", "commissioner"]), required=True)
@click.option("--organization", default=None, help="Siglas del organismo (obligatorio para organizer).")
@click.option("--password", default=None, help="Si se omite, se genera una y se imprime.")
def create_user(email, name, role, organization, password):
    """Create a user (for example the first admin)."""
    generated = password is None
    password = password or secrets.token_urlsafe(12)
    try:
        user = services.save_user(db.session, {"email": email, "name": name, "role": role,
                                               "organization": organization, "password": password})
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(f"Usuario creado: {user.email} ({user.role})")
    if generated:
        click.echo(f"Contraseña: {password}")


def register(app: Flask) -> None:
    app.cli.add_command(users_cli)
