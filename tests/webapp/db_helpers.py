"""The databases the web tests run on: SQLite always, PostgreSQL when one is given.

`BUDGET_ENGINE_TEST_POSTGRES_URL` (set by .ci/run when it starts a local server) runs the
migration, backup and concurrency tests on PostgreSQL too; `BUDGET_ENGINE_TEST_DATABASE_URL`
runs every web test on that database. Each pytest-xdist worker gets a database of its own on
that server (`<name>_<worker>`, created when missing), so one worker emptying its database
never removes another's tables.
"""

from __future__ import annotations

import os
import re

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from budget_web import schema
from budget_web.db import Database

POSTGRES_ENV = "BUDGET_ENGINE_TEST_POSTGRES_URL"
ALL_TESTS_ENV = "BUDGET_ENGINE_TEST_DATABASE_URL"


def postgres_server() -> str | None:
    """A PostgreSQL URL to make test databases on, if any."""
    for name in (POSTGRES_ENV, ALL_TESTS_ENV):
        url = os.environ.get(name, "")
        if url.startswith("postgresql"):
            return url
    return None


def worker_database(server: str, purpose: str = "") -> str:
    """This xdist worker's own database on the server (made when missing), its URL."""
    url = make_url(server)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = re.sub(r"\W", "_", f"{url.database or 'postgres'}_{purpose}{worker}")[:63]
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            if not connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                                     {"n": name}):
                connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def emptied(url: str) -> str:
    """The database at `url` with nothing in it (tables, revision and trigger function)."""
    db = Database(url)
    try:
        with db.schema_transaction() as connection:
            schema.drop_everything(connection)
    finally:
        db.close()
    return url
