"""The engine's answers are remembered per distinct situation (decisions.py); these tests
prove the remembered path gives exactly the budgets of asking the engine every time, on
generated cases dated on both sides of every change in the rule book."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from budget_engine import Calculator, CaseError, CaseInputError, RuleBook
from budget_engine.evaluation.synthetic import synthetic_case


def change_dates(book: RuleBook) -> list[dt.date]:
    dates = set(book.parameters.change_dates())
    for rule in book.all_rules():
        dates |= {d for d in (rule.valid_from, rule.valid_to) if d is not None}
    return sorted(d for d in dates if dt.date(2016, 1, 1) <= d <= dt.date(2027, 12, 31))


def dated_cases(book: RuleBook, per_date: int, seed: int) -> list[dict[str, object]]:
    rng = random.Random(seed)
    cases = []
    for change in change_dates(book):
        for on in (change - dt.timedelta(days=1), change):
            cases += [synthetic_case(rng, len(cases), on, services=tuple(book.services))
                      for _ in range(per_date)]
    return cases


@pytest.fixture(scope="module")
def book() -> RuleBook:
    from budget_engine import load_rules
    return load_rules()


def outcome(calculator: Calculator, data: dict[str, object]) -> str:
    try:
        return calculator.calculate(calculator.parse(data)).model_dump_json()
    except (CaseInputError, CaseError) as exc:
        return f"refused: {exc}"


def test_remembered_and_fresh_decisions_give_identical_budgets(book: RuleBook) -> None:
    cases = dated_cases(book, per_date=120, seed=7)
    assert len(cases) >= 2000
    remembered = Calculator(book)
    fresh = Calculator(book, remember_decisions=False)
    calculated = 0
    for data in cases:
        expected = outcome(fresh, data)
        assert outcome(remembered, data) == expected, data["case_id"]
        calculated += not expected.startswith("refused")
    stats = remembered.decisions.stats
    assert calculated > len(cases) * 0.9
    assert stats.hits > stats.misses  # the memo did answer most questions
    assert stats.rechecks > 0 and stats.mismatches == 0
    assert fresh.decisions.stats.hits == 0


def test_a_wrong_remembered_answer_is_caught_by_the_recheck(book: RuleBook) -> None:
    calculator = Calculator(book)
    calculator.decisions.recheck_every = 1  # every reuse is asked again
    data = synthetic_case(random.Random(3), 1, dt.date(2024, 3, 1),
                          services=tuple(book.services))
    data["requested_services"] = [{"service": "home_care", "units": 40}]
    right = outcome(calculator, data)
    memo = calculator.decisions._lines
    assert len(memo) == 1
    key = next(iter(memo))
    memo[key] = ()  # a corrupted answer: no rule applies to the line
    assert outcome(calculator, data) == right
    assert calculator.decisions.stats.mismatches == 1
    assert not calculator.decisions.enabled  # switched off for good, not hidden


def test_ages_and_dates_that_no_rule_tells_apart_share_one_answer(book: RuleBook) -> None:
    calculator = Calculator(book)
    for number, age_days in enumerate((40 * 365, 41 * 365, 52 * 365)):
        data = synthetic_case(random.Random(5), number, dt.date(2024, 3, 1),
                              services=tuple(book.services))
        data["person"]["birth_date"] = (  # type: ignore[index]
            dt.date(2024, 3, 1) - dt.timedelta(days=age_days)).isoformat()
        data["requested_services"] = [{"service": "day_care_centre", "units": 10}]
        outcome(calculator, data)
    assert calculator.decisions.stats.misses == 2  # the case's groups and one line
    assert calculator.decisions.stats.hits == 4
