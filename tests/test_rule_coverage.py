"""Every rule is exercised by a policy scenario: CI fails on a rule nobody has seen decide."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from budget_engine import load_rules
from budget_engine.cli.commands import main
from budget_engine.rulebook.coverage import Seen, coverage

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_every_rule_is_exercised_by_a_scenario(tmp_path: Path) -> None:
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(main, ["rules", "coverage", "--save",
                                           str(tmp_path / "scenarios.json")])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    assert "rules no scenario exercises: —" in result.output
    # The policy pages list each rule's scenarios from the committed copy: it must be current
    # (regenerate: budget-engine rules coverage --save budget_web/policy/rule_scenarios.json).
    committed = (ROOT / "budget_web" / "policy" / "rule_scenarios.json").read_text(encoding="utf-8")
    assert (tmp_path / "scenarios.json").read_text(encoding="utf-8") == committed


def test_a_rule_no_budget_explained_is_listed() -> None:
    book = load_rules()
    seen = Seen.empty()
    seen.record_budget({
        "target_groups": ["adult_grt"],
        "lines": [{"reasons": [{"rule": "E1", "parameters": {
            "rate.day_care_centre.standard": {}, "cap.day_care_centre": {}}}]}],
        "refused": [], "warnings": [{"parameters": {"f1.ends_on": {}}}],
    })
    result = coverage(book, seen)
    assert "E1" not in result.uncovered_rules and "adult_grt" not in result.uncovered_rules
    assert "F1" in result.uncovered_rules and "VSAC" in result.uncovered_rules
    for shown in ("rate.day_care_centre", "cap.day_care_centre", "f1.ends_on"):
        assert shown not in result.uncovered_parameters
    assert "rate.home_care" in result.uncovered_parameters
