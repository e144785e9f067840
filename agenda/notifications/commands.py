"""`flask --app agenda mail send` (deliver every due outbox row, then exit) and `mail worker` (keep doing it).

Areas above this one add their own work to the worker's loop by appending a `task(session)` to
app.extensions["agenda_worker_tasks"] (the webhooks' deliveries: agenda/webhooks/commands.py)."""
import logging
import time

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from ..extensions import db
from ..outbox.services import send_due
from .due import enqueue_due

log = logging.getLogger(__name__)
mail_cli = AppGroup("mail", help="Correo: enviar la bandeja de salida.")


@mail_cli.command("send")
@click.option("--batch", default=100, show_default=True, help="Mensajes por lote.")
def send_command(batch: int) -> None:
    """Send every due mail in the outbox and exit."""
    queued = enqueue_due(db.session)  # due reminders and (debounced) change notices first (due.py)
    click.echo(f"Recordatorios en cola: {queued['reminders']}; avisos de cambio en cola: {queued['changes']}.")
    sent = retried = failed = 0
    while True:
        report = send_due(db.session, limit=batch)
        sent, retried, failed = sent + len(report.sent), retried + len(report.retried), failed + len(report.failed)
        if report.claimed < batch:
            break
    click.echo(f"Enviados: {sent}; reintentos programados: {retried}; fallidos: {failed}.")


@mail_cli.command("worker")
@click.option("--interval", default=2.0, show_default=True, help="Segundos entre revisiones de la bandeja.")
@click.option("--batch", default=100, show_default=True, help="Mensajes por lote.")
@click.option("--once", is_flag=True, help="Una sola pasada (pruebas).")
def worker_command(interval: float, batch: int, once: bool) -> None:
    """Keep sending due mail (several workers may run at once)."""
    click.echo(f"Enviando correo cada {interval:g} s (Ctrl+C para salir).")
    while True:
        try:
            enqueue_due(db.session)  # due reminders and change notices (due.py)
            report = send_due(db.session, limit=batch)
            for task in current_app.extensions.get("agenda_worker_tasks", ()):  # webhooks (areas above register)
                task(db.session)
        except Exception:  # a database hiccup must not kill the worker
            db.session.rollback()
            log.exception("mail worker: batch failed; retrying")
            report = None
        finally:
            db.session.remove()
        if once:
            break
        if report is None or report.claimed < batch:
            time.sleep(interval)
    current_app.logger.info("mail worker stopped")


def register(app: Flask) -> None:
    app.cli.add_command(mail_cli)
