"""The rule engine's decisions for one case, each distinct situation asked of it only once.

durable_rules decides which target groups a case is in and which rules apply to each
requested line. Those answers depend only on the facts the compiled patterns read (the
ruleset lists them), and a population repeats the same few combinations again and again:
at 100,000 generated cases 83 % of the cases and 95 % of the lines had been seen before.
So the answer for a combination is kept, keyed by the ruleset and exactly those facts, and
reused. Every decision is still made by durable_rules the first time.

A line's answer is also kept rule by rule: whether one rule applies depends only on the
facts its own compiled pattern reads (`CompiledRuleset.rule_reads`), so a combination never
met before is answered without the engine when each of its rules has been judged by the
engine in the same situation on some other line. At 10,000 generated cases this turns 2,800
trips to durable_rules into 300 (a cold replay worker spent a third of its time on them).

Safeguards:
- the memo is used only for rulesets whose every rule reads one fact (no joins between
  facts), checked when the ruleset compiles (`CompiledRuleset.independent_facts`);
  otherwise every case goes to the engine;
- it is bounded (`limit` answers per kind; it starts afresh when full);
- every `recheck_every`-th reuse is asked of the engine again and compared; a difference
  switches the memo off for good and is counted (`stats.mismatches`), never hidden.
"""

from __future__ import annotations

import bisect
import operator
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

from .rulebook.compiler import CompiledRuleset
from .rulebook.loader import Rule
from .runtime.session import RuleEngine, Session

GroupKey = tuple[str, tuple[Any, ...]]
LineKey = tuple[str, str, tuple[Any, ...]]
#: How `situation` reads a tuple of fact names: a getter of the names the patterns compare
#: with no constant, and the others with their sorted constants.
Split = tuple[Callable[[dict[str, Any]], Any] | None, tuple[tuple[str, tuple[Any, ...]], ...]]


class Situations:
    """What the patterns of a ruleset can tell apart in a fact: two facts with equal
    situations get the same answer from every rule (ages 40 and 41 are alike when no rule
    compares age with 41; dates within one period are alike). Asked for every case and
    line, so it lives here, in a compiled module, with the reading of each tuple of names
    worked out once."""

    def __init__(self) -> None:
        self._splits: dict[tuple[str, tuple[str, ...]], Split] = {}

    def of(self, compiled: CompiledRuleset, fact: dict[str, Any], names: tuple[str, ...]
           ) -> tuple[Any, ...]:
        split = self._splits.get((compiled.name, names))
        if split is None:
            split = self._splits[(compiled.name, names)] = _split(compiled, names)
        plain_values, bounded = split
        out: list[Any] = [plain_values(fact) if plain_values is not None else ()]
        for name, bounds in bounded:
            value = fact[name]
            if type(value) is type(bounds[0]):
                at = bisect.bisect_left(bounds, value)
                out.append((at, at < len(bounds) and bounds[at] == value))
            else:
                out.append(value)
        return tuple(out)


def _split(compiled: CompiledRuleset, names: tuple[str, ...]) -> Split:
    thresholds = compiled.thresholds
    plain = [name for name in names if name not in thresholds]
    return (operator.itemgetter(*plain) if plain else None,
            tuple((name, thresholds[name]) for name in names if name in thresholds))


class MemoStats:
    """How the memo did: answers reused, asked of the engine, re-checked, found different."""

    def __init__(self) -> None:
        self.hits = self.misses = self.rechecks = self.mismatches = 0

    def __repr__(self) -> str:
        return (f"MemoStats(hits={self.hits}, misses={self.misses}, "
                f"rechecks={self.rechecks}, mismatches={self.mismatches})")


class Decisions:
    """Asks the engine, or reuses its answer for the same facts; one per calculator."""

    def __init__(self, engine: RuleEngine, limit: int = 200_000, recheck_every: int = 997,
                 enabled: bool = True) -> None:
        self.engine = engine
        self.limit, self.recheck_every, self.enabled = limit, recheck_every, enabled
        self.stats = MemoStats()
        self._groups: dict[GroupKey, frozenset[str]] = {}
        self._lines: dict[LineKey, tuple[Rule, ...]] = {}
        #: Whether one rule applies, by ruleset, rule and the facts its pattern reads.
        self._rules: dict[LineKey, bool] = {}
        self.situations = Situations()

    def for_case(self, compiled: CompiledRuleset) -> CaseDecisions:
        """The decisions of one case (use in `with`); a durable_rules session is opened
        only if the memo cannot answer, and closed when the `with` ends."""
        return CaseDecisions(self, compiled)

    def _remember(self, store: dict[Any, Any], key: Any, value: Any) -> None:
        if len(store) >= self.limit:
            store.clear()
        store[key] = value

    def _due_for_recheck(self) -> bool:
        self.stats.hits += 1
        if self.stats.hits % self.recheck_every:
            return False
        self.stats.rechecks += 1
        return True

    def _mismatch(self) -> None:
        self.stats.mismatches += 1
        self.enabled = False
        self._groups.clear()
        self._lines.clear()
        self._rules.clear()


