"""`Calculator(book).calculate(case)`: the one way from a case to its individual budget.

Every door (CLI, replay, web, API) builds one calculator per rule book and calls it. A
calculation reads, in this order: the case checks that need the rules (the municipality
list, the core parameters in force), the assessment score, the target groups (durable_rules),
the lines to decide (the request, or the typical package), the rules that apply to each line
(durable_rules), and then the allocator's arithmetic and the totals.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, TypeVar, cast

from .allocation import Allocator, line_model, refusal_model, vsac_monthly_cost
from .assessment import AssessmentResult, score
from .budget_json import budget_json
from .budget_parts import BudgetParts, CounterfactualParts
from .case_io import ErrorDetail, parse_case, parse_case_json, quick_case, recheck_case
from .dates import add_months, age_on, months_before
from .explain import ExplainCaches, Explainer, ReasonLike, percent
from .facts import DiWindow, case_facts, di_window, line_fact
from .memo import Decisions
from .models import (
    SOURCES,
    AssessmentSummary,
    Budget,
    Case,
    Counterfactual,
    Financing,
    IndicativeBudget,
    PackageItem,
    Reason,
    TargetGroup,
    Totals,
    Warning,
)
from .money import ZERO, line_cost, share
from .plan import PeriodPlan
from .rulebook.compiler import CompiledRuleset, Compiler
from .rulebook.loader import Rule, RuleBook
from .runtime.session import RuleEngine
from .service_check import raw_service_codes, unknown_services


class CaseError(ValueError):
    """A case that is well-formed but not acceptable under the rules (e.g. municipality)."""

    def __init__(self, details: list[ErrorDetail]) -> None:
        self.details = details
        self.errors = [(d.path, d.message) for d in details]
        super().__init__("; ".join(f"{path}: {msg}" for path, msg in self.errors))

    def __reduce__(self) -> tuple[type[CaseError], tuple[list[ErrorDetail]]]:
        # A worker process sends it to the server pickled: made again from its details
        # (Exception's default would pass the joined message as `details`).
        return CaseError, (self.details,)


#: Parameters every calculation reads; a date before any of them is in force has no rules.
K = TypeVar("K")
V = TypeVar("V")

CORE_PARAMETERS = (
    "assessment.level_bands", "assessment.exceptional_total_above",
    "rate_tier.intensive_from_level", "grt.icd10_chapter", "person.age_of_majority",
    "budget.max_period_months", "municipality.checked_from",
)


def first_calculable_date(book: RuleBook) -> dt.date | None:
    """The first day the book calculates a case on, or None when it never does.

    A parameter's value holds until its next one, so once every core parameter has a value
    every later day has one too: the first day is the latest of their first values. The API
    document says so of `calculation_date` (an earlier date is refused: "no rules in force").
    """
    starts = []
    for name in CORE_PARAMETERS:
        parameter = book.parameters.parameters.get(name)
        if parameter is None or not parameter.values:
            return None
        starts.append(min(v.valid_from for v in parameter.values))
    return max(starts)


class Calculator:
    """Everything one rule book needs to calculate: its compiled rulesets and caches.

    Build one per rule book at each entry point (CLI, app factory, replay worker) and pass
    it on; the durable_rules engine may be shared by several calculators of one process.
    """

    def __init__(self, book: RuleBook, engine: RuleEngine | None = None,
                 remember_decisions: bool = True) -> None:
        self.book = book
        self._engine = engine or RuleEngine()
        #: The engine's answers, each distinct situation asked once (see decisions.py).
        self.decisions = Decisions(self._engine, enabled=remember_decisions)
        self._compiler = Compiler(book)
        self._lock = threading.Lock()
        self._caches = ExplainCaches(book)
        self._vsac_reasons: dict[tuple[int, str], ReasonLike] = {}
        #: One plan per period and language, for the fast path (plan.py).
        self._plans: dict[tuple[int, str], PeriodPlan] = {}
        #: The cases `quick_parse` read last, by identity, with the book's checks passed:
        #: calculated soon after (replay reads a few ahead), they need not be checked
        #: against the book again (cases are immutable; held here, no other object can
        #: take one's id while it is in this table).
        self._read_recently: dict[int, Case] = {}
        #: The same answers by calculation date: a dict look-up instead of finding the
        #: date's period by bisection (each case asks for these several times).
        self._plan_by_day: dict[tuple[dt.date, str], PeriodPlan] = {}
        self._compiled_by_day: dict[dt.date, CompiledRuleset] = {}
        self._municipalities_by_day: dict[dt.date, Mapping[str, Any]] = {}
        self._checked_from_by_day: dict[dt.date, dt.date | None] = {}

    def explainer(self, date: dt.date, lang: str) -> Explainer:
        return Explainer(self.book, date, lang, self._caches)

    def compiled(self, date: dt.date) -> CompiledRuleset:
        found = self._compiled_by_day.get(date)
        if found is None:
            with self._lock:
                found = self._compiler.for_date(date)
            _remember(self._compiled_by_day, date, found)
        return found

    def _municipalities_checked_from(self, date: dt.date) -> dt.date | None:
        # Read from the snapshot of the date's period (no explainer is built: every case
        # comes here twice, once while it is read and once when it is calculated).
        if date in self._checked_from_by_day:
            return self._checked_from_by_day[date]
        caches = self._caches
        found = caches.snapshot(caches.period(date), date)["municipality.checked_from"]
        checked_from: dt.date | None = found.value if found is not None else None
        _remember(self._checked_from_by_day, date, checked_from)
        return checked_from

    def municipalities_on(self, date: dt.date) -> Mapping[str, Any]:
        """The book's municipalities in force on a date, by name."""
        found = self._municipalities_by_day.get(date)
        if found is None:
            found = self.book.municipalities_on(date)
            _remember(self._municipalities_by_day, date, found)
        return found

    def parse(self, data: Any, source_text: str | None = None) -> Case:
        """A case from JSON data, with every error at once (the municipality list and the
        book's services included); `source_text` is the JSON text it was read from, when
        there is one (faster checks)."""
        return parse_case(data, self.book_errors, source_text)

    def reparse(self, case: Case, data: Any) -> Case:
        """`parse(data)` for raw `data` another calculator's `parse` has read into `case`:
        only this book's checks are run again (a comparison reads each case once)."""
        return recheck_case(case, data, self.book_errors)

    def parse_json(self, text: str) -> Case:
        return parse_case_json(text, self.book_errors)

    def quick_parse(self, text: str) -> Case | None:
        """The case of a JSON text that is plainly valid, read in one step (replay's fast
        path); None means "read it with `parse`", which gives every error. Never a case
        that `parse` would refuse: the model, the date checks and the book's checks all
        pass, on the values the case holds."""
        case = quick_case(text)
        if case is None or self.case_book_errors(case):
            return None
        recent = self._read_recently
        if len(recent) >= READ_AHEAD:
            del recent[next(iter(recent))]
        recent[id(case)] = case
        return case

    def case_book_errors(self, case: Case) -> list[ErrorDetail]:
        """`book_errors` of a case already read: the same checks on the same values."""
        return (self._municipality_errors(case.person.municipality, case.calculation_date)
                + self.service_errors(case))

    def service_errors(self, case: Case) -> list[ErrorDetail]:
        """The requested services this book does not have, by field path."""
        services = self.book.services
        if all(request.service in services for request in case.requested_services):
            return []  # the usual answer, without building the list of codes
        return unknown_services(
            [(i, r.service) for i, r in enumerate(case.requested_services)], self.book.services)

    def book_errors(self, raw: dict[str, Any]) -> list[ErrorDetail]:
        """What the rule book refuses in a raw case, reported with the case model's errors."""
        return self.municipality_errors(raw) + unknown_services(raw_service_codes(raw),
                                                                self.book.services)

    def municipality_errors(self, raw: dict[str, Any]) -> list[ErrorDetail]:
        """The municipality check on raw input, so it is reported with the other errors."""
        if not isinstance(raw, dict):
            return []
        person = raw.get("person")
        name = person.get("municipality") if isinstance(person, dict) else None
        try:
            date = dt.date.fromisoformat(raw.get("calculation_date"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return []
        if not isinstance(name, str) or not name:
            return []
        return self._municipality_errors(name, date)

    def _municipality_errors(self, name: str, date: dt.date) -> list[ErrorDetail]:
        checked_from = self._municipalities_checked_from(date)
        if checked_from is None or date < checked_from:
            return []
        in_force = self.municipalities_on(date)
        if name in in_force:
            return []
        return [ErrorDetail(
            "person.municipality",
            f"{name[:80]!r} is not a municipality on {date.isoformat()}; expected one "
            f"of the {len(in_force)} municipalities in force then", "unknown_municipality",
            {"date": date.isoformat(), "count": str(len(in_force)), "name": name[:80]})]

    @property
    def engine(self) -> RuleEngine:
        return self._engine

    def calculate(self, case: Case, lang: str = "lv") -> Budget:
        """The budget as validated models: the straightforward path every door uses."""
        x = self.explainer(case.calculation_date, lang)
        return _budget(_calculate(self, case, x), self.book, x)

    def calculate_json(self, case: Case, lang: str = "lv") -> str:
        """Exactly `calculate(case, lang).model_dump_json()`, made faster (replay's path):
        the same arithmetic and decisions, with the reasons and pieces of JSON that depend
        only on the period taken from its plan (plan.py) and the JSON written directly
        (budget_json.py). tests/test_fast_path.py proves the two byte-identical."""
        return self.calculate_utf8(case, lang).decode("utf-8")

    def calculate_utf8(self, case: Case, lang: str = "lv", end: bytes = b"") -> bytes:
        """`calculate_json` as the UTF-8 bytes it is written in, then `end` (replay writes
        it with its newline)."""
        return self.write_utf8(self.calculate_parts(case, lang), lang, end)

    def write_json(self, parts: BudgetParts, lang: str = "lv") -> str:
        """The JSON of the budget these parts make, as `calculate_json` writes it (`lang`
        must be the language the parts were calculated in)."""
        return self.write_utf8(parts, lang).decode("utf-8")

    def write_utf8(self, parts: BudgetParts, lang: str = "lv", end: bytes = b"") -> bytes:
        """`write_json` as UTF-8 bytes, then `end`."""
        plan = self.plan(parts.case.calculation_date, lang)
        return budget_json(parts, plan, self.book, _assessment_summary, end)

    def calculate_parts(self, case: Case, lang: str = "lv") -> BudgetParts:
        """The budget's parts before they are written out, made as `calculate_json` makes
        them (reasons from the period's plan): for a reader of its figures alone, such as a
        comparison (`compare.parts_outcome`), no model and no text is built for it."""
        return _calculate(self, case, self.plan(case.calculation_date, lang))

    def decide(self, case: Case, lang: str = "lv") -> Decided:
        """The first half of `calculate_parts`: the case checked, scored and its rules'
        decisions made (replay takes a group of cases through each half in turn)."""
        return _decide(self, case, self.plan(case.calculation_date, lang))

    def finish(self, decided: Decided) -> BudgetParts:
        """The second half of `calculate_parts`: the arithmetic of a decided case."""
        return _finish(self, decided)

    def plan(self, date: dt.date, lang: str) -> PeriodPlan:
        """The plan of the period (rules and parameters unchanged) a date is in."""
        found = self._plan_by_day.get((date, lang))
        if found is None:
            key = (self._compiler.period(date), lang)
            found = self._plans.get(key)
            if found is None:
                with self._lock:
                    found = self._plans.setdefault(key, PeriodPlan(self.book, date, lang,
                                                                   self._caches))
            _remember(self._plan_by_day, (date, lang), found)
        return found

    def vsac_reason(self, x: Explainer, monthly: Decimal) -> ReasonLike:
        """The same for every case on a date: built once per date and language."""
        if isinstance(x, PeriodPlan):
            return x.shared("VSAC", lambda: self._vsac_reason(x, monthly))
        key = (x.period, x.lang)
        reason = self._vsac_reasons.get(key)
        if reason is None:
            reason = self._vsac_reason(x, monthly)
            if len(self._vsac_reasons) > 10_000:
                self._vsac_reasons.clear()
            self._vsac_reasons[key] = reason
        return reason

    def _vsac_reason(self, x: Explainer, monthly: Decimal) -> ReasonLike:
        shown = {"daily": "vsac.daily_cost", "days": "vsac.days_per_month",
                 "placed_before": "counterfactual.state_funded_placed_before",
                 "care_levels": "counterfactual.state_funded_care_levels"}
        values: dict[str, Any] = {"monthly": monthly}
        for placeholder, name in shown.items():
            found = x.param(name)
            values[placeholder] = found.value if found is not None else "-"
        return x.note_reason(self.book.notes["VSAC"], x.uses(*shown.values()), values)


#: How many cases `Calculator.quick_parse` remembers as checked against the book: replay
#: reads a group of cases before it calculates them (`replay.PHASE_GROUP`, at most this).
READ_AHEAD = 16

#: How many dates `Calculator` remembers answers for before it starts again (a bound on memory
#: for a long-running server; a replay rarely has more than a few hundred dates).
DAYS_REMEMBERED = 20_000


def _remember(table: dict[K, V], key: K, value: V) -> None:
    if len(table) >= DAYS_REMEMBERED:
        table.clear()
    table[key] = value


class Decided:
    """A case with the rules' decisions made (target groups, the rules of each line), before
    the arithmetic: what `_decide` hands `_finish`. A plain class, like `BudgetParts`."""

    def __init__(self, case: Case, x: Explainer, warnings: list[Warning],
                 result: AssessmentResult, tier: Literal["standard", "intensive"] | None,
                 majority: int, facts: dict[str, Any], groups: set[str],
                 requests: list[tuple[str, int]], proposed: bool, window: DiWindow | None,
                 inside: bool, fired: dict[int, list[Rule]]) -> None:
        self.case = case
        self.x = x
        self.warnings = warnings
        self.result = result
        self.tier = tier
        self.majority = majority
        self.facts = facts
        self.groups = groups
        self.requests = requests
        self.proposed = proposed
        self.window = window
        self.inside = inside
        self.fired = fired


def _calculate(calculator: Calculator, case: Case, x: Explainer) -> BudgetParts:
    return _finish(calculator, _decide(calculator, case, x))


def _decide(calculator: Calculator, case: Case, x: Explainer) -> Decided:
    """The case checked and scored, and what the rules decide for it."""
    book = calculator.book
    date = case.calculation_date
    warnings: list[Warning] = []
    _check_case(case, calculator, x, warnings)
    _plausibility(case, x, warnings)

    bands = x.required(x.decimal_by_number("assessment.level_bands"), "assessment.level_bands")
    above = x.required(x.count("assessment.exceptional_total_above"),
                       "assessment.exceptional_total_above")
    result = score(case.assessment, bands, above)
    tier = _rate_tier(result, x)
    majority = x.required(x.count("person.age_of_majority"), "person.age_of_majority")
    chapter = x.required(x.text("grt.icd10_chapter"), "grt.icd10_chapter")
    facts = case_facts(case, result, chapter, majority)
    compiled = calculator.compiled(date)

    with calculator.decisions.for_case(compiled) as session:
        groups = session.target_groups(facts)
        requests: list[tuple[str, int]] = [(r.service, r.units) for r in case.requested_services]
        proposed = False
        if not requests and "adult_grt" in groups and result.support_level:
            requests = _package(x, result.support_level)
            proposed = bool(requests)
        window = _window(case, groups, x)
        inside = window is not None and window.contains(date)
        fired = session.line_rules([
            {**facts, **line_fact(service, book.services[service].di, groups, inside)}
            for service, _ in requests])
    return Decided(case, x, warnings, result, tier, majority, facts, groups, requests,
                   proposed, window, inside, fired)


def _finish(calculator: Calculator, d: Decided) -> BudgetParts:
    """The arithmetic of a decided case: its lines, totals, warnings and counterfactual."""
    book, case, x, warnings = calculator.book, d.case, d.x, d.warnings
    date, groups, result, tier = case.calculation_date, d.groups, d.result, d.tier
    window, inside = d.window, d.inside
    _di_window_closed(case, groups, window, x, warnings)
    allocation = Allocator(book, case, d.facts, tier, window if inside else None, x).allocate(
        d.requests, d.fired)
    warnings.extend(allocation.warnings)

    monthly = one_off = ZERO
    by_source = dict.fromkeys(SOURCES, ZERO)
    for item in allocation.lines:
        if book.services[item.service].per == "month":
            monthly += item.cost or ZERO
        else:
            one_off += item.cost or ZERO
        for source, part in item.parts.items():
            by_source[source] += part
    period_months = _period_months(date, window if inside else None, x, warnings)

    indicative = None
    if "adult_grt" in groups and result.support_level:
        level = result.support_level
        indicative = x.shared(("indicative budget", level, tier),
                              lambda: _indicative(x, level, tier))
        over = x.amount("indicative.over_share")
        if indicative.monthly is not None and over is not None:
            if monthly > indicative.monthly * over:
                warnings.append(x.warning("over_indicative_budget",
                                          ("indicative.over_share", "indicative.package"),
                                          monthly=monthly,
                                          indicative=indicative.monthly,
                                          share_pct=percent(over)))
    _reassessment(case, x, warnings)
    return BudgetParts(case, groups, result, tier, allocation, d.proposed, indicative, monthly,
                       one_off, by_source, period_months,
                       _counterfactual(case, calculator, x, d.majority), _unique(warnings))


def _budget(parts: BudgetParts, book: RuleBook, x: Explainer) -> Budget:
    """The parts as the validated models of `models.Budget` (the straightforward path)."""
    case, result = parts.case, parts.result
    counterfactual = parts.counterfactual
    return Budget(
        case_id=case.case_id, calculation_date=case.calculation_date,
        rules_version=book.version,
        target_groups=cast(list[TargetGroup], sorted(parts.groups)),
        support_level=result.support_level, rate_tier=parts.tier,
        assessment=_assessment_summary(case, result, x),
        lines=[line_model(book, x.lang, item) for item in parts.allocation.lines],
        refused=[refusal_model(book, x.lang, item) for item in parts.allocation.refused],
        proposed_package=parts.proposed, indicative_budget=parts.indicative,
        totals=Totals(monthly=parts.monthly, one_off=parts.one_off,
                      by_source=Financing(**parts.by_source),
                      period_months=parts.period_months,
                      period_total=parts.monthly * parts.period_months + parts.one_off),
        institutional_counterfactual=Counterfactual(
            monthly_cost=counterfactual.monthly_cost, state_funded=counterfactual.state_funded,
            client_contribution=counterfactual.client_contribution,
            reasons=cast(list[Reason], counterfactual.reasons)),
        warnings=parts.warnings)


def _check_case(case: Case, calculator: Calculator, x: Explainer, warnings: list[Warning]
                ) -> None:
    """What needs the rules: the core parameters in force, the municipality list, the
    services of the book (a case built without `Calculator.parse` is checked here)."""
    date = case.calculation_date
    checked = calculator._read_recently.get(id(case)) is case
    errors = [] if checked else calculator.service_errors(case)
    if errors:
        raise CaseError(errors)
    for name in x.shared("missing core", lambda: [n for n in CORE_PARAMETERS
                                                  if x.param(n) is None]):
        errors.append(ErrorDetail(
            "calculation_date", f"no rules are in force on {date.isoformat()} "
            f'(parameter "{name}" has no value then)', "no_rules_in_force",
            {"date": date.isoformat(), "parameter": name}))
    if errors:
        raise CaseError(errors)
    errors = [] if checked else calculator._municipality_errors(case.person.municipality, date)
    if errors:
        raise CaseError(errors)
    if case.person.municipality not in calculator.municipalities_on(date):
        warnings.append(x.warning("municipality_unchecked", ("municipality.checked_from",),
                                  municipality=case.person.municipality, date=date))


def _plausibility(case: Case, x: Explainer, warnings: list[Warning]) -> None:
    """Values outside the plausible bounds of rules/ (an income of 1 000 000 € a month, an
    enrolment before the DI programme began) are calculated, never silently passed: each gets
    a warning, which the web form asks the worker to confirm beside the field."""
    most = x.amount("plausibility.monthly_income_max")
    if most is not None:
        household = case.household
        incomes = [("client", household.monthly_income)] + [
            ("maintainers", m.monthly_income) for m in household.maintainers]
        for payer, amount in incomes:
            if amount is not None and amount > most:
                warnings.append(x.warning("implausible_income",
                                          ("plausibility.monthly_income_max",),
                                          payer=payer, amount=amount, most=most))
    began = x.day("plausibility.di_enrolment_from")
    if case.di_project is not None and began is not None \
            and case.di_project.enrolled_on < began:
        warnings.append(x.warning("implausible_enrolment", ("plausibility.di_enrolment_from",),
                                  enrolled_on=case.di_project.enrolled_on, began=began))


def _di_window_closed(case: Case, groups: set[str], window: DiWindow | None, x: Explainer,
                      warnings: list[Warning]) -> None:
    """An enrolment on or after the end of DI projects is accepted, but ESF pays nothing."""
    if case.di_project is None or window is None:
        return
    ends = x.day("f1.ends_on")
    if ends is not None and case.di_project.enrolled_on >= ends:
        warnings.append(x.warning("di_enrolment_after_window", ("f1.ends_on",),
                                  enrolled_on=case.di_project.enrolled_on, ends=ends))


def _rate_tier(result: AssessmentResult, x: Explainer
               ) -> Literal["standard", "intensive"] | None:
    if not result.support_level:
        return None
    threshold = x.required(x.count("rate_tier.intensive_from_level"),
                           "rate_tier.intensive_from_level")
    return "intensive" if result.support_level >= threshold else "standard"


def _package(x: Explainer, level: int) -> list[tuple[str, int]]:
    table = x.package("indicative.package")
    package = table.get(level, {}) if table is not None else {}
    return [(service, units) for service, units in package.items() if units > 0]


def _indicative(x: Explainer, level: int, tier: str | None) -> IndicativeBudget:
    items = _package(x, level)
    total: Decimal | None = ZERO
    for service, units in items:
        rate = x.rate(x.book.services[service].rate, tier)
        if rate is None:
            total = None
            break
        assert total is not None
        total += line_cost(units, rate)
    return IndicativeBudget(monthly=total, support_level=level,
                            package=[PackageItem(service=s, units=u) for s, u in items])


def _window(case: Case, groups: set[str], x: Explainer) -> DiWindow | None:
    return di_window(case, groups, x.count("f1.window_months.adult"),
                     x.count("f1.window_months.child"), x.day("f1.ends_on"))


def _period_months(date: dt.date, window: DiWindow | None, x: Explainer,
                   warnings: list[Warning]) -> int:
    longest = x.required(x.count("budget.max_period_months"), "budget.max_period_months")
    if window is None:
        return longest
    months = min(longest, months_before(date, window.ends))
    if months < longest:
        warnings.append(x.warning("di_funding_ends", (window.months_parameter, "f1.ends_on"),
                                  ends=window.ends, months=months))
    return months


def _reassessment(case: Case, x: Explainer, warnings: list[Warning]) -> None:
    if case.assessment is None:
        return
    months = x.count("assessment.reassessment_months")
    if months is None:
        return
    if case.calculation_date > add_months(case.assessment.assessed_on, months):
        warnings.append(x.warning("reassessment_due", ("assessment.reassessment_months",),
                                  assessed_on=case.assessment.assessed_on, months=months))


@dataclass(frozen=True)
class _CounterfactualRules:
    """What the counterfactual reads from the rules: the same for every case of a period."""

    monthly: Decimal
    placed_before: dt.date | None
    care_levels: list[int] | None
    fraction: Decimal
    share_pct: Decimal
    keep_pct: Decimal
    vsac_reason: ReasonLike
    p5_uses: dict[str, Any]


def _counterfactual_rules(calculator: Calculator, x: Explainer) -> _CounterfactualRules:
    monthly = vsac_monthly_cost(x)
    fraction = x.amount("vsac.client_share_of_income") or ZERO
    return _CounterfactualRules(
        monthly, x.day("counterfactual.state_funded_placed_before"),
        x.counts("counterfactual.state_funded_care_levels"), fraction, percent(fraction),
        percent(1 - fraction), calculator.vsac_reason(x, monthly),
        x.uses("vsac.client_share_of_income"))


def _counterfactual(case: Case, calculator: Calculator, x: Explainer, majority: int
                    ) -> CounterfactualParts:
    rules = x.shared("counterfactual", lambda: _counterfactual_rules(calculator, x))
    monthly, before, levels = rules.monthly, rules.placed_before, rules.care_levels
    adult = age_on(case.person.birth_date, case.calculation_date) >= majority
    placed = case.residence.institution_placed_on
    care_level = case.assessment.care_level if case.assessment else None
    funded = adult and (
        (placed is not None and before is not None and placed < before)
        or (levels is not None and care_level in levels))
    contribution = min(monthly, share(case.household.monthly_income, rules.fraction))
    # In a period the text depends only on the contribution, which few cases share.
    reasons = [
        rules.vsac_reason,
        x.case_note_reason(x.book.notes["P5"], rules.p5_uses,
                           {"share_pct": rules.share_pct, "contribution": contribution,
                            "keep_pct": rules.keep_pct}),
    ]
    return CounterfactualParts(monthly, funded, contribution, reasons)


def _assessment_summary(case: Case, result: AssessmentResult, x: Explainer
                        ) -> AssessmentSummary:
    care_level = case.assessment.care_level if case.assessment else None
    # A number, not its digits: the text writes it in its language (8,18 in Latvian).
    mean = (result.mean_item_score.quantize(Decimal("0.01"))
            if result.mean_item_score is not None else None)
    if result.source == "ais":
        needs = [x.message(f"assessment.need.{name}") for name, on in (
            ("medical", result.exceptional_medical),
            ("behavioural", result.exceptional_behavioural)) if on]
        values = {"score": result.support_intensity_score, "mean": mean,
                  "band_level": result.band_level}
        if len(needs) == 2:
            needs = [x.message("assessment.need.both", first=needs[0], second=needs[1])]
        text = (x.message("assessment.ais_exceptional", **values, needs=needs[0],
                          level=result.support_level) if needs
                else x.message("assessment.ais", **values))
    elif result.source == "care_level":
        text = x.message("assessment.care_level", care_level=care_level)
    else:
        text = x.message("assessment.unknown")
    source: Literal["ais", "care_level"] | None = (
        "ais" if result.source == "ais" else "care_level" if result.source else None)
    return AssessmentSummary(
        source=source, support_intensity_score=result.support_intensity_score,
        mean_item_score=None if mean is None else str(mean), band_level=result.band_level,
        exceptional_medical=result.exceptional_medical,
        exceptional_behavioural=result.exceptional_behavioural, care_level=care_level, text=text)


def _unique(warnings: list[Warning]) -> list[Warning]:
    seen: set[tuple[str, str]] = set()
    out = []
    for w in warnings:
        if (w.code, w.text) not in seen:
            seen.add((w.code, w.text))
            out.append(w)
    return out
