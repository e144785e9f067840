"""The migrations build the whole schema and agree with the models (on SQLite and on PostgreSQL)."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from agenda.extensions import db


def _not_search_internals(obj, name, type_, reflected, compare_to):
    """Search objects the migration creates by hand: SQLite's FTS5 tables, PostgreSQL's tsvector and indexes."""
    return not (str(name).startswith("event_search_fts") or name in (
        "document", "ix_event_search_document", "ix_events_title_trgm", "ix_event_people_name_trgm"))


def test_migrations_match_models(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True,
                                                               "include_object": _not_search_internals})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_migrations_created_every_table(app):
    with app.app_context():
        tables = set(inspect(db.engine).get_table_names())
    assert set(db.metadata.tables) <= tables
    assert "alembic_version" in tables
