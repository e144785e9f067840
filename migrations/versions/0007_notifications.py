"""reminders, change notices, announcements

Revision ID: 0007_notifications
Revises: 0006_attendance
"""
from alembic import op
import sqlalchemy as sa

revision = "0007_notifications"
down_revision = "0006_attendance"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "event_reminder_settings",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("offsets", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_event_reminder_settings_event_id_events"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"],
                                name=op.f("fk_event_reminder_settings_updated_by_id_users"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_event_reminder_settings")),
    )
    op.create_table(
        "reminder_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("offset_minutes", sa.Integer(), nullable=False),
        sa.Column("session_starts_at", sa.DateTime(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["registration_id"], ["registrations.id"],
                                name=op.f("fk_reminder_log_registration_id_registrations"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["session_id"], ["event_sessions.id"],
                                name=op.f("fk_reminder_log_session_id_event_sessions"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_log")),
        sa.UniqueConstraint("registration_id", "session_id", "offset_minutes",
                            name=op.f("uq_reminder_log_registration_id")),
    )
    with op.batch_alter_table("reminder_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reminder_log_session_id"), ["session_id"], unique=False)

    op.create_table(
        "pending_change_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("kinds", sa.String(length=200), nullable=False),
        sa.Column("session_ids", sa.String(length=1000), nullable=False),
        sa.Column("first_changed_at", sa.DateTime(), nullable=False),
        sa.Column("last_changed_at", sa.DateTime(), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_pending_change_notices_event_id_events"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_change_notices")),
        sa.UniqueConstraint("event_id", name=op.f("uq_pending_change_notices_event_id")),
    )
    with op.batch_alter_table("pending_change_notices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pending_change_notices_due_at"), ["due_at"], unique=False)

    op.create_table(
        "announcements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("audience", sa.String(length=16), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("recipients_count", sa.Integer(), nullable=False),
        sa.Column("skipped_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name=op.f("fk_announcements_author_id_users"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_announcements_event_id_events"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["session_id"], ["event_sessions.id"],
                                name=op.f("fk_announcements_session_id_event_sessions"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_announcements")),
    )
    with op.batch_alter_table("announcements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_announcements_author_id"), ["author_id"], unique=False)
        batch_op.create_index("ix_announcements_event_created", ["event_id", "created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_announcements_session_id"), ["session_id"], unique=False)

    op.create_table(
        "mail_addresses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email_hash", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("status_reason", sa.String(length=500), nullable=True),
        sa.Column("status_changed_at", sa.DateTime(), nullable=True),
        sa.Column("reminders_stopped_at", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_addresses")),
        sa.UniqueConstraint("email_hash", name=op.f("uq_mail_addresses_email_hash")),
    )


def downgrade():
    op.drop_table("mail_addresses")
    with op.batch_alter_table("announcements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_announcements_session_id"))
        batch_op.drop_index("ix_announcements_event_created")
        batch_op.drop_index(batch_op.f("ix_announcements_author_id"))
    op.drop_table("announcements")
    with op.batch_alter_table("pending_change_notices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pending_change_notices_due_at"))
    op.drop_table("pending_change_notices")
    with op.batch_alter_table("reminder_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reminder_log_session_id"))
    op.drop_table("reminder_log")
    op.drop_table("event_reminder_settings")
