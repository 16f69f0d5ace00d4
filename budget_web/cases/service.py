"""Saving and recalculating a case: the steps the pages and the API share.

The pages and the API differ in how they answer (HTML with labels, JSON with field paths);
what a save *is* — calculate with the rules in force, pin that rule book, check the case
is of the user's municipality, store a new case or a new version — is decided once, here.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from flask import current_app

from budget_engine import Budget

from ..rulebooks import CalculatesBudgets, PinnedCalculators
from ..storage import get_store
from .decided import decided_monthly
from .store import CaseVersion, NewVersion

Which = Literal["pinned", "current"]


def calculator() -> CalculatesBudgets:
    """The calculator of the rules in force."""
    found: CalculatesBudgets = current_app.extensions["calculator"]
    return found


def pinned() -> PinnedCalculators:
    found: PinnedCalculators = current_app.extensions["pinned_calculators"]
    return found


def calculate(data: Any, lang: str) -> tuple[dict[str, Any], Budget]:
    """The case as the model reads it, and its budget under the rules in force.

    Raises the engine's `CaseInputError` / `CaseError` / `EngineCrash`: the caller answers
    them in its own way.
    """
    calc = calculator()
    case = calc.parse(data)
    return case.model_dump(mode="json"), calc.calculate(case, lang)


def version_of(case: dict[str, Any], budget: Budget,
               overrides: list[dict[str, Any]] | None = None,
               confirmations: list[dict[str, str]] | None = None) -> NewVersion:
    """What a save stores. The rule book of the budget is stored first (once), pinned.
    `confirmations`: the unusual values the worker confirmed (plausibility.confirmations)."""
    get_store().rulebooks.remember(current_app.extensions["rules"])
    return NewVersion(
        case_id=case["case_id"], municipality=case["person"]["municipality"],
        calculation_date=str(case["calculation_date"]),
        case_json=json.dumps(case, ensure_ascii=False), budget_json=budget.model_dump_json(),
        rules_version=budget.rules_version,
        monthly_total=decided_monthly(budget.model_dump_json(), json.dumps(case),
                                      overrides, 1) if overrides else str(budget.totals.monthly),
        overrides=overrides or [], confirmations=list(confirmations or []))


def with_overrides(row: CaseVersion, overrides: list[dict[str, Any]]) -> NewVersion:
    """A version deciding on the saved budget of `row` with overrides (nothing recalculated:
    the decision is about that budget, under the rules it was calculated with). The cases
    list shows the decided monthly total (§13b). The case is the same, so the values
    confirmed on it go with it, with who confirmed them and when."""
    return NewVersion(
        case_id=row.case_id, municipality=row.municipality,
        calculation_date=row.calculation_date, case_json=row.case_json,
        budget_json=row.budget_json, rules_version=row.rules_version,
        monthly_total=decided_monthly(row.budget_json, row.case_json, overrides,
                                      row.version + 1),
        overrides=overrides, confirmations=row.confirmations)


def recalculate(row: CaseVersion, which: Which, lang: str) -> Budget | None:
    """The saved case calculated again: with the rule book it was saved with (`pinned`:
    the same figures, years later) or with the rules in force. None: the pinned rule book
    is not in the database (it always is for budgets saved since rule books are pinned)."""
    calc = pinned().get(row.rules_version) if which == "pinned" else calculator()
    if calc is None:
        return None
    return calc.calculate(calc.parse(json.loads(row.case_json)), lang)
