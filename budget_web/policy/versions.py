"""Rule book versions with a second person's approval: draft → submitted → published (or
returned to its author, who changes it and submits it again).

Policy staff change rates and conditions; a change reaches social workers' budgets only when
another policy user approves it. A draft made on the web grows edit by edit (each edit is a
whole checked rule book) until its author submits it; `rules draft` stores a finished
proposal, submitted at once. Every step is an event with who, when and the comment, and an
audit entry written in the same transaction. Each version's files are stored once by their
`rules_version` (`rulebooks.RuleBookStore`); this table records who proposed it, who decided,
when, and with what comment. The current rule book is the most recently published one; the
shipped `rules/` is published as the first version when there is none. A rule book already
published is refused as a draft, on submission and on approval ("nothing changed"), so no two
published versions share a `rules_version` (checked in the write transaction: a unique index
would be a schema change, left to the migrations).
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from budget_engine import RuleBook, load_rules

from ..audit import record
from ..db import Base, Database, now
from ..rulebooks import RuleBookStore, StoredRuleBook, write_files

#: Who may propose and approve versions.
POLICY_ROLE = "policy"
#: The author recorded for the rules shipped with the program (the first version).
SHIPPED = "budget-engine"
#: A version's life: edited while `draft` (or `returned`), decided while `submitted`.
EDITABLE = ("draft", "returned")


class PolicyVersion(Base):
    __tablename__ = "policy_versions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    version: Mapped[str] = mapped_column(String(80), index=True)
    label: Mapped[str] = mapped_column(String(200))
    author: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    status: Mapped[str] = mapped_column(String(12), default="draft")
    decided_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True),
                                                           nullable=True)
    comment: Mapped[str] = mapped_column(Text, default="")
    #: The running number of a published version, in the order they were published
    #: ("versija 3"); None while it is a draft. The hash (`version`) stays the technical id.
    number: Mapped[int | None] = mapped_column(Integer, nullable=True)


class PolicyVersionEvent(Base):
    """One step of a version: drafted, edited, submitted, returned, published."""

    __tablename__ = "policy_version_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("policy_versions.id"), index=True)
    step: Mapped[str] = mapped_column(String(12))
    by: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    comment: Mapped[str] = mapped_column(Text, default="")
    #: The rule book the version was after this step.
    rules_version: Mapped[str] = mapped_column(String(80))
    #: For `drafted`: the published version the draft starts from (what it is compared with).
    based_on: Mapped[str | None] = mapped_column(String(80), nullable=True)


@dataclass(frozen=True)
class VersionEvent:
    step: str
    by: str
    at: dt.datetime
    comment: str
    rules_version: str


@dataclass(frozen=True)
class VersionRecord:
    """A version as the pages and commands show it."""

    id: int
    version: str
    label: str
    author: str
    created_at: dt.datetime
    status: str
    decided_by: str | None
    decided_at: dt.datetime | None
    comment: str
    #: The running number once published ("versija 3"); None for a draft.
    number: int | None = None

    def name(self, lang: str = "lv") -> str:
        """How people name the version: "versija 3 — «Aprūpes tarifs no 2026. gada»"; a
        draft by its label only (it has no number until it is published)."""
        if self.number is None:
            return f"«{self.label}»"
        word = "versija" if lang == "lv" else "version"
        return f"{word} {self.number} — «{self.label}»"


class ApprovalRefused(Exception):
    """A decision this user may not take; `kind` chooses the text a page shows."""

    def __init__(self, kind: str, message: str) -> None:
        self.kind = kind
        super().__init__(message)


def _record(row: PolicyVersion) -> VersionRecord:
    return VersionRecord(row.id, row.version, row.label, row.author, row.created_at, row.status,
                         row.decided_by, row.decided_at, row.comment, row.number)


def _next_number(session: Session) -> int:
    """The next running number: one more than the last published version's."""
    last = session.scalars(select(func.max(PolicyVersion.number))).first()
    return (last or 0) + 1


