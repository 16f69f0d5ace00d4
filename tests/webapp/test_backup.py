"""`budget-engine backup` and `restore`: a round trip keeps every row and the rule-book files,
SQLite to SQLite and SQLite to PostgreSQL (when one is given); a non-empty database, a newer
backup, a damaged or oversized one are refused with a line naming the file."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from db_helpers import emptied, postgres_server, worker_database
from test_schema_migrations import load_release, rows

from budget_web import backup, schema
from budget_web.cli import main
from budget_web.db import Database
from budget_web.storage import open_store

HOME = "Jelgavas novads"


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The database a backup is restored into."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite'}"
        return
    server = postgres_server()
    if server is None:
        pytest.skip("no PostgreSQL (BUDGET_ENGINE_TEST_POSTGRES_URL)")
    yield emptied(worker_database(server, "backup_"))


@pytest.fixture
def source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The release's database, upgraded, with a rule book unpacked in the instance folder."""
    monkeypatch.setenv("BUDGET_ENGINE_INSTANCE", str(tmp_path / "instance"))
    url = f"sqlite:///{tmp_path / 'source.sqlite'}"
    load_release(url)
    db = Database(url)
    schema.upgrade(db)
    db.close()
    store = open_store(url)
    store.versions.book(store.versions.all()[0].version)  # unpacks its files
    store.close()
    return url


def run(url: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), env={"BUDGET_ENGINE_DATABASE_URL": url})
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_a_backup_restores_every_row_and_rule_book(source: str, target: str,
                                                   tmp_path: Path) -> None:
    book_files = sorted(p.relative_to(tmp_path / "instance" / "rule-books").as_posix()
                        for p in (tmp_path / "instance" / "rule-books").rglob("*.yaml"))
    assert book_files
    file = tmp_path / "backup.zip"
    code, out = run(source, "backup", str(file))
    assert code == 0, out
    assert file.stat().st_mode & 0o777 == 0o600
    assert "41 rows of 10 tables" in out

    (tmp_path / "instance" / "rule-books").rename(tmp_path / "old-rule-books")
    code, out = run(target, "restore", str(file))
    assert code == 0, out
    assert rows(target) == rows(source)
    assert sorted(p.relative_to(tmp_path / "instance" / "rule-books").as_posix()
                  for p in (tmp_path / "instance" / "rule-books").rglob("*.yaml")) == book_files

    store = open_store(target)  # at head, and it writes on after the restored ids
    try:
        store.add_user("jauna", "correct horse 1", "admin")
        store.audit.add("jauna", "viewed", "X-1", HOME, 1)
        assert len(store.audit.entries(limit=100)) == 17
    finally:
        store.close()

    code, out = run(target, "restore", str(file))  # it holds data now
    assert code == 1 and "not empty" in out and "--force" in out
    assert len(rows(target)["users"]) == 6
    code, out = run(target, "restore", "--force", str(file))
    assert code == 0, out
    assert rows(target) == rows(source)


def _rewritten(file: Path, out: Path, change: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(file) as old, zipfile.ZipFile(out, "w") as new:
        for name in old.namelist():
            new.writestr(name, change.get(name, old.read(name)))
        for name in set(change) - set(old.namelist()):
            new.writestr(name, change[name])
    return out


def test_bad_backups_are_refused_naming_the_file(source: str, tmp_path: Path) -> None:
    file = tmp_path / "backup.zip"
    assert run(source, "backup", str(file))[0] == 0
    manifest = json.loads(zipfile.ZipFile(file).read("manifest.json"))
    target = f"sqlite:///{tmp_path / 'target.sqlite'}"

    newer = _rewritten(file, tmp_path / "newer.zip", {"manifest.json": json.dumps(
        {**manifest, "revision": "9999"}).encode()})
    code, out = run(target, "restore", str(newer))
    assert code == 1 and "newer.zip: made at schema revision 9999, newer" in out

    users = zipfile.ZipFile(file).read("tables/users.jsonl").splitlines()
    broken = _rewritten(file, tmp_path / "broken.zip", {"tables/users.jsonl": b"\n".join(
        [users[0], b"{not json", *users[2:]])})
    code, out = run(target, "restore", str(broken))
    assert code == 1 and "broken.zip: tables/users.jsonl line 2: not JSON" in out
    assert rows(target) == {}  # nothing half-restored

    unknown = _rewritten(file, tmp_path / "unknown.zip", {"tables/users.jsonl": b"\n".join(
        [users[0][:-1] + b', "shoe_size": 42}', *users[1:]])})
    code, out = run(target, "restore", str(unknown))
    assert code == 1 and "users.jsonl line 1: no column 'shoe_size'" in out

    escape = _rewritten(file, tmp_path / "escape.zip", {"rule-books/../../evil.yaml": b"x"})
    code, out = run(target, "restore", str(escape))
    assert code == 1 and "is not a name a backup holds" in out
    assert not (tmp_path / "evil.yaml").exists()

    (tmp_path / "junk.zip").write_bytes(b"not a zip")
    code, out = run(target, "restore", str(tmp_path / "junk.zip"))
    assert code == 1 and "junk.zip: not a backup of budget-engine" in out


def test_a_backup_larger_than_the_limit_is_refused(source: str, tmp_path: Path) -> None:
    file = tmp_path / "backup.zip"
    assert run(source, "backup", str(file))[0] == 0
    db = Database(f"sqlite:///{tmp_path / 'target.sqlite'}")
    with pytest.raises(backup.BackupError, match="more than the limit of 1000"):
        backup.restore(db, file, tmp_path / "books", limit=1000)
    db.close()


def test_an_older_backup_is_upgraded_on_restore(source: str, tmp_path: Path) -> None:
    """A backup of a database made before migrations (no revision) restores at head."""
    old = f"sqlite:///{tmp_path / 'old.sqlite'}"
    load_release(old)
    file = tmp_path / "old.zip"
    code, out = run(old, "backup", str(file))
    assert code == 0 and f"schema revision {schema.BASELINE}" in out
    target = f"sqlite:///{tmp_path / 'target.sqlite'}"
    code, out = run(target, "restore", str(file))
    assert code == 0 and f"schema revision {schema.head()}" in out
    restored = rows(target)
    # Revision 0002 numbers the published versions in the order they were published.
    assert [row.pop("number") for row in restored["policy_versions"]] == [1, 2]
    # Revision 0003 gives every saved version an empty list of confirmed unusual values.
    assert [row.pop("confirmations_json") for row in restored["saved_case_versions"]] == \
        ["[]"] * len(restored["saved_case_versions"])
    assert restored == rows(old)
