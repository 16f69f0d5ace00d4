"""Published rule book versions get a running number ("versija 3") people can tell apart.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-07

Two published versions both read "2026.11-1" (the rule files' own label) and differ only in
their hash. The running number is the published order: the versions already published are
numbered by when they were decided (then by id), the next one published takes the next
number. Drafts and returned versions have none.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("policy_versions") as batch:
        batch.add_column(sa.Column("number", sa.Integer(), nullable=True))
    table = sa.table("policy_versions", sa.column("id", sa.Integer()),
                     sa.column("status", sa.String()), sa.column("decided_at", sa.DateTime()),
                     sa.column("number", sa.Integer()))
    connection = op.get_bind()
    published = connection.execute(
        sa.select(table.c.id).where(table.c.status == "published")
        .order_by(table.c.decided_at, table.c.id)).scalars().all()
    for number, row_id in enumerate(published, start=1):
        connection.execute(table.update().where(table.c.id == row_id).values(number=number))


def downgrade() -> None:
    with op.batch_alter_table("policy_versions") as batch:
        batch.drop_column("number")
