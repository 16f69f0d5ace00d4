"""durable_rules limits: 1024 live sessions, no thread safety. The wrapper must hide both."""

from __future__ import annotations

import random
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from engine import calculate

from budget_engine import RuleBook, load_rules, parse_case
from budget_engine.synthetic import synthetic_case


@pytest.mark.slow
def test_5000_cases_in_a_row_do_not_exhaust_sessions(book: RuleBook) -> None:
    rng = random.Random(11)
    cases = [parse_case(synthetic_case(rng, n, services=tuple(book.services))) for n in range(200)]
    budgets = 0
    for n in range(5000):
        budget = calculate(cases[n % len(cases)], book)
        budgets += budget.case_id == cases[n % len(cases)].case_id
    assert budgets == 5000


def test_threads_share_the_engine_safely(book: RuleBook) -> None:
    rng = random.Random(12)
    cases = [parse_case(synthetic_case(rng, n, services=tuple(book.services))) for n in range(300)]
    alone = [calculate(c, book).model_dump_json() for c in cases]
    with ThreadPoolExecutor(max_workers=8) as pool:
        together = list(pool.map(lambda c: calculate(c, book).model_dump_json(), cases))
    assert together == alone


def test_two_rule_books_in_one_process_keep_their_own_rules(tmp_path: Path) -> None:
    """Rulesets of different rule files never get mixed up in the shared engine."""
    source = load_rules().directory
    target = tmp_path / "rules"
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
    eligibility = target / "eligibility.yaml"
    text = eligibility.read_text(encoding="utf-8")
    eligibility.write_text(text.replace("when: {adult_grt: true}", "when: {adult_grt: false}", 1),
                           encoding="utf-8")
    changed, shipped = load_rules(target), load_rules(source)
    case = parse_case({
        "format": 1, "case_id": "TWO-1", "calculation_date": "2025-03-01",
        "person": {"birth_date": "1980-01-01", "municipality": "Rīga",
                   "disability_group": "II", "diagnoses": ["F20"]},
        "household": {"needy_status": True},
        "assessment": {"assessed_on": "2025-01-01", "support_plan": True, "care_level": 2},
        "requested_services": [{"service": "group_apartment", "units": 30}]})
    for _ in range(3):
        assert [r.service for r in calculate(case, changed).refused] == ["group_apartment"]
        assert [ln.service for ln in calculate(case, shipped).lines] == ["group_apartment"]


def test_ruleset_identity_covers_rules_applied_without_matching(tmp_path: Path) -> None:
    """A cap made valid from 2024-01-01: dates on both sides, in both orders, each right."""
    from budget_engine import Calculator

    target = tmp_path / "rules"
    shutil.copytree(load_rules().directory, target, ignore=shutil.ignore_patterns("__pycache__"))
    eligibility = target / "eligibility.yaml"
    text = eligibility.read_text(encoding="utf-8")
    old = "    then: {cap: cap.day_care_centre, per: month}"
    assert old in text
    eligibility.write_text(text.replace(old, old + "\n    valid_from: 2024-01-01"),
                           encoding="utf-8")
    book = load_rules(target)

    def approved(calculator: Calculator, date: str) -> int:
        case = parse_case({
            "format": 1, "case_id": "ID-1", "calculation_date": date,
            "person": {"birth_date": "1980-01-01", "municipality": "Rīga",
                       "disability_group": "II", "diagnoses": ["F20"]},
            "household": {"needy_status": True},
            "assessment": {"assessed_on": "2023-01-01", "support_plan": True, "care_level": 2},
            "requested_services": [{"service": "day_care_centre", "units": 30}]})
        return calculator.calculate(case).lines[0].approved_units

    for order in (("2023-06-01", "2024-06-01"), ("2024-06-01", "2023-06-01")):
        calculator = Calculator(book)
        seen = {date: approved(calculator, date) for date in order}
        assert seen == {"2023-06-01": 30, "2024-06-01": 23}, order
