"""A plain, hand-written Python budget: the speed yardstick for the engine.

The same rules as the engine (domain.md §3-§10, rules/*.yaml), written straight out in
Python: no durable_rules, no explanations, no warnings, no input validation. Only the
numbers come from the rule book (`book.parameters`, read once per stretch of dates between
parameter changes) and the service catalogue (`book.services`); the conditions of the rules
(target groups, T, A1, L, C, E1-E10, the caps, F1-F7, P1-P4, the DI window) are coded here.
It answers "how fast would hand-written Python be", and is kept honest by checking that it
agrees with the engine on every line and total (here and in tests/test_plain_reference.py).

Shortcuts the engine cannot take: the case is taken as valid (as `Calculator.parse` would
accept it) and its date as one where the rules are in force (the eligibility rules from
2015-12-22, the core parameters); a condition changed in rules/*.yaml is not seen here until
it is coded again (tests/test_plain_reference.py then fails).

Usage: python benchmarks/plain_reference.py [--cases 20000] [--seed 1] [--show 5]
"""

from __future__ import annotations

import argparse
import bisect
import calendar
import datetime as dt
import json
import random
import sys
import time
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from budget_engine import Calculator, RuleBook, load_rules
from budget_engine.evaluation.synthetic import synthetic_case

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
SOURCES = ("esf", "state", "municipality", "client", "maintainers")
SECTION_ONE_AREAS = ("home_living", "community_living", "lifelong_learning", "employment",
                     "health_safety", "social_activities")
SECTION_ONE_ACTIVITIES = 49
CHILD_STATUSES = frozenset({"child_institution", "foster_family", "guardian"})
#: The eligibility rule of each service (E1-E10), as the refusals name it.
SERVICE_RULE = {
    "home_care": "E1", "day_care_centre": "E2", "group_apartment": "E3",
    "specialised_workshop": "E4", "respite": "E5", "support_group": "E6",
    "specialist_consultation": "E7", "assistant": "E8", "support_person": "E9",
    "child_care": "E10",
}
#: The monthly caps per service (E2-E4) and their parameters.
MONTHLY_CAPS = {"day_care_centre": "cap.day_care_centre",
                "group_apartment": "cap.group_apartment",
                "specialised_workshop": "cap.specialised_workshop"}
SUPPORT_PERSON_FROM = dt.date(2023, 11, 1)
SUPPORT_PERSON_GROUP_III_FROM = dt.date(2026, 1, 1)
PILOT = (dt.date(2019, 11, 1), dt.date(2021, 1, 31))


