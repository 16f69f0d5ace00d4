"""durable_rules limits: 1024 live sessions, no thread safety. The wrapper must hide both."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor

from budget_engine import RuleBook, calculate, parse_case
from budget_engine.synthetic import synthetic_case


def test_5000_cases_in_a_row_do_not_exhaust_sessions(book: RuleBook) -> None:
    rng = random.Random(11)
    cases = [parse_case(synthetic_case(rng, n)) for n in range(200)]
    budgets = 0
    for n in range(5000):
        budget = calculate(cases[n % len(cases)], book)
        budgets += budget.case_id == cases[n % len(cases)].case_id
    assert budgets == 5000


def test_threads_share_the_engine_safely(book: RuleBook) -> None:
    rng = random.Random(12)
    cases = [parse_case(synthetic_case(rng, n)) for n in range(300)]
    alone = [calculate(c, book).model_dump_json() for c in cases]
    with ThreadPoolExecutor(max_workers=8) as pool:
        together = list(pool.map(lambda c: calculate(c, book).model_dump_json(), cases))
    assert together == alone
