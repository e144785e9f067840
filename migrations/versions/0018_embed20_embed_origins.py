"""embeddable agenda: the sites (origins) a body allows to frame its /embed pages

Revision ID: 0014_embed20_embed_origins
Revises: 0014_search2_list_indexes
"""
import sqlalchemy as sa
from alembic import op

revision = "0014_embed20_embed_origins"
down_revision = "0014_search2_list_indexes"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("organizations") as batch:
        batch.add_column(sa.Column("embed_origins", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("organizations") as batch:
        batch.drop_column("embed_origins")