# -- money and dates (budget_engine/money.py, dates.py) -------------------------------------
def cents(amount: Decimal) -> Decimal:
    """Half-up to whole cents."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def money(value: str | int | float | Decimal) -> Decimal:
    """An amount of the case: a string or a JSON number (a float from json.loads: its
    shortest repr is the decimal text it was read from, at most two decimals)."""
    return Decimal(repr(value) if isinstance(value, float) else value)


def take(available: Decimal, wanted: Decimal) -> Decimal:
    """As much of `wanted` as `available` allows, never negative."""
    return max(ZERO, min(available, wanted))


def age_on(birth: dt.date, date: dt.date) -> int:
    return date.year - birth.year - ((date.month, date.day) < (birth.month, birth.day))


def add_months(date: dt.date, months: int) -> dt.date:
    index = date.month - 1 + months
    year, month = date.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(date.day, calendar.monthrange(year, month)[1]))


# -- parameters, read once per period between changes ---------------------------------------
@dataclass(frozen=True, slots=True)
class Params:
    """Every parameter value the budget needs, as in force on the dates of one period."""

    #: (level, lowest support intensity score of the level), highest level first.
    level_bounds: tuple[tuple[int, Decimal], ...]
    exceptional_above: int
    intensive_from: int
    grt_chapter: str
    majority: int
    max_period_months: int
    package: dict[int, list[tuple[str, int]]]
    #: (service, rate tier or None) -> the unit rate, None when none is in force.
    rates: dict[tuple[str, str | None], Decimal | None]
    #: The indicative monthly budget of each support level (None: a package rate missing).
    indicative: dict[int, Decimal | None]
    caps: dict[str, int | None]
    f1_share: Decimal
    f1_months_adult: int | None
    f1_months_child: int | None
    f1_ends: dt.date | None
    vsac_monthly: Decimal
    f5_share: Decimal
    f5_cap: Decimal | None
    f6_shares: dict[int, Decimal]
    copay_order: tuple[str, ...]
    maintainers_obliged: bool
    needy_first: Decimal | None
    low_income_first: Decimal | None
    vsac_client_share: Decimal
    placed_before: dt.date | None
    care_levels: tuple[int, ...]


def read_params(book: RuleBook, date: dt.date) -> Params:
    """The values in force on `date` (the same on every date of its period)."""

    def value(name: str) -> Any:
        found = book.parameters.on(name, date)
        return None if found is None else found.value

    tiers = (None, "standard", "intensive")
    rates: dict[tuple[str, str | None], Decimal | None] = {}
    for code, service in book.services.items():
        rate = value(service.rate)
        for tier in tiers:
            if service.tiered:
                rates[code, tier] = rate.get(tier) if rate is not None and tier else None
            else:
                rates[code, tier] = rate
    intensive_from = value("rate_tier.intensive_from_level")
    packages = value("indicative.package") or {}
    package = {level: [(s, u) for s, u in units.items() if u > 0]
               for level, units in packages.items()}
    indicative: dict[int, Decimal | None] = {}
    for level, items in package.items():
        tier = "intensive" if level >= intensive_from else "standard"
        priced = [(units, rates[service, tier]) for service, units in items]
        indicative[level] = (None if any(rate is None for _, rate in priced) else sum(
            (cents(units * rate) for units, rate in priced if rate is not None), ZERO))
    daily, days = value("vsac.daily_cost"), value("vsac.days_per_month")
    vsac_monthly = cents(daily * days) if daily is not None and days is not None else ZERO
    f5_cap_share = value("f5.cap_share_of_vsac")
    needy, low_income = value("threshold.needy"), value("threshold.low_income")
    caps = {name: value(name) for name in (
        *MONTHLY_CAPS.values(), "cap.home_care.child_to_4", "cap.home_care.child_5_17",
        "cap.respite.days_per_year", "cap.assistant.adult", "cap.assistant.child",
        "cap.assistant.child_medical")}
    for name in ("cap.home_care.child_to_4", "cap.home_care.child_5_17"):
        if caps[name] is not None:  # per week -> per month, rounded down
            caps[name] = caps[name] * 52 // 12
    bands = value("assessment.level_bands")
    return Params(
        level_bounds=tuple(sorted(((level, lower * SECTION_ONE_ACTIVITIES)
                                   for level, lower in bands.items()), reverse=True)),
        exceptional_above=value("assessment.exceptional_total_above"),
        intensive_from=intensive_from,
        grt_chapter=value("grt.icd10_chapter"),
        majority=value("person.age_of_majority"),
        max_period_months=value("budget.max_period_months"),
        package=package, rates=rates, indicative=indicative, caps=caps,
        f1_share=value("f1.esf_share") or ZERO,
        f1_months_adult=value("f1.window_months.adult"),
        f1_months_child=value("f1.window_months.child"),
        f1_ends=value("f1.ends_on"),
        vsac_monthly=vsac_monthly,
        f5_share=value("f5.state_share") or ZERO,
        f5_cap=cents(vsac_monthly * f5_cap_share) if f5_cap_share is not None else None,
        f6_shares=value("f6.state_share_by_year") or {},
        copay_order=tuple(value("copayment.order") or ()),
        maintainers_obliged=value("copayment.maintainers_obliged") is True,
        needy_first=needy.get("first") if needy is not None else None,
        low_income_first=low_income.get("first") if low_income is not None else None,
        vsac_client_share=value("vsac.client_share_of_income") or ZERO,
        placed_before=value("counterfactual.state_funded_placed_before"),
        care_levels=tuple(value("counterfactual.state_funded_care_levels") or ()),
    )


# -- the person -----------------------------------------------------------------------------
@dataclass(slots=True)
class Facts:
    """What the rules read about one case."""

    date: dt.date
    age: int
    child: bool
    grt: bool
    group: str | None
    child_disability: bool
    special_care: bool
    parents_working: bool
    weekly_medical: bool
    groups: list[str]
    assessed_with_plan: bool
    level: int | None
    respite_used: int
    pilot: bool
    left_vsac: bool
    returned: bool
    eraf: bool
    in_window: bool = False


def support_level(assessment: dict[str, Any] | None, p: Params) -> int | None:
    """AIS band raised by exceptional needs; else the VSAC care level; else unknown (§4)."""
    if not assessment:
        return None
    items, areas = assessment.get("items"), assessment.get("areas")
    if items is not None:
        score = sum(sum(map(sum, items[a])) for a in SECTION_ONE_AREAS)
    elif areas is not None:
        score = sum(areas[a] for a in SECTION_ONE_AREAS)
    else:
        return assessment.get("care_level") or None
    level = next(lvl for lvl, lowest in p.level_bounds if score >= lowest)
    medical = exceptional(assessment, "medical", p.exceptional_above)
    behavioural = exceptional(assessment, "behavioural", p.exceptional_above)
    if medical and behavioural:
        return 4
    if medical or behavioural:
        return max(level, 3)
    return level


def exceptional(assessment: dict[str, Any], section: str, above: int) -> bool:
    items = assessment.get(f"{section}_items")
    if items is not None:
        return sum(items) > above or 2 in items
    return assessment.get(f"{section}_total", 0) > above or bool(
        assessment.get(f"{section}_any_item_2"))


def target_groups(child: bool, grt: bool, group: str | None, person: dict[str, Any],
                  status: str) -> list[str]:
    """adult_grt, child_ft, child_out_of_family (§3), sorted as the budget lists them."""
    groups = []
    if not child and grt and group in ("I", "II"):
        groups.append("adult_grt")
    if child and person.get("child_disability"):
        groups.append("child_ft")
    if child and (person.get("out_of_family_care") or status in CHILD_STATUSES):
        groups.append("child_out_of_family")
    return groups


def di_window(case: dict[str, Any], groups: list[str], p: Params
              ) -> tuple[dt.date, dt.date] | None:
    """F1: from enrolment for 24 (adults) or 18 (children) months, never past f1.ends_on."""
    project = case.get("di_project")
    if not project or not groups:
        return None
    months = p.f1_months_adult if "adult_grt" in groups else p.f1_months_child
    if months is None:
        return None
    start = dt.date.fromisoformat(project["enrolled_on"])
    end = add_months(start, months)
    if p.f1_ends is not None and p.f1_ends < end:
        end = p.f1_ends
    return start, end


# -- eligibility and caps (§7) --------------------------------------------------------------
def eligible(service: str, f: Facts) -> bool:
    """The service's own condition, E1-E10."""
    adult_grt = "adult_grt" in f.groups
    child_ft = "child_ft" in f.groups
    if service == "home_care":
        return adult_grt or (child_ft and f.special_care and f.parents_working)
    if service == "day_care_centre":
        return adult_grt or child_ft
    if service in ("group_apartment", "specialised_workshop"):
        return adult_grt
    if service == "respite":
        return adult_grt or (child_ft and f.special_care)
    if service in ("support_group", "specialist_consultation"):
        return bool(f.groups)
    if service == "assistant":
        return (not f.child and f.group in ("I", "II")) or (
            f.child and f.age >= 5 and f.child_disability)
    if service == "support_person":
        grt_adult = not f.child and f.grt
        return grt_adult and (
            (f.date >= SUPPORT_PERSON_FROM and f.group in ("I", "II"))
            or (f.date >= SUPPORT_PERSON_GROUP_III_FROM and f.group == "III")
            or (f.pilot and PILOT[0] <= f.date <= PILOT[1] and f.group in ("I", "II")))
    if service == "child_care":
        return (f.child and f.age >= 5 and f.child_disability and f.special_care
                and f.parents_working)
    return False


