"""Nothing but the login page without logging in; each role sees its own pages only."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from web_helpers import PASSWORD, login, store

PAGES = {
    "/": None, "/cases/new": "social_worker", "/cases": "social_worker",
    "/cases/X-1/view": "social_worker", "/cases/X-1/edit": "social_worker",
    "/cases/X-1/recalculate": "social_worker", "/cases/X-1/v/1/budget.json": "social_worker",
    "/cases/X-1/v/1/budget.csv": "social_worker", "/cases/X-1/v/1/case.json": "social_worker",
    "/print/budget.css": "social_worker",
    "/rules": "policy", "/replay": "evaluator", "/users": "admin",
}
POSTS = {"/cases/calculate": "social_worker", "/cases/save": "social_worker",
         "/cases/form": "social_worker", "/replay": "evaluator", "/users": "admin",
         "/logout": None}


@pytest.mark.parametrize("path", [*PAGES, *POSTS])
def test_everything_needs_a_login(app: Flask, path: str) -> None:
    client = app.test_client()
    response = client.post(path) if path in POSTS and path not in PAGES else client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_login_page_is_open_and_mentions_first_user_on_empty_install(app: Flask) -> None:
    page = app.test_client().get("/login")
    assert page.status_code == 200 and "Pieteikties" in page.text


@pytest.mark.parametrize("role", ["social_worker", "supervisor", "policy", "evaluator",
                                  "admin"])
def test_each_role_reaches_its_pages_and_is_refused_the_others(app: Flask, role: str) -> None:
    client = app.test_client()
    login(client, role)
    for path, owner in PAGES.items():
        response = client.get(path)
        if owner is None:
            assert response.status_code == 302
        elif owner == role or (owner == "social_worker" and role == "supervisor"):
            assert response.status_code in (200, 404), (path, response.status_code)
        else:
            assert response.status_code == 403, (path, role)
            assert "Traceback" not in response.text


def test_wrong_password_then_lockout_with_one_answer(app: Flask) -> None:
    client = app.test_client()
    answers = set()
    for _ in range(5):
        response = login(client, "policy", "wrong password")
        assert response.status_code == 401
        assert "Nepareizs lietotājvārds vai parole" in response.text
        answers.add(_answer(response.text))
    locked = login(client, "policy", PASSWORD)  # the right password, but locked
    unknown = login(client, "nobody", PASSWORD)
    assert locked.status_code == unknown.status_code == 401
    # Nothing tells the three apart (but the name typed, which the form keeps).
    assert answers == {_answer(locked.text)} == {_answer(unknown.text.replace("nobody",
                                                                               "policy"))}


def _answer(page: str) -> str:
    """A page without its CSRF token (a new one each time)."""
    return re.sub(r'name="csrf_token" value="[^"]*"', "", page)


def test_logout_ends_the_session(app: Flask) -> None:
    client = app.test_client()
    login(client, "social_worker")
    assert client.get("/cases").status_code == 200
    assert client.post("/logout").status_code == 302
    assert client.get("/cases").status_code == 302


def test_security_headers_and_cookie_flags(app: Flask) -> None:
    client = app.test_client()
    response = login(client, "social_worker")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    page = client.get("/cases")
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["X-Content-Type-Options"] == "nosniff"


def test_csrf_is_required_on_forms(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from budget_web import create_app

    monkeypatch.setenv("BUDGET_ENGINE_INSTANCE", str(tmp_path / "i"))
    monkeypatch.setenv("BUDGET_ENGINE_DATABASE_URL", f"sqlite:///{tmp_path / 'c.sqlite'}")
    app = create_app({"LOGIN_FAIL_DELAY": 0})
    store(app).add_user("w", PASSWORD, "social_worker", "Rīga")
    client = app.test_client()
    refused = client.post("/login", data={"name": "w", "password": PASSWORD})
    assert refused.status_code == 400 and "Traceback" not in refused.text
    page = client.get("/login").text
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    ok = client.post("/login", data={"name": "w", "password": PASSWORD, "csrf_token": token})
    assert ok.status_code == 302
    assert client.post("/cases/calculate", data={"case_id": "A"}).status_code == 400


def test_unknown_page_is_a_friendly_404(worker: FlaskClient) -> None:
    response = worker.get("/cases/NOPE/view")
    assert response.status_code == 404 and "Traceback" not in response.text
