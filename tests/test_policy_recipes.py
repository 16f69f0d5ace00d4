"""The recipes of rules/README.md work as written: each edit is read from the README itself,
made on a copy of the rules, and the budget changes exactly as the recipe says."""

from __future__ import annotations

import copy
import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from budget_engine import Budget, Calculator, load_rules

RULES = Path(__file__).resolve().parents[1] / "rules"
RECIPE = re.compile(r"<!-- recipe: (?P<name>[\w-]+) (?P<args>[^>]*?) -->\n```yaml\n"
                    r"(?P<line>[^\n]+)\n```")


def recipes() -> dict[str, dict[str, str]]:
    text = (RULES / "README.md").read_text(encoding="utf-8")
    found = {}
    for match in RECIPE.finditer(text):
        args = dict(part.split("=", 1) for part in match["args"].split())
        found[match["name"]] = {**args, "line": match["line"]}
    return found


def apply(recipe: dict[str, str], target: Path) -> None:
    """The edit as the README words it: a value line added under a parameter's `values:`,
    or a rule's `when:` line replaced."""
    path = target / recipe["file"]
    lines = path.read_text(encoding="utf-8").split("\n")
    if "parameter" in recipe:
        start = lines.index(f"  {recipe['parameter']}:")
        end = start + 1
        while end < len(lines) and not re.match(r"^  \S", lines[end]):
            end += 1
        last_value = max(i for i in range(start, end) if lines[i].lstrip().startswith("- {from"))
        lines.insert(last_value + 1, recipe["line"])
    else:
        start = next(i for i, line in enumerate(lines) if line == f"  - id: {recipe['rule']}")
        when = next(i for i in range(start, len(lines)) if lines[i].startswith("    when:"))
        lines[when] = recipe["line"]
    path.write_text("\n".join(lines), encoding="utf-8")


def edited(tmp_path: Path, name: str) -> Calculator:
    target = tmp_path / "rules"
    shutil.copytree(RULES, target)
    apply(recipes()[name], target)
    return Calculator(load_rules(target))


BASE: dict[str, Any] = {
    "format": 1, "case_id": "RECIPE-1", "calculation_date": "2027-02-01",
    "person": {"birth_date": "1980-01-01", "municipality": "Rīga", "disability_group": "II",
               "diagnoses": ["F20"]},
    "residence": {"status": "community"},
    "household": {"monthly_income": "600.00", "maintainers": [
        {"relation": "parent", "monthly_income": "2000.00"}]},
    "assessment": {"assessed_on": "2026-06-01", "support_plan": True, "care_level": 2},
    "requested_services": [{"service": "home_care", "units": 100}],
}


def budget(calculator: Calculator, date: str, **changes: Any) -> Budget:
    data = copy.deepcopy(BASE)
    data["calculation_date"] = date
    data.update(changes)
    return calculator.calculate(calculator.parse(data))


def test_the_readme_has_every_recipe() -> None:
    assert set(recipes()) == {"new-rate", "new-thresholds", "maintainers-off", "new-condition"}


def test_a_new_rate_from_a_date(tmp_path: Path) -> None:
    calculator = edited(tmp_path, "new-rate")
    assert budget(calculator, "2027-02-01").lines[0].rate == Decimal("4.10")
    assert budget(calculator, "2027-02-01").lines[0].monthly_cost == Decimal("410.00")
    assert budget(calculator, "2026-12-01").lines[0].rate == Decimal("3.83")


def test_the_new_years_thresholds(tmp_path: Path) -> None:
    calculator = edited(tmp_path, "new-thresholds")
    after = budget(calculator, "2027-02-01")
    before = budget(calculator, "2026-12-01")
    assert after.lines[0].financing.client == Decimal("150.00")  # 600 - 450
    assert before.lines[0].financing.client == Decimal("175.00")  # 600 - 425
    assert any("450" in r.text for r in after.lines[0].reasons if r.rule == "P2")


def test_switching_off_the_maintainers_duty(tmp_path: Path) -> None:
    calculator = edited(tmp_path, "maintainers-off")
    poor = {"household": {"monthly_income": "300.00", "maintainers": [
        {"relation": "parent", "monthly_income": "2000.00"}]}}
    after = budget(calculator, "2027-02-01", **poor)
    before = budget(calculator, "2026-12-01", **poor)
    assert before.lines[0].financing.maintainers > 0
    assert after.lines[0].financing.maintainers == 0
    assert after.lines[0].financing.municipality == after.lines[0].monthly_cost


def test_a_new_condition(tmp_path: Path) -> None:
    calculator = edited(tmp_path, "new-condition")
    shipped = Calculator(load_rules())
    child = {"person": {"birth_date": "2016-05-01", "municipality": "Rīga",
                        "child_disability": True, "diagnoses": []},
             "requested_services": [{"service": "support_group", "units": 2}]}
    assert [r.service for r in budget(shipped, "2027-02-01", **child).refused] == []
    refused = budget(calculator, "2027-02-01", **child).refused
    assert [(r.service, [x.rule for x in r.reasons]) for r in refused] == [
        ("support_group", ["E6"])]


@pytest.mark.parametrize("name", ["new-rate", "new-thresholds", "maintainers-off",
                                  "new-condition"])
def test_each_recipe_is_one_change_in_words(tmp_path: Path, name: str) -> None:
    from budget_engine.rules_diff import diff
    calculator = edited(tmp_path, name)
    changes = diff(load_rules(), calculator.book)
    assert len(changes) == 1, [c.lv for c in changes]
