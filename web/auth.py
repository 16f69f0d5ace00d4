"""Logging in, roles, and keeping everything but the login page behind a login."""

from __future__ import annotations

import datetime as dt
import functools
import time
from collections.abc import Callable
from typing import Any, TypeVar

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

from .storage import User, get_store

bp = Blueprint("auth", __name__)
HOME_BY_ROLE = {"social_worker": "cases.new", "policy": "policy.rules",
                "evaluator": "replay.page", "admin": "admin.users"}
OPEN_ENDPOINTS = {"auth.login", "static"}
F = TypeVar("F", bound=Callable[..., Any])


def install(app: Flask) -> None:
    @app.before_request
    def require_login() -> Any:
        g.user = None
        if request.blueprint == "api":
            return None  # the API authenticates by token
        name = session.get("user")
        if name:
            g.user = get_store().user(name)
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
    name = request.form.get("name", "").strip()
    password = request.form.get("password", "")
    user = get_store().user(name)
    now = dt.datetime.now(dt.UTC)
    locked = user is not None and user.locked_until is not None and _aware(
        user.locked_until) > now
    if user is None or locked or not user.check_password(password):
        if user is not None and not locked:
            get_store().record_login(name, False, current_app.config["LOGIN_LOCK_AFTER"],
                                 current_app.config["LOGIN_LOCK_SECONDS"])
        time.sleep(current_app.config["LOGIN_FAIL_DELAY"])  # slow down guessing
        message = (_("Too many failed attempts: try again later.") if locked
                   else _("Wrong user name or password."))
        return render_template("login.html", error=message, name=name), 401
    get_store().record_login(name, True, 0, 0)
    session.clear()
    session["user"] = user.name
    session.permanent = True
    target = request.args.get("next") or ""
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("auth.home")
    return redirect(target)


@bp.route("/logout", methods=["POST"])
def logout() -> Any:
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    flash(_("You are logged out."))
    return redirect(url_for("auth.login"))


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
