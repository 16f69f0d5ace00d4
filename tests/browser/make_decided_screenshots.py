"""Screenshots of a decided budget (a saved budget with an override, domain.md §13b), in
Latvian, for docs/: the whole page on a desktop, and the top of it (the decision, who pays,
the budget table) on a 390 px phone.

Usage: .venv/bin/python tests/browser/make_decided_screenshots.py   (needs /usr/bin/chromium)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from browser_helpers import browser_page, log_in, served, settled
from test_decided_budget_in_chromium import DECIDED, PASSWORD, USERS, decided_work

DOCS = Path(__file__).resolve().parents[2] / "docs"
#: How much of the phone's page is shown: the decision, who pays and the budget table.
PHONE_HEIGHT = 2400


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp, served(Path(tmp), USERS) as url:
        decided_work(url)
        for width, shot in ((1280, "decided-lv.png"), (390, "decided-phone-lv.png")):
            with browser_page("lv", width=width, height=900) as page:
                log_in(page, url, "anna", PASSWORD)
                page.goto(f"{url}/cases/{DECIDED}/v/2")
                settled(page)
                if width == 1280:
                    page.screenshot(path=str(DOCS / shot), full_page=True)
                    continue
                tall = int(page.evaluate("document.scrollingElement.scrollHeight"))
                page.screenshot(path=str(DOCS / shot), full_page=True, clip={
                    "x": 0, "y": 0, "width": width, "height": min(tall, PHONE_HEIGHT)})
    print(f"written to {DOCS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
