"""Logging in, roles, and keeping everything but the login page behind a login."""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _

from .logins import NAME_LIMIT, LoginLimits, check_login
from .storage import User, get_store

bp = Blueprint("auth", __name__)
#: Where each role lands after logging in: social workers and supervisors on the work that
#: waits for them (budget_web/cases/worklists.py).
HOME_BY_ROLE = {"social_worker": "worklists.start", "supervisor": "worklists.start",
                "policy": "policy.rules", "evaluator": "replay.page", "admin": "admin.users"}
OPEN_ENDPOINTS = {"auth.login", "static"}
F = TypeVar("F", bound=Callable[..., Any])


def install(app: Flask) -> None:
    @app.before_request
    def require_login() -> Any:
        g.user = None
        if request.path.startswith("/api/"):
            return None  # the API authenticates by token
        sid = session.get("sid")
        if sid:
            # The login must still exist on the server: logging out ends it there.
            g.user = get_store().session_user(str(sid))
            if g.user is None:
                session.clear()
        if g.user is None and request.endpoint not in OPEN_ENDPOINTS:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")
                                    if request.method == "GET" else None))
        return None


def role_required(*roles: str) -> Callable[[F], F]:
    def wrap(view: F) -> F:
        @functools.wraps(view)
        def inner(*args: Any, **kwargs: Any) -> Any:
            user: User | None = g.get("user")
            if user is None or user.role not in roles:
                abort(403)
            return view(*args, **kwargs)
        return inner  # type: ignore[return-value]
    return wrap


@bp.route("/")
def home() -> Any:
    return redirect(url_for(HOME_BY_ROLE[g.user.role]))


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    if request.method == "GET":
        return render_template("login.html", first_run=get_store().user_count() == 0)
    name = request.form.get("name", "").strip()[:NAME_LIMIT]
    user = check_login(get_store(), name, request.form.get("password", ""),
                       LoginLimits.of_app(current_app.config))
    if user is None:
        return render_template("login.html", error=_(
            "Wrong user name or password, or too many failed attempts: try again later."),
            name=name), 401
    lang = session.get("lang")
    session.clear()
    session["sid"] = get_store().start_session(user)
    if lang:
        session["lang"] = lang
    session.permanent = True
    return redirect(safe_next(request.args.get("next")) or url_for("auth.home"))


def safe_next(target: str | None) -> str | None:
    """`next` as a path on this site, its dot segments and repeated slashes taken out, or
    None.

    Browsers drop tabs and newlines from a URL and read a backslash as a slash, so
    `/%09/evil.example` and `/\\evil.example` leave the site; any of those characters, or
    anything but a single leading slash, is refused. A path that only looks like one,
    `/.//evil.example` (from `/.%2F/evil.example`), a browser resolves to `//evil.example`:
    it is written as the path it stands for (`/evil.example`), so what is sent back as
    `Location` is always one plain path.
    """
    if not target or len(target) > 2000 or not target.startswith("/"):
        return None
    if target.startswith("//") or any(c == "\\" or c.isspace() or ord(c) < 32 or ord(c) == 127
                                      for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    path = normalised_path(parts.path)
    return urlunsplit(("", "", path, parts.query, ""))


def normalised_path(path: str) -> str:
    """A path with `.` and `..` segments resolved (`%2e` is a dot to a browser too) and
    repeated slashes made one; a trailing slash is kept, so the route it names is the same."""
    path = re.sub("%2e", ".", path, flags=re.IGNORECASE)
    clean = posixpath.normpath("/" + path.lstrip("/"))
    if path.endswith("/") and clean != "/":
        clean += "/"
    return "/" + clean.lstrip("/")


@bp.route("/logout", methods=["POST"])
def logout() -> Any:
    lang = session.get("lang")
    sid = session.get("sid")
    if sid:
        get_store().end_session(str(sid))
    session.clear()
    if lang:
        session["lang"] = lang
    flash(_("You are logged out."))
    return redirect(url_for("auth.login"))
