"""feed tokens and subscriptions

Revision ID: 0005_feeds
Revises: 0004_registration
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = "0005_feeds"
down_revision = "0004_registration"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
