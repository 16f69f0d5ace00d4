"""The rule editor in Chromium, typed in Latvian: policy user anna opens the home-care rate,
chooses "Mainīt", types a broken value and sees it refused next to the field with what she
typed, corrects it to `4,10` from `01.01.2026`, submits; berzs approves it; the versions and
diff pages say so, berzs approving through the last look, which warns that the value
reaches back before today. axe-core finds nothing on any of these pages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_helpers import axe_violations, browser_page, log_in, served

pytestmark = pytest.mark.browser

USERS = {"anna": ("parole-123", "policy"), "berzs": ("parole-456", "policy")}


#: The draft's one change, in words (issue 29: the title, Latvian money and dates).
HOME_CARE_CHANGE = ("Aprūpe mājās – stundas tarifs (rate.home_care): 3,83\u00a0€/h → "
                    "4,10\u00a0€/h no 01.01.2026")


@pytest.fixture(scope="module")

def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    assert Path("/usr/bin/chromium").exists(), "install Debian's chromium (see .ci/run)"
    with served(tmp_path_factory.mktemp("instance"), USERS) as url:
        yield url


def test_the_editor_typed_in_latvian_then_approved_by_a_second_user(server: str) -> None:
    with browser_page("lv") as page:
        log_in(page, server, "anna", "parole-123")
        page.goto(f"{server}/rules/parameter/rate.home_care")
        page.get_by_role("link", name="Mainīt", exact=True).click()
        page.wait_for_selector("form.rule-edit")
        assert page.input_value("input[name=value]") == "3,83"
        assert not axe_violations(page), axe_violations(page)
        page.get_by_label("Melnraksta nosaukums").fill("Aprūpe mājās 2026")
        page.get_by_label("Spēkā no").fill("01.01.2026")
        page.get_by_label("Vērtība (EUR/h)").fill("4,1x")
        page.get_by_label("Tiesību akts, kas to nosaka").fill("MK noteikumi Nr. 800")
        page.get_by_role("button", name="Pārbaudīt un saglabāt melnrakstā").click()
        error = page.locator("#err-value")
        assert error.inner_text().startswith("Vērtība (EUR/h): Rakstiet summu")
        assert page.input_value("input[name=value]") == "4,1x"
        assert page.input_value("input[name=label]") == "Aprūpe mājās 2026"
        assert page.get_attribute("input[name=value]", "aria-invalid") == "true"
        assert not axe_violations(page), axe_violations(page)
        page.get_by_label("Vērtība (EUR/h)").fill("4,10")
        page.get_by_role("button", name="Pārbaudīt un saglabāt melnrakstā").click()
        page.wait_for_selector("ul.changes")
        assert page.locator("ul.changes li").all_inner_texts() == [HOME_CARE_CHANGE]
        impact = page.get_by_role("link", name="Ietekme", exact=False)
        assert impact.get_attribute("href", timeout=2000).endswith("/impact")
        assert not axe_violations(page), axe_violations(page)
        page.get_by_role("button", name="Iesniegt apstiprināšanai").click()
        page.wait_for_selector("text=iesniegts apstiprināšanai")
        draft_url = page.url
    with browser_page("lv") as page:
        log_in(page, server, "berzs", "parole-456")
        page.goto(draft_url)
        page.get_by_label("Komentārs").fill("Pārbaudīts.")
        page.get_by_role("button", name="Apstiprināt un publicēt").click()
        page.wait_for_selector("h1:has-text('Pārbaudiet pirms publicēšanas')")
        warning = page.locator("ul.back-dated li").all_inner_texts()
        assert len(warning) == 1, warning
        assert re.fullmatch(r"Aprūpe mājās – stundas tarifs \(rate\.home_care\): no 01\.01\.2026"
                            r" — (\d+ mēneš\w+ atpakaļ|šajā mēnesī): 0 saglabātie budžeti "
                            r"šajā periodā mainīsies pēc pārrēķina", warning[0]), warning
        assert page.locator("ul.changes li").all_inner_texts() == [HOME_CARE_CHANGE]
        assert page.input_value("textarea[name=comment]") == "Pārbaudīts."
        assert not axe_violations(page), axe_violations(page)
        page.set_viewport_size({"width": 390, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.get_by_role("button", name="Apstiprinu un publicēju").click()
        page.wait_for_selector("text=Tīmekļa lietotne un API rēķina pēc šīs versijas.")
        page.get_by_role("link", name="Noteikumu versijas").first.click()
        rows = page.locator("table.list tbody tr")
        assert "Aprūpe mājās 2026 (spēkā)" in rows.first.inner_text()
        assert "anna" in rows.first.inner_text() and "berzs" in rows.first.inner_text()
        assert not axe_violations(page), axe_violations(page)
        page.get_by_role("button", name="Salīdzināt").click()
        assert page.locator("ul.changes li").all_inner_texts() == [HOME_CARE_CHANGE]
        assert not axe_violations(page), axe_violations(page)
        page.goto(f"{server}/rules/workbook")
        page.wait_for_selector("h1:has-text('Parametri Excel darbgrāmatā')")
        assert not axe_violations(page), axe_violations(page)
        page.set_viewport_size({"width": 390, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
