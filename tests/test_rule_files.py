"""Rule files are edited by hand: every mistake must come back as `file:line: what is wrong`."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from budget_engine import RuleErrors, load_rules

SHIPPED = load_rules().directory


def copy_rules(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(SHIPPED, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def edit(path: Path, old: str, new: str) -> int:
    """Replace the first `old` in the file; return its 1-based line number."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


def errors_of(rules: Path) -> list[str]:
    with pytest.raises(RuleErrors) as caught:
        load_rules(rules)
    return [str(e) for e in caught.value.errors]


@pytest.mark.parametrize(("file", "old", "new", "message"), [
    ("eligibility.yaml", "when: {adult_grt: true}", "when: {agee: 3}", 'unknown fact "agee"'),
    ("eligibility.yaml", 'age: {">=": 5}', 'age: {"=>": 5}', 'unknown operator "=>"'),
    ("eligibility.yaml", "disability_group: {in: [I, II]}",
     "disability_group: {in: [I, IV]}", "\"disability_group\" cannot be 'IV'"),
    ("eligibility.yaml", "{parameter: cap.respite.days_per_year}",
     "{parameter: cap.respite.days_per_yer}", 'unknown parameter "cap.respite.days_per_yer"'),
    ("eligibility.yaml", "services: [home_care]", "services: [home_cares]",
     'unknown service "home_cares"'),
    ("services.yaml", "  support_group:", "  Support-group:", 'service code "Support-group"'),
    ("services.yaml", "rate: rate.respite", "rate: rate.respit",
     'unknown rate parameter "rate.respit"'),
    ("parameters/financing.yaml", "value: [group_apartment, home_care,",
     "value: [group_apartment, home_cares,", 'unknown service "home_cares"'),
    ("eligibility.yaml", "services: [child_care]", "services: [social_rehabilitation]",
     'unknown service "social_rehabilitation"'),
    ("financing.yaml", "method: esf_share", "method: esf",
     "then.method: Input should be 'esf_share'"),
    ("financing.yaml", "share: f1.esf_share, copayment: false",
     "shares: f1.esf_share, copayment: false", "then.shares: Extra inputs are not permitted"),
    ("financing.yaml", "share: f1.esf_share, copayment: false", "copayment: false",
     "method esf_share needs share"),
    ("financing.yaml", "share: f1.esf_share,", "share: f1.esf_shares,",
     'then: unknown parameter "f1.esf_shares"'),
    ("financing.yaml", "copayment: false}", "copayment: \"false\"}", "then.copayment"),
    ("copayment.yaml", "then: {exempt_payer: client}", "then: {exempt_payer: maintainers}",
     "then.exempt_payer"),
    ("copayment.yaml", "then: {payer: client, threshold: threshold.needy}",
     "then: {payer: client}", "payer and threshold go together"),
    ("copayment.yaml", "then: {order: copayment.order}",
     "then: {order: copayment.order, exempt: true}", "exactly one of"),
    ("messages.yaml", "{assessed_on}, pirms", "{assesed_on}, pirms",
     "unknown placeholder {assesed_on}"),
    ("messages.yaml", "  cap.cut:", "  cap.cuts:", 'unknown message "cap.cuts"'),
    ("eligibility.yaml", "legal_basis: \"Invaliditātes likums, 12. pants\"",
     "legal_bases: \"Invaliditātes likums, 12. pants\"", "Extra inputs are not permitted"),
    ("parameters/rates.yaml", 'value: "3.83"', 'value: "3,83"', "decimal comma"),
    ("parameters/rates.yaml", 'value: "5.11"', 'value: "-5.11"', "must not be negative"),
    ("parameters/rates.yaml", 'value: "14.58"', 'value: "abc"', "expected a number"),
    ("parameters/financing.yaml", 'value: "0.85"', 'value: "1.85"', "a share must be between"),
    ("parameters/rates.yaml", "{from: 2023-04-01", "{from: 2023-13-01", "is not a real date"),
    ("eligibility.yaml", "then: {cap: cap.day_care_centre, per: month}",
     "then: {cap: cap.day_care_centre, per: fortnight}", "then.per"),
    ("parameters/rates.yaml", 'value: "3.83"', 'value: "1000000000.00"', "too many digits"),
    ("parameters/rates.yaml", 'value: "3.83"', 'value: "3.8300001"', "too many digits"),
    ("parameters/rates.yaml", 'value: "3.83"', 'value: "' + "9" * 5000 + '"', "too many digits"),
    ("eligibility.yaml", "when: {adult_grt: true}", "when: &same {adult_grt: true}",
     "anchors and aliases (&name, *name) are not accepted"),
    # Issue 24, item 4: nesting, width and numbers of a condition are bounded.
    ("eligibility.yaml", "when: {adult_grt: true}",
     "when: " + "{not: " * 3000 + "{adult_grt: true}" + "}" * 3000,
     "nested more than 40 levels deep"),
    ("eligibility.yaml", "when: {adult_grt: true}",
     "when: " + "{all: [" * 200 + "{adult_grt: true}" + "]}" * 200,
     "nested more than 40 levels deep"),
    ("eligibility.yaml", "when: {adult_grt: true}",
     "when: " + "{not: " * 9 + "{adult_grt: true}" + "}" * 9, "nest more than 8 levels deep"),
    ("eligibility.yaml", "when: {adult_grt: true}",
     "when: {any: [" + ", ".join(["{adult_grt: true}"] * 51) + "]}",
     '"any" lists more than 50 conditions'),
    ("eligibility.yaml", "disability_group: {in: [I, II]}",
     "disability_group: {in: [" + ", ".join(["I"] * 51) + "]}",
     '"in" for "disability_group" lists more than 50 values'),
    ("eligibility.yaml", 'age: {">=": 5}', 'age: {">=": 100000000000000000000000}',
     '"age" cannot be 100000000000000000000000: expected a whole number from 0 to 150'),
    ("eligibility.yaml", 'age: {">=": 5}', 'age: {">=": 151}', "from 0 to 150"),
    ("eligibility.yaml", 'age: {">=": 5}', 'age: {">=": ' + "9" * 5000 + "}",
     "a number of more than 30 digits"),
])
def test_mistakes_are_reported_with_file_and_line(tmp_path: Path, file: str, old: str,
                                                  new: str, message: str) -> None:
    rules = copy_rules(tmp_path)
    line = edit(rules / file, old, new)
    found = errors_of(rules)
    assert any(f"{file}:" in e and message in e for e in found), found
    matching = [e for e in found if message in e][0]
    reported = int(matching.split(f"{file}:")[1].split(":")[0])
    assert abs(reported - line) <= 3, (reported, line, matching)


