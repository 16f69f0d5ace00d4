"""The decided budget: a computed budget with a caseworker's overrides, every euro with a payer.

domain.md §13b: the EU fund and the state (F1, F2, F5-F7) never pay more for a line than they
pay for the computed line; what a decision adds above the computed amount is the
municipality's (F3) and co-payable under P1-P5 like any F3 line; a decision below the
computed amount reduces the municipality's part first, then the state's, then the fund's.

It is derived from the *saved* computed budget (not by calculating the case again), so the
rule book of the day cannot change what was computed; the co-payments are taken again by the
allocation code (`Allocator.copay`), with the co-payment rules that the computed budget shows
applied to each line, because one override changes what the client has left for the lines
after it (P4).

The override's justification text is deliberately not copied into the budget: the budget
goes to the API, the CSV and (pseudonymised) to policy staff's impact runs, where §13b says
the justification must not be shown. A line's explanation names the override's `reference`
instead; the text stays with the saved case, behind its access check.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Annotated, cast

from pydantic import BaseModel, ConfigDict, Field

from ..allocation import Allocator, LineWork
from ..explain import ExplainCaches, Explainer, percent
from ..models import (
    SOURCES,
    Budget,
    Case,
    Financing,
    Line,
    Reason,
    Refusal,
    Totals,
    Warning,
)
from ..money import ZERO, line_cost, take
from ..rulebook.loader import Rule, RuleBook

#: The rule id a decided line's explanation carries (no rule of the book has it).
DECIDED_RULE = "§13b"


class Override(BaseModel):
    """A caseworker's decision on one line: other units, another monthly amount, or both.

    Units 0 removes the line. `reference` is what the line's explanation names in place of
    the justification (e.g. "3. versija, 1. lēmums"); the justification itself stays out.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    service: str
    units: Annotated[int, Field(ge=0, le=100_000)] | None = None
    amount: Annotated[Decimal, Field(ge=0, le=Decimal("1000000"), decimal_places=2)] | None = None
    justification: str = ""
    reference: str = ""


