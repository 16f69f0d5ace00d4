"""The durable_rules host: one session per case, deleted after, one case at a time.

durable_rules is a C engine that is not thread safe (a shared Host used from two threads
crashed the process) and keeps at most 1024 live sessions, so every evaluation holds a lock,
uses a fresh session id and deletes that session before it lets go.
"""

from __future__ import annotations

import copy
import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from durable.engine import Host

from .rulebook.compiler import CompiledRuleset
from .rulebook.loader import Rule


@dataclass
class Decisions:
    """What fired: target groups of the case, and for each line index the rules that fired."""

    target_groups: set[str] = field(default_factory=set)
    by_line: dict[int, list[Rule]] = field(default_factory=dict)
    passed: set[tuple[int, str]] = field(default_factory=set)


class RuleEngine:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._host = Host()
        self._host.get_action = self._get_action
        self._registered: dict[str, CompiledRuleset] = {}
        self._sessions = itertools.count(1)
        self._current: Decisions | None = None
        self._pending: CompiledRuleset | None = None

    def _get_action(self, action_name: str) -> Callable[[Any], None]:
        if action_name == "seen":
            return _ignore
        assert self._pending is not None
        rule = self._pending.actions[action_name]
        if rule.kind == "target_group":
            def record_group(c: Any) -> None:
                assert self._current is not None
                self._current.target_groups.add(rule.id)
            return record_group

        if action_name in self._pending.pass_actions:
            def record_pass(c: Any) -> None:
                assert self._current is not None
                self._current.passed.add((c.m["line"], rule.key))
            return record_pass

        def record(c: Any) -> None:
            # A pattern with `$or` fires once per branch that holds: keep each rule once.
            assert self._current is not None
            fired = self._current.by_line.setdefault(c.m["line"], [])
            if not any(r is rule for r in fired):
                fired.append(rule)
        return record

    def _register(self, compiled: CompiledRuleset) -> None:
        if compiled.name in self._registered:
            return
        self._pending = compiled
        try:
            # Host mutates the dict it is given: hand it a copy.
            self._host.register_rulesets(copy.deepcopy(compiled.definition))
        finally:
            self._pending = None
        self._registered[compiled.name] = compiled

    def evaluate(
        self,
        compiled: CompiledRuleset,
        case_fact: dict[str, Any],
        line_facts: Callable[[set[str]], list[dict[str, Any]]],
    ) -> Decisions:
        """Assert the case, read its target groups, then assert its lines (which need them)."""
        with self._lock:
            self._register(compiled)
            sid = str(next(self._sessions))
            decisions = Decisions()
            self._current = decisions
            lines: list[dict[str, Any]] = []
            try:
                case = {name: case_fact[name] for name in compiled.case_facts}
                self._host.assert_fact(compiled.name, {**case, "sid": sid, "kind": "case"})
                lines = line_facts(decisions.target_groups)
                if lines:
                    names = compiled.line_facts
                    self._host.assert_facts(
                        compiled.name,
                        [{**{name: fact[name] for name in names}, "sid": sid, "kind": "line",
                          "line": i} for i, fact in enumerate(lines)])
            finally:
                self._current = None
                self._host.delete_state(compiled.name, sid)
        for index, fact in enumerate(lines):
            added = list(compiled.static.get(fact["service"], ()))
            added += [rule for rule in compiled.pass_form.get(fact["service"], ())
                      if (index, rule.key) not in decisions.passed]
            if added:
                fired = decisions.by_line.setdefault(index, [])
                fired.extend(added)
                fired.sort(key=lambda rule: compiled.position[rule.key])
        return decisions


def _ignore(c: Any) -> None:
    return None
