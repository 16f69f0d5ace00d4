"""The store: users, their sessions and API tokens, and the parts kept in their own modules
(saved cases: case_store.py, rule books: rulebooks.py, the audit log: audit.py).

The store is reached one way (in the manner of flaskr's `db.py`): `init_app(app)` opens it
from `app.config["DATABASE_URL"]` when the app is built, and every view calls `get_store()`.
Outside an app (the `users` and `audit` commands) `open_store(url)` is the one way to open it.

A user belongs to a municipality; social workers and supervisors must (they see that
municipality's cases only), the national roles may have none.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable
from typing import Any, Literal

from flask import Flask, current_app
from sqlalchemy import (
    DateTime,
    ForeignKey,
    Integer,
    String,
    bindparam,
    delete,
    func,
    inspect,
    select,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from . import schema, settings
from .audit import AuditLog
from .cases.store import CaseStore
from .db import Base, Database, aware, now
from .policy.versions import RuleVersions
from .rulebooks import RuleBookStore

ROLES = ("social_worker", "supervisor", "policy", "evaluator", "admin")
#: Roles that work on cases: they need a municipality, and see only its cases.
MUNICIPAL_ROLES = ("social_worker", "supervisor")
#: The key of the store in `app.extensions`.
EXTENSION = "store"
#: How long a login lasts on the server (the cookie lasts no longer).
SESSION_SECONDS = 8 * 3600

UserProblem = Literal["unknown_role", "bad_name", "short_password", "user_exists", "no_user",
                      "municipality_needed", "unknown_municipality"]

# A hash to check a password against when the user does not exist, so that answering an
# unknown name takes as long as answering a wrong password.
_DUMMY_HASH = generate_password_hash("not a password of anyone")


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


class SchemaOutOfDate(StoreUnavailable):
    """The database is not at this release's schema; the reason names the command to run."""


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(20))
    municipality: Mapped[str | None] = mapped_column(String(100), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
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
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)


class LoginSession(Base):
    """A login, known to the server: logging out deletes it, so a copied cookie is dead."""

    __tablename__ = "login_sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


def check_password_timed(user: User | None, password: str) -> bool:
    """The password check, taking as long for an unknown user as for a known one."""
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return False
    return user.check_password(password)


