"""The decided budget (domain.md §13b), checked on generated cases and overrides (hypothesis):
every decided euro has a payer, the EU fund and the state never pay more than for the
computed line, and an override equal to the computed figures changes nothing."""

from __future__ import annotations

import json
import random
from decimal import Decimal
from pathlib import Path

import pytest
from engine import calculate
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from budget_engine import (
    Budget,
    Override,
    OverrideError,
    RuleBook,
    decided_budget,
    parse_case,
    uncosted_lines,
)
from budget_engine.evaluation.synthetic import synthetic_case
from budget_engine.models import SOURCES

PUBLIC = ("esf", "state")  # the EU fund and the state (F1, F2, F4-F7)
CENT = Decimal("0.01")


def _budget_with_lines(book: RuleBook, seed: int) -> tuple[Budget, object]:
    data = synthetic_case(random.Random(seed), seed % 10_000_000,
                          services=tuple(book.services))
    case = parse_case(data)
    budget = calculate(case, book)
    return budget, case


def _check_sums(budget: Budget) -> None:
    monthly = one_off = Decimal("0")
    by_source = dict.fromkeys(SOURCES, Decimal("0"))
    for line in budget.lines:
        parts = [getattr(line.financing, s) for s in SOURCES]
        assert all(p >= 0 for p in parts), line
        assert sum(parts) == (line.monthly_cost or 0), line  # every euro has a payer
        for s in SOURCES:
            by_source[s] += getattr(line.financing, s)
        if line.per == "month":
            monthly += line.monthly_cost or 0
        else:
            one_off += line.monthly_cost or 0
    t = budget.totals
    assert (t.monthly, t.one_off) == (monthly, one_off)
    assert {s: getattr(t.by_source, s) for s in SOURCES} == by_source
    assert sum(by_source.values()) == monthly + one_off
    assert t.period_total == monthly * t.period_months + one_off


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**32 - 1), data=st.data())
def test_every_decided_euro_has_a_payer_and_the_state_pays_no_more(book: RuleBook, seed: int,
                                                                    data: st.DataObject
                                                                    ) -> None:
    computed, case = _budget_with_lines(book, seed)
    assume(computed.lines)
    chosen = data.draw(st.lists(st.sampled_from(computed.lines), min_size=1, unique_by=lambda
                                line: line.service))
    overrides = []
    for line in chosen:
        amount = data.draw(st.decimals(min_value=0, max_value=5000, places=2,
                                       allow_nan=False, allow_infinity=False))
        units = data.draw(st.none() | st.integers(min_value=1, max_value=300))
        overrides.append(Override(service=line.service, units=units, amount=amount,
                                  justification="pamatojums"))
    decided = decided_budget(computed, overrides, book, case)  # type: ignore[arg-type]
    _check_sums(decided)
    by_service = {o.service: o for o in overrides}
    before = {line.service: line for line in computed.lines}
    for line in decided.lines:
        was = before[line.service]
        if line.service in by_service:
            assert line.monthly_cost == by_service[line.service].amount
        for source in PUBLIC:  # never more than for the computed line
            assert getattr(line.financing, source) <= getattr(was.financing, source)
        if line.monthly_cost is not None and was.monthly_cost is not None and \
                line.monthly_cost >= was.monthly_cost:
            for source in PUBLIC:  # above the computed amount, the fund and state unchanged
                assert getattr(line.financing, source) == getattr(was.financing, source)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_an_override_equal_to_the_computed_figures_gives_the_computed_budget(
        book: RuleBook, seed: int) -> None:
    computed, case = _budget_with_lines(book, seed)
    same = [Override(service=line.service, units=line.approved_units,
                     amount=line.monthly_cost, justification="tas pats")
            for line in computed.lines if line.monthly_cost is not None]
    decided = decided_budget(computed, same, book, case)  # type: ignore[arg-type]
    assert decided.totals == computed.totals
    for line, was in zip(decided.lines, computed.lines, strict=True):
        assert (line.approved_units, line.monthly_cost, line.financing) == (
            was.approved_units, was.monthly_cost, was.financing)
    assert decided_budget(computed, [], book, case).model_dump(  # type: ignore[arg-type]
        exclude={"lines": {"__all__": {"reasons"}}}) == computed.model_dump(
        exclude={"lines": {"__all__": {"reasons"}}})


def _home_care_case(income: str) -> dict[str, object]:
    return {
        "format": 1, "case_id": "DEC-1", "calculation_date": "2025-03-01",
        "person": {"birth_date": "1970-01-01", "municipality": "Rīga",
                   "disability_group": "II", "diagnoses": ["F71"]},
        "household": {"monthly_income": income},
        "assessment": {"assessed_on": "2025-01-10", "support_plan": True, "care_level": 2},
        "requested_services": [{"service": "home_care", "units": 20},
                               {"service": "day_care_centre", "units": 10}],
    }


