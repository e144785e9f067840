"""sessions removed by an edit, remembered for the change notice (their calendar entries must be cancelled)

Revision ID: 0008_removed_sessions
Revises: 0007_notifications
"""
import sqlalchemy as sa
from alembic import op

revision = "0008_removed_sessions"
down_revision = "0007_notifications"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("pending_change_notices") as batch:
        batch.add_column(sa.Column("removed_sessions", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("pending_change_notices") as batch:
        batch.drop_column("removed_sessions")