def test_a_condition_nested_to_the_limit_is_read(tmp_path: Path) -> None:
    """Eight levels of `not` (the most) are a condition like any other: two negations
    cancel, so the rule book decides as the shipped one does."""
    rules = copy_rules(tmp_path)
    edit(rules / "eligibility.yaml", "when: {adult_grt: true}",
         "when: " + "{not: " * 8 + "{adult_grt: true}" + "}" * 8)
    book = load_rules(rules)
    shipped = load_rules(SHIPPED)
    assert book.rules_by_key.keys() == shipped.rules_by_key.keys()


def test_a_missing_message_is_named(tmp_path: Path) -> None:
    rules = copy_rules(tmp_path)
    edit(rules / "messages.yaml", "  assessment.unknown:", "  assessment.unknowns:")
    found = errors_of(rules)
    assert any('message "assessment.unknown" is missing' in e and "messages.yaml" in e
               for e in found), found


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    rules = copy_rules(tmp_path)
    line = edit(rules / "parameters" / "rates.yaml", '{from: 2019-01-01, value: "3.70",',
                '{from: 2019-01-01, value: "3.70" "policy default",')
    found = errors_of(rules)
    assert len(found) == 1 and "rates.yaml:" in found[0] and "not valid YAML" in found[0]
    assert abs(int(found[0].split("rates.yaml:")[1].split(":")[0]) - line) <= 2


