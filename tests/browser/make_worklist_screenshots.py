"""Screenshots of the start pages (*Mani darbi*) of a social worker (a returned budget with
its note, a draft) and of a supervisor (the approval queue), in Latvian, for docs/.

Usage: .venv/bin/python tests/browser/make_worklist_screenshots.py   (needs /usr/bin/chromium)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from browser_helpers import browser_page, log_in, served, settled
from test_worklists_in_chromium import USERS, work_for_both

DOCS = Path(__file__).resolve().parents[2] / "docs"


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp, served(Path(tmp), USERS) as url:
        work_for_both(url)
        for name, shot in (("anna", "start-worker-lv.png"), ("ilze", "start-supervisor-lv.png")):
            with browser_page("lv", height=600) as page:
                log_in(page, url, name, "parole-123")
                settled(page)
                page.screenshot(path=str(DOCS / shot), full_page=True)
    print(f"written to {DOCS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
