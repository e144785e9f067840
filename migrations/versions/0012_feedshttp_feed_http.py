"""feeds over HTTP: the secret before a rotation (its URL answers 410 Gone) and each feed's Last-Modified

Revision ID: 0009_feedshttp_feed_http
Revises: 0009_privacy_retention
"""
import sqlalchemy as sa
from alembic import op

revision = "0009_feedshttp_feed_http"
down_revision = "0009_privacy_retention"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("feed_tokens") as batch:
        batch.add_column(sa.Column("previous_hash", sa.String(length=64), nullable=True))
        batch.create_index(batch.f("ix_feed_tokens_previous_hash"), ["previous_hash"], unique=False)
    op.create_table(
        "feed_modified",
        sa.Column("feed", sa.String(length=40), nullable=False),
        sa.Column("fingerprint", sa.String(length=40), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("feed", name=op.f("pk_feed_modified")),
    )


def downgrade():
    op.drop_table("feed_modified")
    with op.batch_alter_table("feed_tokens") as batch:
        batch.drop_index(batch.f("ix_feed_tokens_previous_hash"))
        batch.drop_column("previous_hash")