def test_a_decision_below_the_computed_amount_cuts_the_municipality_first(book: RuleBook
                                                                          ) -> None:
    case = parse_case(_home_care_case("0"))
    computed = calculate(case, book)
    line = next(ln for ln in computed.lines if ln.service == "home_care")
    assert line.monthly_cost is not None and line.financing.municipality == line.monthly_cost
    cut = line.monthly_cost - Decimal("10.00")
    decided = decided_budget(computed, [Override(service="home_care", amount=cut,
                                                 justification="x", reference="v2 #1")],
                             book, case)
    got = next(ln for ln in decided.lines if ln.service == "home_care")
    assert got.financing.municipality == cut and got.financing.state == 0
    assert decided.totals.monthly == computed.totals.monthly - Decimal("10.00")
    assert any("v2 #1" in r.text and r.rule == "§13b" for r in got.reasons)
    assert not any("x" == r.text for r in got.reasons)  # the justification stays out


def test_an_added_amount_is_co_payable_by_a_client_with_income(book: RuleBook) -> None:
    case = parse_case(_home_care_case("1000"))
    computed = calculate(case, book)
    line = next(ln for ln in computed.lines if ln.service == "home_care")
    assert line.monthly_cost is not None
    more = line.monthly_cost + Decimal("50.00")
    decided = decided_budget(computed, [Override(service="home_care", amount=more)], book, case)
    got = next(ln for ln in decided.lines if ln.service == "home_care")
    # the client's capacity (1 000 - the needy threshold) covers the added 50 € too
    assert got.financing.client == line.financing.client + Decimal("50.00")
    assert got.financing.state == line.financing.state


def test_units_zero_removes_the_line_and_bad_overrides_name_their_field(book: RuleBook
                                                                       ) -> None:
    case = parse_case(_home_care_case("0"))
    computed = calculate(case, book)
    decided = decided_budget(computed, [Override(service="home_care", units=0)], book, case)
    assert [ln.service for ln in decided.lines] == ["day_care_centre"]
    assert "home_care" in [r.service for r in decided.refused]
    with pytest.raises(OverrideError) as caught:
        decided_budget(computed, [Override(service="home_care", units=3),
                                  Override(service="respite", amount=Decimal(1))], book, case)
    assert caught.value.field == "overrides[1].service"
    assert uncosted_lines(computed) == []


def _example(name: str) -> dict[str, object]:
    path = Path(__file__).parent / "data" / "examples" / f"{name}.json"
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return data


def test_a_line_decided_with_an_amount_loses_its_no_rate_warning(book: RuleBook) -> None:
    """Issue 27: "no rate in force" speaks of a line with no price; once the worker decided
    an amount (or removed the line) it no longer holds. Deciding another line keeps it."""
    case = parse_case(_example("02-adult-left-vsac-money-follows"))
    computed = calculate(case, book)
    unpriced = uncosted_lines(computed)
    assert [w.code for w in computed.warnings] == ["no_rate"] and unpriced
    other = next(ln for ln in computed.lines if ln.monthly_cost is not None)
    kept = decided_budget(computed, [Override(service=other.service, amount=Decimal("5.00"))],
                          book, case)
    assert kept.warnings == computed.warnings
    for override in (Override(service=unpriced[0].service, units=2, amount=Decimal("40.00")),
                     Override(service=unpriced[0].service, units=0)):
        decided = decided_budget(computed, [override], book, case)
        assert uncosted_lines(decided) == unpriced[1:]
        assert [w.code for w in decided.warnings] == ["no_rate"] * len(unpriced[1:])


def test_warnings_of_the_case_stay_on_the_decided_budget(book: RuleBook) -> None:
    case = parse_case(_example("05-no-support-plan"))
    computed = calculate(case, book)
    assert "reassessment_due" in [w.code for w in computed.warnings]
    line = computed.lines[0]
    decided = decided_budget(computed, [Override(service=line.service, units=0)], book, case)
    assert decided.warnings == computed.warnings


def test_the_indicative_budget_warning_is_judged_on_the_decided_total(book: RuleBook) -> None:
    data = _example("04-community-adult-copayment")
    case = parse_case(data)
    computed = calculate(case, book)
    assert computed.indicative_budget is not None and computed.indicative_budget.monthly
    assert "over_indicative_budget" not in [w.code for w in computed.warnings]
    more = decided_budget(computed, [Override(service="home_care", amount=Decimal("2000.00"))],
                          book, case)
    over = [w for w in more.warnings if w.code == "over_indicative_budget"]
    assert len(over) == 1 and more.totals.monthly > computed.indicative_budget.monthly * 2
    text = over[0].text.replace("\xa0", "").replace(" ", "")  # whatever the digit grouping
    monthly = f"{more.totals.monthly:.2f}"
    assert monthly.replace(".", ",") in text or monthly in text

    data["requested_services"] = [{"service": "home_care", "units": 160},
                                  {"service": "day_care_centre", "units": 20}]
    case = parse_case(data)
    computed = calculate(case, book)
    assert "over_indicative_budget" in [w.code for w in computed.warnings]
    less = decided_budget(computed, [Override(service="home_care", units=10)], book, case)
    assert less.totals.monthly < computed.indicative_budget.monthly  # type: ignore[union-attr]
    assert "over_indicative_budget" not in [w.code for w in less.warnings]
