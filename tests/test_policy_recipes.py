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

from budget_engine import Budget, Calculator, CaseInputError, load_rules

RULES = Path(__file__).resolve().parents[1] / "rules"
RECIPE = re.compile(r"<!-- recipe: (?P<name>[\w-]+) (?P<args>[^>]*?) -->\n```yaml\n"
                    r"(?P<line>.+?)\n```", re.S)


def recipes() -> dict[str, dict[str, str]]:
    text = (RULES / "README.md").read_text(encoding="utf-8")
    found = {}
    for match in RECIPE.finditer(text):
        args = dict(part.split("=", 1) for part in match["args"].split())
        found[match["name"]] = {**args, "line": match["line"]}
    return found


def apply(recipe: dict[str, str], target: Path) -> None:
    """The edit as the README words it: a value line added under a parameter's `values:`,
    a rule's `when:` line replaced, or a block added at the end of a file's list (`section`,
    before the blank lines and comments that end it)."""
    path = target / recipe["file"]
    lines = path.read_text(encoding="utf-8").split("\n")
    if "section" in recipe:
        start = lines.index(f"{recipe['section']}:")
        end = next((i for i in range(start + 1, len(lines))
                    if re.match(r"^[^\s#]", lines[i])), len(lines))
        while lines[end - 1].strip() == "" or lines[end - 1].startswith("#"):
            end -= 1
        lines[end:end] = recipe["line"].split("\n")
    elif "parameter" in recipe:
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


def edited(tmp_path: Path, *names: str) -> Calculator:
    """The shipped rules with the README's recipes `names` applied on a copy, in order."""
    target = tmp_path / "rules"
    shutil.copytree(RULES, target)
    apply_recipes(target, *names)
    return Calculator(load_rules(target))


def apply_recipes(target: Path, *names: str) -> None:
    found = recipes()
    for name in names:
        apply(found[name], target)


#: The recipe for a new service: its entry and its rate; the rule of who may have it after.
NEW_SERVICE = ("new-service", "new-service-rate")


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
    assert set(recipes()) == {"new-rate", "new-thresholds", "maintainers-off", "new-condition",
                              "new-service", "new-service-rate", "new-service-rule"}


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
    from budget_engine.evaluation.rules_diff import diff
    calculator = edited(tmp_path, name)
    changes = diff(load_rules(), calculator.book)
    assert len(changes) == 1, [c.lv for c in changes]


# -- a new service with its rate --------------------------------------------------------------

REHABILITATION = {"requested_services": [{"service": "social_rehabilitation", "units": 10}],
                  "assessment": {"assessed_on": "2025-06-01", "support_plan": True,
                                 "care_level": 2}}


def test_a_new_service_is_priced_and_paid_as_the_recipe_says(tmp_path: Path) -> None:
    calculator = edited(tmp_path, *NEW_SERVICE)
    budget_lv = budget(calculator, "2026-03-01", **REHABILITATION)
    [line] = budget_lv.lines
    assert (line.service, line.title, line.unit) == (
        "social_rehabilitation", "Sociālā rehabilitācija", "hour")
    assert (line.approved_units, line.rate, line.monthly_cost) == (
        10, Decimal("12.50"), Decimal("125.00"))
    assert line.financing.model_dump() == {
        "esf": "0.00", "state": "0.00", "municipality": "125.00", "client": "0.00",
        "maintainers": "0.00"}
    assert [r.rule for r in line.reasons] == ["F3"]  # the municipality; no co-payment
    assert budget_lv.refused == [] and budget_lv.totals.monthly == Decimal("125.00")
    english = calculator.calculate(calculator.parse({**BASE, "calculation_date": "2026-03-01",
                                                     **REHABILITATION}), "en")
    assert english.lines[0].title == "Social rehabilitation"


def test_before_its_rate_the_new_service_has_no_amount_and_a_warning(tmp_path: Path) -> None:
    calculator = edited(tmp_path, *NEW_SERVICE)
    before = budget(calculator, "2025-12-01", **REHABILITATION)
    [line] = before.lines
    assert (line.approved_units, line.rate, line.monthly_cost) == (10, None, None)
    assert before.refused == [] and before.totals.monthly == 0
    [warning] = before.warnings
    assert warning.code == "no_rate" and "Sociālā rehabilitācija" in warning.text


def test_the_new_services_rule_says_who_may_have_it(tmp_path: Path) -> None:
    calculator = edited(tmp_path, *NEW_SERVICE, "new-service-rule")
    assert budget(calculator, "2026-03-01", **REHABILITATION).lines[0].monthly_cost == Decimal(
        "125.00")
    child = {"person": {"birth_date": "2014-05-01", "municipality": "Rīga",
                        "child_disability": True, "diagnoses": []}}
    for date, changes in (("2025-12-01", {}), ("2026-03-01", child)):
        refused = budget(calculator, date, **REHABILITATION, **changes)
        assert refused.lines == []
        assert [(r.service, [(x.rule, x.text) for x in r.reasons]) for r in refused.refused] == [
            ("social_rehabilitation", [("E11", "Sociālo rehabilitāciju piešķir pieaugušajam no "
                                               "2026. gada 1. janvāra.")])]


def test_without_the_recipe_the_code_is_refused_with_the_known_codes() -> None:
    shipped = Calculator(load_rules())
    with pytest.raises(CaseInputError) as caught:
        shipped.parse({**BASE, **REHABILITATION})
    [(path, message)] = caught.value.errors
    assert path == "requested_services[0].service"
    assert "'social_rehabilitation'" in message and "home_care" in message
    assert "social_rehabilitation" not in message.split(":", 1)[1]


def test_the_new_service_in_words(tmp_path: Path) -> None:
    from budget_engine.evaluation.rules_diff import diff
    calculator = edited(tmp_path, *NEW_SERVICE, "new-service-rule")
    assert [c.lv for c in diff(load_rules(), calculator.book)] == [
        "Sociālā rehabilitācija – stundas tarifs (rate.social_rehabilitation): jauns "
        "parametrs (12,50\u00a0€/h no 01.01.2026)",
        "E11: jauns noteikums (Sociālā rehabilitācija)",
        "pakalpojums „Sociālā rehabilitācija” (social_rehabilitation) pievienots, tarifs: "
        "Sociālā rehabilitācija – stundas tarifs (rate.social_rehabilitation)"]


def test_the_new_service_alone_brings_its_rate(tmp_path: Path) -> None:
    """Which change made a budget differ (impact, replays) tries each change alone: the new
    service taken alone prices its lines with its own rate, so it is named as the cause."""
    from budget_engine.rulebook.variants import Change, combine
    drafted = edited(tmp_path, *NEW_SERVICE).book
    alone = Calculator(combine(load_rules(), drafted, [Change("service",
                                                              "social_rehabilitation")]))
    assert budget(alone, "2026-03-01", **REHABILITATION).lines[0].monthly_cost == Decimal(
        "125.00")
