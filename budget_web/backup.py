"""Backup and restore: the whole database and the instance's rule-book files in one zip,
portable between SQLite and PostgreSQL.

The zip holds `manifest.json` (format, schema revision, the tables in dependency order and
their row counts), `tables/NAME.jsonl` (one JSON object a row; times as ISO 8601 in UTC) and
`rule-books/...` (the instance folder's unpacked rule books). Rows are written from one
snapshot of the database, streamed, so a large database is not held in memory.

A restore rebuilds the schema at the backup's revision, loads the rows, then migrates to this
release's head, all in one transaction: a backup of an older release is upgraded on the way,
one of a newer release is refused, and a failure leaves the database as it was. It refuses a
database that holds any row unless forced (then everything in it is replaced).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import Any

from alembic import command
from sqlalchemy import Column, MetaData, Table, func, insert, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.types import Date, DateTime, Numeric

from . import schema
from .db import Database

FORMAT = "budget-engine-backup"
VERSION = 1
#: Rows inserted at a time on restore.
BATCH = 500
#: The most a backup may unpack to (bytes), unless the caller gives another limit.
RESTORE_LIMIT = 16 * 1024**3
_RULE_BOOKS = "rule-books"


class BackupError(Exception):
    """A backup cannot be made or restored; the message names the file (and line)."""


@dataclass(frozen=True)
class Outcome:
    revision: str
    rows: dict[str, int]
    files: int


# -- backup -------------------------------------------------------------------------------------
def backup(db: Database, target: Path, rule_books: Path) -> Outcome:
    """Write the database and the rule-book files to `target` (mode 600: personal data)."""
    target = target.resolve()
    fd, temporary = tempfile.mkstemp(prefix=".backup-", suffix=".zip", dir=target.parent)
    os.close(fd)
    try:
        with db.engine.connect() as connection:
            if connection.dialect.name == "postgresql":  # one snapshot for every table
                connection = connection.execution_options(isolation_level="REPEATABLE READ")
            with connection.begin():
                revision = _backup_revision(connection)
                tables = _tables(connection)
                with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
                    rows = {table.name: _write_table(connection, table, archive)
                            for table in tables}
                    files = _write_rule_books(rule_books, archive)
                    archive.writestr("manifest.json", json.dumps({
                        "format": FORMAT, "version": VERSION, "revision": revision,
                        "tables": [t.name for t in tables], "rows": rows,
                        "made_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    }, indent=1))
        os.chmod(temporary, 0o600)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return Outcome(revision, rows, files)


def _backup_revision(connection: Connection) -> str:
    found, revision = schema.state(connection)
    if found == "empty":
        raise BackupError("the database is empty: nothing to back up")
    if found == "newer":
        raise BackupError(f"the database's schema (revision {revision}) is newer than this "
                          "budget-engine knows: back it up with the release that made it")
    return revision or schema.BASELINE


def _tables(connection: Connection) -> list[Table]:
    """The database's own tables (as they are, whatever the revision), parents first."""
    found = MetaData()
    found.reflect(connection)
    return [t for t in found.sorted_tables if t.name != "alembic_version"]


