from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from web_helpers import HOME, PASSWORD, ROLES, login, store

from web import create_app


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The web tests start servers, engine workers and password hashes: seconds each."""
    for item in items:
        if "webapp" in str(item.path):
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    monkeypatch.setenv("BUDGET_ENGINE_INSTANCE", str(tmp_path / "instance"))
    # BUDGET_ENGINE_TEST_DATABASE_URL runs these tests on another database (e.g. PostgreSQL);
    # its tables are emptied first.
    other = os.environ.get("BUDGET_ENGINE_TEST_DATABASE_URL")
    monkeypatch.setenv("BUDGET_ENGINE_DATABASE_URL",
                       other or f"sqlite:///{tmp_path / 'db.sqlite'}")
    if other:
        from web.storage import Base, open_store

        emptied = open_store(other)
        Base.metadata.drop_all(emptied.engine)
        emptied.close()
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
