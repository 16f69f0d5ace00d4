"""Compile the rules in force on a date into one durable_rules ruleset (its JSON format).

Everything that depends on the date (which rules are in force, parameter values named in
conditions, switches) is fixed at compile time, so a ruleset is compiled once per period in
which nothing changes and reused for every case dated inside it.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from . import conditions as cond
from .actions import CopaymentAction
from .loader import Rule, RuleBook

#: The durable rule that every fact matches (durable_rules refuses a fact no rule's first
#: pattern matches) and that never fires.
NOOP_ACTION = "seen"
#: The rule fired by the fact that closes a session in which nothing else fired (deleting
#: such a session crashes durable_rules; see evaluation.py).
CLOSE_ACTION, CLOSE_KIND = "close", "__close__"


class MissingParameter(Exception):
    def __init__(self, name: str, date: dt.date) -> None:
        self.name, self.date = name, date
        super().__init__(f'parameter "{name}" has no value in force on {date.isoformat()}')


@dataclass
class CompiledRuleset:
    name: str
    definition: dict[str, Any]  # the durable_rules ruleset, {name: {rule: {...}}}
    actions: dict[str, Rule]  # durable rule name -> the rule it came from
    problems: list[str]  # rules left out, and why (a parameter not in force)
    # Rules whose `when` is constant-true on this date apply to every line in their scope;
    # they need no matching, so they are applied by service without a trip through the engine.
    static: dict[str, list[Rule]]
    position: dict[str, int]  # rule key -> its place in the rule files (order of reasons)
    # Eligibility rules compiled in their positive form (they fire when the service may be
    # given); a line in their scope that they did not fire for is refused by them. Chosen per
    # rule when it gives fewer durable_rules branches than the negation (each `$or` branch
    # that holds fires once, so a negated `any` of `all`s would fire many times).
    pass_form: dict[str, list[Rule]]
    pass_actions: set[str]
    # The facts the compiled patterns read: only these travel to durable_rules (every fact
    # is serialised to JSON on its way in and on every firing, so narrower is faster).
    case_facts: tuple[str, ...]
    line_facts: tuple[str, ...]
    # Every rule matches one fact on that fact's own values (no joins): an answer then
    # depends only on the facts above, and may be remembered (decisions.py).
    independent_facts: bool = False
    # Per numeric or text fact, the sorted constants the patterns compare it with: every
    # comparison's outcome depends only on where a value falls among them (decisions.py,
    # `Situations`).
    thresholds: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    # Per service, the facts read by the patterns of the rules whose scope includes it.
    line_facts_by_service: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Per service, the rules whose compiled pattern can fire for its lines, and per rule the
    # facts its own pattern reads: whether a rule applies to a line depends on those alone
    # (no joins), so its answer can be remembered rule by rule (decisions.py).
    rules_by_service: dict[str, tuple[Rule, ...]] = field(default_factory=dict)
    rule_reads: dict[str, tuple[str, ...]] = field(default_factory=dict)


def period_starts(book: RuleBook) -> list[dt.date]:
    """The first days of the stretches in which a book's parameters and rules in force stay
    the same (a parameter's new value, a rule coming into or going out of force)."""
    dates: set[dt.date] = set(book.parameters.change_dates())
    for rule in book.all_rules():
        if rule.valid_from:
            dates.add(rule.valid_from)
        if rule.valid_to:
            dates.add(rule.valid_to + dt.timedelta(days=1))
    return sorted(dates)


class Compiler:
    def __init__(self, book: RuleBook) -> None:
        self.book = book
        self._period_starts = period_starts(book)
        self._by_period: dict[int, CompiledRuleset] = {}
        self._by_content: dict[str, CompiledRuleset] = {}

    def period(self, date: dt.date) -> int:
        """Which stretch of dates with the same rules and parameters a date falls in."""
        return bisect.bisect_right(self._period_starts, date)

    def for_date(self, date: dt.date) -> CompiledRuleset:
        period = self.period(date)
        compiled = self._by_period.get(period)
        if compiled is None:
            compiled = self._compile(date)
            # Periods whose rulesets come out the same share one registered ruleset.
            compiled = self._by_content.setdefault(compiled.name, compiled)
            self._by_period[period] = compiled
        return compiled

    def _compile(self, date: dt.date) -> CompiledRuleset:
        book = self.book

        def resolve(name: str) -> Any:
            value = book.parameters.on(name, date)
            if value is None:
                raise MissingParameter(name, date)
            return value.value

        rules: dict[str, Any] = {}
        actions: dict[str, Rule] = {}
        problems: list[str] = []
        static: dict[str, list[Rule]] = {}
        pass_form: dict[str, list[Rule]] = {}
        pass_actions: set[str] = set()
        for rule in book.all_rules():
            if not rule.in_force(date) or _explains_only(rule):
                continue
            try:
                if rule.enabled_by is not None and resolve(rule.enabled_by) is not True:
                    continue
                if rule.kind != "target_group" and cond.to_durable(
                        self._firing_condition(rule), resolve) is True:
                    for code in self._service_codes(rule, resolve):
                        static.setdefault(code, []).append(rule)
                    continue
                positive = rule.kind == "eligibility" and branches(rule.when) < branches(
                    cond.negate(rule.when))
                pattern = self._pattern(rule, resolve, positive)
                if positive:
                    for code in self._service_codes(rule, resolve):
                        pass_form.setdefault(code, []).append(rule)
            except MissingParameter as exc:
                problems.append(f"{rule.id}: {exc}")
                continue
            name = f"r{len(rules)}"
            if positive:
                pass_actions.add(name)
            if pattern is False:
                continue
            rules[name] = {"all": [{"m": pattern}], "run": name}
            actions[name] = rule
        # Every fact must match some rule's first pattern, or durable_rules refuses the whole
        # batch; joining it to a fact that never comes keeps this rule from ever firing.
        rules[NOOP_ACTION] = {"all": [{"m": {"$ex": {"kind": 1}}},
                                      {"n": {"kind": "__never__"}}], "run": NOOP_ACTION}
        rules[CLOSE_ACTION] = {"all": [{"m": {"kind": CLOSE_KIND}}], "run": CLOSE_ACTION}
        position = {rule.key: i for i, rule in enumerate(book.all_rules())}
        # Named by the rule files' digest and everything the ruleset decides: the durable
        # patterns, which rule each action stands for, and the rules applied without matching
        # (always true on this date) or by their positive form. Two periods share a ruleset
        # only when all of that is equal, so the first date a process sees cannot change
        # the answer for another date.
        identity = {
            "patterns": rules,
            "actions": {name: rule.key for name, rule in actions.items()},
            "static": {code: [r.key for r in found] for code, found in static.items()},
            "pass_form": {code: [r.key for r in found] for code, found in pass_form.items()},
            "pass_actions": sorted(pass_actions),
            "problems": problems,
        }
        content = hashlib.sha256(json.dumps(identity, sort_keys=True, default=str).encode()
                                 ).hexdigest()
        ruleset_name = f"b{book.digest[:16]}_{content[:16]}"
        case_facts: set[str] = set()
        line_facts: set[str] = {"service"}
        by_service: dict[str, set[str]] = {code: {"service"} for code in book.services}
        rules_by_service: dict[str, list[Rule]] = {code: [] for code in book.services}
        rule_reads: dict[str, tuple[str, ...]] = {}
        for name, rule in actions.items():
            if rule.kind == "target_group":
                continue
            reads: dict[str, set[Any]] = {}
            for pattern in rules[name]["all"]:
                _collect_constants(next(iter(pattern.values())), reads)
            rule_reads[rule.key] = tuple(sorted(set(reads) - {"kind"}))
            for code in self._service_codes(rule, resolve):
                rules_by_service[code].append(rule)
        for rule in actions.values():
            used = cond.facts_used(rule.when)
            (case_facts if rule.kind == "target_group" else line_facts).update(used)
            if rule.kind != "target_group":
                # Its pattern is "service in (its scope) and ...": no other line can fire it.
                for code in self._service_codes(rule, resolve):
                    by_service[code].update(used)
        independent = all(reads_one_fact(rules[name]) for name in actions)
        constants: dict[str, set[Any]] = {}
        for name in actions:
            for pattern in rules[name]["all"]:
                _collect_constants(next(iter(pattern.values())), constants)
        return CompiledRuleset(ruleset_name, {ruleset_name: rules}, actions, problems, static,
                               position, pass_form, pass_actions, tuple(sorted(case_facts)),
                               tuple(sorted(line_facts)), independent,
                               _threshold_table(constants),
                               {code: tuple(sorted(names)) for code, names in by_service.items()},
                               {code: tuple(found) for code, found in rules_by_service.items()},
                               rule_reads)

    def _pattern(self, rule: Rule, resolve: Any, positive: bool = False
                 ) -> dict[str, Any] | bool:
        if rule.kind == "target_group":
            scope: cond.Condition = cond.Compare("kind", "=", "case")
        else:
            scope = cond.AllOf((cond.Compare("kind", "=", "line"), self._service_scope(rule,
                                                                                      resolve)))
        firing = rule.when if positive else self._firing_condition(rule)
        return cond.to_durable(cond.AllOf((scope, firing)), resolve)

    @staticmethod
    def _firing_condition(rule: Rule) -> cond.Condition:
        if rule.kind == "eligibility":
            # An eligibility rule says who may have the service; it fires on the others.
            return cond.negate(rule.when)
        return rule.when

    def _service_codes(self, rule: Rule, resolve: Any) -> list[str]:
        if rule.services == "all":
            return list(self.book.services)
        scope = self._service_scope(rule, resolve)
        return list(scope.value) if isinstance(scope, cond.Compare) else []

    def _service_scope(self, rule: Rule, resolve: Any) -> cond.Condition:
        services = rule.services
        if services == "all":
            return cond.TRUE
        if services == "di":
            codes = [s.code for s in self.book.services.values() if s.di]
        elif isinstance(services, cond.ParamRef):
            codes = list(resolve(services.name))
        else:
            codes = list(services)
        if not codes:
            return cond.FALSE
        return cond.Compare("service", "in", tuple(codes))


def reads_one_fact(durable_rule: dict[str, Any]) -> bool:
    """One pattern comparing the fact's own values with constants: no join, no reference to
    another fact or to the session state (which would make an answer depend on more than
    the fact's values)."""
    patterns = durable_rule.get("all", [])
    return len(patterns) == 1 and set(durable_rule) == {"all", "run"} and _constant_tests(
        next(iter(patterns[0].values())))


def _constant_tests(pattern: Any) -> bool:
    if not isinstance(pattern, dict):
        return False
    for key, value in pattern.items():
        if key in ("$and", "$or"):
            if not (isinstance(value, list) and all(_constant_tests(p) for p in value)):
                return False
        elif key.startswith("$"):
            if not _constant_tests(value):
                return False
        elif isinstance(value, dict | list):
            return False
    return True


def _collect_constants(pattern: Any, out: dict[str, set[Any]]) -> None:
    """Each fact's constants in a pattern: {fact: v}, {"$lt": {fact: v}}, {"$or": [...]}."""
    if not isinstance(pattern, dict):
        return
    for key, value in pattern.items():
        if key in ("$and", "$or") and isinstance(value, list):
            for part in value:
                _collect_constants(part, out)
        elif key.startswith("$"):
            _collect_constants(value, out)
        else:
            out.setdefault(key, set()).add(value)


def _threshold_table(constants: dict[str, set[Any]]) -> dict[str, tuple[Any, ...]]:
    """Sorted constants for the facts compared only with whole numbers, or only with texts
    (a yes/no fact keeps its value: `True == 1` must not put it among the numbers)."""
    table = {}
    for fact, values in constants.items():
        kinds = {type(v) for v in values}
        if kinds == {int} or kinds == {str}:
            table[fact] = tuple(sorted(values))
    return table


def _explains_only(rule: Rule) -> bool:
    """P4 (the order of co-payments) decides nothing per line; it is read, not fired."""
    return isinstance(rule.then, CopaymentAction) and rule.then.explains_only


def branches(condition: cond.Condition) -> int:
    """How many alternative patterns durable_rules makes of a condition (its DNF size)."""
    if isinstance(condition, cond.Not):
        return branches(cond.negate(condition.part))
    if isinstance(condition, cond.Compare):
        if condition.op == "in" and isinstance(condition.value, tuple):
            return len(condition.value)
        return 1
    counts = [branches(p) for p in condition.parts]
    if isinstance(condition, cond.AllOf):
        total = 1
        for count in counts:
            total *= count
        return total
    return sum(counts)
