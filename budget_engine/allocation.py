"""Units x rate, who pays each euro (F1-F7) and the co-payments (P1-P5), driven by decisions.

The rules decide *which* cap, financing method and co-payment applies to a line; this module
does the arithmetic, in the fixed order of domain.md §8: F1 first (it excludes the others);
then the whole-line payers (F4, F5 ERAF, F7); then state shares (F5, F6); then money follows
the client (F2) up to the VSAC monthly cost for the case; the rest is the municipality's
(F3), from which the co-payments of §9 are taken line by line.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from .explain import Explainer, ReasonLike, percent
from .facts import DiWindow
from .models import SOURCES, Case, Financing, Line, Reason, Refusal, Warning
from .money import ZERO, line_cost, share, take
from .rulebook.actions import CapAction, CopaymentAction, FinancingAction
from .rulebook.loader import Rule, RuleBook

WEEKS_PER_YEAR, MONTHS_PER_YEAR = 52, 12


class LineWork:
    """A requested line on its way to the budget. A plain class with its own `__init__`,
    not a dataclass: compiled, a dataclass's generated `__init__` stays interpreted Python
    and cost about 1 µs per line."""

    def __init__(self, index: int, service: str, requested: int, rules: list[Rule]) -> None:
        self.index = index
        self.service = service
        self.requested = requested
        self.rules = rules
        self.approved = 0
        self.rate: Decimal | None = None
        self.cost: Decimal | None = None
        self.parts: dict[str, Decimal] = dict.fromkeys(SOURCES, ZERO)
        self.reasons: list[ReasonLike] = []
        self.no_copayment = False
        self.counts_to_vsac_cap = ZERO
        # Sorted once: the arithmetic asks a line for its rules of a kind a dozen times.
        self._by_kind: dict[str, list[Rule]] = {}
        self._by_method: dict[str, list[Rule]] = {}
        for rule in rules:
            self._by_kind.setdefault(rule.kind, []).append(rule)
            if rule.kind == "financing":
                self._by_method.setdefault(financing(rule).method, []).append(rule)

    def fired(self, kind: str) -> list[Rule]:
        return self._by_kind.get(kind, [])

    def method(self, name: str) -> list[Rule]:
        return self._by_method.get(name, [])


def cap_of(rule: Rule) -> CapAction:
    assert isinstance(rule.then, CapAction), rule.key
    return rule.then


def financing(rule: Rule) -> FinancingAction:
    assert isinstance(rule.then, FinancingAction), rule.key
    return rule.then


def copayment(rule: Rule) -> CopaymentAction:
    assert isinstance(rule.then, CopaymentAction), rule.key
    return rule.then


class RefusedLine:
    """A requested line that gets nothing, and why."""

    def __init__(self, service: str, requested: int, reasons: list[ReasonLike]) -> None:
        self.service = service
        self.requested = requested
        self.reasons = reasons


class Allocation:
    """The arithmetic's result, before it is written out as models (`line_model`,
    `refusal_model`) or, on replay's fast path, straight as JSON (budget_json.py)."""

    def __init__(self, lines: list[LineWork], refused: list[RefusedLine],
                 warnings: list[Warning]) -> None:
        self.lines = lines
        self.refused = refused
        self.warnings = warnings


