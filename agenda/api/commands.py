"""`flask --app agenda tokens create --email E [--name N]`: prints a new personal API token."""
import click
from flask import Flask
from flask.cli import AppGroup

from ..accounts.services import user_by_email
from ..accounts.tokens import create_token
from ..domain import DomainError
from ..extensions import db

tokens_cli = AppGroup("tokens", help="Tokens personales de la API.")


@tokens_cli.command("create")
@click.option("--email", required=True, help="Correo de la persona dueña del token.")
@click.option("--name", default="Línea de comandos", show_default=True, help="Para qué sistema es.")
def create_token_command(email: str, name: str) -> None:
    """Create an API token for a user and print it (it is shown only this once)."""
    user = user_by_email(db.session, email)
    if user is None or not user.is_active_account:
        raise click.ClickException(f"No hay un usuario activo con el correo {email}.")
    try:
        _token, secret = create_token(db.session, user, name)
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(secret)


def register(app: Flask) -> None:
    app.cli.add_command(tokens_cli)
