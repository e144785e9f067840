"""audit log: audit_entries, append-only (on PostgreSQL a trigger refuses UPDATE and DELETE)

Revision ID: 0014_hooks20_audit_log
Revises: 0014_phone2_promotion_link
"""
import sqlalchemy as sa
from alembic import op

revision = "0014_hooks20_audit_log"
down_revision = "0014_phone2_promotion_link"
branch_labels = None
depends_on = None

# DELETE passes only in a transaction that set agenda.audit_purge (the retention purge, the test cleanup).
TRIGGER_FUNCTION = """
CREATE OR REPLACE FUNCTION agenda_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND coalesce(current_setting('agenda.audit_purge', true), '') = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_entries is append-only (%)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql
"""


def upgrade():
    op.create_table(
        "audit_entries",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("actor_kind", sa.String(16), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("fact", sa.String(40), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("registration_id", sa.Integer(), nullable=True),
        sa.Column("certificate_id", sa.Integer(), nullable=True),
        sa.Column("object_ids", sa.JSON(), nullable=True),
        sa.Column("fields", sa.JSON(), nullable=True),
        sa.Column("changes", sa.JSON(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
    )
    op.create_index("ix_audit_entries_created_at", "audit_entries", ["created_at"])
    op.create_index("ix_audit_entries_actor_id", "audit_entries", ["actor_id"])
    op.create_index("ix_audit_entries_fact", "audit_entries", ["fact"])
    op.create_index("ix_audit_entries_registration_id", "audit_entries", ["registration_id"])
    op.create_index("ix_audit_entries_org_created", "audit_entries", ["organization_id", "created_at"])
    op.create_index("ix_audit_entries_event_created", "audit_entries", ["event_id", "created_at"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(TRIGGER_FUNCTION)
        op.execute("CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries "
                   "FOR EACH ROW EXECUTE FUNCTION agenda_audit_append_only()")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_entries_append_only ON audit_entries")
        op.execute("DROP FUNCTION IF EXISTS agenda_audit_append_only()")
    op.drop_table("audit_entries")
