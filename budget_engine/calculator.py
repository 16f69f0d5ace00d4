"""`calculate(case, rules)`: the one way from a case to its individual budget.

Every door (CLI, replay, web, API) calls this; it validates what needs the rules (the
municipality list), scores the assessment, asks durable_rules for the decisions and lets the
allocator do the arithmetic.
"""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal
from typing import Any, Literal

from .allocation import Allocator, vsac_monthly_cost
from .assessment import AssessmentResult, score
from .case_io import ErrorDetail
from .dates import add_months, age_on
from .evaluation import RuleEngine
from .explain import Explainer, percent
from .facts import DiWindow, case_facts, di_window, line_fact
from .models import (
    AssessmentSummary,
    Budget,
    Case,
    Counterfactual,
    Financing,
    IndicativeBudget,
    PackageItem,
    Reason,
    Totals,
    Warning,
)
from .money import ZERO, line_cost, share
from .rulebook.compiler import Compiler
from .rulebook.loader import RuleBook, load_rules

MAX_PERIOD_MONTHS = 12


class CaseError(ValueError):
    """A case that is well-formed but not acceptable under the rules (e.g. municipality)."""

    def __init__(self, details: list[ErrorDetail]) -> None:
        self.details = details
        self.errors = [(d.path, d.message) for d in details]
        super().__init__("; ".join(f"{path}: {msg}" for path, msg in self.errors))


_engine_lock = threading.Lock()
_engine: RuleEngine | None = None
_compilers: dict[int, Compiler] = {}
_default_book: RuleBook | None = None


def engine() -> RuleEngine:
    global _engine
    with _engine_lock:
        if _engine is None:
            _engine = RuleEngine()
        return _engine


def default_rules() -> RuleBook:
    global _default_book
    with _engine_lock:
        if _default_book is None:
            _default_book = load_rules()
        return _default_book


def _compiler(book: RuleBook) -> Compiler:
    with _engine_lock:
        compiler = _compilers.get(id(book))
        if compiler is None or compiler.book is not book:
            compiler = _compilers[id(book)] = Compiler(book)
        return compiler


def calculate(case: Case, rules: RuleBook | None = None, lang: str = "lv") -> Budget:
    book = rules or default_rules()
    date = case.calculation_date
    x = Explainer(book, date, lang)
    warnings: list[Warning] = []
    _check_case(case, book, x, warnings)

    bands_found = x.param("assessment.level_bands")
    above_found = x.param("assessment.exceptional_total_above")
    bands = {int(k): Decimal(str(v)) for k, v in (bands_found[0] if bands_found else {1: 0}
                                                  ).items()}
    result = score(case.assessment, bands, int(above_found[0]) if above_found else 5)
    tier = _rate_tier(result, x)
    grt = x.param("grt.icd10_chapter")
    facts = case_facts(case, result, str(grt[0]) if grt else "F")

    compiled = _compiler(book).for_date(date)
    state: dict[str, Any] = {}

    def lines_for(groups: set[str]) -> list[dict[str, Any]]:
        requests: list[tuple[str, int]] = [(r.service, r.units)
                                           for r in case.requested_services]
        proposed = False
        if not requests and "adult_grt" in groups and result.support_level:
            requests = _package(x, result.support_level)
            proposed = bool(requests)
        window = _window(case, groups, x)
        inside = window is not None and window.contains(date)
        state.update(requests=requests, proposed=proposed, window=window if inside else None)
        return [{**facts, **line_fact(s, book.services[s].di, groups, inside)}
                for s, _ in requests]

    decisions = engine().evaluate(compiled, facts, lines_for)
    groups = decisions.target_groups
    window: DiWindow | None = state["window"]
    allocation = Allocator(book, case, facts, tier, window, x).allocate(
        state["requests"], decisions.by_line)
    warnings.extend(allocation.warnings)

    monthly = sum((ln.monthly_cost or ZERO for ln in allocation.lines if ln.per == "month"), ZERO)
    one_off = sum((ln.monthly_cost or ZERO for ln in allocation.lines if ln.per == "period"),
                  ZERO)
    by_source = {s: sum((getattr(ln.financing, s) for ln in allocation.lines), ZERO)
                 for s in ("esf", "state", "municipality", "client", "maintainers")}
    period_months = _period_months(date, window, x, warnings)

    indicative = None
    if "adult_grt" in groups and result.support_level:
        indicative = _indicative(x, result.support_level, tier)
        over = x.param("indicative.over_share")
        if indicative.monthly is not None and over is not None:
            limit = indicative.monthly * Decimal(str(over[0]))
            if monthly > limit:
                warnings.append(x.warning("over_indicative_budget",
                                          ("indicative.over_share", "indicative.package"),
                                          monthly=monthly,
                                          indicative=indicative.monthly,
                                          share_pct=percent(Decimal(str(over[0])))))
    _reassessment(case, x, warnings)

    return Budget(
        case_id=case.case_id, calculation_date=date, rules_version=book.version,
        target_groups=sorted(groups), support_level=result.support_level, rate_tier=tier,
        assessment=_assessment_summary(case, result, x),
        lines=allocation.lines, refused=allocation.refused, proposed_package=state["proposed"],
        indicative_budget=indicative,
        totals=Totals(monthly=monthly, one_off=one_off, by_source=Financing(**by_source),
                      period_months=period_months,
                      period_total=monthly * period_months + one_off),
        institutional_counterfactual=_counterfactual(case, x),
        warnings=_unique(warnings))


