"""The Flask application factory: configuration, extensions, security, blueprints."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask, Response, g, jsonify, render_template, request, session
from flask_babel import Babel
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException

from budget_engine import IsolatedCalculator, load_rules

from . import settings, storage
from .rulebooks import PinnedCalculators

LANGUAGES = ("lv", "en")
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


def select_locale() -> str:
    wanted = request.args.get("lang")
    if wanted in LANGUAGES:
        session["lang"] = wanted
    return str(session.get("lang", "lv"))


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
        MAX_CONTENT_LENGTH=50 * 1024 * 1024,
        LOGIN_LOCK_AFTER=5,
        LOGIN_LOCK_SECONDS=30,
        LOGIN_FAIL_DELAY=0.5,
        BABEL_DEFAULT_LOCALE="lv",
    )
    app.config.update(config or {})
    storage.init_app(app)
    app.extensions["rules"] = load_rules(app.config["RULES_DIR"])
    # The engine runs in supervised worker processes: a native crash costs one answer only.
    app.extensions["calculator"] = IsolatedCalculator(
        app.extensions["rules"], workers=int(app.config.get("ENGINE_WORKERS", 2)))
    # The rules in force are stored (once) so every budget saved with them stays pinned.
    store = app.extensions[storage.EXTENSION]
    store.rulebooks.remember(app.extensions["rules"])
    app.extensions["pinned_calculators"] = PinnedCalculators(
        store.rulebooks, app.extensions["calculator"], app.extensions["rules"].version,
        make=lambda book: IsolatedCalculator(book, workers=1),
        close=lambda calculator: calculator.close())  # type: ignore[attr-defined]

    csrf = CSRFProtect(app)
    Babel(app, locale_selector=select_locale)

    from . import (
        admin,
        api,
        api_cases,
        audit_pages,
        auth,
        cases,
        decision_pages,
        policy,
        print_css,
        replay_pages,
    )

    assert api_cases.bp is api.bp  # the case routes are the API's (token, JSON bodies)
    for blueprint in (auth.bp, cases.bp, decision_pages.bp, api.bp, policy.bp,
                      replay_pages.bp, admin.bp, audit_pages.bp, print_css.bp):
        app.register_blueprint(blueprint)
    csrf.exempt(api.bp)
    auth.install(app)

    @app.context_processor
    def common() -> dict[str, Any]:
        return {"current_user": g.get("user"), "lang": select_locale(),
                "rules_version": app.extensions["rules"].version}

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
        if request.path.startswith("/api/"):
            return jsonify({"error": error.name, "message": error.description}), error.code
        return render_template("error.html", code=error.code, message=error.description), \
            error.code

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> Any:
        app.logger.exception("unexpected error")
        if request.path.startswith("/api/"):
            return jsonify({"error": "Internal Server Error",
                            "message": "the server failed; the error is logged"}), 500
        return render_template("error.html", code=500, message=None), 500

    return app
