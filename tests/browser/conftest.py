"""The served app and a logged-in page on the new-case form, shared by the browser tests
(a module that needs other users or another start page defines its own)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_helpers import browser_page, close_chromium, log_in, served

#: Set to 1, the browser tests are reported as skipped (no chromium needed).
SKIP_ENV = "BUDGET_ENGINE_SKIP_BROWSER"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """One switch for every browser test, instead of a skip at the top of each module."""
    if os.environ.get(SKIP_ENV) != "1":
        return
    skip = pytest.mark.skip(reason=f"browser tests switched off by {SKIP_ENV}=1")
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(skip)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    assert Path("/usr/bin/chromium").exists(), "install Debian's chromium (see .ci/run)"
    with served(tmp_path_factory.mktemp("instance"),
                {"anna": ("parole-123", "social_worker")}) as url:
        yield url


@pytest.fixture
def page(server: str) -> Iterator[Any]:
    with browser_page() as page:
        log_in(page, server, "anna", "parole-123")
        page.goto(f"{server}/cases/new")
        yield page


@pytest.fixture(scope="module", autouse=True)
def chromium() -> Iterator[None]:
    """The Chromium a module's pages are opened in (each in a context of its own) ends with
    the module."""
    yield
    close_chromium()
