"""A saved version keeps the unusual values the worker confirmed, with who and when.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-08

An income above the plausible bound of rules/ or a DI enrolment before the programme began
is calculated only once the worker confirms it (issue 27, item 4). The confirmation is part
of the decision — a supervisor and an auditor must see that the worker looked at the value
and said it is right — so the version keeps it: a JSON list (field, value, warning, who,
when) in a column of its own. Not in `case_json`: that is the case of format 1, which a
confirmation is no part of (the engine refuses unknown fields), and which the API, the
downloads and replays read as it is. Versions saved before have confirmed nothing: `[]`.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("saved_case_versions") as batch:
        batch.add_column(sa.Column("confirmations_json", sa.Text(), nullable=False,
                                   server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("saved_case_versions") as batch:
        batch.drop_column("confirmations_json")
