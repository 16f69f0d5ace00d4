"""The impact of a draft in a real browser: axe-core finds no violation on the form and on
a finished run over saved cases (with an override listed), and a phone does not scroll
sideways (the wide tables scroll in their own box)."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_helpers import (
    axe_violations,
    browser_page,
    draft_with_saved_cases,
    finished_run,
    log_in,
    served,
)

pytestmark = pytest.mark.browser

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"


def cases() -> list[dict[str, object]]:
    found = []
    for number, name in (("JLG-B1", "04-community-adult-copayment"),
                         ("JLG-B2", "05-no-support-plan")):
        case = copy.deepcopy(json.loads((EXAMPLES / f"{name}.json").read_text("utf-8")))
        case.update(case_id=number, calculation_date="2026-03-01")
        case["person"]["municipality"] = "Jelgavas novads"
        found.append(case)
    return found


@pytest.fixture(scope="module")
def impact(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    instance = tmp_path_factory.mktemp("instance")
    with served(instance, {"anna": ("parole-123", "social_worker"),
                           "ilze": ("parole-123", "policy"),
                           "juris": ("parole-123", "policy")}) as url:
        yield url, draft_with_saved_cases(instance, url, cases(), "anna", "ilze")


@pytest.mark.parametrize("width", [1280, 390])
def test_axe_finds_nothing_on_the_impact_pages(impact: tuple[str, int], width: int) -> None:
    url, draft_id = impact
    with browser_page("lv", width=width) as page:
        log_in(page, url, "juris", "parole-123")
        page.goto(f"{url}/rules/drafts/{draft_id}/impact")
        assert not axe_violations(page), axe_violations(page)
        page.click("button.primary")
        finished_run(page)
        assert page.locator("table.overrides tr.flagged").count() == 1
        found = axe_violations(page)
        assert not found, "\n".join(found)
        wider = page.evaluate("Math.max(document.documentElement.scrollWidth, "
                              "document.body.scrollWidth) - window.innerWidth")
        assert wider <= 0