def checks(service: str, di: bool) -> list[str]:
    """Every eligibility rule that covers a service, in the rule book's order."""
    rules = ["T", "A1"] if di else []
    if service in ("day_care_centre", "group_apartment"):
        rules.append("L")
    elif service == "respite":
        rules.append("C")
    rules.append(SERVICE_RULE[service])
    return rules


def refusals(service: str, di: bool, f: Facts, p: Params) -> list[str]:
    """The ids of every failing check (T, A1, L, C, E1-E10), none when the line is granted."""
    failed = []
    if di:
        if not f.groups:
            failed.append("T")
        if not f.assessed_with_plan:
            failed.append("A1")
    if service in ("day_care_centre", "group_apartment") and not f.level:
        failed.append("L")
    elif service == "respite":
        cap = p.caps["cap.respite.days_per_year"]
        if cap is not None and f.respite_used >= cap:
            failed.append("C")
    if not eligible(service, f):
        failed.append(SERVICE_RULE[service])
    return failed


def cap(service: str, f: Facts, p: Params) -> int | None:
    """The monthly (respite: yearly, less the days used) cap on the units, if any."""
    caps = p.caps
    if service in MONTHLY_CAPS:
        return caps[MONTHLY_CAPS[service]]
    if service == "home_care" and f.child:
        return caps["cap.home_care.child_to_4" if f.age <= 4 else "cap.home_care.child_5_17"]
    if service == "respite":
        yearly = caps["cap.respite.days_per_year"]
        return None if yearly is None else yearly - f.respite_used
    if service == "assistant":
        if not f.child:
            return caps["cap.assistant.adult"]
        return caps["cap.assistant.child_medical" if f.weekly_medical
                    else "cap.assistant.child"]
    return None