def test_the_services_are_those_of_services_yaml(tmp_path: Path) -> None:
    """A service the book adds is known to its rules and parameters; one it drops is not."""
    rules = copy_rules(tmp_path)
    edit(rules / "services.yaml", "  child_care:\n", "  child_day_care:\n")
    found = errors_of(rules)
    assert found and all('"child_care"' in e for e in found), found
    assert any("eligibility.yaml:" in e and 'unknown service "child_care"' in e
               and "child_day_care" in e for e in found), found
    edit(rules / "eligibility.yaml", "services: [child_care]", "services: [child_day_care]")
    edit(rules / "financing.yaml", "services: [child_care]", "services: [child_day_care]")
    book = load_rules(rules)
    assert list(book.services)[-1] == "child_day_care" and "child_care" not in book.services


def test_every_error_is_listed_at_once(tmp_path: Path) -> None:
    rules = copy_rules(tmp_path)
    edit(rules / "eligibility.yaml", "when: {adult_grt: true}", "when: {agee: 3}")
    edit(rules / "financing.yaml", "method: esf_share", "method: esf")
    assert len(errors_of(rules)) == 2


def test_missing_file_and_missing_directory(tmp_path: Path) -> None:
    rules = copy_rules(tmp_path)
    (rules / "copayment.yaml").unlink()
    assert any("copayment.yaml" in e and "cannot read" in e for e in errors_of(rules))
    assert any("not a directory" in e for e in errors_of(tmp_path / "nowhere"))


def test_a_new_rate_from_a_date_applies_from_that_date(tmp_path: Path) -> None:
    from engine import calculate

    from budget_engine import parse_case

    rules = copy_rules(tmp_path)
    edit(rules / "parameters" / "rates.yaml",
         "    values:\n      - {from: 2015-12-22, value: \"3.83\"",
         "    values:\n      - {from: 2026-01-01, value: \"4.20\"}\n"
         "      - {from: 2015-12-22, value: \"3.83\"")
    book = load_rules(rules)

    def cost(date: str) -> str | None:
        case = parse_case({
            "format": 1, "case_id": "R-1", "calculation_date": date,
            "person": {"birth_date": "1980-01-01", "municipality": "Rīga",
                       "disability_group": "II", "diagnoses": ["F20"]},
            "household": {"needy_status": True},
            "assessment": {"assessed_on": "2025-06-01", "support_plan": True, "care_level": 2},
            "requested_services": [{"service": "home_care", "units": 10}]})
        return str(calculate(case, book).lines[0].monthly_cost)

    assert cost("2025-12-31") == "38.30"
    assert cost("2026-01-01") == "42.00"


@pytest.mark.slow
def test_the_wheel_carries_the_rules(tmp_path: Path) -> None:
    """`pip install .` must give a working command with the shipped rules and web files."""
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
         "-w", str(tmp_path), str(root)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    wheel = next(tmp_path.glob("budget_engine-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("ruleset.yaml", "eligibility.yaml", "financing.yaml", "copayment.yaml",
                 "services.yaml", "target_groups.yaml", "regions.yaml",
                 "parameters/rates.yaml", "parameters/thresholds.yaml"):
        assert f"budget_engine/shipped_rules/{name}" in names, name
    for name in ("budget_web/templates/form.html", "budget_web/templates/result.html",
                 "budget_web/static/style.css",
                 "budget_web/translations/lv/LC_MESSAGES/messages.mo"):
        assert name in names, name


def test_municipality_list_by_date(book: object) -> None:
    import datetime as dt

    rules = load_rules()
    on = rules.municipalities_on
    assert len(on(dt.date(2021, 6, 30))) == 119
    assert len(on(dt.date(2021, 7, 1))) == 43
    assert "Varakļānu novads" in on(dt.date(2025, 6, 30))
    assert "Varakļānu novads" not in on(dt.date(2025, 7, 1))
    assert len(on(dt.date(2026, 1, 1))) == 42
    assert on(dt.date(2024, 1, 1))["Valmieras novads"].region == "Vidzeme"