def _write_table(connection: Connection, table: Table, archive: zipfile.ZipFile) -> int:
    order = list(table.primary_key.columns) or list(table.columns)
    count = 0
    with archive.open(f"tables/{table.name}.jsonl", "w") as out:
        result = connection.execution_options(yield_per=BATCH).execute(
            select(table).order_by(*order))
        for row in result.mappings():
            out.write(json.dumps({k: _encode(v) for k, v in row.items()},
                                 ensure_ascii=False).encode() + b"\n")
            count += 1
    return count


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime):  # stored as UTC; SQLite hands it back naive
        return (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _write_rule_books(folder: Path, archive: zipfile.ZipFile) -> int:
    count = 0
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.is_symlink():
                archive.write(path, f"{_RULE_BOOKS}/{path.relative_to(folder).as_posix()}")
                count += 1
    return count


# -- restore ------------------------------------------------------------------------------------
def restore(db: Database, source: Path, rule_books: Path, force: bool = False,
            limit: int = RESTORE_LIMIT) -> Outcome:
    """Replace the database (empty, or anything when `force`) and the rule-book files with
    the backup's; the database ends at this release's head revision."""
    name = source.name
    try:
        archive = zipfile.ZipFile(source)
    except (OSError, zipfile.BadZipFile) as exc:
        raise BackupError(f"{name}: not a backup of budget-engine ({exc})") from exc
    with archive:
        manifest = _manifest(archive, name, limit)
        revision = manifest["revision"]
        with db.schema_transaction() as connection:
            if not force:
                _refuse_rows(connection, name)
            schema.drop_everything(connection)
            command.upgrade(schema.config(connection), revision)
            made = {t.name: t for t in _tables(connection)}
            rows: dict[str, int] = {}
            for table_name in manifest["tables"]:
                table = made.get(table_name)
                if table is None:
                    raise BackupError(f"{name}: table {table_name!r} is not in the schema of "
                                      f"revision {revision}")
                rows[table_name] = _load_table(connection, table, archive, name)
            if connection.dialect.name == "postgresql":
                _reset_sequences(connection, list(made.values()))
            command.upgrade(schema.config(connection), "head")
            final = schema.revision_of(connection) or ""
        files = _restore_rule_books(archive, rule_books)
    return Outcome(final, rows, files)


def _manifest(archive: zipfile.ZipFile, name: str, limit: int) -> dict[str, Any]:
    unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > limit:
        raise BackupError(f"{name}: unpacks to {unpacked} bytes, more than the limit of "
                          f"{limit}")
    for info in archive.infolist():
        if not _safe_member(info.filename):
            raise BackupError(f"{name}: {info.filename!r} is not a name a backup holds")
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except KeyError as exc:
        raise BackupError(f"{name}: no manifest.json: not a backup of budget-engine") from exc
    except ValueError as exc:
        raise BackupError(f"{name}: manifest.json: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{name}: manifest.json: not a backup of budget-engine")
    if manifest.get("version") != VERSION:
        raise BackupError(f"{name}: manifest.json: backup format {manifest.get('version')!r} "
                          f"(this budget-engine reads {VERSION})")
    revision = manifest.get("revision")
    tables = manifest.get("tables")
    if not isinstance(revision, str) or not isinstance(tables, list) or \
            not all(isinstance(t, str) for t in tables):
        raise BackupError(f"{name}: manifest.json: no revision or tables")
    if not schema.known(revision):
        raise BackupError(f"{name}: made at schema revision {revision}, newer than this "
                          f"budget-engine knows ({schema.head()}): restore it with that "
                          "release or a later one")
    return manifest


def _safe_member(member: str) -> bool:
    path = PurePosixPath(member)
    return (not path.is_absolute() and ".." not in path.parts and "\\" not in member
            and (member == "manifest.json" or path.parts[0] in ("tables", _RULE_BOOKS)))


def _refuse_rows(connection: Connection, name: str) -> None:
    for table in _tables(connection):
        if connection.scalar(select(func.count()).select_from(table)):
            raise BackupError(f"the database is not empty (table {table.name} has rows); "
                              f"restoring {name} would replace it: add --force to do so")


def _load_table(connection: Connection, table: Table, archive: zipfile.ZipFile,
                name: str) -> int:
    member = f"tables/{table.name}.jsonl"
    columns = {c.name: c for c in table.columns}
    count = 0
    try:
        stream = archive.open(member)
    except KeyError as exc:
        raise BackupError(f"{name}: {member} is missing") from exc
    with stream:
        batch: list[dict[str, Any]] = []
        for number, line in enumerate(stream, start=1):
            batch.append(_decode_row(line, columns, f"{name}: {member} line {number}"))
            count += 1
            if len(batch) >= BATCH:
                connection.execute(insert(table), batch)
                batch = []
        if batch:
            connection.execute(insert(table), batch)
    return count


def _decode_row(line: bytes, columns: dict[str, Column[Any]], where: str) -> dict[str, Any]:
    try:
        row = json.loads(line)
    except ValueError as exc:
        raise BackupError(f"{where}: not JSON ({exc})") from exc
    if not isinstance(row, dict):
        raise BackupError(f"{where}: not a row (a JSON object)")
    unknown = sorted(set(row) - set(columns))
    if unknown:
        raise BackupError(f"{where}: no column {unknown[0]!r} in the table")
    try:
        return {key: _decode(value, columns[key]) for key, value in row.items()}
    except (TypeError, ValueError, ArithmeticError) as exc:
        raise BackupError(f"{where}: {exc}") from exc


def _decode(value: Any, column: Column[Any]) -> Any:
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, DateTime):
        moment = dt.datetime.fromisoformat(value)
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    if isinstance(kind, Date):
        return dt.date.fromisoformat(value)
    if isinstance(kind, Numeric):
        return Decimal(str(value))
    return value


def _reset_sequences(connection: Connection, tables: list[Table]) -> None:
    """PostgreSQL's serial counters continue after the restored ids."""
    for table in tables:
        for column in table.primary_key.columns:
            sequence = connection.scalar(text("SELECT pg_get_serial_sequence(:t, :c)"),
                                         {"t": table.name, "c": column.name})
            if sequence:
                connection.execute(text(
                    f'SELECT setval(:s, COALESCE((SELECT max("{column.name}") FROM '
                    f'"{table.name}"), 1), (SELECT count(*) > 0 FROM "{table.name}"))'),
                    {"s": sequence})


def _restore_rule_books(archive: zipfile.ZipFile, folder: Path) -> int:
    """The backup's rule-book files replace the folder's (files the database can remake)."""
    members = [m for m in archive.infolist()
               if m.filename.startswith(f"{_RULE_BOOKS}/") and not m.is_dir()]
    if folder.exists():
        shutil.rmtree(folder)
    for member in members:
        target = folder.joinpath(*PurePosixPath(member.filename).parts[1:])
        target.parent.mkdir(parents=True, exist_ok=True)
        with archive.open(member) as data, open(target, "wb") as out:
            shutil.copyfileobj(data, out)
    return len(members)