# -- financing (§8) and co-payments (§9) ----------------------------------------------------
@dataclass(slots=True)
class Line:
    service: str
    approved: int
    per_month: bool
    di: bool
    cost: Decimal | None
    parts: dict[str, Decimal] = field(default_factory=lambda: dict.fromkeys(SOURCES, ZERO))
    whole: bool = False  # one payer takes the whole line (F4, F5 ERAF, F7)
    no_copayment: bool = False  # F1, F4, F7 (P1)
    to_vsac_cap: Decimal = ZERO  # the state's F5/F6 part, counted towards F2's cap


def finance(lines: list[Line], f: Facts, p: Params, dcc_age: int) -> None:
    """F1, then F4/F5 ERAF/F7, then F5/F6 state shares, then F2; the rest is F3's."""
    for line in lines:
        cost, service, parts = line.cost, line.service, line.parts
        if cost is None:
            continue
        if line.di and f.in_window:  # F1
            parts["esf"] = cents(cost * p.f1_share)
            parts["state"] = cost - parts["esf"]
            line.no_copayment = True
            continue
        if service in ("assistant", "support_person"):  # F4, F7
            parts["state"], line.whole, line.no_copayment = cost, True, True
            continue
        if service == "child_care" or (service == "respite" and f.child):  # F7
            parts["municipality"], line.whole, line.no_copayment = cost, True, True
            continue
        if service == "group_apartment" and f.eraf:  # F5 on a VSAC base (ERAF)
            parts["state"], line.whole, line.to_vsac_cap = cost, True, cost
            continue
        state = ZERO
        if service == "group_apartment" and f.returned:  # F5
            part = cents(cost * p.f5_share)
            if p.f5_cap is not None:
                part = min(part, p.f5_cap)
            state = take(cost, part)
        elif service == "day_care_centre" and f.grt and 0 <= dcc_age <= 3:  # F6
            state = take(cost, cents(cost * p.f6_shares.get(dcc_age, ZERO)))
        parts["state"] = line.to_vsac_cap = state
        parts["municipality"] = cost - state
    if f.left_vsac and not f.in_window:
        money_follows_client(lines, p.vsac_monthly)


