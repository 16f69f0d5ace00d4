"""The durable_rules host: one session per case, deleted after, one case at a time.

durable_rules is a C engine with four traps, each guarded here:
- its `Host` runs actions from background timer threads as well, outside any lock, so
  our host never starts them (`_SynchronousHost`);
- it is not thread safe (a shared host used from two threads crashed the process), so a
  session holds the engine's lock from its first fact to its deletion;
- it keeps at most 1024 live sessions, so every session gets a fresh id and is deleted;
- deleting a session in which no action ever ran crashes the process (SIGSEGV or a double
  free; measured on durable_rules 2.0.28 with a case in no target group and no services), so
  a session that fired nothing is closed by a fact that fires a no-op rule before deletion.

A session is used as an explicit sequence (see `calculator.py`): assert the case and read
its target groups; build the lines (which need the groups); assert the lines and read the
rules that fired for each.
"""

from __future__ import annotations

import copy
import itertools
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from durable.engine import Host

from ..rulebook.compiler import CLOSE_ACTION, CLOSE_KIND, NOOP_ACTION, CompiledRuleset
from ..rulebook.loader import Rule


@dataclass
class _Firings:
    """What the engine's actions recorded during one session."""

    count: int = 0
    target_groups: set[str] = field(default_factory=set)
    by_line: dict[int, list[Rule]] = field(default_factory=dict)
    passed: set[tuple[int, str]] = field(default_factory=set)


class _SynchronousHost(Host):  # type: ignore[misc, unused-ignore]
    """A durable_rules host that runs actions only when asked, in the asking thread.

    `Host()` starts two timer threads that every 0.2-0.5 s call into the C engine for each
    registered ruleset (`Ruleset.dispatch`: take any pending action and run it; timers).
    They hold no lock of ours, so one could take a firing meant for the session being
    evaluated (the foreground then misses it, or the action runs outside any session) or
    run C code beside it: with frequent thread switches a replay of a few thousand cases
    crashed the process (SIGSEGV), and a test comparing two calculators failed now and
    then in a full test run. Every action we need runs synchronously inside `assert_fact`
    (our rules use no timers and no queued messages), so the threads are not started."""

    def _run(self) -> None:
        return None


class RuleEngine:
    """One durable_rules host; build one per process (or per worker) and pass it in."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._host = _SynchronousHost()
        self._host.get_action = self._get_action
        self._registered: set[str] = set()
        self._session_ids = itertools.count(1)
        self._firings: _Firings | None = None
        self._registering: CompiledRuleset | None = None

    @contextmanager
    def session(self, compiled: CompiledRuleset) -> Iterator[Session]:
        """A fresh session for one case; it is always closed and deleted on leaving."""
        with self._lock:
            self._register(compiled)
            sid = str(next(self._session_ids))
            firings = self._firings = _Firings()
            try:
                yield Session(self._host, compiled, sid, firings)
            finally:
                try:
                    if firings.count == 0:
                        self._host.assert_fact(compiled.name, {"sid": sid, "kind": CLOSE_KIND})
                finally:
                    self._firings = None
                    self._host.delete_state(compiled.name, sid)

    def _register(self, compiled: CompiledRuleset) -> None:
        if compiled.name in self._registered:
            return
        self._registering = compiled
        try:
            # Host mutates the dict it is given: hand it a copy.
            self._host.register_rulesets(copy.deepcopy(compiled.definition))
        finally:
            self._registering = None
        self._registered.add(compiled.name)

    def _sink(self) -> _Firings:
        firings = self._firings
        assert firings is not None, "an action ran outside a session"
        firings.count += 1
        return firings

    def _get_action(self, action_name: str) -> Callable[[Any], None]:
        """Called by durable_rules while a ruleset registers: what each rule does on firing."""
        if action_name in (NOOP_ACTION, CLOSE_ACTION):
            def count_only(c: Any) -> None:
                self._sink()
            return count_only
        assert self._registering is not None
        rule = self._registering.actions[action_name]
        if rule.kind == "target_group":
            return lambda c: self._sink().target_groups.add(rule.id)
        if action_name in self._registering.pass_actions:
            return lambda c: self._sink().passed.add((c.m["line"], rule.key))

        def record(c: Any) -> None:
            # A pattern with `$or` fires once per branch that holds: keep each rule once.
            fired = self._sink().by_line.setdefault(c.m["line"], [])
            if not any(r is rule for r in fired):
                fired.append(rule)
        return record


class Session:
    """One case's conversation with the engine, in the order the decisions need."""

    def __init__(self, host: Host, compiled: CompiledRuleset, sid: str, firings: _Firings
                 ) -> None:
        self._host, self._compiled, self._sid, self._firings = host, compiled, sid, firings

    def target_groups(self, case_fact: dict[str, Any]) -> set[str]:
        """Assert the case; the target groups whose rules fired."""
        case = {name: case_fact[name] for name in self._compiled.case_facts}
        self._host.assert_fact(self._compiled.name, {**case, "sid": self._sid, "kind": "case"})
        return set(self._firings.target_groups)

    def line_rules(self, line_facts: list[dict[str, Any]]) -> dict[int, list[Rule]]:
        """Assert the lines; for each line index, the rules that apply, in rule-file order."""
        compiled = self._compiled
        if line_facts:
            names = compiled.line_facts
            self._host.assert_facts(
                compiled.name,
                [{**{name: fact[name] for name in names}, "sid": self._sid, "kind": "line",
                  "line": i} for i, fact in enumerate(line_facts)])
        by_line = {i: list(rules) for i, rules in self._firings.by_line.items()}
        for index, fact in enumerate(line_facts):
            added = list(compiled.static.get(fact["service"], ()))
            added += [rule for rule in compiled.pass_form.get(fact["service"], ())
                      if (index, rule.key) not in self._firings.passed]
            if added:
                fired = by_line.setdefault(index, [])
                fired.extend(added)
                fired.sort(key=lambda rule: compiled.position[rule.key])
        return by_line
