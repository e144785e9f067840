"""list indexes that keep the agenda's cost off the archive: events by end then start (count and start floor of
the events not yet ended, from the index alone) and sessions by event and span (the date filter's EXISTS)

Revision ID: 0014_search2_list_indexes
Revises: 0014_imports3_import_undo
"""
from alembic import op

revision = "0014_search2_list_indexes"
down_revision = "0014_imports3_import_undo"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_events_last_end_first_start", "events",
                    ["last_ends_at", "first_starts_at", "status", "visibility"])
    op.create_index("ix_event_sessions_event_span", "event_sessions", ["event_id", "ends_at", "starts_at"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ANALYZE events")
        op.execute("ANALYZE event_sessions")
    else:
        op.execute("ANALYZE")  # sqlite_stat1: lets the planner weigh the new indexes against the old ones


def downgrade():
    op.drop_index("ix_event_sessions_event_span", table_name="event_sessions")
    op.drop_index("ix_events_last_end_first_start", table_name="events")
