"""Schema migrations: a database of the last release before migrations (d81acfe, made by its
own code: tests/data/db/make_release_db.py) upgrades with every row kept; the models and the
migrated schema agree; a database not at head is refused with the command that fixes it.
On SQLite always, on PostgreSQL when one is given (db_helpers.py)."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from click.testing import CliRunner
from db_helpers import emptied, postgres_server, worker_database
from sqlalchemy import MetaData, create_engine, select, text

from budget_web import schema
from budget_web.cli import main
from budget_web.db import Base, Database, aware
from budget_web.storage import SchemaOutOfDate, open_store

RELEASE = Path(__file__).resolve().parents[1] / "data" / "db"
HOME = "Jelgavas novads"


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("BUDGET_ENGINE_INSTANCE", str(tmp_path / "instance"))
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'db.sqlite'}"
        return
    server = postgres_server()
    if server is None:
        pytest.skip("no PostgreSQL (BUDGET_ENGINE_TEST_POSTGRES_URL)")
    yield emptied(worker_database(server, "schema_"))


def load_release(url: str) -> None:
    """The release's database, as its own code made it, loaded into `url`."""
    if url.startswith("sqlite"):
        connection = sqlite3.connect(url.removeprefix("sqlite:///"))
        connection.executescript((RELEASE / "release-d81acfe.sqlite.sql").read_text("utf-8"))
        connection.close()
        return
    engine = create_engine(url)
    sql = (RELEASE / "release-d81acfe.postgresql.sql").read_text("utf-8")
    with engine.begin() as connection:
        connection.exec_driver_sql(sql)
    engine.dispose()


def rows(url: str) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table (times in UTC: SQLite hands them back naive)."""
    engine = create_engine(url)
    found = MetaData()
    found.reflect(engine)
    with engine.connect() as connection:
        out = {t.name: [{k: aware(v).isoformat() if isinstance(v, dt.datetime) else v
                         for k, v in row.items()}
                        for row in connection.execute(select(t).order_by(
                            *t.primary_key.columns)).mappings()]
               for t in found.sorted_tables if t.name != "alembic_version"}
    engine.dispose()
    return out


def test_a_database_of_the_release_before_migrations_upgrades_with_every_row(url: str) -> None:
    load_release(url)
    before = rows(url)
    assert {name: len(r) for name, r in before.items()} == {
        "audit_log": 16, "policy_version_events": 4, "policy_versions": 2, "rule_books": 2,
        "saved_cases": 2, "saved_case_versions": 4, "decision_events": 4, "users": 5,
        "api_tokens": 1, "login_sessions": 1}

    with pytest.raises(SchemaOutOfDate, match="run `budget-engine db upgrade`"):
        open_store(url)
    db = Database(url)
    assert schema.upgrade(db) == (None, schema.head())
    db.close()

    after = rows(url)
    # Revision 0002 numbers the published versions in the order they were published.
    assert [row.pop("number") for row in after["policy_versions"]] == [1, 2]
    # Revision 0003: the versions saved before confirmed no unusual value.
    assert [row.pop("confirmations_json") for row in after["saved_case_versions"]] == [
        "[]"] * len(before["saved_case_versions"])
    assert after == before  # every row kept, as it was
    store = open_store(url)  # and the store reads them
    try:
        cases = sorted(v.case_id for v in store.cases.latest_of(HOME))
        assert len(cases) == 2
        approved = store.cases.version(HOME, cases[0], 2)
        assert approved.status in ("approved", "returned") and approved.overrides
        assert [e.status for e in store.cases.events(approved.id)][0] == "submitted"
        assert [v.status for v in store.versions.all()] == ["published", "published"]
        assert store.user("darbiniece").municipality == HOME  # type: ignore[union-attr]
        assert len(store.audit.entries(limit=100)) == 16
        store.audit.add("admins", "viewed", cases[0], HOME, 2)  # the log goes on
        store.cases.decide(HOME, cases[1], 2, "submit", "darbiniece", "social_worker") \
            if store.cases.version(HOME, cases[1], 2).status == "returned" else None
    finally:
        store.close()
    _audit_log_stays_append_only(url)


def _audit_log_stays_append_only(url: str) -> None:
    store = open_store(url)
    store.audit.add("admins", "viewed", "X-1", HOME, 1)
    store.close()
    engine = create_engine(url)
    for statement in ("DELETE FROM audit_log", "UPDATE audit_log SET detail = 'x'"):
        with pytest.raises(Exception, match="append-only"), engine.begin() as connection:
            connection.execute(text(statement))
    engine.dispose()


def test_the_migrations_make_the_models_schema(url: str) -> None:
    """Any table or column added to a model without its revision fails here."""
    db = Database(url)
    schema.upgrade(db)  # from nothing, every revision
    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection),
                                       Base.metadata)
    db.close()
    assert differences == []
    _audit_log_stays_append_only(url)


def test_a_new_database_is_made_at_head(url: str) -> None:
    open_store(url).close()
    db = Database(url)
    with db.engine.connect() as connection:
        assert schema.state(connection) == ("current", schema.head())
    db.close()
    _audit_log_stays_append_only(url)


def test_serve_refuses_an_old_database_in_one_line(url: str,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    load_release(url)
    monkeypatch.setenv("BUDGET_ENGINE_DATABASE_URL", url)
    result = CliRunner().invoke(main, ["serve", "--port", "1"])
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1
    assert "run `budget-engine db upgrade`" in result.output
    assert "Traceback" not in result.output

    assert "before schema migrations" in CliRunner().invoke(main, ["db", "current"]).output
    upgraded = CliRunner().invoke(main, ["db", "upgrade"])
    assert upgraded.exit_code == 0, upgraded.output
    assert f"to revision {schema.head()}" in upgraded.output
    assert "(head)" in CliRunner().invoke(main, ["db", "current"]).output
    assert re.search(rf"^{schema.BASELINE}\t", CliRunner().invoke(main, ["db", "history"])
                     .output, re.M)


def test_a_database_of_a_newer_release_is_refused(url: str) -> None:
    open_store(url).close()
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'fffffffffff'"))
    engine.dispose()
    with pytest.raises(SchemaOutOfDate, match="newer than this budget-engine"):
        open_store(url)
    with pytest.raises(schema.SchemaMismatch, match="newer"):
        schema.upgrade(Database(url))
