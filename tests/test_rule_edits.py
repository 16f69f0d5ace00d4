"""Form edits written into rule files as a person writes them: only the lines of the edit
change, in date order, in the files' own style; the result loads as the rule book with
exactly that change (`rules diff` says it in words)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from budget_engine import load_rules, rules_diff
from budget_web.policy.edits import EditProblem, add_parameter_value, edit_rule, flow
from budget_web.rulebooks import rule_files, write_files

SHIPPED = Path(__file__).resolve().parents[1] / "rules"


def loaded(files: dict[str, str], tmp_path: Path, name: str = "edited"):  # type: ignore[no-untyped-def]
    target = tmp_path / name
    target.mkdir()
    write_files(files, target)
    return load_rules(target)


def changed_lines(old: str, new: str) -> list[str]:
    before, after = old.split("\n"), new.split("\n")
    return [line for line in after if line not in before] + [
        "-" + line for line in before if line not in after]


def test_flow_writes_the_files_own_style() -> None:
    assert flow({"from": dt.date(2026, 1, 1), "value": "4.10", "reference": "MK Nr. 8"}) == \
        '{from: 2026-01-01, value: "4.10", reference: "MK Nr. 8"}'
    assert flow({"standard": "1", 7: False, "a b": None}) == \
        '{standard: "1", 7: false, "a b": null}'


def test_a_value_from_a_date_is_one_line_in_date_order(tmp_path: Path) -> None:
    files = rule_files(SHIPPED)
    edit = add_parameter_value(files, "rate.home_care", dt.date(2026, 1, 1), "4.10", None)
    assert changed_lines(files["parameters/rates.yaml"], edit.files["parameters/rates.yaml"]) \
        == ['      - {from: 2026-01-01, value: "4.10"}']
    line = edit.files["parameters/rates.yaml"].split("\n")[edit.spans["value"].first - 1]
    assert "4.10" in line
    # one before the existing first value goes above it; the same date replaces it
    earlier = add_parameter_value(edit.files, "rate.home_care", dt.date(2010, 1, 1), "1.00",
                                  None)
    lines = earlier.files["parameters/rates.yaml"].split("\n")
    at = earlier.spans["value"].first - 1
    assert "2010-01-01" in lines[at] and "2015-12-22" in lines[at + 1]
    replaced = add_parameter_value(edit.files, "rate.home_care", dt.date(2026, 1, 1), "4.20",
                                   "MK")
    assert changed_lines(files["parameters/rates.yaml"],
                         replaced.files["parameters/rates.yaml"]) == [
        '      - {from: 2026-01-01, value: "4.20", reference: "MK"}']
    book = loaded(replaced.files, tmp_path)
    changes = [c.lv for c in rules_diff(load_rules(SHIPPED), book)]
    assert changes == [("Aprūpe mājās – stundas tarifs (rate.home_care): 3,83\u00a0€/h → "
                        "4,20\u00a0€/h no 01.01.2026")]


def test_a_flow_list_of_values_is_written_out_one_per_line(tmp_path: Path) -> None:
    files = rule_files(SHIPPED)
    text = files["parameters/rates.yaml"].replace(
        '    values:\n      - {from: 2015-12-22, value: "3.83", reference: "ESF 9.2.2.1. '
        'pasākuma vienības izmaksu metodika (indikatīvās likmes, 22.12.2015.)"}',
        '    values: [{from: 2015-12-22, value: "3.83"}]', 1)
    assert text != files["parameters/rates.yaml"]
    edit = add_parameter_value({**files, "parameters/rates.yaml": text}, "rate.home_care",
                               dt.date(2026, 1, 1), "4.10", None)
    assert '    values:\n      - {from: 2015-12-22, value: "3.83"}\n' \
           '      - {from: 2026-01-01, value: "4.10"}\n' in edit.files["parameters/rates.yaml"]
    found = loaded(edit.files, tmp_path).parameters.on("rate.home_care", dt.date(2026, 2, 1))
    assert found is not None and found.value == Decimal("4.10")


def test_a_rule_text_and_condition_are_replaced_in_place(tmp_path: Path) -> None:
    files = rule_files(SHIPPED)
    edit = edit_rule(files, "eligibility", "eligibility:E6", None,
                     {"lv": "Tikai no 16 gadiem.", "en": "Only from 16."},
                     "# no 2027\nin_target_group: true\nage: {'>=': 16}\n")
    book = loaded(edit.files, tmp_path)
    rule = book.rules_by_key["eligibility:E6"]
    assert rule.when_source == {"in_target_group": True, "age": {">=": 16}}
    assert rule.text == {"lv": "Tikai no 16 gadiem.", "en": "Only from 16."}
    lines = edit.files["eligibility.yaml"].split("\n")
    when = edit.spans["when"]
    assert lines[when.first - 1] == "    when:" and "# no 2027" in lines[when.first]
    assert lines[when.last - 1].strip() == "age: {'>=': 16}"
    text = edit.spans["text"]
    assert lines[text.first - 1] == "    refusal:"
    assert lines[text.first] == '      lv: "Tikai no 16 gadiem."'
    assert sorted(c.lv for c in rules_diff(load_rules(SHIPPED), book)) == [
        "E6: nosacījums mainīts", "E6: teksts mainīts"]
    # the comments and every other rule are as they were
    assert edit.files["eligibility.yaml"].startswith(files["eligibility.yaml"][:400])


def test_an_unknown_entry_is_an_edit_problem() -> None:
    files = rule_files(SHIPPED)
    with pytest.raises(EditProblem):
        add_parameter_value(files, "rate.nothing", dt.date(2026, 1, 1), "1", None)
    with pytest.raises(EditProblem):
        edit_rule(files, "eligibility", "eligibility:E99", None, None, "a: 1")


def test_a_financing_rule_text_and_a_flow_condition_keep_their_places(tmp_path: Path) -> None:
    files = rule_files(SHIPPED)
    edit = edit_rule(files, "financing", "financing:F1",
                     {"lv": "DI projekts (ESF) 2027", "en": "DI project (ESF) 2027"},
                     {"lv": "ESF sedz {share_pct} %.", "en": "The ESF pays {share_pct} %."},
                     "{in_f1_window: true, age: {'>=': 18}}")
    lines = edit.files["financing.yaml"].split("\n")
    assert lines[edit.spans["title"].first - 1] == \
        '    title: {lv: "DI projekts (ESF) 2027", en: "DI project (ESF) 2027"}'
    assert lines[edit.spans["when"].first - 1] == \
        "    when: {in_f1_window: true, age: {'>=': 18}}"
    assert lines[edit.spans["text"].first - 1] == "    text:"
    rule = loaded(edit.files, tmp_path).rules_by_key["financing:F1"]
    assert rule.title["lv"] == "DI projekts (ESF) 2027"
    assert rule.text["en"] == "The ESF pays {share_pct} %."
    assert rule.when_source == {"in_f1_window": True, "age": {">=": 18}}
    # the `then` between the condition and the text is untouched
    assert "    then: {method: esf_share, share: f1.esf_share, copayment: false}" in lines