def money_follows_client(lines: list[Line], cap: Decimal) -> None:
    """F2: the state takes the municipality's part of monthly DI lines up to the VSAC cost."""
    state_total = sum((line.to_vsac_cap for line in lines), ZERO)
    for line in lines:
        if not line.di or line.cost is None or not line.per_month or line.whole:
            continue
        moved = take(cap - state_total, line.parts["municipality"])
        if moved > ZERO:
            line.parts["state"] += moved
            line.parts["municipality"] -= moved
            state_total += moved


def copay(lines: list[Line], f: Facts, household: dict[str, Any], p: Params) -> None:
    """P1-P4: from the municipality's part, line by line in copayment.order; client first."""
    if f.child:  # P1
        return
    needy = bool(household.get("needy_status"))
    maintainers = household.get("maintainers") or ()
    pays_maintainers = bool(maintainers) and p.maintainers_obliged
    if needy and not pays_maintainers:
        return
    order = p.copay_order
    payable = sorted((line for line in lines if line.service in order
                      and not line.no_copayment), key=lambda line: order.index(line.service))
    if not payable:
        return
    client_left = ZERO
    if not needy and p.needy_first is not None:  # P2
        client_left = max(ZERO, money(household.get("monthly_income", 0)) - p.needy_first)
    maintainers_left: list[Decimal] = []
    if pays_maintainers and p.low_income_first is not None:  # P3
        maintainers_left = [max(ZERO, money(m["monthly_income"]) - p.low_income_first)
                            for m in maintainers]
    for line in payable:
        if line.cost is None:
            continue
        parts = line.parts
        due = parts["municipality"]
        from_client = take(client_left, due)
        client_left -= from_client
        due -= from_client
        from_maintainers = ZERO
        for i, left in enumerate(maintainers_left):
            paid = take(left, due)
            maintainers_left[i] = left - paid
            due -= paid
            from_maintainers += paid
        parts["client"] += from_client
        parts["maintainers"] += from_maintainers
        parts["municipality"] = due


# -- the budget -----------------------------------------------------------------------------
def period_months(date: dt.date, window_end: dt.date | None, longest: int) -> int:
    """12, or the monthly payments from `date` that fall before the F1 window ends (§10)."""
    if window_end is None:
        return longest
    months = 0
    while months < longest and add_months(date, months) < window_end:
        months += 1
    return months


def counterfactual(case: dict[str, Any], adult: bool, income: Decimal, p: Params
                   ) -> dict[str, Any]:
    """A VSAC place: its monthly cost, whether the state funds it, the client's 85 % (P5)."""
    placed = (case.get("residence") or {}).get("institution_placed_on")
    care_level = (case.get("assessment") or {}).get("care_level")
    funded = adult and (
        (placed is not None and p.placed_before is not None
         and dt.date.fromisoformat(placed) < p.placed_before)
        or care_level in p.care_levels)
    return {"monthly_cost": p.vsac_monthly, "state_funded": funded,
            "client_contribution": min(p.vsac_monthly, cents(income * p.vsac_client_share))}


