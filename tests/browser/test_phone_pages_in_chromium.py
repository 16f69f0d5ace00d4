"""Every page a phone user opens fits 390 px without sideways scrolling (issue 27, item 7):
a saved budget with an override, /replay, /audit, /rules/versions, a draft, /users. Wide
tables scroll in their own box (focusable, labelled: axe-core stays clean)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from browser_helpers import axe_violations, browser_page, draft_with_saved_cases, log_in, served
from test_impact_in_chromium import cases

pytestmark = pytest.mark.browser

PHONE = 390
PASSWORD = "parole-123"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    instance = tmp_path_factory.mktemp("instance")
    users = {"anna": (PASSWORD, "social_worker"), "ilze": (PASSWORD, "policy"),
             "edgars": (PASSWORD, "evaluator"), "aina": (PASSWORD, "admin")}
    with served(instance, users) as url:
        yield url, draft_with_saved_cases(instance, url, cases(), "anna", "ilze")


def page_width(page: Any) -> int:
    page.wait_for_load_state("load")
    page.wait_for_function("getComputedStyle(document.body).margin !== '8px'")
    return int(page.evaluate("document.scrollingElement.scrollWidth"))


@pytest.mark.parametrize(("user", "paths"), [
    ("anna", ["/cases/JLG-B1/v/1"]),
    ("ilze", ["/rules/versions", "/rules/drafts/{draft}"]),
    ("edgars", ["/replay"]),
    ("aina", ["/audit", "/users"]),
])
def test_every_page_fits_a_phone(site: tuple[str, int], user: str, paths: list[str]) -> None:
    url, draft = site
    with browser_page("lv", width=PHONE, height=844) as page:
        log_in(page, url, user, PASSWORD)
        for path in paths:
            response = page.goto(url + path.format(draft=draft))
            assert response is not None and response.ok, path  # the page itself, not a 404
            assert page.evaluate("window.innerWidth") == PHONE
            assert page_width(page) <= PHONE, f"{path} scrolls sideways"
            assert not axe_violations(page), (path, axe_violations(page))
