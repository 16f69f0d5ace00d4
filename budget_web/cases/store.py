"""Saved cases and their versions: never overwritten, never silently merged.

A case belongs to a municipality and its number is unique there (a database constraint, so
two saves racing each other cannot both create it). Each save adds a version; a new version
names the version it was edited from, and is refused (`VersionConflict`) when that is no
longer the latest — someone saved in between, and the user must see both and choose. The
constraint on (case, version) makes the check hold under concurrency as well: of ten saves
based on version 3, exactly one becomes version 4.

Every method that changes something writes its audit entry in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    select,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from .. import audit
from ..db import Base, Database, now
from .overrides import NOTE_LIMIT, DecisionRefused, check_step


class SavedCase(Base):
    __tablename__ = "saved_cases"
    __table_args__ = (UniqueConstraint("municipality", "case_number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    municipality: Mapped[str] = mapped_column(String(100))
    case_number: Mapped[str] = mapped_column(String(64))
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)


class CaseVersion(Base):
    __tablename__ = "saved_case_versions"
    __table_args__ = (UniqueConstraint("case_pk", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_pk: Mapped[int] = mapped_column(ForeignKey("saved_cases.id"), index=True)
    #: The case number and municipality again: a version is read on its own everywhere.
    case_id: Mapped[str] = mapped_column(String(64))
    municipality: Mapped[str] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer)
    based_on: Mapped[int | None] = mapped_column(Integer, nullable=True)
    calculation_date: Mapped[str] = mapped_column(String(10))
    case_json: Mapped[str] = mapped_column(Text)
    budget_json: Mapped[str] = mapped_column(Text)
    rules_version: Mapped[str] = mapped_column(ForeignKey("rule_books.version"))
    monthly_total: Mapped[str] = mapped_column(String(20))
    overrides_json: Mapped[str] = mapped_column(Text, default="[]")
    #: The unusual values the worker confirmed (field, value, warning, by, at): revision 0003.
    confirmations_json: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")
    status: Mapped[str] = mapped_column(String(12), default="draft")
    saved_by: Mapped[str] = mapped_column(String(64))
    saved_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)

    @property
    def overrides(self) -> list[dict[str, Any]]:
        return list(json.loads(self.overrides_json or "[]"))

    @property
    def confirmations(self) -> list[dict[str, Any]]:
        return list(json.loads(self.confirmations_json or "[]"))


class DecisionEvent(Base):
    """One step of sign-off (submitted, approved, returned): who, when, and their note."""

    __tablename__ = "decision_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_pk: Mapped[int] = mapped_column(ForeignKey("saved_case_versions.id"), index=True)
    status: Mapped[str] = mapped_column(String(12))
    by: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    note: Mapped[str] = mapped_column(Text, default="")


@dataclass(frozen=True)
class WorkItem:
    """A case on a work list: its latest version and the last sign-off step (None: none yet,
    a draft), whose who, when and note the list shows."""

    row: CaseVersion
    step: DecisionEvent | None


class CaseExists(Exception):
    """A new case under a number the municipality already has."""

    def __init__(self, latest: CaseVersion | None) -> None:
        self.latest = latest
        super().__init__("a case with this number exists")


class VersionConflict(Exception):
    """A new version based on a version that is no longer the latest."""

    def __init__(self, latest: CaseVersion) -> None:
        self.latest = latest
        super().__init__(f"the latest version is {latest.version}")


class CaseNotFound(LookupError):
    """No such case in this municipality (or no such version of it)."""


@dataclass(frozen=True)
class NewVersion:
    """What a save stores: the case and budget (format-1 JSON), rules and overrides."""

    case_id: str
    municipality: str
    calculation_date: str
    case_json: str
    budget_json: str
    rules_version: str
    monthly_total: str
    overrides: list[dict[str, Any]]
    #: The unusual values confirmed (field, value, warning; who and when: `by`, `at`, added
    #: on saving when the confirmation is new in this version).
    confirmations: list[dict[str, Any]] = field(default_factory=list)


class CaseStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    # -- saving -----------------------------------------------------------------------------
    def create(self, new: NewVersion, user: str) -> CaseVersion:
        """Version 1 of a new case, or `CaseExists` when the municipality has the number."""
        try:
            with self._db.write() as s:
                if self._case(s, new.municipality, new.case_id) is None:
                    saved = SavedCase(municipality=new.municipality, case_number=new.case_id,
                                      created_by=user)
                    s.add(saved)
                    s.flush()
                    return self._add(s, saved.id, 1, None, new, user)
        except IntegrityError:
            pass  # created by a concurrent save between our check and our insert
        raise CaseExists(self.latest(new.municipality, new.case_id))

    def add_version(self, new: NewVersion, based_on: int, user: str) -> CaseVersion:
        """The next version, when `based_on` is the latest; else `VersionConflict`."""
        try:
            with self._db.write() as s:
                saved = self._case(s, new.municipality, new.case_id)
                if saved is None:
                    raise CaseNotFound(new.case_id)
                latest = s.scalar(select(func.max(CaseVersion.version))
                                  .where(CaseVersion.case_pk == saved.id)) or 0
                if based_on == latest:
                    return self._add(s, saved.id, latest + 1, based_on, new, user)
        except IntegrityError:
            pass  # a concurrent save took the version number first
        found = self.latest(new.municipality, new.case_id)
        assert found is not None
        raise VersionConflict(found)

    def _add(self, s: Session, case_pk: int, version: int, based_on: int | None,
             new: NewVersion, user: str) -> CaseVersion:
        row = CaseVersion(
            case_pk=case_pk, case_id=new.case_id, municipality=new.municipality,
            version=version, based_on=based_on, calculation_date=new.calculation_date,
            case_json=new.case_json, budget_json=new.budget_json,
            rules_version=new.rules_version, monthly_total=new.monthly_total,
            overrides_json=json.dumps(new.overrides, ensure_ascii=False), saved_by=user)
        confirmed = [c if c.get("by") else {**c, "by": user, "at": now().isoformat()}
                     for c in new.confirmations]
        row.confirmations_json = json.dumps(confirmed, ensure_ascii=False)
        s.add(row)
        s.flush()
        audit.record(s, user, "saved", new.case_id, new.municipality, version,
                     f"based on version {based_on}" if based_on else "new case")
        for confirmation in new.confirmations:
            if not confirmation.get("by"):  # confirmed now, not carried from a version
                audit.record(s, user, "confirmed", new.case_id, new.municipality, version,
                             f"{confirmation['field']}: {confirmation['value']} "
                             f"({confirmation['warning']})")
        for override in new.overrides:
            audit.record(s, user, "overrode", new.case_id, new.municipality, version,
                         f"{override['service']}: units {override['units']}, amount "
                         f"{override['amount']}: {override['justification']}")
        return row

    # -- reading ----------------------------------------------------------------------------
    @staticmethod
    def _case(s: Session, municipality: str, case_id: str) -> SavedCase | None:
        return s.scalar(select(SavedCase).where(SavedCase.municipality == municipality,
                                                SavedCase.case_number == case_id))

    def versions(self, municipality: str, case_id: str) -> list[CaseVersion]:
        """Every version of a case of this municipality, newest first."""
        with self._db.read() as s:
            return list(s.scalars(select(CaseVersion).where(
                CaseVersion.municipality == municipality, CaseVersion.case_id == case_id)
                .order_by(CaseVersion.version.desc())))

    def latest(self, municipality: str, case_id: str) -> CaseVersion | None:
        found = self.versions(municipality, case_id)
        return found[0] if found else None

    def version(self, municipality: str, case_id: str, version: int | None = None
                ) -> CaseVersion | None:
        found = self.versions(municipality, case_id)
        if version is None:
            return found[0] if found else None
        return next((v for v in found if v.version == version), None)

    @staticmethod
    def _latest(municipality: str | None) -> Any:
        """The latest version of each case (of one municipality, or of all: None)."""
        latest = select(CaseVersion.case_pk, func.max(CaseVersion.version).label("v"))
        if municipality is not None:
            latest = latest.where(CaseVersion.municipality == municipality)
        found = latest.group_by(CaseVersion.case_pk).subquery()
        return select(CaseVersion).join(found, (CaseVersion.case_pk == found.c.case_pk)
                                        & (CaseVersion.version == found.c.v))

    def municipalities(self) -> list[str]:
        """The municipalities that have saved cases (no case data): a chooser lists them."""
        with self._db.read() as s:
            return sorted(s.scalars(select(CaseVersion.municipality).distinct()))

    def latest_of(self, municipality: str | None) -> list[CaseVersion]:
        """The latest version of every case of a municipality (None: of every one), by
        municipality and number: what a replay of saved cases reads."""
        with self._db.read() as s:
            return list(s.scalars(self._latest(municipality).order_by(
                CaseVersion.municipality, CaseVersion.case_id)))

    def count_calculated(self, start: dt.date, end: dt.date) -> int:
        """How many saved cases (their latest version, every municipality) are calculated
        on a date from `start` up to, not including, `end`: a count, no case data (the
        approver's warning that a back-dated value changes them on recalculation)."""
        latest = self._latest(None).subquery()
        with self._db.read() as s:
            return int(s.scalar(select(func.count()).select_from(latest).where(
                latest.c.calculation_date >= start.isoformat(),
                latest.c.calculation_date < end.isoformat())) or 0)

    def search(self, municipality: str, case_id: str = "", limit: int = 200
               ) -> list[CaseVersion]:
        """The latest version of each case of a municipality matching the number, newest first."""
        with self._db.read() as s:
            query = self._latest(municipality)
            if case_id:
                query = query.where(CaseVersion.case_id.ilike(f"%{_like(case_id)}%",
                                                              escape="\\"))
            return list(s.scalars(query.order_by(CaseVersion.saved_at.desc(),
                                                 CaseVersion.id.desc()).limit(limit)))

    # -- work lists -------------------------------------------------------------------------
    def waiting(self, municipality: str, status: str | None, limit: int, offset: int = 0
                ) -> tuple[list[WorkItem], int]:
        """The latest versions of a municipality's cases in `status` (None: any), each with
        the sign-off step that put it there, and how many there are in all.

        Submitted budgets wait in a queue, so they come oldest first (by when they were
        submitted); every other list newest first. Paged by `limit` and `offset`.
        """
        last_step = (select(DecisionEvent.version_pk,
                            func.max(DecisionEvent.id).label("event_id"))
                     .group_by(DecisionEvent.version_pk).subquery())
        query = self._latest(municipality)
        if status is not None:
            query = query.where(CaseVersion.status == status)
        query = (query.outerjoin(last_step, last_step.c.version_pk == CaseVersion.id)
                 .outerjoin(DecisionEvent, DecisionEvent.id == last_step.c.event_id)
                 .add_columns(DecisionEvent))
        since = func.coalesce(DecisionEvent.at, CaseVersion.saved_at)
        # Steps taken in the same instant keep the order they were taken in (their ids).
        step_id = func.coalesce(DecisionEvent.id, 0)
        order = ((since.asc(), step_id.asc(), CaseVersion.id.asc()) if status == "submitted"
                 else (since.desc(), step_id.desc(), CaseVersion.id.desc()))
        with self._db.read() as s:
            total = s.scalar(select(func.count()).select_from(
                query.with_only_columns(CaseVersion.id).subquery())) or 0
            found = s.execute(query.order_by(*order).limit(limit).offset(offset)).all()
            return [WorkItem(row, step) for row, step in found], total

    def count_by_status(self, municipality: str) -> dict[str, int]:
        """How many of a municipality's cases stand in each status (their latest version)."""
        latest = self._latest(municipality).subquery()
        with self._db.read() as s:
            return {status: count for status, count in s.execute(
                select(latest.c.status, func.count()).group_by(latest.c.status))}

    def events(self, version_pk: int) -> list[DecisionEvent]:
        with self._db.read() as s:
            return list(s.scalars(select(DecisionEvent).where(
                DecisionEvent.version_pk == version_pk).order_by(DecisionEvent.id)))

    # -- sign-off ---------------------------------------------------------------------------
    def decide(self, municipality: str, case_id: str, version: int, step: str, user: str,
               role: str, note: str = "") -> CaseVersion:
        """Take a sign-off step on the latest version (`DecisionRefused` says why not)."""
        with self._db.write() as s:
            rows = list(s.scalars(select(CaseVersion).where(
                CaseVersion.municipality == municipality, CaseVersion.case_id == case_id)
                .order_by(CaseVersion.version.desc()).limit(1)))
            row = rows[0] if rows else None
            if row is None:
                raise CaseNotFound(case_id)
            if row.version != version:
                raise DecisionRefused("not_latest", row.status)
            submitted_by = s.scalar(select(DecisionEvent.by).where(
                DecisionEvent.version_pk == row.id, DecisionEvent.status == "submitted")
                .order_by(DecisionEvent.id.desc()).limit(1))
            row.status = check_step(step, role, user, row.status, row.saved_by, submitted_by)
            s.add(DecisionEvent(version_pk=row.id, status=row.status, by=user,
                                note=note.strip()[:NOTE_LIMIT]))
            audit.record(s, user, row.status, case_id, municipality, version, note)
            return row


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
