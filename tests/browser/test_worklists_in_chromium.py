"""The start pages and the override form's errors in a real browser (issue 27, items 3 and
5): axe-core finds no violation on a worker's and a supervisor's start page (with a returned
budget, a draft and the approval queue) nor on the override form with errors; the start
pages fit a 390 px phone; the override form's errors are summed up at the top, focused, with
"Kļūda:" in the title. `work_for_both` is also what make_worklist_screenshots.py shows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_helpers import (
    axe_violations,
    browser_page,
    log_in,
    save_case,
    served,
    settled,
)

pytestmark = pytest.mark.browser

USERS = {"anna": ("parole-123", "social_worker"), "ilze": ("parole-123", "supervisor")}
RETURNED, WAITING, DRAFT = "JELG-2021-0007", "JELG-2021-0012", "JELG-2021-0015"
NOTE = "Lūdzu, pievienojiet aprūpētāja ienākumu izziņu."


def take_step(page: Any, step: str, note: str = "") -> None:
    if note:
        page.fill("textarea[name=note]", note)
    page.click(f"button[name=step][value={step}]")
    page.wait_for_load_state("load")


def work_for_both(url: str) -> None:
    """Anna saves three budgets and submits two; Ilze returns the first with a note. Then
    Anna's start page has a returned budget and a draft, Ilze's one budget waiting."""
    with browser_page("lv") as page:
        log_in(page, url, "anna", "parole-123")
        for case_id in (RETURNED, WAITING, DRAFT):
            save_case(page, url, case_id)
            if case_id != DRAFT:
                take_step(page, "submit")
    with browser_page("lv") as page:
        log_in(page, url, "ilze", "parole-123")
        page.goto(f"{url}/cases/{RETURNED}/v/1")
        take_step(page, "return", NOTE)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    assert Path("/usr/bin/chromium").exists(), "install Debian's chromium (see .ci/run)"
    with served(tmp_path_factory.mktemp("instance"), USERS) as url:
        work_for_both(url)
        yield url


def no_violations(page: Any, where: str) -> None:
    found = axe_violations(page)
    assert not found, f"axe-core on {where}:\n" + "\n".join(found)


@pytest.mark.parametrize("width", [1280, 390])
def test_the_start_pages_are_clean_and_fit_a_phone(server: str, width: int) -> None:
    for name, shown in (("anna", (RETURNED, NOTE, DRAFT)), ("ilze", (WAITING,))):
        with browser_page("lv", width=width) as page:
            log_in(page, server, name, "parole-123")  # lands on the start page
            assert page.url.endswith("/work")
            settled(page)
            text = page.inner_text("main")
            assert all(item in text for item in shown), text
            assert page.inner_text("header nav").count("Mani darbi (") == 1
            no_violations(page, f"{name}'s start page at {width} px")
            wider = page.evaluate("Math.max(document.documentElement.scrollWidth,"
                                  " document.body.scrollWidth) - window.innerWidth")
            assert wider <= 0, f"{name}'s start page scrolls sideways by {wider} px"


def test_the_override_form_sums_up_its_errors_at_the_top(server: str) -> None:
    with browser_page("lv") as page:
        log_in(page, server, "anna", "parole-123")
        page.goto(f"{server}/cases/{DRAFT}/v/1")
        page.click("section.signoff details summary")
        first_units = page.locator("input[name^='override.'][name$='.units']").first
        first_units.fill("5")  # and no justification
        page.click("section.signoff details button[type=submit]")
        page.wait_for_selector("#error-summary")
        settled(page)
        assert page.title().startswith("Kļūda:")
        assert page.evaluate("document.activeElement.id") == "error-summary"
        link = page.locator("#error-summary a").first
        target = (link.get_attribute("href") or "#")[1:]
        assert target.startswith("override-") and target.endswith("-justification")
        assert page.locator(f"#{target}").count() == 1
        summary_top = page.locator("#error-summary").bounding_box()
        assert summary_top is not None and summary_top["y"] < 400  # at the top, not 1 500 px down
        no_violations(page, "the override form with errors")
