"""The web form and JSON API for budget-engine (Flask application factory)."""

from .app import create_app

__all__ = ["create_app"]
