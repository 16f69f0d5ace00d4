from __future__ import annotations

import pytest

from budget_engine import RuleBook, load_rules


@pytest.fixture(scope="session")
def book() -> RuleBook:
    return load_rules()