class OverrideError(ValueError):
    """An override that cannot be applied, naming its field (`overrides[1].amount`)."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(f"{field}: {message}")


def uncosted_lines(budget: Budget) -> list[Line]:
    """The granted lines without a price (no rate in force): they count as nothing in the
    totals and a budget with one cannot be submitted for approval until it is decided."""
    return [line for line in budget.lines if line.monthly_cost is None]


def decided_budget(computed: Budget, overrides: Sequence[Override], book: RuleBook,
                   case: Case, lang: str = "lv") -> Budget:
    """The decided budget of format 1: lines as decided, payers per §13b, co-payments taken
    again under P1-P5, totals; each changed line's explanation says a worker decided it.

    `case` is the saved case the budget was computed from (its incomes set what the client
    and the maintainers can pay). With no overrides the computed budget comes back equal.
    """
    lines = {line.service: line for line in computed.lines}
    by_service: dict[str, tuple[int, Override]] = {}
    for index, override in enumerate(overrides):
        line = lines.get(override.service)
        if line is None:
            raise OverrideError(f"overrides[{index}].service",
                                f"no line {override.service!r} in the budget")
        if override.service in by_service:
            raise OverrideError(f"overrides[{index}].service", "the line is decided twice")
        if override.units is None and override.amount is None:
            raise OverrideError(f"overrides[{index}].units", "give units, an amount or both")
        if override.amount is None and override.units and line.rate is None:
            raise OverrideError(f"overrides[{index}].amount",
                                "the line has no rate: give the amount")
        by_service[override.service] = (index, override)

    x = Explainer(book, computed.calculation_date, lang, ExplainCaches(book))
    allocator = Allocator(book, case, {}, computed.rate_tier, None, x)
    evidenced = _payer_rules_shown(computed, book)
    work: list[LineWork] = []
    kept: list[tuple[Line, LineWork, list[Reason]]] = []
    removed: list[Refusal] = []
    for line in computed.lines:
        found = by_service.get(line.service)
        rules = _copayment_rules(line, book, evidenced)
        item = LineWork(len(work), line.service, line.requested_units, rules)
        item.approved = line.approved_units
        item.rate, item.cost = line.rate, line.monthly_cost
        parts = line.financing.model_dump()
        item.parts = {source: Decimal(parts[source]) for source in SOURCES}
        reasons = [r for r in line.reasons if not _is_copayment_reason(r, book)]
        if found is not None:
            index, override = found
            reference = override.reference or f"#{index + 1}"
            if override.units == 0:
                removed.append(Refusal(
                    service=line.service, title=line.title,
                    requested_units=line.requested_units,
                    reasons=[*line.reasons, _reason(x.message("override.removed",
                                                              reference=reference))]))
                continue
            units = override.units if override.units is not None else line.approved_units
            cost = (override.amount if override.amount is not None
                    else line_cost(units, cast(Decimal, line.rate)))
            cost = cost.quantize(Decimal("0.01"))
            item.approved, item.cost = units, cost
            item.parts = _payers(item.parts, line.monthly_cost or ZERO, cost)
            reasons.append(_reason(x.message(
                "override.decided", units=units, amount=cost,
                computed_units=line.approved_units,
                computed_amount=line.monthly_cost if line.monthly_cost is not None else "–",
                reference=reference)))
        elif item.cost is not None:
            item.parts = _payers(item.parts, item.cost, item.cost)
        if item.cost is None:
            reasons.append(_reason(x.message("override.no_rate",
                                             date=computed.calculation_date)))
        work.append(item)
        kept.append((line, item, reasons))

    allocator.copay(work)
    decided_lines = []
    for line, item, reasons in kept:
        decided_lines.append(line.model_copy(update={
            "approved_units": item.approved, "monthly_cost": item.cost,
            "financing": Financing(**item.parts),
            "reasons": [*reasons, *cast(list[Reason], item.reasons)]}))
    decided = _with_totals(computed, decided_lines, [*computed.refused, *removed])
    return decided.model_copy(update={"warnings": _warnings_that_hold(
        computed, decided, book, x, allocator.warnings)})


def _warnings_that_hold(computed: Budget, decided: Budget, book: RuleBook, x: Explainer,
                        taking: Sequence[Warning]) -> list[Warning]:
    """The computed budget's warnings that still hold for the decided one, in their order.

    A "no rate in force" warning goes once every line it speaks of has a decided amount or
    is removed; the "over the indicative budget" one is judged again on the decided monthly
    total (its text names that total). The others rest on the case (its dates, incomes,
    assessment), which a decision does not change, and stay. Warnings the co-payments give
    anew (`taking`: a threshold not in force, for a line the decision priced) are added.
    """
    uncosted = {book.services[line.service].rate for line in decided.lines
                if line.monthly_cost is None and line.service in book.services}
    same_total = decided.totals.monthly == computed.totals.monthly
    over = None if same_total else _over_indicative(computed, decided.totals.monthly, x)
    kept: list[Warning] = []
    for warning in computed.warnings:
        if warning.code == "no_rate" and warning.parameters and not (
                set(warning.parameters) & uncosted):
            continue
        if warning.code == "over_indicative_budget" and not same_total:
            if over is not None:
                kept.append(over)
                over = None
            continue
        kept.append(warning)
    if over is not None:
        kept.append(over)
    seen = {(w.code, w.text) for w in kept}
    for warning in taking:
        if (warning.code, warning.text) not in seen:
            seen.add((warning.code, warning.text))
            kept.append(warning)
    return kept


def _over_indicative(computed: Budget, monthly: Decimal, x: Explainer) -> Warning | None:
    """The calculation's "over the indicative budget" check (calculator.py), on the decided
    monthly total: None when the total is within the share or there is no indicative."""
    indicative = computed.indicative_budget
    over = x.amount("indicative.over_share")
    if indicative is None or indicative.monthly is None or over is None:
        return None
    if monthly <= indicative.monthly * over:
        return None
    return x.warning("over_indicative_budget", ("indicative.over_share", "indicative.package"),
                     monthly=monthly, indicative=indicative.monthly, share_pct=percent(over))


def _payers(parts: dict[str, Decimal], computed: Decimal, decided: Decimal
            ) -> dict[str, Decimal]:
    """The line's payers before co-payments (§13b): above the computed amount the
    municipality's, below it the municipality's part goes first, then the state's, then
    the fund's. The co-payments of the computed line go back to the municipality's part,
    from which `Allocator.copay` takes them again."""
    esf, state = parts["esf"], parts["state"]
    municipality = parts["municipality"] + parts["client"] + parts["maintainers"]
    if decided >= computed:
        municipality += decided - computed
    else:
        cut = computed - decided
        for name in ("municipality", "state", "esf"):
            value = {"municipality": municipality, "state": state, "esf": esf}[name]
            less = take(value, cut)
            cut -= less
            if name == "municipality":
                municipality -= less
            elif name == "state":
                state -= less
            else:
                esf -= less
    return {"esf": esf, "state": state, "municipality": municipality, "client": ZERO,
            "maintainers": ZERO}


def _with_totals(computed: Budget, lines: list[Line], refused: list[Refusal]) -> Budget:
    monthly = one_off = ZERO
    by_source = dict.fromkeys(SOURCES, ZERO)
    for line in lines:
        cost = line.monthly_cost or ZERO
        if line.per == "month":
            monthly += cost
        else:
            one_off += cost
        parts = line.financing.model_dump()
        for source in SOURCES:
            by_source[source] += Decimal(parts[source])
    months = computed.totals.period_months
    return computed.model_copy(update={
        "lines": lines, "refused": refused,
        "totals": Totals(monthly=monthly, one_off=one_off, by_source=Financing(**by_source),
                         period_months=months, period_total=monthly * months + one_off)})


def _reason(text: str) -> Reason:
    return Reason(rule=DECIDED_RULE, text=text,
                  legal_basis="Sociālo pakalpojumu un sociālās palīdzības likums, 9. pants "
                              "(sociālā darbinieka lēmums par pakalpojumu)")


def _rule_texts(rule: Rule) -> set[str]:
    return set(rule.text.values())


def _is_copayment_reason(reason: Reason, book: RuleBook) -> bool:
    return any(reason.rule == rule.id for rule in book.copayment)


def _shows(reason: Reason, rule: Rule, book: RuleBook) -> bool:
    """Whether a computed line's reason is this co-payment rule's: by id, and where two
    entries share an id (the two P1s) by their fixed text."""
    if reason.rule != rule.id:
        return False
    twins = [r for r in book.copayment if r.id == rule.id]
    return len(twins) == 1 or reason.text in _rule_texts(rule)


def _payer_rules_shown(budget: Budget, book: RuleBook) -> list[Rule]:
    """The payer rules (P2, P3) any line of the budget shows: they hang on the case, not the
    line, so a line priced only by the decision (it had no rate) takes them too."""
    return [rule for rule in book.copayment
            if getattr(rule.then, "payer", None)
            and any(_shows(r, rule, book) for line in budget.lines for r in line.reasons)]


def _copayment_rules(line: Line, book: RuleBook, evidenced: list[Rule]) -> list[Rule]:
    """The co-payment rules that applied to the computed line, as its explanation shows."""
    rules = [rule for rule in book.copayment
             if any(_shows(r, rule, book) for r in line.reasons)]
    if line.monthly_cost is None and not any(getattr(r.then, "exempt", False) for r in rules):
        rules.extend(r for r in evidenced if r not in rules)
    return rules
