"""feed tokens, subscriptions and the change log feeds poll

Revision ID: 0005_feeds
Revises: 0004_registration
"""
from alembic import op
import sqlalchemy as sa

revision = "0005_feeds"
down_revision = "0004_registration"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "feed_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feed_changes")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "feed_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=80), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("hint", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("rotated_at", sa.DateTime(), nullable=True),
        sa.Column("last_used_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_feed_tokens_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feed_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_feed_tokens_token_hash")),
    )
    with op.batch_alter_table("feed_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feed_tokens_user_id"), ["user_id"], unique=False)

    op.create_table(
        "feed_subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("code", sa.String(length=80), nullable=True),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_feed_subscriptions_event_id_events"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["organization_id"], ["organizations.id"],
                                name=op.f("fk_feed_subscriptions_organization_id_organizations"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_feed_subscriptions_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feed_subscriptions")),
    )
    with op.batch_alter_table("feed_subscriptions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feed_subscriptions_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_feed_subscriptions_organization_id"), ["organization_id"],
                              unique=False)
        batch_op.create_index("ix_feed_subscriptions_user_kind", ["user_id", "kind"], unique=False)


def downgrade():
    with op.batch_alter_table("feed_subscriptions", schema=None) as batch_op:
        batch_op.drop_index("ix_feed_subscriptions_user_kind")
        batch_op.drop_index(batch_op.f("ix_feed_subscriptions_organization_id"))
        batch_op.drop_index(batch_op.f("ix_feed_subscriptions_event_id"))
    op.drop_table("feed_subscriptions")
    with op.batch_alter_table("feed_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feed_tokens_user_id"))
    op.drop_table("feed_tokens")
    op.drop_table("feed_changes")
