"""registrations, questions, outbox

Revision ID: 0004_registration
Revises: 0003_api_tokens
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = "0004_registration"
down_revision = "0003_api_tokens"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
