"""Screenshots of the decision letter's web preview, formal and easy to read, in Latvian, for
docs/ (docs/letter-formal.png, docs/letter-easy.png). The version is a saved draft, so the
preview carries the MELNRAKSTS mark; the PDF itself is not pictured (Chromium headless shows
no PDF viewer), its text is checked by tests/test_letter.py.

Usage: .venv/bin/python tests/browser/make_letter_screenshots.py   (needs /usr/bin/chromium)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from browser_helpers import browser_page, fill_example_01, log_in, save_draft, served

DOCS = Path(__file__).resolve().parents[2] / "docs"
USERS = {"anna": ("parole-123", "social_worker")}


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp, served(Path(tmp), USERS) as url:
        with browser_page("lv", width=900) as page:
            log_in(page, url, "anna", "parole-123")
            page.goto(f"{url}/cases/new")
            fill_example_01(page)
            page.click("button[value=calculate].primary")
            save_draft(page)
            page.click("a:has-text('Lēmuma vēstule')")
            page.wait_for_url("**/v/1/letter")
            page.fill("#letter-name", "Jānis Bērziņš")
            page.fill("#letter-address", "Lielā iela 1\nJelgava, LV-3001")
            for easy, shot in ((False, "letter-formal.png"), (True, "letter-easy.png")):
                if easy:
                    page.check("#letter-easy")
                page.click("button[value=preview]")
                page.wait_for_selector(".letter-preview")
                page.locator(".letter-preview").screenshot(path=str(DOCS / shot))
    print(f"written to {DOCS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
