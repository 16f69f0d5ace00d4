"""Screenshots of the form and the result page, in Latvian and English, of two saved
versions compared and of a draft's impact over saved cases (Latvian), for docs/.

Usage: .venv/bin/python tests/browser/make_screenshots.py   (needs /usr/bin/chromium)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from browser_helpers import (
    browser_page,
    draft_with_saved_cases,
    fill_example_01,
    finished_run,
    log_in,
    save_a_second_version,
    save_draft,
    served,
)
from test_impact_in_chromium import cases

DOCS = Path(__file__).resolve().parents[2] / "docs"


def compare_two_versions(page: Any) -> None:
    """From the draft result: save version 1, edit it (10 day-centre days instead of 20, the
    income 1 200,50) into version 2, and open "Salīdzināt versijas"."""
    save_draft(page)
    save_a_second_version(page, {"requested_services[1].units": "10",
                                 "household.monthly_income": "1 200,50"})
    page.click(".top-actions a[href*='/compare']")
    page.wait_for_selector("section.compare-services")


def main() -> int:
    DOCS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, served(
            Path(tmp), {"anna": ("parole-123", "social_worker")}) as url:
        for lang in ("lv", "en"):
            with browser_page(lang) as page:
                log_in(page, url, "anna", "parole-123")
                page.goto(f"{url}/cases/new?lang={lang}")
                fill_example_01(page)
                page.screenshot(path=str(DOCS / f"form-{lang}.png"), full_page=True)
                page.click("button[value=calculate].primary")
                page.wait_for_selector("table.budget")
                page.screenshot(path=str(DOCS / f"result-{lang}.png"), full_page=True)
                if lang == "lv":
                    page.pdf(path=str(DOCS / "result-print-lv.pdf"), prefer_css_page_size=True)
        # last: once the case is saved, a draft of it is compared with the saved budget
        with browser_page("lv") as page:
            log_in(page, url, "anna", "parole-123")
            page.goto(f"{url}/cases/new?lang=lv")
            fill_example_01(page)
            page.click("button[value=calculate].primary")
            compare_two_versions(page)
            page.screenshot(path=str(DOCS / "compare-lv.png"), full_page=True)
    with tempfile.TemporaryDirectory() as tmp, served(
            Path(tmp), {"anna": ("parole-123", "social_worker"),
                        "ilze": ("parole-123", "policy"), "juris": ("parole-123", "policy")}
    ) as url:
        draft_id = draft_with_saved_cases(Path(tmp), url, cases(), "anna", "ilze")
        with browser_page("lv") as page:
            log_in(page, url, "juris", "parole-123")
            page.goto(f"{url}/rules/drafts/{draft_id}/impact")
            page.click("button.primary")
            finished_run(page)
            page.screenshot(path=str(DOCS / "impact-lv.png"), full_page=True)
    print(f"written to {DOCS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
