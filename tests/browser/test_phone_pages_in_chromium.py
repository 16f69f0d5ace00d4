"""Every page a phone user opens fits 390 px without sideways scrolling (issue 27, item 7):
a saved budget with an override, /replay, /audit, /rules/versions, a draft, /users. Wide
tables scroll in their own box (focusable, labelled: axe-core stays clean)."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_helpers import axe_violations, browser_page, draft_with_saved_cases, log_in, served

pytestmark = pytest.mark.browser

PHONE = 390
EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"
PASSWORD = "parole-123"


def cases() -> list[dict[str, Any]]:
    found = []
    for number, name in (("JLG-P1", "04-community-adult-copayment"),
                         ("JLG-P2", "05-no-support-plan")):
        case = copy.deepcopy(json.loads((EXAMPLES / f"{name}.json").read_text("utf-8")))
        case.update(case_id=number, calculation_date="2026-03-01")
        case["person"]["municipality"] = "Jelgavas novads"
        found.append(case)
    return found


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
    ("anna", ["/cases/JLG-P1/v/1"]),
    ("ilze", ["/rules/versions", "/rules/drafts/{draft}"]),
    ("edgars", ["/replay"]),
    ("aina", ["/audit", "/users"]),
])
def test_every_page_fits_a_phone(site: tuple[str, int], user: str, paths: list[str]) -> None:
    url, draft = site
    with browser_page("lv", width=PHONE, height=844) as page:
        log_in(page, url, user, PASSWORD)
        for path in paths:
            page.goto(url + path.format(draft=draft))
            assert page.evaluate("window.innerWidth") == PHONE
            assert page_width(page) <= PHONE, f"{path} scrolls sideways"
            assert not axe_violations(page), (path, axe_violations(page))
