"""Invariants that must hold for every case, checked on generated cases (hypothesis)."""

from __future__ import annotations

import random
from decimal import Decimal

from engine import calculate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budget_engine import RuleBook, parse_case
from budget_engine.evaluation.synthetic import synthetic_case
from budget_engine.models import SOURCES

CAPS = {"day_care_centre": 23, "group_apartment": 31, "specialised_workshop": 23,
        "respite": 30, "assistant": 100, "home_care": 999}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_budget_invariants(book: RuleBook, seed: int) -> None:
    data = synthetic_case(random.Random(seed), seed % 10_000_000,
                          services=tuple(book.services))
    case = parse_case(data)
    budget = calculate(case, book)
    requested: dict[str, int] = {r.service: r.units for r in case.requested_services}
    monthly = one_off = Decimal("0")
    by_source = dict.fromkeys(SOURCES, Decimal("0"))
    for line in budget.lines:
        parts = [getattr(line.financing, s) for s in SOURCES]
        assert all(p >= 0 for p in parts), line
        if line.monthly_cost is None:
            assert sum(parts) == 0
        else:
            assert sum(parts) == line.monthly_cost  # parts add up exactly to the cost
            assert line.rate is not None
            assert line.monthly_cost == (line.rate * Decimal(line.approved_units)).quantize(
                Decimal("0.01"))
        assert 1 <= line.approved_units <= line.requested_units
        if not budget.proposed_package:
            assert line.requested_units == requested[line.service]
        assert line.approved_units <= CAPS.get(line.service, 999)
        for s in SOURCES:
            by_source[s] += getattr(line.financing, s)
        if line.per == "month":
            monthly += line.monthly_cost or 0
        else:
            one_off += line.monthly_cost or 0
    t = budget.totals
    assert t.monthly == monthly and t.one_off == one_off
    assert {s: getattr(t.by_source, s) for s in SOURCES} == by_source
    assert sum(by_source.values()) == monthly + one_off
    assert t.period_total == monthly * t.period_months + one_off
    assert 1 <= t.period_months <= 12
    served = {ln.service for ln in budget.lines} | {r.service for r in budget.refused}
    if not budget.proposed_package:
        assert served == set(requested)  # nothing dropped silently
    for refusal in budget.refused:
        assert refusal.reasons and all(r.text for r in refusal.reasons)
    # Same case, same budget.
    assert calculate(parse_case(data), book) == budget


def test_state_under_money_follows_the_client_never_exceeds_the_vsac_cost(book: RuleBook
                                                                           ) -> None:
    rng = random.Random(7)
    checked = 0
    for number in range(3000):
        data = synthetic_case(rng, number, services=tuple(book.services))
        if data["residence"]["status"] != "left_vsac" or data["di_project"]:
            continue
        budget = calculate(parse_case(data), book)
        state_f2 = sum((ln.financing.state for ln in budget.lines
                        if ln.service not in ("assistant", "support_person")
                        and not any(r.rule == "F5" and "ERAF" in r.text for r in ln.reasons)
                        and ln.per == "month"), Decimal("0"))
        assert state_f2 <= Decimal("556.20")
        checked += 1
    assert checked > 100
