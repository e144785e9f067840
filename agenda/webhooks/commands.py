"""`flask --app agenda webhooks send`: deliver every due webhook, then exit. The mail worker
(`flask --app agenda mail worker`) also delivers them on each pass (registered in app.extensions below)."""
import click
from flask import Flask
from flask.cli import AppGroup

from ..extensions import db
from .services import send_due

webhooks_cli = AppGroup("webhooks", help="Webhooks: enviar los avisos pendientes.")


def send_all(session, batch: int = 100) -> dict:
    totals = {"delivered": 0, "retried": 0, "failed": 0, "skipped": 0, "claimed": 0}
    while True:
        report = send_due(session, limit=batch)
        for key in ("delivered", "retried", "failed", "skipped"):
            totals[key] += len(getattr(report, key))
        totals["claimed"] += report.claimed
        if report.claimed < batch:
            return totals


@webhooks_cli.command("send")
@click.option("--batch", default=100, show_default=True, help="Avisos por lote.")
def send_command(batch: int) -> None:
    """Send every due webhook delivery and exit."""
    totals = send_all(db.session, batch)
    click.echo(f"Webhooks entregados: {totals['delivered']}; reintentos programados: {totals['retried']}; "
               f"fallidos: {totals['failed']}; omitidos (webhook desactivado): {totals['skipped']}.")


def worker_pass(session) -> int:
    """One pass for the mail worker: the number of deliveries claimed."""
    return send_due(session).claimed


def register(app: Flask) -> None:
    app.cli.add_command(webhooks_cli)
    tasks = app.extensions.setdefault("agenda_worker_tasks", [])
    if worker_pass not in tasks:
        tasks.append(worker_pass)
