"""Which rules and parameters the policy scenarios exercise, and which none does.

A rule no scenario reaches is a rule nobody has seen decide: `budget-engine rules coverage`
lists them (and the parameters no explanation ever showed), and CI fails on an uncovered
rule. The scenarios record what each budget they calculate explains (`record_budget`), into
the file named by `COVERAGE_ENV`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .loader import RuleBook

COVERAGE_ENV = "BUDGET_ENGINE_COVERAGE_FILE"


@dataclass
class Seen:
    """Rule ids and parameter names that appeared in the budgets' explanations, and for
    each rule the scenarios whose budgets showed it (for the policy pages)."""

    rules: set[str]
    parameters: set[str]
    scenarios: dict[str, set[str]] = field(default_factory=dict)
    #: The scenario being run ("Feature: Scenario"), set by the scenarios' hook.
    current: str | None = None

    @classmethod
    def empty(cls) -> Seen:
        return cls(set(), set())

    def record_budget(self, budget: dict[str, Any]) -> None:
        """Every rule and parameter a budget (as JSON data) names in its explanations."""
        named = set(budget.get("target_groups", []))
        reasons: list[dict[str, Any]] = []
        for line in budget.get("lines", []):
            reasons += line.get("reasons", [])
        for refusal in budget.get("refused", []):
            reasons += refusal.get("reasons", [])
        reasons += (budget.get("institutional_counterfactual") or {}).get("reasons", [])
        for reason in reasons:
            named.add(reason["rule"])
            self.parameters.update(reason.get("parameters", {}))
        for warning in budget.get("warnings", []):
            self.parameters.update(warning.get("parameters", {}))
        self.rules |= named
        if self.current is not None:
            for rule in named:
                self.scenarios.setdefault(rule, set()).add(self.current)

    def save(self, path: Path) -> None:
        previous = Seen.load(path) if path.exists() else Seen.empty()
        scenarios = {rule: sorted(self.scenarios.get(rule, set())
                                  | previous.scenarios.get(rule, set()))
                     for rule in sorted(set(self.scenarios) | set(previous.scenarios))}
        data = {"rules": sorted(self.rules | previous.rules),
                "parameters": sorted(self.parameters | previous.parameters),
                "scenarios": scenarios}
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Seen:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(set(data["rules"]), set(data["parameters"]),
                   {rule: set(names) for rule, names in data.get("scenarios", {}).items()})


@dataclass(frozen=True)
class Coverage:
    uncovered_rules: tuple[str, ...]
    uncovered_parameters: tuple[str, ...]


def coverage(book: RuleBook, seen: Seen) -> Coverage:
    """Rule ids (with the counterfactual notes) and parameters that no budget explained.

    A parameter shown as one entry of its table (`rate.day_care_centre.standard`,
    `threshold.needy.first`) counts for the parameter."""
    rule_ids = {rule.id for rule in book.all_rules()} | set(book.notes)
    shown = set()
    for name in seen.parameters:
        while name and name not in book.parameters:
            name = name.rpartition(".")[0]
        if name:
            shown.add(name)
    return Coverage(tuple(sorted(rule_ids - seen.rules)),
                    tuple(sorted(set(book.parameters.parameters) - shown)))
