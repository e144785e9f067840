"""full-text search: event_search rows, a GIN-indexed tsvector on PostgreSQL, FTS5 on SQLite

Revision ID: 0009_search_full_text
Revises: 0009_feedshttp_feed_http
"""
import sqlalchemy as sa
from alembic import op

revision = "0009_search_full_text"
down_revision = "0009_feedshttp_feed_http"
branch_labels = None
depends_on = None

EXTENSIONS_MESSAGE = (
    "La búsqueda necesita las extensiones «unaccent» y «pg_trgm» de PostgreSQL (paquete postgresql-contrib) y "
    "este usuario no pudo crearlas. Pida a quien administra la base que ejecute, en esta base de datos: "
    "CREATE EXTENSION IF NOT EXISTS unaccent; CREATE EXTENSION IF NOT EXISTS pg_trgm;")

DOCUMENT = """
    setweight(to_tsvector('spanish'::regconfig, title_text), 'A') ||
    setweight(to_tsvector('spanish'::regconfig, agenda_unaccent(title_text)), 'A') ||
    setweight(to_tsvector('spanish'::regconfig, main_text), 'B') ||
    setweight(to_tsvector('spanish'::regconfig, agenda_unaccent(main_text)), 'B') ||
    setweight(to_tsvector('spanish'::regconfig, other_text), 'C') ||
    setweight(to_tsvector('spanish'::regconfig, agenda_unaccent(other_text)), 'C')
"""


def _create_extensions_postgresql():
    bind = op.get_bind()
    for name in ("unaccent", "pg_trgm"):
        installed = bind.scalar(sa.text("SELECT 1 FROM pg_extension WHERE extname = :n"), {"n": name})
        if installed:
            continue
        try:
            with bind.begin_nested():
                bind.execute(sa.text(f"CREATE EXTENSION IF NOT EXISTS {name}"))
        except sa.exc.DBAPIError as error:
            raise RuntimeError(EXTENSIONS_MESSAGE) from error


def upgrade():
    op.create_table(
        "event_search",
        sa.Column("event_id", sa.Integer(), sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("title_text", sa.Text(), nullable=False, server_default=""),
        sa.Column("main_text", sa.Text(), nullable=False, server_default=""),
        sa.Column("other_text", sa.Text(), nullable=False, server_default=""),
    )
    if op.get_bind().dialect.name == "postgresql":
        _create_extensions_postgresql()
        # unaccent() is only STABLE (its dictionary could change); naming the dictionary makes it safe to index.
        op.execute("CREATE OR REPLACE FUNCTION agenda_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE "
                   "PARALLEL SAFE STRICT AS $$ SELECT unaccent('unaccent'::regdictionary, $1) $$")
        op.execute(f"ALTER TABLE event_search ADD COLUMN document tsvector GENERATED ALWAYS AS ({DOCUMENT}) STORED")
        op.execute("CREATE INDEX ix_event_search_document ON event_search USING gin (document)")
        op.execute("CREATE INDEX ix_events_title_trgm ON events USING gin (agenda_unaccent(lower(title)) "
                   "gin_trgm_ops)")
        op.execute("CREATE INDEX ix_event_people_name_trgm ON event_people USING gin (agenda_unaccent(lower(name)) "
                   "gin_trgm_ops)")
    else:
        op.execute("CREATE VIRTUAL TABLE event_search_fts USING fts5(title_text, main_text, other_text, "
                   "content='event_search', content_rowid='event_id', tokenize='unicode61 remove_diacritics 2')")
        op.execute("CREATE TRIGGER event_search_ai AFTER INSERT ON event_search BEGIN "
                   "INSERT INTO event_search_fts(rowid, title_text, main_text, other_text) "
                   "VALUES (new.event_id, new.title_text, new.main_text, new.other_text); END")
        op.execute("CREATE TRIGGER event_search_ad AFTER DELETE ON event_search BEGIN "
                   "INSERT INTO event_search_fts(event_search_fts, rowid, title_text, main_text, other_text) "
                   "VALUES ('delete', old.event_id, old.title_text, old.main_text, old.other_text); END")
        op.execute("CREATE TRIGGER event_search_au AFTER UPDATE ON event_search BEGIN "
                   "INSERT INTO event_search_fts(event_search_fts, rowid, title_text, main_text, other_text) "
                   "VALUES ('delete', old.event_id, old.title_text, old.main_text, old.other_text); "
                   "INSERT INTO event_search_fts(rowid, title_text, main_text, other_text) "
                   "VALUES (new.event_id, new.title_text, new.main_text, new.other_text); END")
    from agenda.events.search import rebuild

    rebuild(op.get_bind())


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_events_title_trgm")
        op.execute("DROP INDEX IF EXISTS ix_event_people_name_trgm")
        op.drop_table("event_search")
        op.execute("DROP FUNCTION IF EXISTS agenda_unaccent(text)")
    else:
        op.execute("DROP TABLE IF EXISTS event_search_fts")
        op.drop_table("event_search")
