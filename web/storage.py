"""Saved cases, users and API tokens (SQLAlchemy; SQLite by default, PostgreSQL by URL).

Saving never overwrites: each save of a case is a new row with the next version number.

The store is reached one way (in the manner of flaskr's `db.py`): `init_app(app)` opens it
from `app.config["DATABASE_URL"]` when the app is built, and every view calls `get_store()`.
Outside an app (the `users` commands) `open_store(url)` is the one way to open it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

from flask import Flask, current_app
from sqlalchemy import (
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    func,
    select,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker
from werkzeug.security import check_password_hash, generate_password_hash

ROLES = ("social_worker", "policy", "evaluator", "admin")
#: The key of the store in `app.extensions`.
EXTENSION = "store"

UserProblem = Literal["unknown_role", "bad_name", "short_password", "user_exists", "no_user"]


class UserError(ValueError):
    """A user cannot be added or found. `kind` says why, so a page can say it in the user's
    language; the message (English) is for the command line and logs."""

    def __init__(self, kind: UserProblem, message: str, name: str = "") -> None:
        self.kind, self.name = kind, name
        super().__init__(message)


class StoreUnavailable(Exception):
    """The database cannot be opened (a wrong URL, a missing driver, a server not there)."""

    def __init__(self, url: str, reason: str) -> None:
        self.url, self.reason = url, reason
        super().__init__(f"cannot open the database: {reason}")


class Base(DeclarativeBase):
    pass


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True),
                                                             nullable=True)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)


class ApiToken(Base):
    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class CaseVersion(Base):
    __tablename__ = "case_versions"
    __table_args__ = (UniqueConstraint("case_id", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[int] = mapped_column(Integer)
    municipality: Mapped[str] = mapped_column(String(100), index=True)
    calculation_date: Mapped[str] = mapped_column(String(10))
    case_json: Mapped[str] = mapped_column(Text)
    budget_json: Mapped[str] = mapped_column(Text)
    rules_version: Mapped[str] = mapped_column(String(80))
    monthly_total: Mapped[str] = mapped_column(String(20))
    saved_by: Mapped[str] = mapped_column(String(64))
    saved_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class Store:
    def __init__(self, url: str) -> None:
        connect_args: dict[str, Any] = {}
        if url.startswith("sqlite"):
            connect_args["check_same_thread"] = False
        self.engine: Engine = create_engine(url, connect_args=connect_args)
        Base.metadata.create_all(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def close(self) -> None:
        """Close the pooled connections (at shutdown; each method closes its own session)."""
        self.engine.dispose()

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._sessions() as session, session.begin():
            yield session

    # -- users ------------------------------------------------------------------------------
    def user_count(self) -> int:
        with self.session() as s:
            return int(s.scalar(select(func.count()).select_from(User)) or 0)

    def add_user(self, name: str, password: str, role: str) -> User:
        if role not in ROLES:
            raise UserError("unknown_role", f"unknown role {role!r} (expected one of "
                                            f"{', '.join(ROLES)})", name)
        if not name or len(name) > 64:
            raise UserError("bad_name", "a user name is 1-64 characters", name)
        if len(password) < 8:
            raise UserError("short_password", "a password has at least 8 characters", name)
        with self.session() as s:
            if s.scalar(select(User).where(User.name == name)) is not None:
                raise UserError("user_exists", f"user {name!r} exists already", name)
            user = User(name=name, password_hash=generate_password_hash(password), role=role)
            s.add(user)
        return user

    def user(self, name: str) -> User | None:
        with self.session() as s:
            return s.scalar(select(User).where(User.name == name))

    def users(self) -> list[User]:
        with self.session() as s:
            return list(s.scalars(select(User).order_by(User.name)))

    def record_login(self, name: str, ok: bool, lock_after: int, lock_seconds: int) -> None:
        with self.session() as s:
            user = s.scalar(select(User).where(User.name == name))
            if user is None:
                return
            if ok:
                user.failed_logins, user.locked_until = 0, None
                return
            user.failed_logins += 1
            if user.failed_logins >= lock_after:
                extra = user.failed_logins - lock_after
                user.locked_until = _now() + dt.timedelta(seconds=lock_seconds * 2 ** min(extra, 8))

    def new_token(self, name: str) -> str:
        token = secrets.token_urlsafe(32)
        with self.session() as s:
            user = s.scalar(select(User).where(User.name == name))
            if user is None:
                raise UserError("no_user", f"no user {name!r}", name)
            s.add(ApiToken(user_id=user.id, token_hash=_hash(token)))
        return token

    def user_by_token(self, token: str) -> User | None:
        with self.session() as s:
            row = s.scalar(select(ApiToken).where(ApiToken.token_hash == _hash(token)))
            return s.get(User, row.user_id) if row is not None else None

    # -- cases ------------------------------------------------------------------------------
    def save(self, case: dict[str, Any], budget: dict[str, Any], case_json: str,
             budget_json: str, user: str) -> CaseVersion:
        with self.session() as s:
            latest = s.scalar(select(func.max(CaseVersion.version)).where(
                CaseVersion.case_id == case["case_id"]))
            row = CaseVersion(
                case_id=case["case_id"], version=(latest or 0) + 1,
                municipality=case["person"]["municipality"],
                calculation_date=str(case["calculation_date"]), case_json=case_json,
                budget_json=budget_json, rules_version=budget["rules_version"],
                monthly_total=budget["totals"]["monthly"], saved_by=user)
            s.add(row)
        return row

    def versions(self, case_id: str) -> list[CaseVersion]:
        with self.session() as s:
            return list(s.scalars(select(CaseVersion).where(CaseVersion.case_id == case_id)
                                  .order_by(CaseVersion.version.desc())))

    def version(self, case_id: str, version: int | None = None) -> CaseVersion | None:
        found = self.versions(case_id)
        if version is None:
            return found[0] if found else None
        return next((v for v in found if v.version == version), None)

    def search(self, case_id: str = "", municipality: str = "", limit: int = 200
               ) -> list[CaseVersion]:
        """The latest version of each saved case matching the filters, newest first."""
        with self.session() as s:
            latest = (select(CaseVersion.case_id, func.max(CaseVersion.version).label("v"))
                      .group_by(CaseVersion.case_id).subquery())
            query = select(CaseVersion).join(
                latest, (CaseVersion.case_id == latest.c.case_id)
                & (CaseVersion.version == latest.c.v))
            if case_id:
                query = query.where(CaseVersion.case_id.ilike(f"%{_like(case_id)}%",
                                                              escape="\\"))
            if municipality:
                query = query.where(CaseVersion.municipality.ilike(
                    f"%{_like(municipality)}%", escape="\\"))
            return list(s.scalars(query.order_by(CaseVersion.saved_at.desc()).limit(limit)))


def open_store(url: str) -> Store:
    """The store at a database URL: the one way a store is opened (app or command)."""
    try:
        return Store(url)
    except (SQLAlchemyError, ImportError, ValueError) as exc:
        raise StoreUnavailable(url, str(exc).splitlines()[0] if str(exc) else
                               type(exc).__name__) from exc


def init_app(app: Flask) -> None:
    """Open the store of `app.config["DATABASE_URL"]` and keep it in `app.extensions`.

    Nothing is registered to run after a request: every `Store` method opens and closes its
    own session, so a request leaves no connection checked out of the pool.
    """
    app.extensions[EXTENSION] = open_store(app.config["DATABASE_URL"])


def get_store() -> Store:
    """The current app's store: how every view reaches the database."""
    store: Store = current_app.extensions[EXTENSION]
    return store


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
