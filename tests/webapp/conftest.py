from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from web_helpers import PASSWORD, ROLES, login

from web import create_app


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    monkeypatch.setenv("BUDGET_ENGINE_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.setenv("BUDGET_ENGINE_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite'}")
    app = create_app({"WTF_CSRF_ENABLED": False, "LOGIN_FAIL_DELAY": 0, "TESTING": True})
    for role in ROLES:
        app.extensions["store"].add_user(role, PASSWORD, role)
    yield app


@pytest.fixture
def worker(app: Flask) -> FlaskClient:
    client = app.test_client()
    assert login(client, "social_worker").status_code == 302
    return client
