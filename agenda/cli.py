"""Project-wide commands: `flask --app agenda demo`, and the `agenda` console script."""
import click
from flask import Flask, current_app

from .extensions import db

DEMO_PASSWORD = "agenda-demo-2020"
DEMO_ACCOUNTS = (
    {"email": "admin@agenda-snt.mx", "name": "Administración SNT", "role": "admin", "organization": None},
    {"email": "organizador@iacip.mx", "name": "Mariajose González (IACIP)", "role": "organizer",
     "organization": "IACIP"},
    {"email": "comisionada@inai.mx", "name": "Josefina Román Vergara", "role": "commissioner",
     "organization": "INAI"},
)

# Later areas add their demo content by appending a callable(session) -> str (a line to print).
DEMO_LOADERS: list = []


def demo_loader(func):
    """Register `func(session) -> str` to run, in order, after the demo accounts exist."""
    DEMO_LOADERS.append(func)
    return func


def _area_order(loader) -> int:
    """Loaders run in the areas' dependency order (events before registration before attendance...), whatever
    order their modules happened to be imported in."""
    from . import AREAS  # the package imports this module while it is being set up

    parts = loader.__module__.split(".")
    return AREAS.index(parts[1]) if len(parts) > 2 and parts[1] in AREAS else len(AREAS)


def load_demo(session) -> list[str]:
    """Create the catalog, demo accounts and each area's demo content; running it again changes nothing."""
    from .accounts.services import save_user, user_by_email
    from .catalog.services import load_catalog

    load_catalog(session)
    lines = []
    for account in DEMO_ACCOUNTS:
        if user_by_email(session, account["email"]) is None:
            save_user(session, {**account, "password": DEMO_PASSWORD})
        lines.append(f"  {account['role']:<13} {account['email']:<28} {DEMO_PASSWORD}")
    for loader in sorted(DEMO_LOADERS, key=_area_order):
        lines.append(loader(session))
    session.commit()
    return lines


@click.command("demo")
def demo_command():
    """Load demo data (accounts and the 2019-2020 agenda). Idempotent."""
    lines = load_demo(db.session)
    click.echo("Datos de demostración listos. Cuentas (correo y contraseña):")
    for line in lines:
        if line:
            click.echo(line)
    click.echo(f"Abra {current_app.config['AGENDA_BASE_URL']}/")


def register(app: Flask) -> None:
    app.cli.add_command(demo_command)
