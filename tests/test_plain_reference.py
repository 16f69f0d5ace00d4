"""The plain-Python speed yardstick (benchmarks/plain_reference.py) still computes what the
engine computes: same target groups, support level, lines, refusals and totals. Without this
check the yardstick could drift from the rules and the speed ratio would compare two
different calculations."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import random
import sys
from pathlib import Path
from types import ModuleType

import pytest
from engine import CALCULATORS
from examples_data import example_case, example_names

from budget_engine import CaseInputError, RuleBook
from budget_engine.evaluation.synthetic import synthetic_case

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "plain_reference.py"


@pytest.fixture(scope="module")
def plain() -> ModuleType:
    spec = importlib.util.spec_from_file_location("plain_reference", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def _report(disagreements: list[tuple[str, list[str]]]) -> str:
    return "\n".join(f"{case_id}: {'; '.join(fields[:4])}"
                     for case_id, fields in disagreements[:5])


def test_agrees_with_the_engine_on_generated_cases(plain: ModuleType, book: RuleBook) -> None:
    # 1,000 rather than 300: at 300 no case has both a F5/F6 state part and F2 reaching the
    # VSAC cap, so a slip there would pass; 1,000 cases take about half a second.
    cases = plain.generated_cases(1000, 1)
    disagreements = plain.agreement(cases, book, CALCULATORS.of(book))
    assert not disagreements, _report(disagreements)


def test_agrees_across_parameter_periods(plain: ModuleType, book: RuleBook) -> None:
    """Dates from 2016 on: the needy threshold of 2010, no low-income threshold before 2021,
    the assistant's rates, the support person's pilot and its later starts."""
    calculator = CALCULATORS.of(book)
    rng = random.Random(11)
    cases = []
    for number in range(300):
        on = dt.date(2016, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 11))
        data = synthetic_case(rng, number, on, services=tuple(book.services))
        try:  # a fixed date may make a drawn case invalid (placed after the date)
            calculator.parse(data)
        except CaseInputError:
            continue
        cases.append(json.dumps(data, default=str))
    assert len(cases) > 250
    disagreements = plain.agreement(cases, book, calculator)
    assert not disagreements, _report(disagreements)


def test_agrees_on_the_worked_examples(plain: ModuleType, book: RuleBook) -> None:
    cases = [json.dumps(example_case(name), ensure_ascii=False) for name in example_names()]
    disagreements = plain.agreement(cases, book, CALCULATORS.of(book))
    assert not disagreements, _report(disagreements)


def test_a_difference_is_reported(plain: ModuleType, book: RuleBook) -> None:
    calculator = CALCULATORS.of(book)
    data = example_case(example_names()[0])
    engine = calculator.calculate(calculator.parse(data)).model_dump(mode="json")
    ours = plain.PlainReference(book).budget(data)
    assert plain.differences(ours, engine) == []
    ours["lines"][0]["financing"]["state"] += 1
    assert [d.split(":")[0] for d in plain.differences(ours, engine)] == [
        f"lines[0]({ours['lines'][0]['service']}).financing.state"]


def test_reference_rate_is_cases_per_second(plain: ModuleType, book: RuleBook) -> None:
    assert plain.reference_rate(plain.generated_cases(20, 2), book) > 0
