"""events.notes: what a session agreed (acuerdos), for the commission's report

Revision ID: 0014_demo17_event_notes
Revises: 0009_search_full_text
"""
import sqlalchemy as sa
from alembic import op

revision = "0014_demo17_event_notes"
down_revision = "0009_search_full_text"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("notes", sa.Text(), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("events") as batch:
        batch.drop_column("notes")
