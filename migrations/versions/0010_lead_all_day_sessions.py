"""all-day sessions: whole days without hours (DTSTART;VALUE=DATE in calendars)

Revision ID: 0010_lead_all_day_sessions
Revises: 0009_lead_organizer_contact
"""
import sqlalchemy as sa
from alembic import op

revision = "0010_lead_all_day_sessions"
down_revision = "0009_lead_organizer_contact"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("event_sessions") as batch:
        batch.add_column(sa.Column("is_all_day", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table("event_sessions") as batch:
        batch.drop_column("is_all_day")
