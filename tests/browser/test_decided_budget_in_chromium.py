"""The decided budget in a real browser (issue 27, items 1, 5 and 7): a saved budget with an
override, its sign-off as the supervisor sees it (the approve/return form, and the page a
return without a note answers with) and the override form showing its errors — each clean
for axe-core and without sideways scrolling, on a desktop and on a 390 px phone.
`decided_work` is also what make_decided_screenshots.py shows."""

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

PASSWORD = "parole-123"
USERS = {"anna": (PASSWORD, "social_worker"), "ilze": (PASSWORD, "supervisor")}
DECIDED, DRAFT = "JELG-2021-0207", "JELG-2021-0215"
JUSTIFICATION = "Klientam pēc slimnīcas vajag vairāk dienu centrā."


def decide_a_line(page: Any, case_id: str) -> None:
    """On the saved version 1: the day care centre decided at 500,00 € with a justification
    (version 2)."""
    page.click("section.signoff details summary")
    page.fill("input[name='override.day_care_centre.amount']", "500,00")
    page.fill("textarea[name='override.day_care_centre.justification']", JUSTIFICATION)
    page.locator("form[action$='/override'] button[type=submit]").click()
    page.wait_for_url(f"**/cases/{case_id}/v/2")


def decided_work(url: str) -> None:
    """Anna saves a budget, decides a line of it and submits it for approval; she saves a
    second budget and leaves it a draft (for the override form)."""
    with browser_page("lv") as page:
        log_in(page, url, "anna", PASSWORD)
        save_case(page, url, DECIDED)
        decide_a_line(page, DECIDED)
        page.click("button[name=step][value=submit]")
        page.wait_for_load_state("load")
        save_case(page, url, DRAFT)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    assert Path("/usr/bin/chromium").exists(), "install Debian's chromium (see .ci/run)"
    with served(tmp_path_factory.mktemp("instance"), USERS) as url:
        decided_work(url)
        yield url


def clean_and_fits(page: Any, where: str) -> None:
    settled(page)
    found = axe_violations(page)
    assert not found, f"axe-core on {where}:\n" + "\n".join(found)
    wider = page.evaluate("Math.max(document.documentElement.scrollWidth,"
                          " document.body.scrollWidth) - window.innerWidth")
    assert wider <= 0, f"{where} scrolls sideways by {wider} px"


@pytest.mark.parametrize("width", [1280, 390])
def test_the_decided_budget_and_its_sign_off(server: str, width: int) -> None:
    with browser_page("lv", width=width) as page:
        log_in(page, server, "anna", PASSWORD)
        response = page.goto(f"{server}/cases/{DECIDED}/v/2")
        assert response is not None and response.ok
        assert "aprēķināts" in page.inner_text("#decision-title ~ *")  # the decided budget
        clean_and_fits(page, f"the saved budget with an override at {width} px")
    with browser_page("lv", width=width) as page:
        log_in(page, server, "ilze", PASSWORD)
        page.goto(f"{server}/cases/{DECIDED}/v/2")
        assert page.locator("button[name=step][value=approve]").count() == 1
        clean_and_fits(page, f"the sign-off of a decided budget at {width} px")
        page.click("button[name=step][value=return]")  # with no note: an error
        page.wait_for_selector("#error-summary")
        assert page.title().startswith("Kļūda:")
        clean_and_fits(page, f"the sign-off with its error at {width} px")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_override_form_with_its_errors(server: str, width: int) -> None:
    with browser_page("lv", width=width) as page:
        log_in(page, server, "anna", PASSWORD)
        page.goto(f"{server}/cases/{DRAFT}/v/1")
        page.click("section.signoff details summary")
        page.fill("input[name='override.day_care_centre.units']", "25")  # no justification
        page.locator("form[action$='/override'] button[type=submit]").click()
        page.wait_for_selector("#error-summary")
        assert page.title().startswith("Kļūda:")
        assert page.locator("#error-summary a[href$='-justification']").count() == 1
        clean_and_fits(page, f"the override form with errors at {width} px")