class CaseDecisions:
    """One case's questions to the engine, in the order the calculation needs them."""

    def __init__(self, decisions: Decisions, compiled: CompiledRuleset) -> None:
        self._decisions, self._compiled = decisions, compiled
        self._session: Session | None = None
        self._stack: ExitStack | None = None

    def __enter__(self) -> CaseDecisions:
        return self

    def __exit__(self, *exc_info: Any) -> bool | None:
        # Most cases never open a session: no ExitStack is made for them.
        return self._stack.__exit__(*exc_info) if self._stack is not None else None

    def _engine_session(self) -> Session:
        """The case's one session, opened at the first question the memo cannot answer."""
        if self._session is None:
            self._stack = ExitStack()
            self._session = self._stack.enter_context(
                self._decisions.engine.session(self._compiled))
        return self._session

    def target_groups(self, case_fact: dict[str, Any]) -> set[str]:
        d, compiled = self._decisions, self._compiled
        if not (d.enabled and compiled.independent_facts):
            return self._engine_session().target_groups(case_fact)
        key = (compiled.name, d.situations.of(compiled, case_fact, compiled.case_facts))
        found = d._groups.get(key)
        if found is None:
            d.stats.misses += 1
            groups = self._engine_session().target_groups(case_fact)
            d._remember(d._groups, key, frozenset(groups))
            return groups
        if d._due_for_recheck():
            fresh = self._engine_session().target_groups(case_fact)
            if fresh != found:
                d._mismatch()
                return fresh
        return set(found)

    def line_rules(self, line_facts: list[dict[str, Any]]) -> dict[int, list[Rule]]:
        """For each line index, the rules that apply, in rule-file order. Called once per
        case: the lines it asks about (new ones and re-checks) go to one session together."""
        d, compiled = self._decisions, self._compiled
        if not (d.enabled and compiled.independent_facts):
            return self._engine_session().line_rules(line_facts)
        by_service = compiled.line_facts_by_service
        situation = d.situations.of
        keys = [(compiled.name, fact["service"],
                 situation(compiled, fact, by_service[fact["service"]])) for fact in line_facts]
        out: dict[int, list[Rule]] = {}
        missing: list[int] = []
        recheck: list[int] = []
        for index, key in enumerate(keys):
            found = d._lines.get(key)
            if found is None:
                found = self._from_each_rule(line_facts[index])
                if found is not None:
                    d._remember(d._lines, key, found)
            if found is None:
                d.stats.misses += 1
                missing.append(index)
            else:
                if d._due_for_recheck():
                    recheck.append(index)
                out[index] = list(found)
        asked_for = missing + recheck
        if asked_for:
            asked = self._engine_session().line_rules([line_facts[i] for i in asked_for])
            for position, index in enumerate(asked_for):
                rules = asked.get(position, [])
                if index in out and rules != out[index]:
                    d._mismatch()
                elif index not in out:
                    d._remember(d._lines, keys[index], tuple(rules))
                    self._remember_each_rule(line_facts[index], rules)
                out[index] = rules
        return {index: rules for index, rules in out.items() if rules}

    def _rule_keys(self, fact: dict[str, Any]) -> list[tuple[Rule, LineKey]]:
        compiled, situation = self._compiled, self._decisions.situations.of
        return [(rule, (compiled.name, rule.key,
                        situation(compiled, fact, compiled.rule_reads[rule.key])))
                for rule in compiled.rules_by_service.get(fact["service"], ())]

    def _from_each_rule(self, fact: dict[str, Any]) -> tuple[Rule, ...] | None:
        """A line not met before, answered from what the engine said about each of its
        rules on other lines: a line's answer is the rules that apply, and whether a rule
        applies depends only on the facts its own pattern reads. None if the engine has
        not yet judged some rule in this situation."""
        compiled, answers = self._compiled, self._decisions._rules
        applying = list(compiled.static.get(fact["service"], ()))
        for rule, key in self._rule_keys(fact):
            applies = answers.get(key)
            if applies is None:
                return None
            if applies:
                applying.append(rule)
        applying.sort(key=lambda rule: compiled.position[rule.key])
        return tuple(applying)

    def _remember_each_rule(self, fact: dict[str, Any], rules: list[Rule]) -> None:
        for rule, key in self._rule_keys(fact):
            self._decisions._remember(self._decisions._rules, key,
                                      any(r is rule for r in rules))
