"""retention: how long each body keeps registrants' data after an event ends; when a registration was anonymised

Revision ID: 0009_privacy_retention
Revises: 0010_lead_all_day_sessions
"""
import sqlalchemy as sa
from alembic import op

revision = "0009_privacy_retention"
down_revision = "0010_lead_all_day_sessions"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("organizations") as batch:
        batch.add_column(sa.Column("retention_days", sa.Integer(), nullable=True))
    with op.batch_alter_table("registrations") as batch:
        batch.add_column(sa.Column("anonymised_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("registrations") as batch:
        batch.drop_column("anonymised_at")
    with op.batch_alter_table("organizations") as batch:
        batch.drop_column("retention_days")
