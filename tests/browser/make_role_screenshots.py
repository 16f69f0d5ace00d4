"""Screenshots of a supervisor's approval of a submitted budget and of the administrators'
pages (users, background jobs), in Latvian, for the README's paths per role.

Usage: .venv/bin/python tests/browser/make_role_screenshots.py   (needs /usr/bin/chromium)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from browser_helpers import browser_page, fill_example_01, log_in, save_draft, served

DOCS = Path(__file__).resolve().parents[2] / "docs"
USERS = {"anna": ("parole-123", "social_worker"), "berzs": ("parole-456", "supervisor"),
         "ilze": ("parole-789", "admin")}


def main() -> int:
    DOCS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, served(Path(tmp), USERS) as url:
        with browser_page("lv") as page:  # a worker saves a budget and submits it
            log_in(page, url, "anna", USERS["anna"][0])
            page.goto(f"{url}/cases/new?lang=lv")
            fill_example_01(page)
            page.click("button[value=calculate].primary")
            page.wait_for_selector("table.budget")
            save_draft(page)
            saved = page.url
            page.click("button[name=step][value=submit]")
            page.wait_for_load_state()
        with browser_page("lv") as page:  # the supervisor reads it and may approve
            log_in(page, url, "berzs", USERS["berzs"][0])
            page.goto(saved)
            page.wait_for_selector("button[name=step][value=approve]")
            page.locator("button[name=step][value=approve]").scroll_into_view_if_needed()
            page.screenshot(path=str(DOCS / "supervisor-approve-lv.png"))
        with browser_page("lv") as page:
            log_in(page, url, "ilze", USERS["ilze"][0])
            page.goto(f"{url}/users?lang=lv")
            page.screenshot(path=str(DOCS / "admin-users-lv.png"), full_page=True)
            page.goto(f"{url}/jobs?lang=lv")
            page.screenshot(path=str(DOCS / "admin-jobs-lv.png"), full_page=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
