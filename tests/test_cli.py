"""The `budget-engine` command as a user runs it: output, exit status and error messages."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from examples_data import EXAMPLES, example_case, example_names

from budget_engine.cli.commands import main


def run(*args: str, stdin: str | None = None) -> Any:
    return CliRunner().invoke(main, list(args), input=stdin)


def test_calculate_prints_a_format_1_budget() -> None:
    result = run("calculate", str(EXAMPLES / "01-adult-esf-project.json"))
    assert result.exit_code == 0, result.output
    budget = json.loads(result.stdout)
    assert budget["format"] == 1
    assert budget["totals"]["monthly"] == "924.70"
    assert budget["rules_version"].startswith("2026.11-1+sha256:")
    reasons = budget["lines"][0]["reasons"]
    assert all(r["legal_basis"] for r in reasons)
    assert any(r["rule"] == "F1" and "ESF" in r["text"] for r in reasons)


def test_text_format_in_english_and_latvian() -> None:
    path = str(EXAMPLES / "02-adult-left-vsac-money-follows.json")
    en = run("calculate", path, "--format", "text", "--lang", "en")
    lv = run("calculate", path, "--format", "text")
    assert en.exit_code == lv.exit_code == 0
    assert "Total per month" in en.stdout and "958.57" in en.stdout
    assert "Kopā mēnesī" in lv.stdout and "958,57" in lv.stdout and "958.57" not in lv.stdout
    assert "(12 mēneši): 11\u00a0502,84" in lv.stdout and "(01.05.2024)" in lv.stdout
    assert "[no_rate]" in en.stdout


def test_reads_the_case_from_stdin() -> None:
    text = (EXAMPLES / "05-no-support-plan.json").read_text(encoding="utf-8")
    result = run("calculate", "-", stdin=text)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["totals"]["monthly"] == "306.60"


def _bad(mutate: Any) -> dict[str, Any]:
    case = copy.deepcopy(example_case("02-adult-left-vsac-money-follows"))
    mutate(case)
    return case


BAD_INPUTS = [
    ("misspelt field", lambda c: c["person"].update(birth_dat="1970-01-01"),
     "person.birth_dat", "unknown field"),
    ("misspelt top field", lambda c: c.update(requested_service=[]),
     "requested_service", "unknown field"),
    ("wrong service code", lambda c: c["requested_services"].append(
        {"service": "home_cares", "units": 3}), "requested_services[4].service", "home_care"),
    ("impossible date", lambda c: c.update(calculation_date="2024-02-30"),
     "calculation_date", "date"),
    ("score out of range", lambda c: c["assessment"]["areas"].update(home_living=97),
     "assessment.areas.home_living", "96"),
    ("care level out of range", lambda c: c["assessment"].update(care_level=5),
     "assessment.care_level", "4"),
    ("units zero", lambda c: c["requested_services"][0].update(units=0),
     "requested_services[0].units", "greater than or equal to 1"),
    ("negative income", lambda c: c["household"].update(monthly_income="-5"),
     "household.monthly_income", "greater than or equal to 0"),
    ("bad diagnosis", lambda c: c["person"].update(diagnoses=["schizophrenia"]),
     "person.diagnoses[0]", "pattern"),
    ("bad disability group", lambda c: c["person"].update(disability_group="IV"),
     "person.disability_group", "'I', 'II' or 'III'"),
    ("bad maintainer relation", lambda c: c["household"]["maintainers"][0].update(
        relation="neighbour"), "household.maintainers[0].relation", "'spouse'"),
    ("left_vsac without date", lambda c: c["residence"].pop("left_vsac_on"),
     "residence", "left_vsac_on is required"),
    ("duplicate service", lambda c: c["requested_services"].append(
        {"service": "home_care", "units": 3}), "requested_services", "more than once"),
    ("unknown municipality", lambda c: c["person"].update(municipality="Atlantīda"),
     "person.municipality", "not a municipality"),
    ("birth after calculation", lambda c: c["person"].update(birth_date="2030-01-01"),
     "person.birth_date", "after calculation_date"),
    ("wrong format", lambda c: c.update(format=2), "format", "1"),
    ("bad case id", lambda c: c.update(case_id="a b"), "case_id", "pattern"),
    ("units not whole", lambda c: c["requested_services"][0].update(units=2.5),
     "requested_services[0].units", "integer"),
    ("money with 3 decimals", lambda c: c["household"].update(monthly_income="1.005"),
     "household.monthly_income", "decimal places"),
    ("items with wrong count", lambda c: c["assessment"].update(
        areas=None, items={"home_living": [[1, 1, 1]]}), "assessment.items", "8"),
]


@pytest.mark.parametrize(("kind", "mutate", "field", "expected"), BAD_INPUTS,
                         ids=[b[0] for b in BAD_INPUTS])
def test_bad_case_exits_2_naming_the_field(kind: str, mutate: Any, field: str, expected: str,
                                           tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(_bad(mutate)), encoding="utf-8")
    result = run("calculate", str(path))
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert f"{path}: {field}" in result.stderr, result.stderr
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_not_json_and_missing_file_are_clear_errors(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": 1,', encoding="utf-8")
    result = run("calculate", str(broken))
    assert result.exit_code == 2 and "not valid JSON" in result.stderr
    missing = run("calculate", str(tmp_path / "nope.json"))
    assert missing.exit_code == 2 and "cannot read" in missing.stderr


def _rules_copy(tmp_path: Path) -> Path:
    from budget_engine import load_rules

    target = tmp_path / "rules"
    shutil.copytree(load_rules().directory, target,
                    ignore=shutil.ignore_patterns("__pycache__"))
    return target


def test_changing_a_rate_in_a_copy_of_rules_changes_the_budget(tmp_path: Path) -> None:
    rules = _rules_copy(tmp_path)
    rates = rules / "parameters" / "rates.yaml"
    text = rates.read_text(encoding="utf-8")
    assert 'value: {standard: "16.24", intensive: "19.28"}' in text
    rates.write_text(text.replace('intensive: "19.28"', 'intensive: "20.00"'), encoding="utf-8")
    case = str(EXAMPLES / "01-adult-esf-project.json")
    before = json.loads(run("calculate", case).stdout)
    after = json.loads(run("calculate", case, "--rules", str(rules)).stdout)
    line = next(ln for ln in after["lines"] if ln["service"] == "day_care_centre")
    assert line["rate"] == "20.00" and line["monthly_cost"] == "400.00"
    assert line["financing"]["esf"] == "340.00" and line["financing"]["state"] == "60.00"
    assert after["totals"]["monthly"] == "939.10"
    assert after["rules_version"] != before["rules_version"]


def test_rule_error_names_file_and_line(tmp_path: Path) -> None:
    rules = _rules_copy(tmp_path)
    path = rules / "eligibility.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    index = next(i for i, ln in enumerate(lines) if "when: {adult_grt: true}" in ln)
    lines[index] = lines[index].replace("adult_grt", "adult_grtt")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("calculate", str(EXAMPLES / "01-adult-esf-project.json"), "--rules", str(rules))
    assert result.exit_code == 1
    assert f"eligibility.yaml:{index + 1}: unknown fact \"adult_grtt\"" in result.stderr
    check = run("rules", "check", str(rules))
    assert check.exit_code == 1 and "adult_grtt" in check.stderr


def test_rules_check_and_version_on_shipped_rules() -> None:
    check = run("rules", "check")
    assert check.exit_code == 0 and "rules" in check.stdout
    version = run("rules", "version")
    assert version.stdout.startswith("2026.11-1+sha256:")


@pytest.mark.slow
@pytest.mark.parametrize("name", example_names())
def test_installed_console_script_calculates_every_example(name: str) -> None:
    exe = Path(sys.executable).with_name("budget-engine")
    if not exe.exists():
        pytest.skip("budget-engine is not installed beside this Python")
    done = subprocess.run([str(exe), "calculate", str(EXAMPLES / f"{name}.json")],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["case_id"] == example_case(name)["case_id"]


def test_warnings_name_the_parameters_they_rest_on() -> None:
    no_plan = json.loads(run("calculate", str(EXAMPLES / "05-no-support-plan.json")).stdout)
    warning = next(w for w in no_plan["warnings"] if w["code"] == "reassessment_due")
    assert warning["parameters"]["assessment.reassessment_months"] == {
        "value": "36", "valid_from": "2015-01-01"}
    assert "01.02.2019" in warning["text"]  # the date as a Latvian text writes it
    support = json.loads(run("calculate", str(EXAMPLES / "06b-support-person-group-III-2026.json"),
                             "--lang", "en").stdout)
    no_rate = next(w for w in support["warnings"] if w["code"] == "no_rate")
    assert no_rate["parameters"]["rate.support_person"]["value"] == "—"
    assert "No rate in force on 2026-01-01" in no_rate["text"]
