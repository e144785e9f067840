"""import history and undo: who undid an import and when; what each applied import changed per registration

Revision ID: 0014_imports3_import_undo
Revises: 0014_figures17_report
"""
import sqlalchemy as sa
from alembic import op

revision = "0014_imports3_import_undo"
down_revision = "0014_figures17_report"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("attendance_imports") as batch:
        batch.add_column(sa.Column("undone_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("undone_by_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_attendance_imports_undone_by_id_users", "users", ["undone_by_id"], ["id"],
                                 ondelete="SET NULL")
    op.create_table(
        "attendance_import_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), sa.ForeignKey("attendance_imports.id", ondelete="CASCADE",
                                                            name="fk_attendance_import_changes_import_id_attendance_imports"),
                  nullable=False),
        sa.Column("registration_id", sa.Integer(), sa.ForeignKey("registrations.id", ondelete="CASCADE",
                                                                  name="fk_attendance_import_changes_registration_id_registrations"),
                  nullable=False),
        sa.Column("had_row", sa.Boolean(), nullable=False),
        sa.Column("previous_method", sa.String(16), nullable=True),
        sa.Column("previous_minutes", sa.Integer(), nullable=True),
        sa.Column("previous_import_id", sa.Integer(), nullable=True),
        sa.Column("previous_checked_in_at", sa.DateTime(), nullable=True),
        sa.Column("previous_recorded_by_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_import_changes")),
    )
    op.create_index("ix_attendance_import_changes_import_id", "attendance_import_changes", ["import_id"])
    op.create_index("ix_attendance_import_changes_registration_id", "attendance_import_changes",
                    ["registration_id"])


def downgrade():
    op.drop_index("ix_attendance_import_changes_registration_id", table_name="attendance_import_changes")
    op.drop_index("ix_attendance_import_changes_import_id", table_name="attendance_import_changes")
    op.drop_table("attendance_import_changes")
    with op.batch_alter_table("attendance_imports") as batch:
        batch.drop_constraint("fk_attendance_imports_undone_by_id_users", type_="foreignkey")
        batch.drop_column("undone_by_id")
        batch.drop_column("undone_at")
