"""Shared helpers of the web tests."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from web.storage import Store, get_store

PASSWORD = "correct horse 1"
ROLES = ("social_worker", "policy", "evaluator", "admin")


def login(client: FlaskClient, name: str, password: str = PASSWORD) -> Any:
    return client.post("/login", data={"name": name, "password": password})


def store(app: Flask) -> Store:
    """The app's store, reached the one way the views reach it."""
    with app.app_context():
        return get_store()