class RuleVersions:
    """Drafts, decisions and the current published rule book."""

    def __init__(self, db: Database, books: RuleBookStore, role_of: Callable[[str], str | None],
                 cache_dir: Path) -> None:
        self._db, self._books, self._role_of = db, books, role_of
        self._cache_dir = cache_dir
        self._loaded: dict[str, RuleBook] = {}

    # -- reading ------------------------------------------------------------------------------
    def all(self) -> list[VersionRecord]:
        with self._db.read() as session:
            rows = session.scalars(select(PolicyVersion).order_by(PolicyVersion.id.desc()))
            return [_record(row) for row in rows]

    def published(self) -> list[VersionRecord]:
        return [v for v in self.all() if v.status == "published"]

    def get(self, version_id: int) -> VersionRecord | None:
        """The version with this id; None for one that cannot exist (a database integer
        holds less than 2**63: a longer number in an address is no version, not a 500)."""
        if not 0 < version_id < 2**63:
            return None
        with self._db.read() as session:
            row = session.get(PolicyVersion, version_id)
            return None if row is None else _record(row)

    def named(self, rules_version: str) -> VersionRecord | None:
        """The published version of a rule book (its number and label), None if it never
        was published here (a budget of rules from a file, or of an unpublished draft)."""
        with self._db.read() as session:
            row = session.scalars(select(PolicyVersion).where(
                PolicyVersion.version == rules_version, PolicyVersion.status == "published")
                .order_by(PolicyVersion.id.desc()).limit(1)).first()
            return None if row is None else _record(row)

    def current_version(self) -> str | None:
        """The `rules_version` of the most recently published rule book."""
        with self._db.read() as session:
            return self._current(session)

    @staticmethod
    def _current(session: Session) -> str | None:
        return session.scalars(select(PolicyVersion.version)
                               .where(PolicyVersion.status == "published")
                               .order_by(PolicyVersion.decided_at.desc(),
                                         PolicyVersion.id.desc()).limit(1)).first()

    def book(self, version: str) -> RuleBook:
        """A stored rule book, loaded from its files (kept on disk under the cache folder)."""
        found = self._loaded.get(version)
        if found is not None:
            return found
        files = self._books.files(version)
        if files is None:
            raise LookupError(f"no rule book {version} is stored here "
                              "(budget-engine rules versions lists them)")
        self._cache_dir.mkdir(parents=True, exist_ok=True)
        directory = self._cache_dir / version.rsplit(":", 1)[-1]
        if not directory.is_dir():
            # Written aside and renamed into place: two processes may do this at once.
            staging = Path(tempfile.mkdtemp(prefix="rules-", dir=self._cache_dir))
            write_files(files, staging)
            try:
                staging.rename(directory)
            except OSError:
                shutil.rmtree(staging, ignore_errors=True)
        book = load_rules(directory)
        if book.version != version:
            raise LookupError(f"the stored files of {version} give {book.version}")
        self._loaded[version] = book
        return book

    # -- changing -----------------------------------------------------------------------------
    def ensure_first(self, shipped: RuleBook) -> None:
        """Publish the shipped rules as the first version when nothing is published yet."""
        if self.current_version() is not None:
            return
        self._books.remember(shipped, stored_by=SHIPPED)
        with self._db.write() as session:
            moment = now()
            row = PolicyVersion(version=shipped.version, label=shipped.label,
                                author=SHIPPED, status="published", decided_by=SHIPPED,
                                decided_at=moment, created_at=moment,
                                comment="programmas komplektā / shipped with the program",
                                number=_next_number(session))
            session.add(row)
            session.flush()
            session.add(PolicyVersionEvent(version_id=row.id, step="published", by=SHIPPED,
                                           at=moment, comment=row.comment,
                                           rules_version=row.version))

    def draft(self, book: RuleBook, label: str, author: str, submit: bool = True,
              note: str = "") -> VersionRecord:
        """Store a checked rule book (loading it checked it) as a version by `author`.

        `rules draft` proposes a finished rule book (`submit`: it awaits a decision at
        once); the web editor starts a draft its author goes on editing, then submits.
        """
        self._require_policy(author)
        base = self.current_version()
        with self._db.read() as session:
            self._refuse_published(session, book.version)
        self._books.remember(book, stored_by=author, status="draft", parent_version=base)
        with self._db.write() as session:
            self._refuse_published(session, book.version)
            row = PolicyVersion(version=book.version, label=label[:200], author=author,
                                status="submitted" if submit else "draft")
            session.add(row)
            session.flush()
            self._event(session, row, "drafted", author, note, based_on=base)
            if submit:
                self._event(session, row, "submitted", author)
            return _record(row)

    def edit(self, version_id: int, book: RuleBook, user: str, expected: str,
             detail: str = "") -> VersionRecord:
        """Make `book` the draft's rule book: its author only, while it is being edited.

        `expected` is the rule book the edit was made on; if the draft changed since (a
        second tab), the edit is refused rather than silently undoing the other one.
        """
        self._require_policy(user)
        with self._db.read() as session:
            row = session.get(PolicyVersion, version_id)
            if row is None:
                raise ApprovalRefused("not_found", f"there is no draft {version_id}")
            base = self._based_on(session, version_id)
        self._check_editable(row, user)
        self._books.remember(book, stored_by=user, status="draft", parent_version=base)
        with self._db.write() as session:
            row = session.get(PolicyVersion, version_id)
            assert row is not None
            self._check_editable(row, user)
            if row.version != expected:
                raise ApprovalRefused("changed", f"draft {version_id} was changed meanwhile")
            row.version, row.status = book.version, "draft"
            self._event(session, row, "edited", user, detail)
            session.flush()
            return _record(row)

    def submit(self, version_id: int, user: str) -> VersionRecord:
        """The author hands the draft over for a decision (again, after a return)."""
        self._require_policy(user)
        with self._db.write() as session:
            row = session.get(PolicyVersion, version_id)
            if row is None:
                raise ApprovalRefused("not_found", f"there is no draft {version_id}")
            self._check_editable(row, user)
            self._refuse_published(session, row.version)
            row.status = "submitted"
            self._event(session, row, "submitted", user)
            session.flush()
            return _record(row)

    def approve(self, version_id: int, user: str, comment: str = "") -> VersionRecord:
        return self._decide(version_id, user, "published", comment)

    def return_draft(self, version_id: int, user: str, comment: str) -> VersionRecord:
        if not comment.strip():
            raise ApprovalRefused("comment_needed", "say why the draft is returned (--comment)")
        return self._decide(version_id, user, "returned", comment)

    def events(self, version_id: int) -> list[VersionEvent]:
        """Every step of a version, oldest first."""
        with self._db.read() as session:
            rows = session.scalars(select(PolicyVersionEvent)
                                   .where(PolicyVersionEvent.version_id == version_id)
                                   .order_by(PolicyVersionEvent.id))
            return [VersionEvent(e.step, e.by, e.at, e.comment, e.rules_version) for e in rows]

    def based_on(self, version_id: int) -> str | None:
        """The published rule book a version was drafted from (None: the first version)."""
        with self._db.read() as session:
            return self._based_on(session, version_id)

    @staticmethod
    def _based_on(session: Session, version_id: int) -> str | None:
        return session.scalars(select(PolicyVersionEvent.based_on).where(
            PolicyVersionEvent.version_id == version_id,
            PolicyVersionEvent.step == "drafted").limit(1)).first()

    @staticmethod
    def _refuse_published(session: Session, version: str) -> None:
        """Refuse a rule book already published: a draft of it would change nothing, and
        two versions would share one `rules_version` (the table has no unique index on
        it; the check runs inside the write transaction that would add or publish it)."""
        found = session.scalars(select(PolicyVersion.id).where(
            PolicyVersion.version == version, PolicyVersion.status == "published")
            .order_by(PolicyVersion.id.desc()).limit(1)).first()
        if found is not None:
            raise ApprovalRefused("unchanged", f"nothing changed: these rules are version "
                                  f"{found} ({version}), published already")

    def _check_editable(self, row: PolicyVersion, user: str) -> None:
        if row.author != user:
            raise ApprovalRefused("not_author", f"draft {row.id} is {row.author}'s: only its "
                                  "author changes or submits it")
        if row.status not in EDITABLE:
            raise ApprovalRefused("not_draft", f"version {row.id} is {row.status}, not a draft")

    def _event(self, session: Session, row: PolicyVersion, step: str, user: str,
               comment: str = "", based_on: str | None = None) -> None:
        """The step, and its audit entry, in the transaction that takes it."""
        session.add(PolicyVersionEvent(version_id=row.id, step=step, by=user,
                                       comment=comment[:2000], rules_version=row.version,
                                       based_on=based_on))
        action = {"edited": "drafted", "published": "published"}.get(step, step)
        record(session, user, action, detail=f"rules version {row.id} ({row.label}): "
               f"{step} {row.version}" + (f" — {comment}" if comment else ""))

    def _decide(self, version_id: int, user: str, status: str, comment: str) -> VersionRecord:
        self._require_policy(user)
        with self._db.write() as session:
            # Read inside the write transaction: two approvals at once are taken one after
            # the other, and the second sees the first's version as the current one.
            current = self._current(session)
            row = session.get(PolicyVersion, version_id)
            if row is None:
                raise ApprovalRefused("not_found", f"there is no draft {version_id}")
            if row.status != "submitted":
                hint = (f"; its author ({row.author}) submits it on its page, Noteikumu "
                        f"versijas → {version_id}" if row.status in EDITABLE else "")
                raise ApprovalRefused("not_submitted", f"version {version_id} is "
                                      f"{row.status}, not submitted for approval{hint}")
            if row.author == user:
                raise ApprovalRefused(
                    "own_draft", f"{user} wrote draft {version_id}: another policy user must "
                    "approve or return it")
            if status == "published":
                self._refuse_published(session, row.version)
            base = self._based_on(session, version_id)
            if status == "published" and base is not None and base != current:
                raise ApprovalRefused(
                    "stale", f"draft {version_id} was made on {base}, but {current} has been "
                    "published since: publishing it would undo that; return it to be "
                    "made again on the current version")
            row.status, row.decided_by, row.decided_at = status, user, now()
            row.comment = comment[:2000]
            stored = session.get(StoredRuleBook, row.version)
            if stored is not None and stored.status == "draft" and status == "published":
                stored.status = "published"
            if status == "published":
                row.number = _next_number(session)
            self._event(session, row, status, user, comment)
            session.flush()
            return _record(row)

    def _require_policy(self, user: str) -> None:
        role = self._role_of(user)
        if role is None:
            raise ApprovalRefused("no_user", f"there is no user {user}")
        if role != POLICY_ROLE:
            raise ApprovalRefused("not_policy",
                                  f"{user} is not a policy user (role {role})")


class DatabaseRuleBooks:
    """The engine's commands' `RuleBookSource`: the current and stored versions."""

    def __init__(self, versions: RuleVersions, shipped: Callable[[], RuleBook]) -> None:
        self._versions, self._shipped = versions, shipped

    def current(self) -> RuleBook | None:
        version = self._versions.current_version()
        if version is None:
            self._versions.ensure_first(self._shipped())
            version = self._versions.current_version()
        return self._versions.book(version) if version is not None else None

    def version(self, version: str) -> RuleBook:
        return self._versions.book(version)