class PlainReference:
    """The budget of a case under one rule book, parameters read once per period."""

    def __init__(self, book: RuleBook) -> None:
        self.book = book
        self._changes = book.parameters.change_dates()
        self._params: dict[int, Params] = {}
        self._di = {code: s.di for code, s in book.services.items()}
        self._per_month = {code: s.per == "month" for code, s in book.services.items()}

    def params(self, date: dt.date) -> Params:
        period = bisect.bisect_right(self._changes, date)
        found = self._params.get(period)
        if found is None:
            found = self._params[period] = read_params(self.book, date)
        return found

    def budget(self, case: dict[str, Any]) -> dict[str, Any]:
        """Target groups, support level, lines, refusals, totals, indicative and VSAC cost."""
        date = dt.date.fromisoformat(case["calculation_date"])
        p = self.params(date)
        person = case["person"]
        residence = case.get("residence") or {}
        household = case.get("household") or {}
        assessment = case.get("assessment")
        status = residence.get("status") or "community"
        age = age_on(dt.date.fromisoformat(person["birth_date"]), date)
        child = age < p.majority
        grt = any(d.startswith(p.grt_chapter) for d in person.get("diagnoses") or ())
        group = person.get("disability_group")
        groups = target_groups(child, grt, group, person, status)
        level = support_level(assessment, p)
        tier = None if not level else "intensive" if level >= p.intensive_from else "standard"
        f = Facts(date, age, child, grt, group, bool(person.get("child_disability")),
                  bool(person.get("special_care_opinion")),
                  bool(household.get("parents_working_or_studying")),
                  bool(person.get("weekly_medical_procedures")), groups,
                  bool(assessment and assessment.get("support_plan")), level,
                  case.get("respite_days_used_this_year", 0),
                  bool(case.get("in_individual_budget_pilot")), status == "left_vsac",
                  bool(residence.get("returned_from_institution")),
                  bool(residence.get("eraf_vsac_group_apartment")))

        requests = [(r["service"], r["units"]) for r in case.get("requested_services") or ()]
        if not requests and "adult_grt" in groups and level:
            requests = p.package.get(level, [])
        window = di_window(case, groups, p)
        f.in_window = window is not None and window[0] <= date < window[1]

        lines: list[Line] = []
        refused: list[dict[str, Any]] = []
        for service, units in requests:
            di = self._di[service]
            failed = refusals(service, di, f, p)
            if failed:
                refused.append({"service": service, "rules": failed})
                continue
            approved = units
            limit = cap(service, f, p)
            if limit is not None:
                approved = max(0, min(approved, limit))
            if approved <= 0:
                refused.append({"service": service, "rules": checks(service, di) + (
                    [SERVICE_RULE[service]] if limit is not None else [])})
                continue
            rate = p.rates[service, tier]
            lines.append(Line(service, approved, self._per_month[service], di,
                              None if rate is None else cents(approved * rate)))

        created = case.get("day_care_centre_created_year")
        finance(lines, f, p, date.year - created if created is not None else -1)
        copay(lines, f, household, p)

        monthly = one_off = ZERO
        by_source = dict.fromkeys(SOURCES, ZERO)
        for line in lines:
            if line.cost is not None:
                if line.per_month:
                    monthly += line.cost
                else:
                    one_off += line.cost
            for source, amount in line.parts.items():
                by_source[source] += amount
        months = period_months(date, window[1] if f.in_window and window else None,
                               p.max_period_months)
        income = money(household.get("monthly_income", 0))
        return {
            "case_id": case["case_id"],
            "target_groups": groups,
            "support_level": level,
            "lines": [{"service": ln.service, "approved_units": ln.approved, "cost": ln.cost,
                       "financing": ln.parts} for ln in lines],
            "refused": refused,
            "totals": {"monthly": monthly, "one_off": one_off, "by_source": by_source,
                       "period_months": months, "period_total": monthly * months + one_off},
            "indicative_monthly": (p.indicative.get(level)
                                   if level and "adult_grt" in groups else None),
            "counterfactual": counterfactual(case, not child, income, p),
        }


def reference_rate(cases: list[str], book: RuleBook) -> float:
    """Cases per second: json.loads of each case text -> plain budget -> json.dumps."""
    reference = PlainReference(book)
    budget, loads, dumps = reference.budget, json.loads, json.dumps
    if cases:
        budget(loads(cases[0]))  # as the engine's benchmarks warm up on one case
    started = time.perf_counter()
    for text in cases:
        dumps(budget(loads(text)), default=str)
    return len(cases) / (time.perf_counter() - started)


