"""materials: files (bytes in the database) and links per session or event, with their visibility

Revision ID: 0014_evals18_materials
Revises: 0014_evals18_evaluations
"""
import sqlalchemy as sa
from alembic import op

revision = "0014_evals18_materials"
down_revision = "0014_evals18_evaluations"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "materials",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("event_id", sa.Integer(), sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("session_id", sa.Integer(), sa.ForeignKey("event_sessions.id", ondelete="CASCADE"),
                  nullable=True, index=True),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("visibility", sa.String(16), nullable=False),
        sa.Column("url", sa.String(500), nullable=True),
        sa.Column("link_kind", sa.String(16), nullable=True),
        sa.Column("filename", sa.String(200), nullable=True),
        sa.Column("content_type", sa.String(100), nullable=True),
        sa.Column("size", sa.Integer(), nullable=True),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True,
                  index=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )


def downgrade():
    op.drop_table("materials")
