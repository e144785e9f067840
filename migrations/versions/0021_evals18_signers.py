"""certificate signers per event (with an optional signature image) and each body's logo

Revision ID: 0014_evals18_signers
Revises: 0014_evals18_materials
"""
import sqlalchemy as sa
from alembic import op

revision = "0014_evals18_signers"
down_revision = "0014_evals18_materials"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "certificate_signers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("event_id", sa.Integer(), sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(160), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("body", sa.String(255), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=True),
        sa.Column("signature_type", sa.String(20), nullable=True),
    )
    op.create_table(
        "organization_logos",
        sa.Column("organization_id", sa.Integer(), sa.ForeignKey("organizations.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("content_type", sa.String(20), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )


def downgrade():
    op.drop_table("organization_logos")
    op.drop_table("certificate_signers")