class Allocator:
    def __init__(self, book: RuleBook, case: Case, facts: dict[str, Any], tier: str | None,
                 window: DiWindow | None, explainer: Explainer) -> None:
        self.book, self.case, self.facts, self.tier = book, case, facts, tier
        self.window, self.x = window, explainer
        self.date = case.calculation_date
        self.warnings: list[Warning] = []

    # -- eligibility and caps -------------------------------------------------------------
    def allocate(self, requests: list[tuple[str, int]], fired: dict[int, list[Rule]]
                 ) -> Allocation:
        work: list[LineWork] = []
        refused: list[RefusedLine] = []
        for index, (service, units) in enumerate(requests):
            rules = fired.get(index, [])
            # Most requested lines are refused: they need no line on its way to the budget.
            refusals = [r for r in rules if r.kind == "eligibility"]
            if refusals:
                refused.append(RefusedLine(service, units,
                                           [self.x.condition_reason(r) for r in refusals]))
                continue
            item = LineWork(index, service, units, rules)
            item.reasons.extend(self.x.condition_reason(r, use_title=True)
                                for r in self.x.granted_by(service, self.date))
            self._apply_caps(item)
            if item.approved <= 0:
                refused.append(RefusedLine(service, units, item.reasons))
                continue
            self._price(item)
            work.append(item)
        self._finance(work)
        self._copay(work)
        for item in work:
            self._name_the_price(item)
        return Allocation(work, refused, self.warnings)

    def _apply_caps(self, item: LineWork) -> None:
        item.approved = item.requested
        for rule in item.fired("cap"):
            then = cap_of(rule)
            value = self.x.count(then.cap)
            if value is None:
                continue
            if then.per == "week":
                monthly = value * WEEKS_PER_YEAR // MONTHS_PER_YEAR
            elif then.per == "year":
                monthly = value - (int(self.facts.get(then.minus, 0)) if then.minus else 0)
            else:
                monthly = value
            cut = item.approved > monthly
            item.approved = max(0, min(item.approved, monthly))
            reason = self.x.rule_reason(rule, self.x.uses(then.cap),
                                        {"cap": value, "monthly": monthly})
            if cut:
                reason = self.x.with_text(reason, self.x.message(
                    "cap.cut", text=reason.text, requested=item.requested,
                    approved=item.approved))
            item.reasons.append(reason)

    def _price(self, item: LineWork) -> None:
        service = self.book.services[item.service]
        value = self.x.rate(service.rate, self.tier)
        if value is None:
            self.warnings.append(self.x.warning("no_rate", (service.rate,),
                                                service=self.x.service_title(
                item.service), date=self.date))
            return
        item.rate = value
        item.cost = line_cost(item.approved, item.rate)

    # -- financing --------------------------------------------------------------------------
    def _finance(self, work: list[LineWork]) -> None:
        for item in work:
            if item.cost is None:
                continue
            esf = item.method("esf_share")
            if esf:
                self._esf(item, esf[0])
                continue
            whole = item.method("state_full") + item.method("municipality_full")
            if whole:
                rule = whole[0]
                then = financing(rule)
                payer = "state" if then.method == "state_full" else "municipality"
                item.parts[payer] = item.cost
                item.no_copayment = not then.copayment
                if payer == "state" and then.counts_toward_vsac_cap:
                    item.counts_to_vsac_cap += item.cost
                item.reasons.append(self.x.rule_reason(rule))
                continue
            state = ZERO
            for rule in item.method("state_share"):
                part = self._state_share(item, rule, item.cost - state)
                state += part
                item.counts_to_vsac_cap += part
            item.parts["state"] = state
            item.parts["municipality"] = item.cost - state
        self._money_follows_client(work)
        for item in work:
            for rule in item.method("municipality_rest"):
                if item.cost is not None and item.parts["municipality"] > ZERO:
                    item.reasons.append(self.x.rule_reason(rule))

    def _esf(self, item: LineWork, rule: Rule) -> None:
        assert item.cost is not None
        name = financing(rule).share
        assert name is not None  # checked when the rules load
        fraction = self.x.amount(name) or ZERO
        item.parts["esf"] = share(item.cost, fraction)
        item.parts["state"] = item.cost - item.parts["esf"]
        item.no_copayment = True
        params = self.x.uses(name)
        if self.window is not None:
            params.update(self.x.uses(self.window.months_parameter, "f1.ends_on"))
        item.reasons.append(self.x.rule_reason(rule, params, {"share_pct": percent(fraction)}))

    def _state_share(self, item: LineWork, rule: Rule, left: Decimal) -> Decimal:
        assert item.cost is not None
        then = financing(rule)
        values: dict[str, Any] = {}
        if then.share_by_year is not None:
            table = self.x.decimal_by_number(then.share_by_year) or {}
            age = self.facts["day_care_centre_age"]
            fraction = table.get(age, ZERO) if isinstance(age, int) else ZERO
            params = self.x.uses(then.share_by_year)
            values["age"] = age
        else:
            assert then.share is not None  # checked when the rules load
            fraction = self.x.amount(then.share) or ZERO
            params = self.x.uses(then.share)
        part = share(item.cost, fraction)
        if then.cap_share_of_vsac is not None:
            cap_share = self.x.amount(then.cap_share_of_vsac)
            cap = share(self.vsac_monthly(), cap_share) if cap_share is not None else part
            part = min(part, cap)
            params.update(self.x.uses(then.cap_share_of_vsac, "vsac.daily_cost",
                                      "vsac.days_per_month"))
            values["cap"] = cap
        part = take(left, part)
        values["share_pct"] = percent(fraction)
        if part > ZERO:
            item.reasons.append(self.x.rule_reason(rule, params, values))
        return part

    def vsac_monthly(self) -> Decimal:
        return vsac_monthly_cost(self.x)

    def _money_follows_client(self, work: list[LineWork]) -> None:
        """F2: the state takes over the municipality's part, line by line, up to the cap."""
        cap = self.vsac_monthly()
        state_total = sum((w.counts_to_vsac_cap for w in work), ZERO)
        for item in work:
            rules = item.method("money_follows_client")
            if not rules or item.cost is None or item.method("esf_share"):
                continue
            if self.book.services[item.service].per != "month":
                continue  # the cap is monthly; period lines (respite) are left to F3
            if item.method("state_full") or item.method("municipality_full"):
                continue
            moved = take(cap - state_total, item.parts["municipality"])
            if moved <= ZERO:
                continue
            item.parts["state"] += moved
            item.parts["municipality"] -= moved
            state_total += moved
            item.reasons.append(self.x.rule_reason(
                rules[0], self.x.uses("vsac.daily_cost", "vsac.days_per_month"),
                {"vsac_monthly": cap}))

    # -- co-payment -------------------------------------------------------------------------
    def copay(self, work: list[LineWork]) -> None:
        """P1-P5 over lines whose payers are set: the calculation's step, and the decided
        budget's (decision/decided.py) after a worker's override moved the municipality's
        part, so that both take co-payments by the same code."""
        self._copay(work)

    def _copay(self, work: list[LineWork]) -> None:
        order = self.x.services("copayment.order") or []
        payable = []
        for item in work:
            rules = item.fired("copayment")
            exempt = [r for r in rules if copayment(r).exempt]
            payers = [r for r in rules if copayment(r).payer]
            if exempt or (item.no_copayment and rules):
                p1 = exempt[0] if exempt else next(
                    (r for r in self.book.copayment if copayment(r).exempt), None)
                if p1 is not None:
                    item.reasons.append(self.x.rule_reason(p1))
                continue
            # A needy client pays nothing from their own income; the maintainers still do.
            item.reasons.extend(self.x.rule_reason(r) for r in rules
                                if copayment(r).exempt_payer == "client")
            if payers and item.service in order:
                payable.append((order.index(item.service), item, payers))
        if not payable:
            return
        payable.sort(key=lambda entry: entry[0])
        rules_by_payer = {copayment(r).payer: r for _, _, ps in payable for r in ps}
        client_left = self._capacity(rules_by_payer.get("client"), "client",
                                     [self.case.household.monthly_income])
        maintainers_left = self._capacity(
            rules_by_payer.get("maintainers"), "maintainers",
            [m.monthly_income for m in self.case.household.maintainers])
        order_rule = next((r for r in self.book.copayment if copayment(r).explains_only), None)
        for _, item, payers in payable:
            due = item.parts["municipality"]
            if item.cost is None:
                continue
            from_client = take(sum(client_left, ZERO), due)
            if client_left:
                client_left[0] -= from_client
            due -= from_client
            from_maintainers = ZERO
            for i, left in enumerate(maintainers_left):
                paid = take(left, due)
                maintainers_left[i] -= paid
                due -= paid
                from_maintainers += paid
            item.parts["client"] += from_client
            item.parts["maintainers"] += from_maintainers
            item.parts["municipality"] = due
            for rule in payers:
                then = copayment(rule)
                assert then.threshold is not None  # checked when the rules load
                threshold = self._first_person_threshold(then.threshold)
                if threshold is None:
                    continue
                income = (self.case.household.monthly_income if then.payer == "client"
                          else sum((m.monthly_income for m in self.case.household.maintainers),
                                   ZERO))
                item.reasons.append(self.x.case_rule_reason(
                    rule, self.x.use_of(then.threshold, "first"),
                    {"threshold": threshold, "capacity": max(ZERO, income - threshold)}))
            if order_rule is not None:
                item.reasons.append(self.x.period_rule_reason(
                    order_rule, self.x.uses("copayment.order"),
                    {"order": [self.x.service_title(code) if code in self.book.services
                               else code for code in order]}))

    def _capacity(self, rule: Rule | None, payer: str, incomes: list[Decimal]) -> list[Decimal]:
        """What each payer can pay a month: income above the threshold (P2, P3)."""
        if rule is None or not incomes:
            return []
        name = copayment(rule).threshold
        assert name is not None  # checked when the rules load
        threshold = self._first_person_threshold(name)
        if threshold is None:
            self.warnings.append(self.x.warning("no_threshold", (name,), parameter=name,
                                                date=self.date, payer=payer))
            return []
        return [max(ZERO, income - threshold) for income in incomes]

    def _first_person_threshold(self, name: str) -> Decimal | None:
        """The threshold for the first person of a household (domain §9: P2, P3)."""
        table = self.x.amount_by_key(name)
        return table.get("first") if table is not None else None

    # -- output -----------------------------------------------------------------------------
    def _name_the_price(self, item: LineWork) -> None:
        """The price belongs with the rule that grants this service (E1-E10)."""
        service = self.book.services[item.service]
        rate_use = (self.x.use_of(service.rate, self.tier or "") if service.tiered
                    else self.x.uses(service.rate))
        if rate_use and item.reasons:
            at = next((i for i, r in enumerate(item.reasons) if r.rule.startswith("E")), 0)
            item.reasons[at] = self.x.with_parameters(item.reasons[at], rate_use)


def line_model(book: RuleBook, lang: str, item: LineWork) -> Line:
    service = book.services[item.service]
    return Line(
        service=item.service, title=service.title[lang], unit=service.unit,
        requested_units=item.requested, approved_units=item.approved, rate=item.rate,
        monthly_cost=item.cost, per=service.per,  # type: ignore[arg-type]
        financing=Financing(**item.parts), reasons=cast(list[Reason], item.reasons))


def refusal_model(book: RuleBook, lang: str, refused: RefusedLine) -> Refusal:
    return Refusal(service=refused.service, title=book.services[refused.service].title[lang],
                   requested_units=refused.requested,
                   reasons=cast(list[Reason], refused.reasons))


def vsac_monthly_cost(x: Explainer) -> Decimal:
    """What a VSAC place costs a month: the F2/F5 cap and the institutional counterfactual."""
    return x.shared("vsac_monthly", lambda: _vsac_monthly_cost(x))


def _vsac_monthly_cost(x: Explainer) -> Decimal:
    daily = x.amount("vsac.daily_cost")
    days = x.count("vsac.days_per_month")
    if daily is None or days is None:
        return ZERO
    return share(daily, Decimal(days))
