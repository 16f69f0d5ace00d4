"""*Lēmuma vēstule* in a real browser (issue 28, item 5): reached from the saved budget, the
draft preview marked MELNRAKSTS, both letters pass axe-core and fit a 390 px phone."""

from __future__ import annotations

from typing import Any

import pytest
from browser_helpers import axe_violations, fill_example_01, save_draft

pytestmark = pytest.mark.browser


def test_the_letter_page_previews_a_draft_accessibly(page: Any) -> None:
    fill_example_01(page)
    page.click("button[value=calculate].primary")
    save_draft(page)
    page.click("a:has-text('Lēmuma vēstule')")
    page.wait_for_url("**/v/1/letter")
    assert page.locator("text=Lejupielādēt PDF").count() == 0
    page.fill("#letter-name", "Jānis Bērziņš")
    page.fill("#letter-address", "Lielā iela 1\nJelgava")
    for easy in (False, True):
        if easy:
            page.check("#letter-easy")
        page.click("button[value=preview]")
        page.wait_for_selector(".letter-preview")
        preview = page.locator(".letter-preview")
        assert "MELNRAKSTS" in preview.inner_text()
        assert ("Ko darīt, ja nepiekrītat?" if easy else "Apstrīdēšanas kārtība") in (
            preview.inner_text())
        assert axe_violations(page) == []
        page.set_viewport_size({"width": 390, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.set_viewport_size({"width": 1280, "height": 900})