def _check_case(case: Case, book: RuleBook, x: Explainer, warnings: list[Warning]) -> None:
    errors: list[ErrorDetail] = []
    date = case.calculation_date
    for path, value in (("person.birth_date", case.person.birth_date),
                        ("assessment.assessed_on",
                         case.assessment.assessed_on if case.assessment else None),
                        ("di_project.enrolled_on",
                         case.di_project.enrolled_on if case.di_project else None)):
        if value is not None and value > date:
            errors.append(ErrorDetail(path, "must not be after calculation_date",
                                      "after_calculation_date"))
    in_force = book.municipalities_on(date)
    name = case.person.municipality
    if name not in in_force:
        if date >= dt.date(2021, 7, 1):
            errors.append(ErrorDetail(
                "person.municipality",
                f"{name!r} is not a municipality on {date.isoformat()}; expected one "
                f"of the {len(in_force)} in rules/regions.yaml", "unknown_municipality",
                {"date": date.isoformat(), "count": str(len(in_force))}))
        else:
            warnings.append(x.warning("municipality_unchecked", municipality=name, date=date))
    if errors:
        raise CaseError(errors)


def _rate_tier(result: AssessmentResult, x: Explainer
               ) -> Literal["standard", "intensive"] | None:
    if not result.support_level:
        return None
    found = x.param("rate_tier.intensive_from_level")
    threshold = int(found[0]) if found else 3
    return "intensive" if result.support_level >= threshold else "standard"


def _package(x: Explainer, level: int) -> list[tuple[str, int]]:
    found = x.param("indicative.package")
    if found is None:
        return []
    table = found[0]
    package = table.get(level, table.get(str(level), {}))
    return [(service, int(units)) for service, units in package.items() if int(units) > 0]


def _indicative(x: Explainer, level: int, tier: str | None) -> IndicativeBudget:
    items = _package(x, level)
    total: Decimal | None = ZERO
    for service, units in items:
        rate_found = x.param(x.book.services[service].rate)
        rate = rate_found[0] if rate_found else None
        if rate is not None and x.book.services[service].tiered:
            rate = rate.get(tier) if tier else None
        if rate is None:
            total = None
            break
        assert total is not None
        total += line_cost(units, Decimal(str(rate)))
    return IndicativeBudget(monthly=total, support_level=level,
                            package=[PackageItem(service=s, units=u) for s, u in items])


def _window(case: Case, groups: set[str], x: Explainer) -> DiWindow | None:
    adult = x.param("f1.window_months.adult")
    child = x.param("f1.window_months.child")
    ends = x.param("f1.ends_on")
    return di_window(case, groups, int(adult[0]) if adult else None,
                     int(child[0]) if child else None, ends[0] if ends else None)


def _period_months(date: dt.date, window: DiWindow | None, x: Explainer,
                   warnings: list[Warning]) -> int:
    if window is None:
        return MAX_PERIOD_MONTHS
    months = 0
    while months < MAX_PERIOD_MONTHS and add_months(date, months) < window.ends:
        months += 1
    if months < MAX_PERIOD_MONTHS:
        warnings.append(x.warning("di_funding_ends", (window.months_parameter, "f1.ends_on"),
                                  ends=window.ends, months=months))
    return months


