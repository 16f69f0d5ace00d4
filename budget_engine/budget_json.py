"""A calculated budget written straight as UTF-8 JSON: replay's fast path.

`calculate()` builds `models.Budget` (every part validated) and replay then serialises it;
for a population that is most of a case's time. Here the same `BudgetParts` are written out
directly, field by field in the order of `models.Budget`, and everything that depends only on
the period (reasons, service titles, a support level's summary, the indicative budget) comes
as JSON already rendered from the period's plan. Money is written as `MoneyOut` writes it
(`str(to_cents(x))`), strings with the JSON escaping pydantic uses.

The pieces are UTF-8 bytes, not text: the rendered reasons (Latvian, so not ASCII) are
encoded once, when the plan renders them, and what a case adds (figures, codes, its id) is
encoded as it is written. Joining text and encoding the whole budget afterwards cost a
replay worker 5 µs a case (a 5 KB budget of two-byte characters, encoded character by
character); joining bytes is a copy.

The output must be byte-identical to `Budget.model_dump_json()`: tests/test_fast_path.py
compares the two on thousands of generated cases dated on both sides of every change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar, cast

from pydantic import BaseModel

from .assessment import AssessmentResult
from .budget_parts import BudgetParts
from .explain import Explainer, ReasonLike
from .models import SOURCES, AssessmentSummary, Case, Reason
from .money import ZERO, to_cents
from .plan import Explained, PeriodPlan, quote, utf8
from .rulebook.loader import RuleBook

if TYPE_CHECKING:
    from .allocation import LineWork, RefusedLine

Summarise = Callable[[Case, AssessmentResult, Explainer], AssessmentSummary]
T = TypeVar("T")


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


def model_json(model: BaseModel) -> bytes:
    """What `model.model_dump_json()` writes, before it is decoded to text."""
    return model.__pydantic_serializer__.to_json(model)


def _elements_into(out: list[bytes], items: Sequence[T], write: Callable[[T], None]
                   ) -> None:
    """`write` each of `items` as the elements of a JSON list, a comma between two."""
    for index, item in enumerate(items):
        if index:
            out.append(b",")
        write(item)


def _reasons_into(out: list[bytes], items: list[ReasonLike]) -> None:
    """On the fast path every reason comes from the plan, so each is an `Explained`."""
    out.append(b"[")
    _elements_into(out, items, lambda r: out.append(
        r.json() if isinstance(r, Explained) else model_json(cast(Reason, r))))
    out.append(b"]")


def financing(parts: dict[str, Decimal]) -> str:
    return "{" + ",".join([f'"{source}":{money(parts[source])}' for source in SOURCES]) + "}"


def _line_into(out: list[bytes], item: LineWork, plan: PeriodPlan, book: RuleBook) -> None:
    out.append(plan.shared(("line", item.service),
                           lambda: _line_head(item.service, plan, book)))
    out.append(f'"requested_units":{item.requested},"approved_units":{item.approved},'
               f'"rate":{maybe_money(item.rate)},"monthly_cost":{maybe_money(item.cost)},'
               f'"per":"{book.services[item.service].per}","financing":'
               f'{financing(item.parts)},"reasons":'.encode())
    _reasons_into(out, item.reasons)
    out.append(b"}")


def _line_head(code: str, plan: PeriodPlan, book: RuleBook) -> bytes:
    service = book.services[code]
    return utf8(f'{{"service":{quote(code)},"title":{quote(service.title[plan.lang])},'
                f'"unit":{quote(service.unit)},')


def _refusal_into(out: list[bytes], item: RefusedLine, plan: PeriodPlan, book: RuleBook
                  ) -> None:
    out.append(plan.shared(("refused", item.service), lambda: utf8(
        f'{{"service":{quote(item.service)},'
        f'"title":{quote(book.services[item.service].title[plan.lang])},')))
    out.append(b'"requested_units":%d,"reasons":' % item.requested)
    _reasons_into(out, item.reasons)
    out.append(b"}")


def assessment(parts: BudgetParts, plan: PeriodPlan, summarise: Summarise) -> bytes:
    """The summary depends only on the scores and the language: rendered once for each.
    (The mean item score is the support intensity score over 49: the key leaves it out.)"""
    result, case = parts.result, parts.case
    care_level = case.assessment.care_level if case.assessment else None
    key: tuple[Any, ...] = (
        "assessment", result.source, result.support_intensity_score, result.band_level,
        result.exceptional_medical, result.exceptional_behavioural, result.support_level,
        care_level)
    return plan.shared(key, lambda: model_json(summarise(case, result, plan)))


def budget_json(parts: BudgetParts, plan: PeriodPlan, book: RuleBook, summarise: Summarise,
                end: bytes = b"") -> bytes:
    """The UTF-8 JSON of `_budget(parts, ...)`, written without building the models, and
    then `end` (replay's newline). Every piece goes into one list joined once: joining each
    line, its reasons and then the budget copied a 5 KB budget three or four times."""
    case, allocation, counterfactual = parts.case, parts.allocation, parts.counterfactual
    indicative = parts.indicative
    indicative_json = b"null" if indicative is None else plan.shared(
        ("indicative", indicative.support_level, parts.tier), lambda: model_json(indicative))
    groups = ",".join(f'"{group}"' for group in sorted(parts.groups))
    version = plan.shared("version", lambda: utf8(quote(book.version)))
    out: list[bytes] = [
        b'{"format":1,"case_id":', utf8(quote(case.case_id)),
        f',"calculation_date":"{case.calculation_date.isoformat()}","rules_version":'.encode(),
        version,
        f',"target_groups":[{groups}],"support_level":{number(parts.result.support_level)},'
        f'"rate_tier":{text(parts.tier)},"assessment":'.encode(),
        assessment(parts, plan, summarise), b',"lines":[']
    _elements_into(out, allocation.lines, lambda item: _line_into(out, item, plan, book))
    out.append(b'],"refused":[')
    _elements_into(out, allocation.refused,
                   lambda item: _refusal_into(out, item, plan, book))
    out.append(f'],"proposed_package":{boolean(parts.proposed)},"indicative_budget":'.encode())
    out.append(indicative_json)
    out.append(
        f',"totals":{{"monthly":{money(parts.monthly)},"one_off":{money(parts.one_off)},'
        f'"by_source":{financing(parts.by_source)},"period_months":{parts.period_months},'
        f'"period_total":{money(parts.monthly * parts.period_months + parts.one_off)}}},'
        f'"institutional_counterfactual":{{"monthly_cost":{money(counterfactual.monthly_cost)},'
        f'"state_funded":{boolean(counterfactual.state_funded)},'
        f'"client_contribution":{money(counterfactual.client_contribution)},'
        f'"reasons":'.encode())
    _reasons_into(out, counterfactual.reasons)
    out.append(b'},"warnings":[')
    _elements_into(out, parts.warnings, lambda warning: out.append(model_json(warning)))
    out.append(b"]}")
    out.append(end)
    return b"".join(out)
