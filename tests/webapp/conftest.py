from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from db_helpers import ALL_TESTS_ENV, emptied, worker_database
from flask import Flask
from flask.testing import FlaskClient
from web_helpers import HOME, PASSWORD, ROLES, login, store

from budget_web import create_app


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The web tests start servers, engine workers and password hashes: seconds each."""
    for item in items:
        if "webapp" in str(item.path):
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    monkeypatch.setenv("BUDGET_ENGINE_INSTANCE", str(tmp_path / "instance"))
    # BUDGET_ENGINE_TEST_DATABASE_URL runs these tests on another database (e.g. PostgreSQL:
    # each xdist worker on a database of its own there); it is emptied first.
    other = os.environ.get(ALL_TESTS_ENV)
    if other and other.startswith("postgresql"):
        other = worker_database(other)
    monkeypatch.setenv("BUDGET_ENGINE_DATABASE_URL",
                       emptied(other) if other else f"sqlite:///{tmp_path / 'db.sqlite'}")
    app = create_app({"WTF_CSRF_ENABLED": False, "LOGIN_FAIL_DELAY": 0, "TESTING": True})
    for role in ROLES:
        store(app).add_user(role, PASSWORD, role,
                            HOME if role in ("social_worker", "supervisor") else None)
    yield app
    app.extensions["pinned_calculators"].close()
    app.extensions["calculator"].close()
    store(app).close()


@pytest.fixture
def worker(app: Flask) -> FlaskClient:
    client = app.test_client()
    assert login(client, "social_worker").status_code == 302
    return client
