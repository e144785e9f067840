"""organizations' contact address: the ORGANIZER of their events' calendar entries and invitations

Revision ID: 0009_lead_organizer_contact
Revises: 0008_removed_sessions
"""
import sqlalchemy as sa
from alembic import op

revision = "0009_lead_organizer_contact"
down_revision = "0008_removed_sessions"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("organizations") as batch:
        batch.add_column(sa.Column("contact_email", sa.String(254), nullable=True))


def downgrade():
    with op.batch_alter_table("organizations") as batch:
        batch.drop_column("contact_email")
