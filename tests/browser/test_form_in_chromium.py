"""A real browser fills in the form as a Latvian social worker would, and checks the figures.

Dates are typed `dd.mm.gggg` (and `01091998`), money with a decimal comma, the municipality in
lower case; the adult (worked example 01) is saved, reopened and changed; the child (worked
example 03) has a support plan but no AIS scores, the case where the plan used to be lost.
Then one test (or more) per item 1–4 of issue 11: nothing dropped when a panel is closed
(1), dates (2), numbers (3), every error at once by its label, and an unknown municipality
in a sentence (4); the figures are the engine's, calculated from the same case.
"""

from __future__ import annotations

import json
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from babel.numbers import format_decimal
from browser_helpers import EXE, engine_budget, fill_child_03, fill_example_01, log_in, lv_money

pytestmark = pytest.mark.browser

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"


def lv_number(amount: str) -> str:
    """An amount in a table cell under a EUR header, as a Latvian page writes it."""
    return str(format_decimal(Decimal(amount), format="#,##0.00", locale="lv"))


def example(name: str) -> dict[str, Any]:
    return dict(json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8")))


def engine_totals(name: str) -> dict[str, str]:
    cli = subprocess.run([str(EXE), "calculate", str(EXAMPLES / f"{name}.json")],
                         capture_output=True, text=True, check=True)
    return dict(json.loads(cli.stdout)["totals"])


def test_adult_case_saved_reopened_and_changed(server: str, page: Any,
                                               tmp_path: Path) -> None:
    expected = engine_totals("01-adult-esf-project")
    fill_example_01(page)
    page.click("button[value=calculate].primary")
    page.wait_for_selector("table.budget")
    assert "Pašvaldība: Jelgavas novads" in page.inner_text("p.meta")  # typed lower case
    decision = page.inner_text("section.decision")
    assert lv_money(expected["monthly"]) in decision
    assert lv_money(expected["period_total"]) in decision
    assert "Grupu dzīvoklis" in page.inner_text("table.budget tbody")
    assert "01.03.2021" in page.inner_text("p.meta")
    assert page.locator("svg.chart").count() == 1
    page.click("button:has-text('Saglabāt')")
    page.wait_for_url("**/cases/JELG-2021-0007/v/1")
    # log out, log in, reopen, change a service, recalculate
    page.click("button:has-text('Iziet')")
    log_in(page, server, "anna", "parole-123")
    page.goto(f"{server}/cases?case_id=JELG")
    page.click("text=JELG-2021-0007")
    assert lv_number(expected["monthly"]) in page.inner_text("table.budget tfoot")
    page.click("text=Labot")
    assert page.input_value("input[name='person.birth_date']") == "14.05.1979"
    assert page.input_value("input[name='household.monthly_income']") == "320,00"
    page.fill("input[name='requested_services[1].units']", "10")
    page.click("button[value=calculate].primary")
    page.wait_for_selector("section.compare")
    compare = page.inner_text("section.compare")
    fewer_days = example("01-adult-esf-project")
    fewer_days["requested_services"][1]["units"] = 10
    changed = engine_budget(fewer_days, tmp_path)["totals"]
    assert f"{lv_money(expected['monthly'])} → {lv_money(changed['monthly'])}" in compare


def test_child_with_a_support_plan_and_no_scores_keeps_the_plan(page: Any) -> None:
    expected = engine_totals("03-child-home-care-cap")
    fill_child_03(page)
    page.click("button[value=calculate].primary")
    page.wait_for_selector("section.decision")
    decision = page.inner_text("section.decision")
    assert "Aprūpe mājās" in decision and "Atteikts" not in decision
    assert "pieprasīts 250 h, piešķirts 216 h" in decision  # the cut, in words, first
    assert lv_money(expected["monthly"]) in decision
    assert lv_money(expected["one_off"]) in decision  # respite: once, not in the monthly split
    chart = page.get_attribute("svg.chart", "aria-label")
    assert chart is not None and "Klients" not in chart  # no zero entries
    assert "institūcij" in page.inner_text("section.side-by-side").lower() or \
        "bērn" in page.inner_text("section.side-by-side").lower()


def test_values_in_a_closed_panel_are_asked_about_and_nothing_is_dropped(page: Any) -> None:
    """Item 1: the area totals typed, then "nav izvērtējuma" chosen (the panel closes): the
    form asks, and the totals, the support plan and the assessment date are all still there."""
    fill_example_01(page)
    page.check("input[name=assessment_mode][value=none]")
    assert page.locator("#panel-areas").get_attribute("open") is None  # closed at once
    page.click("button[value=calculate].primary")
    page.wait_for_selector("#error-summary")
    summary = page.inner_text("#error-summary")
    assert "Izvērtējuma veids" in summary and "Ir aizpildītas AIS jomu kopsummas" in summary
    assert page.input_value("input[name='assessment.areas.home_living']") == "40"
    assert page.is_checked("input[name='assessment.support_plan']")
    assert page.input_value("input[name='assessment.assessed_on']") == "10.02.2020"
    assert page.is_checked("input[name=assessment_mode][value=none]")


def test_dates_typed_the_latvian_way(page: Any) -> None:
    field = "input[name='person.birth_date']"
    page.fill(field, "25.04.1988")
    understood = page.locator(f"{field} ~ .hint output.understood")
    assert understood.inner_text() == "saprasts: 1988. gada 25. aprīlis"
    page.fill(field, "12041988")
    assert understood.inner_text() == "saprasts: 1988. gada 12. aprīlis"
    page.fill(field, "1988-04-25")
    assert understood.inner_text() == "saprasts: 1988. gada 25. aprīlis"
    page.fill(field, "5.4.1988")
    assert understood.inner_text() == "saprasts: 1988. gada 5. aprīlis"
    page.fill(field, "30.02.1988")
    assert understood.inner_text() == "tādas dienas nav"
    page.fill(field, "41988")
    page.fill("input[name=case_id]", "X-1")
    page.click("button[value=calculate].primary")
    page.wait_for_selector("#error-summary")
    assert page.input_value(field) == "41988"  # kept as typed
    assert "Rakstiet datumu kā dd.mm.gggg" in page.inner_text("#error-summary")


def test_latvian_numbers(page: Any) -> None:
    fill_example_01(page)
    page.fill("input[name='household.monthly_income']", "1 200,50")
    page.click("button[value=calculate].primary")
    page.wait_for_selector("section.decision")
    page.click("button:has-text('Atpakaļ uz veidlapu')")
    assert page.input_value("input[name='household.monthly_income']") == "1\u00a0200,50"
    page.fill("input[name='household.monthly_income']", "320.50")
    page.click("button[value=calculate].primary")
    page.wait_for_selector("section.decision")
    page.click("button:has-text('Atpakaļ uz veidlapu')")
    assert page.input_value("input[name='household.monthly_income']") == "320,50"
    page.fill("input[name='household.monthly_income']", "1,200")
    page.click("button[value=calculate].primary")
    page.wait_for_selector("#error-summary")
    assert page.input_value("input[name='household.monthly_income']") == "1,200"
    assert "Klienta ienākumi mēnesī, EUR" in page.inner_text("#error-summary")


def test_error_summary_gets_the_focus_and_links_to_fields(page: Any) -> None:
    fill_example_01(page)
    page.fill("input[name='person.birth_date']", "31.02.1979")
    page.fill("input[name='household.monthly_income']", "daudz")
    page.fill("input[name='requested_services[0].units']", "0")
    page.click("button[value=calculate].primary")
    page.wait_for_selector("#error-summary")
    assert page.title().startswith("Kļūda: ")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    links = page.locator("#error-summary a")
    assert links.all_inner_texts() == ["Dzimšanas datums", "Klienta ienākumi mēnesī, EUR",
                                      "Pieprasītais pakalpojums, 1. rinda: vienības"]
    links.nth(1).click()
    assert page.evaluate("document.activeElement.name") == "household.monthly_income"
    assert page.input_value("input[name=case_id]") == "JELG-2021-0007"


def test_a_municipality_that_does_not_exist_is_said_in_a_sentence(page: Any) -> None:
    fill_example_01(page)
    page.fill("input[name=calculation_date]", "01.02.2025")  # the list is checked from 01.07.2021
    page.fill("input[name='person.municipality']", "Atlantīda")
    page.click("button[value=calculate].primary")
    page.wait_for_selector("#error-summary")
    assert "Pašvaldība: 01.02.2025 nebija pašvaldības ar nosaukumu “Atlantīda”: izvēlieties " \
           "to no saraksta." in page.inner_text("#error-summary")
    assert page.input_value("input[name='person.municipality']") == "Atlantīda"
