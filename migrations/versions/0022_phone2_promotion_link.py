"""promotion link: a person promoted from the waiting list gets a fresh personal link in the mail (only hashes
are stored, so the first one cannot be resent); the link from registration keeps working beside it

Revision ID: 0014_phone2_promotion_link
Revises: 0014_evals18_signers
"""
import sqlalchemy as sa
from alembic import op

revision = "0014_phone2_promotion_link"
down_revision = "0014_evals18_signers"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("registrations") as batch:
        batch.add_column(sa.Column("promotion_token_hash", sa.String(length=64), nullable=True))
        batch.create_unique_constraint(batch.f("uq_registrations_promotion_token_hash"), ["promotion_token_hash"])


def downgrade():
    with op.batch_alter_table("registrations") as batch:
        batch.drop_constraint(batch.f("uq_registrations_promotion_token_hash"), type_="unique")
        batch.drop_column("promotion_token_hash")
