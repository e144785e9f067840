"""reminders, change notices, announcements

Revision ID: 0007_notifications
Revises: 0006_attendance
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = "0007_notifications"
down_revision = "0006_attendance"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
