"""The database's schema and its migrations (Alembic), so saved cases, sign-offs, rule books
and the audit log survive every upgrade of the program.

Each change of a table is a revision in budget_web/migrations/versions/, shipped inside the package
and configured here in code (no alembic.ini). The first revision, `0001`, is the schema of
release d81acfe, the last made by `create_all`: its databases have the tables and no
`alembic_version`, and `budget-engine db upgrade` takes them from there.

When the store opens a database (`prepare`):
- an empty one is made at the newest revision at once (the tables from the models, then
  marked with the head revision: quicker than running every revision, and the suite checks
  that both give the same schema);
- one at the newest revision is used;
- any other is refused with one line naming the command that fixes it, never changed
  behind the administrator's back (an upgrade is theirs to take, after a backup).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, inspect
from sqlalchemy.engine import Connection

from .db import Database

#: The revisions, inside the installed package.
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: The revision of release d81acfe's schema (a database without `alembic_version`).
BASELINE = "0001"
#: The command that brings a database to this release's schema.
UPGRADE_COMMAND = "budget-engine db upgrade"

State = Literal["empty", "unversioned", "current", "behind", "newer"]


class SchemaMismatch(Exception):
    """The database's schema is not this release's; the message says what to run."""


#: The tables of release d81acfe (revision 0001): a database holding any of them and no
#: revision was made by that release (or earlier) and is upgraded, never made anew.
BASELINE_TABLES = frozenset({
    "audit_log", "policy_versions", "rule_books", "saved_cases", "users", "api_tokens",
    "login_sessions", "policy_version_events", "saved_case_versions", "decision_events"})


def config(connection: Connection | None = None) -> Config:
    """Alembic's configuration, in code; the connection is the caller's transaction."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(config())


def head() -> str:
    found = scripts().get_current_head()
    assert found is not None, "budget_web/migrations/versions has no revision"
    return found


def revision_of(connection: Connection) -> str | None:
    """The revision recorded in the database (None: none recorded)."""
    return MigrationContext.configure(connection).get_current_revision()


def known(revision: str) -> bool:
    """Whether this release has the revision (a newer release's is unknown here)."""
    return revision in {script.revision for script in scripts().walk_revisions()}


def state(connection: Connection) -> tuple[State, str | None]:
    """What the database is, and its recorded revision."""
    revision = revision_of(connection)
    if revision is None:
        ours = BASELINE_TABLES & set(inspect(connection).get_table_names())
        return ("unversioned" if ours else "empty"), None
    if revision == head():
        return "current", revision
    return ("behind" if known(revision) else "newer"), revision


def prepare(db: Database, tables: MetaData) -> None:
    """Make an empty database at the newest revision; refuse any other not at it.

    `tables` is every table of the app (`Base.metadata` once the store's modules are
    imported: budget_web/storage.py passes it, so this module need not import the store)."""
    with db.engine.connect() as connection:  # the usual case, without taking the write lock
        if state(connection)[0] == "current":
            return
    with db.schema_transaction() as connection:
        found, revision = state(connection)
        if found == "empty":
            tables.create_all(connection)
            command.stamp(config(connection), "head")
            return
    if found == "current":
        return
    if found == "newer":
        raise SchemaMismatch(f"the database's schema (revision {revision}) is newer than this "
                             f"budget-engine knows ({head()}): run the release that made it")
    what = ("was made before schema migrations (release d81acfe or earlier)"
            if found == "unversioned" else f"is at schema revision {revision}")
    raise SchemaMismatch(f"the database {what}; this budget-engine needs revision {head()}: "
                         f"run `{UPGRADE_COMMAND}`")


def upgrade(db: Database, target: str = "head") -> tuple[str | None, str]:
    """Migrate the database to `target` (a database of release d81acfe counts as the
    baseline); the revisions before and after."""
    with db.schema_transaction() as connection:
        found, before = state(connection)
        if found == "newer":
            raise SchemaMismatch(f"the database's schema (revision {before}) is newer than "
                                 f"this budget-engine knows ({head()})")
        if found == "unversioned":
            _refuse_pre_baseline(connection)
        command.upgrade(config(connection), target)
        return before, revision_of(connection) or ""


def _refuse_pre_baseline(connection: Connection) -> None:
    """Before d81acfe users had no municipality: such data cannot be migrated."""
    columns = {c["name"] for c in inspect(connection).get_columns("users")} if \
        "users" in inspect(connection).get_table_names() else {"municipality"}
    if "municipality" not in columns:
        raise SchemaMismatch("the database was made by a budget-engine older than the first "
                             "migrated release (users have no municipality); start with a new "
                             "database (see CHANGELOG.md)")


def history() -> list[tuple[str, str | None, str]]:
    """Every revision, newest first: (revision, the one before, its first line)."""
    return [(s.revision, s.down_revision if isinstance(s.down_revision, str) or
             s.down_revision is None else ",".join(s.down_revision),
             (s.doc or "").strip().splitlines()[0] if s.doc else "")
            for s in scripts().walk_revisions()]


def drop_everything(connection: Connection) -> None:
    """Remove every table in the database (ours, `alembic_version`, whatever is there) and
    the audit log's trigger function: a restore starts from nothing."""
    found = MetaData()
    found.reflect(connection)
    found.drop_all(connection)
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("DROP FUNCTION IF EXISTS audit_log_append_only()")
