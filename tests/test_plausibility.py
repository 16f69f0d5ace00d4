"""Implausible money facts are never a silent pass (issue 27, item 4): an income above the
bound of rules/parameters/plausibility.yaml, or a DI enrolment before the programme began,
is calculated with a warning naming it; values inside the bounds give none."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from engine import parse_and_calculate

from budget_engine import RuleBook

EXAMPLES = Path(__file__).parent / "data" / "examples"


def example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / f"{name}.json").read_text("utf-8"))
    return data


def codes(data: dict[str, Any], lang: str = "lv") -> dict[str, str]:
    return {w.code: w.text for w in parse_and_calculate(data, lang=lang).warnings}


def test_the_bounds_come_from_the_rules(book: RuleBook) -> None:
    params = book.parameters.parameters
    assert "plausibility.monthly_income_max" in params
    assert "plausibility.di_enrolment_from" in params


@pytest.mark.parametrize("income", ["1000000", "20000.01"])
def test_a_client_income_above_the_bound_is_warned(income: str) -> None:
    data = example("01-adult-esf-project")
    data["household"]["monthly_income"] = income
    warned = codes(data)
    assert "implausible_income" in warned
    # the bound in Latvian form (a no-break space groups the thousands)
    text = warned["implausible_income"]
    assert "klienta" in text and "20\xa0000 €" in text
    assert "implausible_income" not in codes(example("01-adult-esf-project"))


def test_the_bound_itself_and_a_maintainer_above_it() -> None:
    data = example("02-adult-left-vsac-money-follows")
    data["household"]["monthly_income"] = "20000.00"
    assert "implausible_income" not in codes(data)
    data["household"]["maintainers"] = [{"relation": "child", "monthly_income": "50000"}]
    text = codes(data, "en")["implausible_income"]
    assert "maintainers" in text and "50000" in text


def test_an_enrolment_before_the_programme_is_warned() -> None:
    data = example("01-adult-esf-project")
    early = copy.deepcopy(data)
    early["di_project"] = {"enrolled_on": "1990-01-01"}
    warned = codes(early)
    assert "implausible_enrolment" in warned and "01.01.1990" in warned["implausible_enrolment"]
    assert "implausible_enrolment" not in codes(data)
