"""The form's helpers in a real browser (issue 11, items 10 and 11): a pasted row of numbers
fills an area's selects, and "add a row" leaves the page where it was."""

from __future__ import annotations

from typing import Any

import pytest
from browser_helpers import fill_example_01

pytestmark = pytest.mark.browser


def grid_row(page: Any, area: str, row: int) -> list[str]:
    return [page.input_value(f"select[name='assessment.items.{area}[{row}][{k}]']")
            for k in range(3)]


def row_unfilled(page: Any, area: str, row: int) -> bool:
    return bool(page.evaluate(
        "name => document.querySelector(`select[name='${name}']`).closest('tr')"
        ".classList.contains('unfilled')", f"assessment.items.{area}[{row}][0]"))


def test_a_pasted_row_of_numbers_fills_the_selects(page: Any) -> None:
    page.check("input[name=assessment_mode][value=items]")
    box = page.locator("#paste-home_living")
    assert box.is_visible()  # shown only with JavaScript, where it works
    assert page.get_attribute("label[for=paste-home_living]", "for") == "paste-home_living"
    # as copied from a spreadsheet: tabs and line ends between the numbers
    box.fill("2\t3\t1\n0\t4\t2\n1 1")
    assert grid_row(page, "home_living", 0) == ["2", "3", "1"]
    assert grid_row(page, "home_living", 1) == ["0", "4", "2"]
    assert grid_row(page, "home_living", 2) == ["1", "1", ""]  # the rest is left to choose
    assert grid_row(page, "home_living", 3) == ["", "", ""]
    assert not row_unfilled(page, "home_living", 0) and not row_unfilled(page, "home_living", 1)
    assert row_unfilled(page, "home_living", 2)  # still one to choose: still marked
    assert grid_row(page, "community_living", 0) == ["", "", ""]  # other areas untouched
    # a number no select offers (0–4) is not forced in: the select keeps its value
    page.locator("#paste-community_living").fill("2 9 1")
    assert grid_row(page, "community_living", 0) == ["2", "", "1"]
    # the extra items have one column, rated 0–2
    page.locator("#paste-medical_items").fill("1 0 2 3")
    values = [page.input_value(f"select[name='assessment.medical_items[{i}]']")
              for i in range(4)]
    assert values == ["1", "0", "2", ""]


@pytest.mark.parametrize("button", ["add_service", "add_maintainer"])
def test_adding_a_row_leaves_the_page_where_it_was(page: Any, button: str) -> None:
    fill_example_01(page)
    add = f"button[value={button}]"
    rows = "input[name$='.units']" if button == "add_service" else \
        "input[name$='.monthly_income'][name^='household.maintainers']"
    before_rows = page.locator(rows).count()
    # the button in the middle of the window, as a worker scrolled to it
    page.evaluate("sel => { const b = document.querySelector(sel);"
                  " window.scrollBy(0, b.getBoundingClientRect().top - 300); }", add)
    top_before = page.evaluate("sel => document.querySelector(sel)"
                               ".getBoundingClientRect().top", add)
    assert 100 < top_before < 800 and page.evaluate("window.scrollY") > 0
    page.click(add)
    page.wait_for_function("([sel, n]) => document.querySelectorAll(sel).length > n",
                           arg=[rows, before_rows])
    page.wait_for_timeout(100)
    top_after = page.evaluate("sel => document.querySelector(sel)"
                              ".getBoundingClientRect().top", add)
    assert abs(top_after - top_before) <= 2, (top_before, top_after)  # no jump
    # the keyboard goes on in the new row, and what was typed is kept
    focused = page.evaluate("document.activeElement.name")
    kind = "service" if button == "add_service" else "relation"
    assert focused.endswith(f"[{before_rows}].{kind}"), focused
    assert page.input_value("input[name=case_id]") == "JELG-2021-0007"
