"""personal API tokens

Revision ID: 0003_api_tokens
Revises: 0002_events
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = "0003_api_tokens"
down_revision = "0002_events"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
