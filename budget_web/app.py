"""The Flask application factory: configuration, extensions, security, blueprints."""

from __future__ import annotations

import os
import threading
import time
from typing import Any

from flask import Flask, Response, g, jsonify, render_template, request, session
from flask_babel import Babel
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException

from budget_engine import IsolatedCalculator, RuleBook, load_rules

from . import settings, storage
from .input import input_limits, uploads
from .rulebooks import PinnedCalculators

LANGUAGES = ("lv", "en")
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


def select_locale() -> str:
    wanted = request.args.get("lang")
    if wanted in LANGUAGES:
        session["lang"] = wanted
    return str(session.get("lang", "lv"))


def _use_rules(app: Flask, book: RuleBook) -> None:
    """Calculate with `book` from now on: its calculator, and pinned ones for saved budgets.

    On a switch (a version was published) the previous calculator is handed to the pinned
    ones rather than dropped: a request still using it finishes, a saved budget of that
    version is recalculated by it, and its processes end when the bound retires it.
    """
    store = app.extensions[storage.EXTENSION]
    app.extensions["rules"] = book
    # The engine runs in supervised worker processes: a native crash costs one answer only.
    calculator = IsolatedCalculator(book, workers=int(app.config.get("ENGINE_WORKERS", 2)))
    # The rules in force are stored (once) so every budget saved with them stays pinned.
    store.rulebooks.remember(book)
    pinned: PinnedCalculators | None = app.extensions.get("pinned_calculators")
    if pinned is None:
        app.extensions["pinned_calculators"] = PinnedCalculators(
            store.rulebooks, calculator, book.version,
            make=lambda other: IsolatedCalculator(other, workers=1),
            close=lambda calculator: calculator.close(),  # type: ignore[attr-defined]
            keep=int(app.config.get("PINNED_RULE_BOOKS", 3)))
    else:
        pinned.switch(book.version, calculator)
    app.extensions["calculator"] = calculator


def _sweep_jobs(app: Flask) -> None:
    """Job folders past keeping are deleted when the app starts (`job_queue`); a sweep that
    fails (a folder it may not read) is logged and tried again at the next look."""
    from .evaluation.job_queue import queue_of

    try:
        deleted = queue_of(app).sweep(force=True)
    except OSError:
        app.logger.exception("the sweep of old job folders failed")
        return
    if deleted:
        app.logger.info("job folders past keeping deleted: %s", ", ".join(deleted))


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_path=str(settings.instance_dir()))
    app.config.update(
        SECRET_KEY=settings.secret_key(),
        DATABASE_URL=settings.database_url(),
        RULES_DIR=os.environ.get(settings.RULES_ENV),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # Behind HTTPS set BUDGET_ENGINE_SECURE_COOKIES=1 so the cookie never travels in clear.
        SESSION_COOKIE_SECURE=os.environ.get("BUDGET_ENGINE_SECURE_COOKIES") == "1",
        PERMANENT_SESSION_LIFETIME=8 * 3600,
        WTF_CSRF_TIME_LIMIT=None,
        # Every form and API body; a page that takes files has its own limits (input/uploads.py).
        MAX_CONTENT_LENGTH=50 * 1024 * 1024,
        **uploads.configured_limits(),
        LOGIN_LOCK_AFTER=settings.LOGIN_LOCK_AFTER,
        LOGIN_LOCK_SECONDS=settings.LOGIN_LOCK_SECONDS,
        LOGIN_FAIL_DELAY=settings.LOGIN_FAIL_DELAY,
        BABEL_DEFAULT_LOCALE="lv",
        RULES_CHECK_SECONDS=5.0,
        TIMEZONE=settings.timezone(),
        JOB_SWEEP_MINUTES=10.0,
        **settings.job_settings(),
        # FORM_FIELD_LIMIT, CASE_JSON_LIMIT, FORM_BODY_LIMIT: what the pages take.
        **input_limits.DEFAULTS,
    )
    app.config.update(config or {})
    _sweep_jobs(app)
    storage.init_app(app)
    store = app.extensions[storage.EXTENSION]
    # The rules the app calculates with are the current published version; the shipped
    # (or configured) rules are published as the first version of a new installation.
    shipped = load_rules(app.config["RULES_DIR"])
    app.extensions["shipped_rules"] = shipped  # the policy pages say when they are not in force
    store.versions.ensure_first(shipped)
    current = store.versions.current_version()
    _use_rules(app, shipped if current in (None, shipped.version)
               else store.versions.book(current))
    checked = {"at": time.monotonic()}
    lock = threading.Lock()

    def follow(now: bool = False) -> None:
        """A version approved meanwhile (from the command line or another server) is used
        from the next request on; checked at most every RULES_CHECK_SECONDS (`now`: at
        once, after an approval on this server's own pages)."""
        if not now and time.monotonic() - checked["at"] < app.config["RULES_CHECK_SECONDS"]:
            return
        checked["at"] = time.monotonic()
        latest = store.versions.current_version()
        if latest is not None and latest != app.extensions["rules"].version:
            with lock:
                if latest != app.extensions["rules"].version:
                    _use_rules(app, store.versions.book(latest))

    app.before_request(follow)
    app.extensions["follow_published_rules"] = lambda: follow(now=True)
    uploads.install(app)  # before CSRF protection: it reads the form

    input_limits.bound_form_bodies(app)
    csrf = CSRFProtect(app)
    Babel(app, locale_selector=select_locale)

    from . import auth
    from .admin import audit_pages, jobs, users
    from .api import budgets, openapi
    from .api import cases as api_cases
    from .cases import (
        override_pages,
        pages,
        print_css,
        version_comparison_pages,
        worklists,
    )
    from .cases.letters import pages as letter_pages
    from .evaluation import replay_pages
    from .policy import editor, impact, rules_pages, version_pages, workbook_pages
    from .policy.version_words import rules_name

    # The case routes and the OpenAPI document are the API's (token, JSON bodies).
    assert api_cases.bp is budgets.bp and openapi.bp is budgets.bp
    for blueprint in (auth.bp, pages.bp, version_comparison_pages.bp, override_pages.bp,
                      letter_pages.bp,
                      budgets.bp, rules_pages.bp, editor.bp, version_pages.bp, impact.bp,
                      workbook_pages.bp,
                      replay_pages.bp, users.bp, audit_pages.bp, print_css.bp, jobs.bp,
                      worklists.bp):
        app.register_blueprint(blueprint)
    csrf.exempt(budgets.bp)
    auth.install(app)

    @app.context_processor
    def common() -> dict[str, Any]:
        return {"current_user": g.get("user"), "lang": select_locale(),
                "rules_version": app.extensions["rules"].version, "rules_name": rules_name,
                "shipped_rules": app.extensions["shipped_rules"]}

    @app.after_request
    def security_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Cache-Control"] = "no-store"
        return response

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        return render_template("error.html", code=400, message=error.description), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Any:
        # The error's own headers go with the new body: a 405's `Allow` (RFC 9110), a 401's
        # `WWW-Authenticate`; its Content-Type is the new body's.
        headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
        if request.path.startswith("/api/"):
            return jsonify({"error": error.name, "message": error.description}), error.code, \
                headers
        return render_template("error.html", code=error.code, message=error.description,
                               upload_limits=uploads.limits_of(request.endpoint)
                               if error.code == 413 else []), error.code, headers

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> Any:
        app.logger.exception("unexpected error")
        if request.path.startswith("/api/"):
            return jsonify({"error": "Internal Server Error",
                            "message": "the server failed; the error is logged"}), 500
        return render_template("error.html", code=500, message=None), 500

    return app
