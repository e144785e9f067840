"""Retention: `flask --app agenda privacy purge` anonymises registrations past their body's retention period,
keeps every figure of the commission's report, is idempotent and has a dry run."""
import re

from sqlalchemy import func, select, update

from agenda.catalog.models import Organization
from agenda.extensions import db
from agenda.registration.models import Registration
from tests.registration.test_personal_data_registry import _rows_mentioning
from tests.reports.test_commission_report import PERIOD, season  # noqa: F401  (fixture)


def _figures(client):
    html = client.get(f"/informe?{PERIOD}").get_data(as_text=True)
    figures = dict(re.findall(r'data-figure="([a-z_]+)">([^<]+)<', html))
    states = re.findall(r'<td data-state="([A-Z]+)">(\d+)</td>', html)
    csv = client.get(f"/informe.csv?{PERIOD}").get_data(as_text=True)
    return figures, states, csv


def _keep_for(days):
    db.session.execute(update(Organization).values(retention_days=days))
    db.session.commit()


def test_purge_anonymises_past_retention_and_keeps_every_report_figure(app, client, runner, login_as, season):  # noqa: F811
    with app.app_context():
        emails = set(db.session.scalars(select(Registration.email)))
        names = set(db.session.scalars(select(Registration.name)))
        _keep_for(365)  # the 2020 events ended years ago
    login_as("admin")
    before = _figures(client)
    assert before[0] and before[1]

    dry = runner.invoke(args=["privacy", "purge", "--dry-run"])
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(Registration.anonymised_at.is_not(None))) == 0

    result = runner.invoke(args=["privacy", "purge"])
    assert result.exit_code == 0, result.output
    purged = int(re.search(r"(\d+) registros", result.output).group(1))
    assert purged > 0
    assert re.search(r"(\d+) registros", dry.output).group(1) == str(purged)

    assert _figures(client) == before, "every figure of /informe stays the same"
    with app.app_context():
        assert _rows_mentioning(db.session, sorted(emails) + sorted(n for n in names if len(n) > 8)) == []
        rows = db.session.scalars(select(Registration)).all()
        assert rows and all(r.anonymised_at and r.name == "" and r.position == "" for r in rows)

    again = runner.invoke(args=["privacy", "purge"])
    assert "Anonimizados: 0 registros." in again.output


def test_nothing_is_purged_before_the_period_ends_or_without_a_period(app, runner, season):  # noqa: F811
    assert "Anonimizados: 0 registros." in runner.invoke(args=["privacy", "purge"]).output  # no period set
    with app.app_context():
        _keep_for(365 * 100)
    assert "Anonimizados: 0 registros." in runner.invoke(args=["privacy", "purge"]).output
    due = runner.invoke(args=["privacy", "due", "--days", str(365 * 101)])
    assert "Jornada Nacional" in due.output and "INAI" in due.output


def test_an_admin_sets_the_period_and_the_privacy_notice_states_it(app, client, login_as, make_event):
    event_id = make_event(organization="IACIP")
    login_as("admin")
    with app.app_context():
        iacip = db.session.scalar(select(Organization).where(Organization.acronym == "IACIP"))
        form = {"acronym": "IACIP", "name": iacip.name, "kind": "ogl", "state_code": "GUA", "is_active": "y"}
    bad = client.post(f"/admin/organismos/{iacip.id}", data={**form, "retention_days": "0"})
    assert bad.status_code == 422 and "entre 1 y 36500" in bad.text
    assert client.post(f"/admin/organismos/{iacip.id}", data={**form, "retention_days": "730"}).status_code == 302
    html = client.get(f"/eventos/{event_id}/registro").get_data(as_text=True)
    assert "se conservan 730 días después de que termina el evento" in html
