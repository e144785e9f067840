"""report figures: institution_aliases (merged spellings), report_narratives (text per report section and
period); events.notes came with 0014_demo17_event_notes

Revision ID: 0014_figures17_report
Revises: 0014_demo17_event_notes
"""
import sqlalchemy as sa
from alembic import op

revision = "0014_figures17_report"
down_revision = "0014_demo17_event_notes"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "institution_aliases",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("variant_key", sa.String(255), nullable=False),
        sa.Column("canonical", sa.String(255), nullable=False),
        sa.Column("canonical_key", sa.String(255), nullable=False),
        sa.Column("created_by_id", sa.Integer(),
                  sa.ForeignKey("users.id", name="fk_institution_aliases_created_by_id_users", ondelete="SET NULL")),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("variant_key", name="uq_institution_aliases_variant_key"),
    )
    op.create_index("ix_institution_aliases_canonical_key", "institution_aliases", ["canonical_key"])
    op.create_table(
        "report_narratives",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("date_from", sa.Date(), nullable=False),
        sa.Column("date_to", sa.Date(), nullable=False),
        sa.Column("section", sa.String(32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(),
                  sa.ForeignKey("users.id", name="fk_report_narratives_updated_by_id_users", ondelete="SET NULL")),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("date_from", "date_to", "section", name="uq_report_narratives_date_from_date_to_section"),
    )


def downgrade():
    op.drop_table("report_narratives")
    op.drop_index("ix_institution_aliases_canonical_key", table_name="institution_aliases")
    op.drop_table("institution_aliases")
