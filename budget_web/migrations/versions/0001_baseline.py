"""Baseline: the schema of release d81acfe, the last one made by `create_all`.

Revision ID: 0001
Revises:
Create Date: 2026-12-07

A database of that release has these tables and no `alembic_version`. Upgrading it runs this
revision too: each table is created only when it is missing (as that release's `create_all`
did), so the database is left as it was and is then marked with this revision. The audit
log's append-only triggers are part of the schema (budget_web/audit.py).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_WHEN = sa.DateTime(timezone=True)


def _tables() -> dict[str, tuple[list[sa.schema.SchemaItem], list[str]]]:
    """Table name -> (columns and constraints, indexed columns), parents first (made anew
    each time: a column belongs to one table object)."""
    return {
        "audit_log": ([
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("at", _WHEN, nullable=False),
            sa.Column("user", sa.String(64), nullable=False),
            sa.Column("action", sa.String(16), nullable=False),
            sa.Column("case_id", sa.String(200), nullable=False),
            sa.Column("municipality", sa.String(100), nullable=False),
            sa.Column("version", sa.Integer(), nullable=True),
            sa.Column("detail", sa.Text(), nullable=False),
            sa.PrimaryKeyConstraint("id"),
        ], ["at", "case_id", "user"]),
        "policy_versions": ([
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("version", sa.String(80), nullable=False),
            sa.Column("label", sa.String(200), nullable=False),
            sa.Column("author", sa.String(64), nullable=False),
            sa.Column("created_at", _WHEN, nullable=False),
            sa.Column("status", sa.String(12), nullable=False),
            sa.Column("decided_by", sa.String(64), nullable=True),
            sa.Column("decided_at", _WHEN, nullable=True),
            sa.Column("comment", sa.Text(), nullable=False),
            sa.PrimaryKeyConstraint("id"),
        ], ["version"]),
        "rule_books": ([
            sa.Column("version", sa.String(80), nullable=False),
            sa.Column("digest", sa.String(64), nullable=False),
            sa.Column("label", sa.String(40), nullable=False),
            sa.Column("files_json", sa.Text(), nullable=False),
            sa.Column("status", sa.String(12), nullable=False),
            sa.Column("parent_version", sa.String(80), nullable=True),
            sa.Column("stored_by", sa.String(64), nullable=False),
            sa.Column("stored_at", _WHEN, nullable=False),
            sa.PrimaryKeyConstraint("version"),
            sa.UniqueConstraint("digest"),
        ], []),
        "saved_cases": ([
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("municipality", sa.String(100), nullable=False),
            sa.Column("case_number", sa.String(64), nullable=False),
            sa.Column("created_by", sa.String(64), nullable=False),
            sa.Column("created_at", _WHEN, nullable=False),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("municipality", "case_number"),
        ], []),
        "users": ([
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("name", sa.String(64), nullable=False),
            sa.Column("password_hash", sa.String(256), nullable=False),
            sa.Column("role", sa.String(20), nullable=False),
            sa.Column("municipality", sa.String(100), nullable=True),
            sa.Column("created_at", _WHEN, nullable=False),
            sa.Column("failed_logins", sa.Integer(), nullable=False),
            sa.Column("locked_until", _WHEN, nullable=True),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("name"),
        ], []),
        "api_tokens": ([
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("user_id", sa.Integer(), nullable=False),
            sa.Column("token_hash", sa.String(64), nullable=False),
            sa.Column("created_at", _WHEN, nullable=False),
            sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("token_hash"),
        ], []),
        "login_sessions": ([
            sa.Column("token_hash", sa.String(64), nullable=False),
            sa.Column("user_id", sa.Integer(), nullable=False),
            sa.Column("created_at", _WHEN, nullable=False),
            sa.Column("expires_at", _WHEN, nullable=False),
            sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
            sa.PrimaryKeyConstraint("token_hash"),
        ], ["user_id"]),
        "policy_version_events": ([
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("version_id", sa.Integer(), nullable=False),
            sa.Column("step", sa.String(12), nullable=False),
            sa.Column("by", sa.String(64), nullable=False),
            sa.Column("at", _WHEN, nullable=False),
            sa.Column("comment", sa.Text(), nullable=False),
            sa.Column("rules_version", sa.String(80), nullable=False),
            sa.Column("based_on", sa.String(80), nullable=True),
            sa.ForeignKeyConstraint(["version_id"], ["policy_versions.id"]),
            sa.PrimaryKeyConstraint("id"),
        ], ["version_id"]),
        "saved_case_versions": ([
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("case_pk", sa.Integer(), nullable=False),
            sa.Column("case_id", sa.String(64), nullable=False),
            sa.Column("municipality", sa.String(100), nullable=False),
            sa.Column("version", sa.Integer(), nullable=False),
            sa.Column("based_on", sa.Integer(), nullable=True),
            sa.Column("calculation_date", sa.String(10), nullable=False),
            sa.Column("case_json", sa.Text(), nullable=False),
            sa.Column("budget_json", sa.Text(), nullable=False),
            sa.Column("rules_version", sa.String(80), nullable=False),
            sa.Column("monthly_total", sa.String(20), nullable=False),
            sa.Column("overrides_json", sa.Text(), nullable=False),
            sa.Column("status", sa.String(12), nullable=False),
            sa.Column("saved_by", sa.String(64), nullable=False),
            sa.Column("saved_at", _WHEN, nullable=False),
            sa.ForeignKeyConstraint(["case_pk"], ["saved_cases.id"]),
            sa.ForeignKeyConstraint(["rules_version"], ["rule_books.version"]),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("case_pk", "version"),
        ], ["case_pk"]),
        "decision_events": ([
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("version_pk", sa.Integer(), nullable=False),
            sa.Column("status", sa.String(12), nullable=False),
            sa.Column("by", sa.String(64), nullable=False),
            sa.Column("at", _WHEN, nullable=False),
            sa.Column("note", sa.Text(), nullable=False),
            sa.ForeignKeyConstraint(["version_pk"], ["saved_case_versions.id"]),
            sa.PrimaryKeyConstraint("id"),
        ], ["version_pk"]),
    }


_SQLITE_GUARDS = [
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
]
_POSTGRES_GUARDS = [
    "CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$ BEGIN "
    "RAISE EXCEPTION 'the audit log is append-only'; END; $$ LANGUAGE plpgsql",
    "DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log",
    "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
]


def upgrade() -> None:
    bind = op.get_bind()
    existing = set(sa.inspect(bind).get_table_names())
    for name, (items, indexed) in _tables().items():
        if name in existing:
            continue
        op.create_table(name, *items)
        for column in indexed:
            op.create_index(f"ix_{name}_{column}", name, [column])
    dialect = bind.dialect.name
    for statement in (_SQLITE_GUARDS if dialect == "sqlite" else
                      _POSTGRES_GUARDS if dialect == "postgresql" else []):
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
    for name in reversed(list(_tables())):
        op.drop_table(name)
