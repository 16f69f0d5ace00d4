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
from collections import OrderedDict
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
    """A calculator for any stored rule book, built on first use and kept, a few at a time.

    The rules in force are served by the app's own calculator. Another rule book is written
    to a private temporary directory that lives as long as its calculator (the isolated
    workers load the book from there). `make` builds a calculator from a rule book: passed
    in, so the app decides how calculations run (isolated worker processes) and tests can
    use the plain one.

    Each calculator may hold worker processes, and policy staff publish a version now and
    then, so at most `keep` calculators besides the current one are kept: the one used
    longest ago is closed (its processes end; it is rebuilt if it is asked for again). When a
    new version is published the previous current calculator becomes one of those.
    """

    def __init__(self, store: RuleBookStore, current: CalculatesBudgets, current_version: str,
                 make: Callable[[RuleBook], CalculatesBudgets],
                 close: Callable[[CalculatesBudgets], None] = lambda c: None,
                 keep: int = 3) -> None:
        self._store, self._make, self._close, self._keep = store, make, close, keep
        #: version -> calculator, the one used longest ago first (the current one included).
        self._calculators: OrderedDict[str, CalculatesBudgets] = OrderedDict(
            {current_version: current})
        self._current_version = current_version
        self._directories: dict[str, str] = {}
        self._lock = threading.Lock()

    def get(self, version: str) -> CalculatesBudgets | None:
        """The calculator of a stored rule book, or None when it is not stored."""
        with self._lock:
            found = self._calculators.get(version)
            if found is not None:
                self._calculators.move_to_end(version)
                return found
            files = self._store.files(version)
            if files is None:
                return None
            directory = tempfile.mkdtemp(prefix="pinned-rules-")
            write_files(files, Path(directory))
            book = load_rules(directory)
            if book.version != version:
                shutil.rmtree(directory, ignore_errors=True)
                raise RuleBookMismatch(f"stored rule book {version} rebuilds as {book.version}")
            self._directories[version] = directory
            calculator = self._calculators[version] = self._make(book)
            retired = self._over_the_bound()
        self._retire(retired)
        return calculator

    def switch(self, version: str, calculator: CalculatesBudgets) -> None:
        """`calculator` is now the current one (a version was published); the previous one
        stays as a pinned calculator, within the bound."""
        with self._lock:
            replaced = self._calculators.pop(version, None)
            retired = [(version, replaced)] if replaced is not None else []
            self._calculators[version] = calculator
            self._current_version = version
            retired += self._over_the_bound()
        self._retire(retired)

    def __len__(self) -> int:
        with self._lock:
            return len(self._calculators)

    def _over_the_bound(self) -> list[tuple[str, CalculatesBudgets]]:
        """Take out the calculators past `keep` (never the current one); called locked."""
        others = [v for v in self._calculators if v != self._current_version]
        return [(v, self._calculators.pop(v)) for v in others[:max(0, len(others) - self._keep)]]

    def _retire(self, retired: list[tuple[str, CalculatesBudgets]]) -> None:
        for version, calculator in retired:
            self._close(calculator)
            with self._lock:
                directory = (self._directories.pop(version, None)
                             if version not in self._calculators else None)
            if directory is not None:
                shutil.rmtree(directory, ignore_errors=True)

    def close(self) -> None:
        """Stop the pinned calculators (not the app's own) and remove their directories."""
        with self._lock:
            pinned = [(v, c) for v, c in self._calculators.items()
                      if v != self._current_version]
            for version, _ in pinned:
                del self._calculators[version]
        self._retire(pinned)
