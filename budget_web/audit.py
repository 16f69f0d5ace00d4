"""The audit log: who viewed, saved, overrode, decided on or downloaded which case, and when.

Entries are append-only. The store has no method that changes or removes one, and the
database refuses it too (a trigger on SQLite and PostgreSQL), so not even a hand-written
UPDATE rewrites history. An entry is written in the same transaction as the change it
describes: a save that is acknowledged always has its entry, and an entry never describes a
save that did not happen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import DateTime, Integer, String, Text, event, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, Session, mapped_column

from .db import Base, Database, now

#: What an entry can say happened. `refused` is an attempt on a case out of the user's
#: scope (answered 404), kept because probing is worth knowing about. `drafted` and
#: `published` are policy staff's steps on a rule book version (budget_web/rule_versions.py;
#: `submitted` and `returned` serve both). `deleted_job`: an owner deleted a background job
#: (a replay or a draft's impact) and its files. `made_letter`: a decision letter was made
#: (previewed or downloaded; never with the addressee's name or address). `confirmed`: the
#: worker confirmed an unusual value (an income, an enrolment date) saved with the version.
ACTIONS = ("viewed", "searched", "saved", "overrode", "submitted", "approved", "returned",
           "downloaded", "recalculated", "conflict", "refused", "drafted", "published",
           "replayed", "deleted_job", "made_letter", "confirmed")
#: Longest text kept from anything a user typed (a case number in a probing URL, a note).
EXCERPT = 200


class AuditEntry(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now, index=True)
    user: Mapped[str] = mapped_column(String(64), index=True)
    action: Mapped[str] = mapped_column(String(16))
    case_id: Mapped[str] = mapped_column(String(EXCERPT), index=True, default="")
    municipality: Mapped[str] = mapped_column(String(100), default="")
    version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    detail: Mapped[str] = mapped_column(Text, default="")


@dataclass(frozen=True)
class Entry:
    """One line of the log as shown (pages, the `audit` command)."""

    at: dt.datetime
    user: str
    action: str
    case_id: str
    municipality: str
    version: int | None
    detail: str


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """At most `limit` characters of something a user typed, marked when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def record(session: Session, user: str, action: str, case_id: str = "",
           municipality: str = "", version: int | None = None, detail: str = "") -> None:
    """Add an entry to the transaction `session` is in (it commits with the change)."""
    assert action in ACTIONS, action
    session.add(AuditEntry(user=user, action=action, case_id=excerpt(case_id),
                           municipality=municipality, version=version,
                           detail=excerpt(detail, 2000)))


class AuditLog:
    """Reading the log, and writing an entry that stands alone (a view, a download)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, user: str, action: str, case_id: str = "", municipality: str = "",
            version: int | None = None, detail: str = "") -> None:
        with self._db.write() as session:
            record(session, user, action, case_id, municipality, version, detail)

    def add_many(self, user: str, action: str, cases: list[tuple[str, str, int | None]],
                 detail: str = "") -> None:
        """One entry per (case, municipality, version), in one transaction: a replay of a
        municipality's saved cases names each case it read."""
        with self._db.write() as session:
            for case_id, municipality, version in cases:
                record(session, user, action, case_id, municipality, version, detail)

    def entries(self, case_id: str = "", user: str = "", municipality: str = "",
                limit: int = 500) -> list[Entry]:
        """Newest first; filters are exact (a case number, a user name, a municipality)."""
        query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
        if case_id:
            query = query.where(AuditEntry.case_id == case_id)
        if user:
            query = query.where(AuditEntry.user == user)
        if municipality:
            query = query.where(AuditEntry.municipality == municipality)
        with self._db.read() as session:
            return [Entry(row.at, row.user, row.action, row.case_id, row.municipality,
                          row.version, row.detail) for row in session.scalars(query)]


_SQLITE_GUARDS = [
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
]
_POSTGRES_GUARDS = [
    "CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$ BEGIN "
    "RAISE EXCEPTION 'the audit log is append-only'; END; $$ LANGUAGE plpgsql",
    "DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log",
    "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
]


@event.listens_for(AuditEntry.__table__, "after_create")
def _append_only(_table: object, connection: Connection, **_: object) -> None:
    """The database itself refuses to change or remove an entry."""
    name = connection.dialect.name
    for statement in (_SQLITE_GUARDS if name == "sqlite" else
                      _POSTGRES_GUARDS if name == "postgresql" else []):
        connection.exec_driver_sql(statement)
