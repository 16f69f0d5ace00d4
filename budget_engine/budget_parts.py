"""A calculated budget before it is written out: the calculator makes these parts, and
either turns them into models (`calculate()`) or writes them straight as JSON (budget_json,
replay's fast path). Kept apart from both so that neither imports the other.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from .allocation import Allocation
from .assessment import AssessmentResult
from .explain import ReasonLike
from .models import Case, IndicativeBudget, Warning


class BudgetParts:
    """A calculated budget before it is written out: as models (`_budget`, what
    `calculate()` returns) or straight as JSON (budget_json.py, replay's fast path).
    A plain class, not a dataclass: compiled, a dataclass's generated `__init__` stays
    interpreted Python (made once per case, like `CounterfactualParts`)."""

    def __init__(self, case: Case, groups: set[str], result: AssessmentResult,
                 tier: Literal["standard", "intensive"] | None, allocation: Allocation,
                 proposed: bool, indicative: IndicativeBudget | None, monthly: Decimal,
                 one_off: Decimal, by_source: dict[str, Decimal], period_months: int,
                 counterfactual: CounterfactualParts, warnings: list[Warning]) -> None:
        self.case = case
        self.groups = groups
        self.result = result
        self.tier = tier
        self.allocation = allocation
        self.proposed = proposed
        self.indicative = indicative
        self.monthly = monthly
        self.one_off = one_off
        self.by_source = by_source
        self.period_months = period_months
        self.counterfactual = counterfactual
        self.warnings = warnings


class CounterfactualParts:
    def __init__(self, monthly_cost: Decimal, state_funded: bool,
                 client_contribution: Decimal, reasons: list[ReasonLike]) -> None:
        self.monthly_cost = monthly_cost
        self.state_funded = state_funded
        self.client_contribution = client_contribution
        self.reasons = reasons