class Store:
    def __init__(self, url: str) -> None:
        self.db = Database(url)
        try:
            _refuse_old_schema(self.db)
            schema.prepare(self.db, Base.metadata)
        except schema.SchemaMismatch as exc:
            self.db.close()
            raise SchemaOutOfDate(url, str(exc)) from exc
        except BaseException:
            self.db.close()
            raise
        self.cases = CaseStore(self.db)
        self.rulebooks = RuleBookStore(self.db)
        self.audit = AuditLog(self.db)
        self.versions = RuleVersions(self.db, self.rulebooks, self._role_of,
                                     settings.instance_dir() / "rule-books")
        #: Built once: making the statement cost a fifth of an authenticated API request.
        self._user_of_token = (select(User).join(ApiToken, ApiToken.user_id == User.id)
                               .where(ApiToken.token_hash == bindparam("token_hash")))

    def _role_of(self, name: str) -> str | None:
        found = self.user(name)
        return None if found is None else found.role

    @property
    def engine(self) -> Any:
        return self.db.engine

    def close(self) -> None:
        """Close the pooled connections (at shutdown; each method closes its own session)."""
        self.db.close()

    # -- users ------------------------------------------------------------------------------
    def user_count(self) -> int:
        with self.db.read() as s:
            return int(s.scalar(select(func.count()).select_from(User)) or 0)

    def add_user(self, name: str, password: str, role: str, municipality: str | None = None,
                 municipalities: Iterable[str] | None = None) -> User:
        """Add a user; `municipalities`, when given, are the names `municipality` may be."""
        if role not in ROLES:
            raise UserError("unknown_role", f"unknown role {role!r} (expected one of "
                                            f"{', '.join(ROLES)})", name)
        if not name or len(name) > 64:
            raise UserError("bad_name", "a user name is 1-64 characters", name)
        if len(password) < 8:
            raise UserError("short_password", "a password has at least 8 characters", name)
        municipality = (municipality or "").strip() or None
        if municipality is None and role in MUNICIPAL_ROLES:
            raise UserError("municipality_needed", f"a {role} belongs to a municipality "
                                                   "(--municipality NAME)", name)
        if municipality is not None and municipalities is not None and \
                municipality not in set(municipalities):
            raise UserError("unknown_municipality", f"no municipality {municipality!r} in "
                                                    "the rules", name)
        with self.db.write() as s:
            if s.scalar(select(User).where(User.name == name)) is not None:
                raise UserError("user_exists", f"user {name!r} exists already", name)
            user = User(name=name, password_hash=generate_password_hash(password), role=role,
                        municipality=municipality)
            s.add(user)
        return user

    def user(self, name: str) -> User | None:
        with self.db.read() as s:
            return s.scalar(select(User).where(User.name == name))

    def users(self) -> list[User]:
        with self.db.read() as s:
            return list(s.scalars(select(User).order_by(User.name)))

    def record_login(self, name: str, ok: bool, lock_after: int, lock_seconds: int) -> None:
        with self.db.write() as s:
            user = s.scalar(select(User).where(User.name == name))
            if user is None:
                return
            if ok:
                user.failed_logins, user.locked_until = 0, None
                return
            user.failed_logins += 1
            if user.failed_logins >= lock_after:
                extra = user.failed_logins - lock_after
                user.locked_until = now() + dt.timedelta(seconds=lock_seconds * 2 ** min(extra, 8))

    # -- login sessions ---------------------------------------------------------------------
    def start_session(self, user: User, seconds: int = SESSION_SECONDS) -> str:
        """A new login of `user`: the secret goes in the cookie, its hash stays here."""
        token = secrets.token_urlsafe(32)
        with self.db.write() as s:
            s.execute(delete(LoginSession).where(LoginSession.expires_at < now()))
            s.add(LoginSession(token_hash=_hash(token), user_id=user.id,
                               expires_at=now() + dt.timedelta(seconds=seconds)))
        return token

    def session_user(self, token: str) -> User | None:
        """The user of a live login, or None (unknown, logged out or expired)."""
        with self.db.read() as s:
            row = s.get(LoginSession, _hash(token))
            if row is None or aware(row.expires_at) <= now():
                return None
            return s.get(User, row.user_id)

    def end_session(self, token: str) -> None:
        with self.db.write() as s:
            s.execute(delete(LoginSession).where(LoginSession.token_hash == _hash(token)))

    # -- API tokens -------------------------------------------------------------------------
    def new_token(self, name: str) -> str:
        token = secrets.token_urlsafe(32)
        with self.db.write() as s:
            user = s.scalar(select(User).where(User.name == name))
            if user is None:
                raise UserError("no_user", f"no user {name!r}", name)
            s.add(ApiToken(user_id=user.id, token_hash=_hash(token)))
        return token

    def user_by_token(self, token: str) -> User | None:
        """The user a token belongs to, read on every API request (so a user removed or
        changed is seen at once): one query joining token and user, not two (it was over
        half of an authenticated request's time)."""
        with self.db.read() as s:
            return s.scalar(self._user_of_token, {"token_hash": _hash(token)})


def _refuse_old_schema(db: Database) -> None:
    """A database written before cases had municipalities cannot be used as it is."""
    tables = inspect(db.engine).get_table_names()
    if "users" in tables and "municipality" not in {
            c["name"] for c in inspect(db.engine).get_columns("users")}:
        raise StoreUnavailable(str(db.engine.url), "the database was made by an older "
                               "budget-engine (users have no municipality); start with a new "
                               "database (see CHANGELOG.md)")


def open_store(url: str) -> Store:
    """The store at a database URL: the one way a store is opened (app or command)."""
    try:
        return Store(url)
    except StoreUnavailable:
        raise
    except (SQLAlchemyError, ImportError, ValueError, OSError) as exc:
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
