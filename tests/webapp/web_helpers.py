"""Shared helpers of the web tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from budget_web.storage import Store, get_store

PASSWORD = "correct horse 1"
ROLES = ("social_worker", "supervisor", "policy", "evaluator", "admin")
#: The municipality of the users named after their role (example 01 is a case of it).
HOME = "Jelgavas novads"
EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"


def example(name: str) -> dict[str, Any]:
    return json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))


def login(client: FlaskClient, name: str, password: str = PASSWORD) -> Any:
    return client.post("/login", data={"name": name, "password": password})


def store(app: Flask) -> Store:
    """The app's store, reached the one way the views reach it."""
    with app.app_context():
        return get_store()


def user_client(app: Flask, name: str, role: str = "social_worker",
                municipality: str | None = HOME) -> FlaskClient:
    """A logged-in client of a (new) user of that role and municipality."""
    if store(app).user(name) is None:
        store(app).add_user(name, PASSWORD, role, municipality)
    client = app.test_client()
    assert login(client, name).status_code == 302
    return client


def token_of(app: Flask, name: str, role: str = "social_worker",
             municipality: str | None = HOME) -> dict[str, str]:
    """Authorization headers of a (new) user of that role and municipality."""
    if store(app).user(name) is None:
        store(app).add_user(name, PASSWORD, role, municipality)
    return {"Authorization": f"Bearer {store(app).new_token(name)}"}


def home_care_rate_rules(tmp_path: Path, rate: str = "4.40") -> Path:
    """A copy of the shipped rules with the home-care rate `rate` from 2025-01-01 (a draft
    policy staff would make), as a rules directory."""
    import shutil

    from budget_engine import load_rules

    directory = tmp_path / f"rules-home-care-{rate}"
    shutil.copytree(load_rules().directory, directory)
    rates = directory / "parameters" / "rates.yaml"
    lines = rates.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if 'value: "3.83"' in line)
    lines.insert(at + 1, f'      - {{from: 2025-01-01, value: "{rate}"}}')
    rates.write_text("\n".join(lines), encoding="utf-8")
    return directory
