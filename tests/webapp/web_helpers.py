"""Shared helpers of the web tests."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

PASSWORD = "correct horse 1"
ROLES = ("social_worker", "policy", "evaluator", "admin")


def login(client: FlaskClient, name: str, password: str = PASSWORD) -> Any:
    return client.post("/login", data={"name": name, "password": password})
