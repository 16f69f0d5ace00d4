"""The web form and JSON API for budget-engine (Flask application factory).

`create_app` is imported on first use, not with the package: the console script lives in
`budget_web.cli`, and the engine's commands (`calculate`, `replay`, `rules`, `--help`) must start
without loading Flask and SQLAlchemy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(f"module 'budget_web' has no attribute {name!r}")
