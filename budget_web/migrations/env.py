"""Alembic's environment, configured in code (budget_web/schema.py): no alembic.ini is needed.

The connection comes in `config.attributes["connection"]`, already in the transaction the
caller opened (on SQLite a write transaction, on PostgreSQL one holding the schema lock), so
a migration and whatever the caller does with it commit or roll back together. SQLite
changes columns by copying the table (`render_as_batch`).
"""

from __future__ import annotations

from alembic import context

import budget_web.storage  # noqa: F401 - every table module, so Base.metadata is whole
from budget_web.db import Base

connection = context.config.attributes.get("connection")
if connection is None:  # `alembic upgrade --sql` and the like: not how migrations are run
    raise RuntimeError("run migrations with `budget-engine db upgrade`")
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