# -- agreement with the engine --------------------------------------------------------------
def _engine_money(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def differences(ours: dict[str, Any], engine: dict[str, Any]) -> list[str]:
    """The fields where the plain budget differs from the engine's (JSON) budget."""
    out = []

    def check(path: str, mine: Any, theirs: Any) -> None:
        if mine != theirs:
            out.append(f"{path}: reference {mine} != engine {theirs}")

    check("target_groups", ours["target_groups"], engine["target_groups"])
    check("support_level", ours["support_level"], engine["support_level"])
    check("lines", [ln["service"] for ln in ours["lines"]],
          [ln["service"] for ln in engine["lines"]])
    for i, (mine, theirs) in enumerate(zip(ours["lines"], engine["lines"], strict=False)):
        where = f"lines[{i}]({mine['service']})"
        check(f"{where}.approved_units", mine["approved_units"], theirs["approved_units"])
        check(f"{where}.cost", mine["cost"], _engine_money(theirs["monthly_cost"]))
        for source in SOURCES:
            check(f"{where}.financing.{source}", mine["financing"][source],
                  _engine_money(theirs["financing"][source]))
    check("refused", [(r["service"], r["rules"]) for r in ours["refused"]],
          [(r["service"], [x["rule"] for x in r["reasons"]]) for r in engine["refused"]])
    totals, theirs_totals = ours["totals"], engine["totals"]
    for name in ("monthly", "one_off", "period_total"):
        check(f"totals.{name}", totals[name], _engine_money(theirs_totals[name]))
    check("totals.period_months", totals["period_months"], theirs_totals["period_months"])
    for source in SOURCES:
        check(f"totals.by_source.{source}", totals["by_source"][source],
              _engine_money(theirs_totals["by_source"][source]))
    indicative = engine["indicative_budget"]
    check("indicative_budget.monthly", ours["indicative_monthly"],
          _engine_money(indicative["monthly"]) if indicative else None)
    vsac = engine["institutional_counterfactual"]
    check("counterfactual.monthly_cost", ours["counterfactual"]["monthly_cost"],
          _engine_money(vsac["monthly_cost"]))
    check("counterfactual.state_funded", ours["counterfactual"]["state_funded"],
          vsac["state_funded"])
    check("counterfactual.client_contribution", ours["counterfactual"]["client_contribution"],
          _engine_money(vsac["client_contribution"]))
    return out


def agreement(cases: list[str], book: RuleBook, calculator: Calculator | None = None
              ) -> list[tuple[str, list[str]]]:
    """(case id, differing fields) of every case where the reference and the engine differ."""
    calculator = calculator or Calculator(book)
    reference = PlainReference(book)
    disagreements = []
    for text in cases:
        data = json.loads(text)
        engine = calculator.calculate(calculator.parse(data)).model_dump(mode="json")
        found = differences(reference.budget(data), engine)
        if found:
            disagreements.append((data["case_id"], found))
    return disagreements


def generated_cases(count: int, seed: int) -> list[str]:
    """Synthetic cases as JSON texts (plain JSON data, as a replay file holds them), with the
    services of the shipped rule book (the one this reference codes)."""
    rng = random.Random(seed)
    services = tuple(load_rules().services)
    return [json.dumps(synthetic_case(rng, n, services=services), default=str,
                       ensure_ascii=False)
            for n in range(count)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", type=int, default=5, help="disagreements to list")
    args = parser.parse_args()

    cases = generated_cases(args.cases, args.seed)
    book = load_rules()
    rate = reference_rate(cases, book)
    print(f"cases: {args.cases} (seed {args.seed}), python {sys.version.split()[0]}")
    print(f"plain reference (json.loads -> budget -> json.dumps): {rate:9.0f} cases/s")
    disagreements = agreement(cases, book)
    agreed = args.cases - len(disagreements)
    print(f"agreement with the engine: {agreed}/{args.cases} cases "
          f"({100 * agreed / max(1, args.cases):.2f} %)")
    for case_id, fields in disagreements[:args.show]:
        print(f"  {case_id}:")
        for text in fields[:8]:
            print(f"    {text}")
    return 0 if not disagreements else 1


if __name__ == "__main__":
    sys.exit(main())
