"""Rule books kept in the database, each once, by its `rules_version`.

A saved budget names the rule book it was calculated with; that rule book's files are here,
word for word, so the budget can be recalculated years later with exactly those rules, even
after `rules/` has changed ("pinned" recalculation). A rule book is rebuilt by writing its
files into a temporary directory and loading it as any other (`load_rules`): the engine
needs nothing new, and the rebuilt book's `rules_version` is checked to be the stored one.

The table is the ground a policy workflow builds on (drafts, approvals, published versions):
a row has a `status` (the shipped rules are `published`), who stored it and from which
version it was derived (`parent_version`). Only `published` is written today.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import DateTime, String, Text, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from budget_engine import Budget, Case, RuleBook, load_rules

from .db import Base, Database, now

STATUSES = ("draft", "approved", "published", "withdrawn")


class StoredRuleBook(Base):
    __tablename__ = "rule_books"
    #: The `rules_version` (label + hash of every file): the name budgets point to.
    version: Mapped[str] = mapped_column(String(80), primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(40))
    #: {"eligibility.yaml": "...", "parameters/rates.yaml": "..."}: the files' text.
    files_json: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default="published")
    parent_version: Mapped[str | None] = mapped_column(String(80), nullable=True)
    stored_by: Mapped[str] = mapped_column(String(64), default="")
    stored_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)


class RuleBookMismatch(RuntimeError):
    """The files read back do not give the rule book they were read from."""


def rule_files(directory: Path) -> dict[str, str]:
    """Every YAML file of a rules directory, by its path inside it (the rule book's text)."""
    found = sorted([*directory.glob("*.yaml"), *directory.glob("parameters/*.yaml")])
    return {path.relative_to(directory).as_posix(): path.read_text(encoding="utf-8")
            for path in found}


def write_files(files: dict[str, str], directory: Path) -> None:
    for name, text in files.items():
        target = directory / name
        if target.resolve().parent not in (directory.resolve(),
                                           (directory / "parameters").resolve()):
            raise RuleBookMismatch(f"not a rule file name: {name!r}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


class RuleBookStore:
    """Rule books by `rules_version`: `remember` stores one (once), `files` reads it back."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def remember(self, book: RuleBook, stored_by: str = "", status: str = "published",
                 parent_version: str | None = None) -> str:
        """Store the book's files unless its version is stored already; its version.

        The files are read back from disk and checked to give the same `rules_version`, so
        a file edited between loading and storing cannot be stored under the wrong name.
        """
        with self._db.read() as session:
            if session.get(StoredRuleBook, book.version) is not None:
                return book.version
        files = rule_files(book.directory)
        with tempfile.TemporaryDirectory(prefix="rulebook-") as tmp:
            write_files(files, Path(tmp))
            rebuilt = load_rules(tmp).version
        if rebuilt != book.version:
            raise RuleBookMismatch(f"the files in {book.directory} give {rebuilt}, "
                                   f"not {book.version} (changed since they were loaded?)")
        try:
            with self._db.write() as session:
                if session.get(StoredRuleBook, book.version) is None:
                    session.add(StoredRuleBook(
                        version=book.version, digest=book.digest, label=book.label,
                        files_json=json.dumps(files, ensure_ascii=False), status=status,
                        parent_version=parent_version, stored_by=stored_by))
        except IntegrityError:
            pass  # stored by another process in the meantime: the same content by its name
        return book.version

    def files(self, version: str) -> dict[str, str] | None:
        with self._db.read() as session:
            row = session.get(StoredRuleBook, version)
            return None if row is None else dict(json.loads(row.files_json))

    def versions(self) -> list[tuple[str, str, dt.datetime]]:
        """(version, status, stored at) of every stored rule book, newest first."""
        with self._db.read() as session:
            rows = session.scalars(select(StoredRuleBook)
                                   .order_by(StoredRuleBook.stored_at.desc()))
            return [(r.version, r.status, r.stored_at) for r in rows]


class CalculatesBudgets(Protocol):
    """What a pinned calculation needs of a calculator (Calculator, IsolatedCalculator)."""

    def parse(self, data: Any) -> Case: ...

    def calculate(self, case: Case, lang: str = "lv") -> Budget: ...


class PinnedCalculators:
    """A calculator for any stored rule book, built on first use and kept.

    The rules in force are served by the app's own calculator. Another rule book is written
    to a private temporary directory that lives as long as its calculator (the isolated
    workers load the book from there). `make` builds a calculator from a rule book: passed
    in, so the app decides how calculations run (isolated worker processes) and tests can
    use the plain one.
    """

    def __init__(self, store: RuleBookStore, current: CalculatesBudgets, current_version: str,
                 make: Callable[[RuleBook], CalculatesBudgets],
                 close: Callable[[CalculatesBudgets], None] = lambda c: None) -> None:
        self._store, self._make, self._close = store, make, close
        self._calculators: dict[str, CalculatesBudgets] = {current_version: current}
        self._current_version = current_version
        self._directories: list[str] = []
        self._lock = threading.Lock()

    def get(self, version: str) -> CalculatesBudgets | None:
        """The calculator of a stored rule book, or None when it is not stored."""
        with self._lock:
            found = self._calculators.get(version)
            if found is not None:
                return found
            files = self._store.files(version)
            if files is None:
                return None
            directory = tempfile.mkdtemp(prefix="pinned-rules-")
            self._directories.append(directory)
            write_files(files, Path(directory))
            book = load_rules(directory)
            if book.version != version:
                raise RuleBookMismatch(f"stored rule book {version} rebuilds as {book.version}")
            calculator = self._calculators[version] = self._make(book)
            return calculator

    def close(self) -> None:
        """Stop the pinned calculators (not the app's own) and remove their directories."""
        with self._lock:
            pinned = [c for v, c in self._calculators.items() if v != self._current_version]
            self._calculators = {k: v for k, v in self._calculators.items()
                                 if k == self._current_version}
            directories, self._directories = self._directories, []
        for calculator in pinned:
            self._close(calculator)
        for directory in directories:
            shutil.rmtree(directory, ignore_errors=True)
