from __future__ import annotations

import pytest

from budget_engine import RuleBook, load_rules


@pytest.fixture(scope="session")
def book() -> RuleBook:
    return load_rules()


def pytest_configure(config: pytest.Config) -> None:
    """The set-up every web test repeats with the same inputs, done once (repeated_work.py)."""
    from repeated_work import install

    install()