def _reassessment(case: Case, x: Explainer, warnings: list[Warning]) -> None:
    if case.assessment is None:
        return
    found = x.param("assessment.reassessment_months")
    if found is None:
        return
    due = add_months(case.assessment.assessed_on, int(found[0]))
    if case.calculation_date > due:
        warnings.append(x.warning("reassessment_due", ("assessment.reassessment_months",),
                                  assessed_on=case.assessment.assessed_on,
                                  months=found[0]))


def _counterfactual(case: Case, x: Explainer) -> Counterfactual:
    book = x.book
    monthly = vsac_monthly_cost(x)
    adult = age_on(case.person.birth_date, case.calculation_date) >= 18
    before = x.param("counterfactual.state_funded_placed_before")
    placed = case.residence.institution_placed_on
    care_level = case.assessment.care_level if case.assessment else None
    funded = adult and (
        (placed is not None and before is not None and placed < before[0])
        or care_level in (3, 4))
    client_share = x.param("vsac.client_share_of_income")
    fraction = Decimal(str(client_share[0])) if client_share else ZERO
    contribution = min(monthly, share(case.household.monthly_income, fraction))
    reasons = [
        _vsac_reason(x, monthly),
        x.note_reason(book.notes["P5"], x.uses("vsac.client_share_of_income"),
                      {"share_pct": percent(fraction), "contribution": contribution,
                       "keep_pct": percent(1 - fraction)}),
    ]
    return Counterfactual(monthly_cost=monthly, state_funded=funded,
                          client_contribution=contribution, reasons=reasons)


_vsac_reasons: dict[tuple[str, dt.date, str], Reason] = {}


def _vsac_reason(x: Explainer, monthly: Decimal) -> Reason:
    """The same for every case on a date: built once per rule book, date and language."""
    key = (x.book.digest, x.date, x.lang)
    reason = _vsac_reasons.get(key)
    if reason is None:
        daily = x.param("vsac.daily_cost")
        days = x.param("vsac.days_per_month")
        before = x.param("counterfactual.state_funded_placed_before")
        reason = x.note_reason(
            x.book.notes["VSAC"], x.uses("vsac.daily_cost", "vsac.days_per_month",
                                         "counterfactual.state_funded_placed_before"),
            {"monthly": monthly, "daily": daily[0] if daily else "-",
             "days": days[0] if days else "-", "placed_before": before[0] if before else "-"})
        if len(_vsac_reasons) > 10_000:
            _vsac_reasons.clear()
        _vsac_reasons[key] = reason
    return reason


def _assessment_summary(case: Case, result: AssessmentResult, x: Explainer
                        ) -> AssessmentSummary:
    care_level = case.assessment.care_level if case.assessment else None
    mean = (str(result.mean_item_score.quantize(Decimal("0.01")))
            if result.mean_item_score is not None else None)
    lv = x.lang == "lv"
    if result.source == "ais":
        needs = [n for n, on in ((("medicīniskās" if lv else "medical"),
                                  result.exceptional_medical),
                                 (("uzvedības" if lv else "behavioural"),
                                  result.exceptional_behavioural)) if on]
        text = (f"AIS: atbalsta intensitāte {result.support_intensity_score}, vidējais "
                f"vērtējums {mean} → līmenis {result.band_level}" if lv else
                f"AIS: support intensity {result.support_intensity_score}, mean item score "
                f"{mean} → level {result.band_level}")
        if needs:
            text += (f"; īpašas {' un '.join(needs)} vajadzības → līmenis {result.support_level}"
                     if lv else f"; exceptional {' and '.join(needs)} needs → level "
                     f"{result.support_level}")
    elif result.source == "care_level":
        text = (f"Nav AIS vērtējuma: atbalsta līmenis = VSAC aprūpes līmenis {care_level}" if lv
                else f"No AIS scores: support level = VSAC care level {care_level}")
    else:
        text = ("Atbalsta līmenis nav zināms (nav AIS vērtējuma un aprūpes līmeņa)" if lv else
                "Support level unknown (no AIS scores and no care level)")
    source: Literal["ais", "care_level"] | None = (
        "ais" if result.source == "ais" else "care_level" if result.source else None)
    return AssessmentSummary(
        source=source, support_intensity_score=result.support_intensity_score,
        mean_item_score=mean, band_level=result.band_level,
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
