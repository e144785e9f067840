"""evaluations: templates per body, evaluations per event or session, answers, anonymous answered-markers;
the attendance rule's "evaluation required before the certificate"

Revision ID: 0014_evals18_evaluations
Revises: 0014_embed20_embed_origins
"""
import sqlalchemy as sa
from alembic import op

revision = "0014_evals18_evaluations"
down_revision = "0014_embed20_embed_origins"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "evaluation_templates",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("organization_id", sa.Integer(), sa.ForeignKey("organizations.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("questions", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "evaluations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("event_id", sa.Integer(), sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
        sa.Column("session_id", sa.Integer(), sa.ForeignKey("event_sessions.id", ondelete="CASCADE"),
                  nullable=True, index=True),
        sa.Column("template_id", sa.Integer(), sa.ForeignKey("evaluation_templates.id", ondelete="SET NULL"),
                  nullable=True, index=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("questions", sa.JSON(), nullable=False),
        sa.Column("is_anonymous", sa.Boolean(), nullable=False),
        sa.Column("closes_at", sa.DateTime(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_evaluations_event_session", "evaluations", ["event_id", "session_id"])
    op.create_table(
        "evaluation_responses",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("evaluation_id", sa.Integer(), sa.ForeignKey("evaluations.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("registration_id", sa.Integer(), sa.ForeignKey("registrations.id", ondelete="CASCADE"),
                  nullable=True),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.UniqueConstraint("evaluation_id", "registration_id",
                            name="uq_evaluation_responses_evaluation_id_registration_id"),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "evaluation_markers",
        sa.Column("evaluation_id", sa.Integer(), sa.ForeignKey("evaluations.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("marker", sa.String(64), primary_key=True),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("attendance_settings") as batch:
        batch.add_column(sa.Column("evaluation_required", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))


def downgrade():
    with op.batch_alter_table("attendance_settings") as batch:
        batch.drop_column("evaluation_required")
    op.drop_table("evaluation_markers")
    op.drop_table("evaluation_responses")
    op.drop_index("ix_evaluations_event_session", table_name="evaluations")
    op.drop_table("evaluations")
    op.drop_table("evaluation_templates")
