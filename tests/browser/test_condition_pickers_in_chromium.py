"""The condition editor's pickers in Chromium (issue 29, item 2): policy user anna starts a
draft with the home-care rate from 01.01.2026, then changes rule E10's condition with the
pickers only — no YAML typed: a wrong value is refused beside its field in Latvian, the age
is set to 6 and a clause is added by choosing a fact and "jā"; the draft page says the new
condition in words. berzs approves it through the last look, which warns that the rate
reaches back before today. axe-core finds nothing on the editor; it fits 390 px."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_helpers import axe_violations, browser_page, log_in, served

pytestmark = pytest.mark.browser

USERS = {"anna": ("parole-123", "policy"), "berzs": ("parole-456", "policy")}
SAVE = "Pārbaudīt un saglabāt melnrakstā"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    assert Path("/usr/bin/chromium").exists(), "install Debian's chromium (see .ci/run)"
    with served(tmp_path_factory.mktemp("instance"), USERS) as url:
        yield url


def row_of(page: object, fact: str) -> str:
    """The form path of the row whose fact is `fact` (`c-1`)."""
    return str(page.evaluate(  # type: ignore[attr-defined]
        """fact => [...document.querySelectorAll("select[name$='.fact']")]
                   .find(s => s.value === fact).name.replace('.fact', '')""", fact))


def test_a_condition_changed_with_pickers_then_approved_through_the_last_look(
        server: str) -> None:
    with browser_page("lv") as page:
        log_in(page, server, "anna", "parole-123")
        page.goto(f"{server}/rules/edit/parameter/rate.home_care")
        page.get_by_label("Melnraksta nosaukums").fill("Aprūpe bērnam no 6 gadiem")
        page.get_by_label("Spēkā no").fill("01.01.2026")
        page.get_by_label("Vērtība (EUR/h)").fill("4,10")
        page.get_by_role("button", name=SAVE).click()
        page.wait_for_selector("ul.changes")
        draft = re.fullmatch(r".*/rules/drafts/(\d+)", page.url)
        assert draft is not None, page.url

        page.goto(f"{server}/rules/edit/rule/eligibility:E10?draft={draft[1]}")
        page.wait_for_selector("section.condition-editor")
        assert not page.locator("details.yaml-view").get_attribute("open") == ""
        assert not axe_violations(page), axe_violations(page)
        age = row_of(page, "age")
        assert page.locator(f"select[name='{age}.op'] option:checked").inner_text() == "vismaz"
        page.fill(f"input[name='{age}.value']", "pieci")
        page.get_by_role("button", name=SAVE).click()
        error = page.locator(f"[id='err-{age}.value']")
        assert error.inner_text() == ("2. nosacījums, vērtība (personas vecums pilnos gados): "
                                      "Ierakstiet veselu skaitli no 0 līdz 150 (ievadīts: "
                                      "“pieci”).")
        assert page.get_attribute(f"input[name='{age}.value']", "aria-invalid") == "true"
        assert page.input_value(f"input[name='{age}.value']") == "pieci"
        assert "personas vecums" in page.locator("#error-summary").inner_text()
        assert not axe_violations(page), axe_violations(page)

        page.fill(f"input[name='{age}.value']", "6")
        page.get_by_role("button", name="Pievienot nosacījumu").click()
        page.wait_for_selector("[id='row-c-5']")
        assert page.input_value(f"input[name='{age}.value']") == "6"  # kept over the re-render
        page.select_option("select[name='c-5.fact']", label="personai ir GRT diagnoze")
        page.get_by_role("button", name="Rādīt atbilstošos laukus (6. nosacījums)").click()
        page.get_by_label("jā — personai ir GRT diagnoze").check()
        assert not axe_violations(page), axe_violations(page)
        page.set_viewport_size({"width": 390, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.set_viewport_size({"width": 1280, "height": 900})
        page.get_by_role("button", name=SAVE).click()
        page.wait_for_selector("ul.changes")
        changes = page.locator("ul.changes").inner_text()
        assert "E10: nosacījums mainīts" in changes
        assert "personas vecums pilnos gados ir vismaz 6" in page.content()
        assert "personai ir GRT diagnoze" in page.content()
        page.get_by_role("button", name="Iesniegt apstiprināšanai").click()
        page.wait_for_selector("text=iesniegts apstiprināšanai")
        draft_url = page.url
    with browser_page("lv") as page:
        log_in(page, server, "berzs", "parole-456")
        page.goto(draft_url)
        page.get_by_role("button", name="Apstiprināt un publicēt").click()
        page.wait_for_selector("h1:has-text('Pārbaudiet pirms publicēšanas')")
        warning = page.locator("ul.back-dated li").all_inner_texts()
        assert len(warning) == 1 and "no 01.01.2026" in warning[0], warning
        assert "E10: nosacījums mainīts" in page.locator("ul.changes").inner_text()
        assert not axe_violations(page), axe_violations(page)
        page.get_by_role("button", name="Apstiprinu un publicēju").click()
        page.wait_for_selector("text=Tīmekļa lietotne un API rēķina pēc šīs versijas.")


def test_with_javascript_a_value_is_checked_as_typed_and_a_new_fact_gets_its_field(
        server: str) -> None:
    """static/conditions.js: the age's value is checked while typed, with the server's Latvian
    message beside the field (heard through aria-live, tied by aria-describedby); choosing
    another fact re-renders the row without pressing "Rādīt atbilstošos laukus"."""
    with browser_page("lv") as page:
        log_in(page, server, "anna", "parole-123")
        page.goto(f"{server}/rules/edit/rule/eligibility:E10")
        page.wait_for_selector("section.condition-editor")
        age = row_of(page, "age")
        field = page.locator(f"input[name='{age}.value']")
        said = page.locator(f"[id='chk-{age}.value']")
        assert said.get_attribute("aria-live") == "polite"
        for typed in ("pieci", "200"):
            field.fill(typed)
            assert said.inner_text() == ("Ierakstiet veselu skaitli no 0 līdz 150 "
                                         f"(ievadīts: “{typed}”).")
            assert field.get_attribute("aria-invalid") == "true"
            assert field.get_attribute("aria-describedby") == f"chk-{age}.value"
        assert "/rules/edit/rule/" in page.url  # nothing was sent
        assert not axe_violations(page), axe_violations(page)
        field.fill("6")
        assert said.inner_text() == ""
        assert field.get_attribute("aria-invalid") is None

        page.select_option(f"select[name='{age}.fact']", label="personai ir GRT diagnoze")
        yes = page.locator(f"[id='row-{age}']").get_by_label("jā — personai ir GRT diagnoze")
        yes.wait_for()  # the server's row, without the button pressed
        assert page.locator(f"input[name='{age}.value'][type=radio]").count() == 2
        assert page.locator(f"select[name='{age}.op']").count() == 0
        assert not axe_violations(page), axe_violations(page)
