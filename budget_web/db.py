"""The database underneath the store: engine, transactions, and SQLite made safe to share.

Kept apart from the tables so every table module (users, cases, rule books, audit) can
declare its rows on one `Base` without importing the others.

SQLite needs three things PostgreSQL gives by itself:
- a write transaction takes the write lock when it begins (`BEGIN IMMEDIATE`), so two
  threads that both read "latest version 3" and then write cannot deadlock on the lock
  upgrade — one waits for the other, then sees version 4 and answers a conflict;
- WAL and `synchronous=FULL`, so a save that was acknowledged survives the server being
  killed (SIGKILL) the moment after;
- the file created readable by its owner only (case data is special-category personal data).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

#: Seconds a SQLite writer waits for another writer before giving up.
SQLITE_BUSY_SECONDS = 30
_IMMEDIATE = "budget_engine_immediate"
#: The PostgreSQL advisory lock held while the schema is made, migrated or restored.
_SCHEMA_LOCK = 0x6275_6467_6574  # "budget"


class Base(DeclarativeBase):
    """Every table of the web app."""


def now() -> dt.datetime:
    """The time stored with every row: UTC, to the second."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def aware(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; everything stored is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


class Database:
    """One engine and its sessions; `read()` and `write()` are the only transactions."""

    def __init__(self, url: str) -> None:
        parsed = make_url(url)
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        connect_args: dict[str, Any] = {}
        if self.is_sqlite:
            connect_args = {"check_same_thread": False, "timeout": SQLITE_BUSY_SECONDS}
            if parsed.database and parsed.database != ":memory:":
                _create_private(parsed.database)
        self.engine: Engine = create_engine(url, connect_args=connect_args)
        if self.is_sqlite:
            _sqlite_transactions(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def schema_transaction(self) -> Iterator[Connection]:
        """A transaction that may change the schema, one at a time: two processes starting
        on a new database, or a migration and a restore, never interleave (SQLite: the
        write lock from the start; PostgreSQL: an advisory lock until commit). Everything
        done in it commits or rolls back together (both databases have transactional DDL).
        """
        with self.engine.connect() as connection:
            connection = connection.execution_options(**{_IMMEDIATE: True})
            with connection.begin():
                if connection.dialect.name == "postgresql":
                    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                                       {"key": _SCHEMA_LOCK})
                yield connection

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A transaction that will write: on SQLite it holds the write lock from the start."""
        with self._sessions() as session:
            # The first connection of the session begins its transaction with these options.
            session.connection(execution_options={_IMMEDIATE: True})
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def close(self) -> None:
        self.engine.dispose()


def _create_private(path: str) -> None:
    """Create the SQLite file (and its WAL companions, which inherit it) mode 600."""
    if not os.path.exists(path):
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    os.chmod(path, 0o600)


def _sqlite_transactions(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        immediate = connection.get_execution_options().get(_IMMEDIATE)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
