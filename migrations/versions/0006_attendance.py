"""attendance, certificates, reach

Revision ID: 0006_attendance
Revises: 0005_feeds
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = "0006_attendance"
down_revision = "0005_feeds"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
