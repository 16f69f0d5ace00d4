"""A calculated budget written straight as JSON: replay's fast path.

`calculate()` builds `models.Budget` (every part validated) and replay then serialises it;
for a population that is most of a case's time. Here the same `BudgetParts` are written out
directly, field by field in the order of `models.Budget`, and everything that depends only on
the period (reasons, service titles, a support level's summary, the indicative budget) comes
as JSON already rendered from the period's plan. Money is written as `MoneyOut` writes it
(`str(to_cents(x))`), strings with the JSON escaping pydantic uses.

The output must be byte-identical to `Budget.model_dump_json()`: tests/test_fast_path.py
compares the two on thousands of generated cases dated on both sides of every change.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from .assessment import AssessmentResult
from .explain import Explainer, ReasonLike
from .models import SOURCES, AssessmentSummary, Case, Reason
from .money import ZERO, to_cents
from .plan import Explained, PeriodPlan, quote
from .rulebook.loader import RuleBook

if TYPE_CHECKING:
    from .allocation import LineWork, RefusedLine
    from .calculator import BudgetParts

Summarise = Callable[[Case, AssessmentResult, Explainer], AssessmentSummary]


def money(amount: Decimal) -> str:
    # Most parts of most lines are the untouched ZERO ("0.00"): no rounding needed for it.
    return '"0.00"' if amount is ZERO else f'"{to_cents(amount)}"'


def maybe_money(amount: Decimal | None) -> str:
    return "null" if amount is None else money(amount)


def number(value: int | None) -> str:
    return "null" if value is None else str(value)


def text(value: str | None) -> str:
    return "null" if value is None else quote(value)


def boolean(value: bool) -> str:
    return "true" if value else "false"


def reasons(items: list[ReasonLike]) -> str:
    """On the fast path every reason comes from the plan, so each is an `Explained`."""
    return "[" + ",".join(r.json() if isinstance(r, Explained)
                          else cast(Reason, r).model_dump_json() for r in items) + "]"


def financing(parts: dict[str, Decimal]) -> str:
    return "{" + ",".join([f'"{source}":{money(parts[source])}' for source in SOURCES]) + "}"


def line(item: LineWork, plan: PeriodPlan, book: RuleBook) -> str:
    head = plan.shared(("line", item.service), lambda: _line_head(item.service, plan, book))
    return (f'{head}"requested_units":{item.requested},"approved_units":{item.approved},'
            f'"rate":{maybe_money(item.rate)},"monthly_cost":{maybe_money(item.cost)},'
            f'"per":"{book.services[item.service].per}","financing":{financing(item.parts)},'
            f'"reasons":{reasons(item.reasons)}}}')


def _line_head(code: str, plan: PeriodPlan, book: RuleBook) -> str:
    service = book.services[code]
    return (f'{{"service":{quote(code)},"title":{quote(service.title[plan.lang])},'
            f'"unit":{quote(service.unit)},')


def refusal(item: RefusedLine, plan: PeriodPlan, book: RuleBook) -> str:
    head = plan.shared(("refused", item.service), lambda: (
        f'{{"service":{quote(item.service)},'
        f'"title":{quote(book.services[item.service].title[plan.lang])},'))
    return f'{head}"requested_units":{item.requested},"reasons":{reasons(item.reasons)}}}'


def assessment(parts: BudgetParts, plan: PeriodPlan, summarise: Summarise) -> str:
    """The summary depends only on the scores and the language: rendered once for each.
    (The mean item score is the support intensity score over 49: the key leaves it out.)"""
    result, case = parts.result, parts.case
    care_level = case.assessment.care_level if case.assessment else None
    key: tuple[Any, ...] = (
        "assessment", result.source, result.support_intensity_score, result.band_level,
        result.exceptional_medical, result.exceptional_behavioural, result.support_level,
        care_level)
    return plan.shared(key, lambda: summarise(case, result, plan).model_dump_json())


def budget_json(parts: BudgetParts, plan: PeriodPlan, book: RuleBook, summarise: Summarise
                ) -> str:
    """The JSON text of `_budget(parts, ...)`, written without building the models."""
    case, allocation, counterfactual = parts.case, parts.allocation, parts.counterfactual
    indicative = parts.indicative
    indicative_json = "null" if indicative is None else plan.shared(
        ("indicative", indicative.support_level, parts.tier), indicative.model_dump_json)
    groups = ",".join(f'"{group}"' for group in sorted(parts.groups))
    return "".join((
        f'{{"format":1,"case_id":{quote(case.case_id)},'
        f'"calculation_date":"{case.calculation_date.isoformat()}",'
        f'"rules_version":{plan.shared("version", lambda: quote(book.version))},'
        f'"target_groups":[{groups}],"support_level":{number(parts.result.support_level)},'
        f'"rate_tier":{text(parts.tier)},"assessment":{assessment(parts, plan, summarise)},',
        '"lines":[', ",".join(line(item, plan, book) for item in allocation.lines),
        '],"refused":[', ",".join(refusal(item, plan, book) for item in allocation.refused),
        f'],"proposed_package":{boolean(parts.proposed)},"indicative_budget":{indicative_json},'
        f'"totals":{{"monthly":{money(parts.monthly)},"one_off":{money(parts.one_off)},'
        f'"by_source":{financing(parts.by_source)},"period_months":{parts.period_months},'
        f'"period_total":{money(parts.monthly * parts.period_months + parts.one_off)}}},'
        f'"institutional_counterfactual":{{"monthly_cost":{money(counterfactual.monthly_cost)},'
        f'"state_funded":{boolean(counterfactual.state_funded)},'
        f'"client_contribution":{money(counterfactual.client_contribution)},'
        f'"reasons":{reasons(counterfactual.reasons)}}},"warnings":[',
        ",".join(w.model_dump_json() for w in parts.warnings), "]}"))
