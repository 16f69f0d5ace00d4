"""Every rule-file error has a kind and a Latvian text (issue 29, item 3): the web shows the
Latvian by the field, `rules check --lang lv` prints it after `file:line`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_rule_files import copy_rules, edit, test_mistakes_are_reported_with_file_and_line

from budget_engine import RuleErrors, load_rules
from budget_engine.cli.commands import main

MISTAKES = test_mistakes_are_reported_with_file_and_line.pytestmark[0].args[1]
ENGLISH = re.compile(r"\b(expected|unknown|must|should|Input|got|Extra|not permitted|"
                     r"nested|cannot|needs|takes)\b")


@pytest.mark.parametrize(("file", "old", "new", "message"), MISTAKES)
def test_every_mistake_has_a_latvian_text(tmp_path: Path, file: str, old: str, new: str,
                                          message: str) -> None:
    rules = copy_rules(tmp_path)
    edit(rules / file, old, new)
    with pytest.raises(RuleErrors) as caught:
        load_rules(rules)
    for error in caught.value.errors:
        assert error.kind != "other", str(error)
        latvian = error.text("lv")
        assert latvian != error.message, str(error)
        assert error.text("en") == error.message
        # no English sentence, except for what pydantic says of a rule's own checks
        if "nav derīgs (" not in latvian:
            assert not ENGLISH.search(latvian), (latvian, str(error))


def test_some_latvian_texts_word_for_word(tmp_path: Path) -> None:
    rules = copy_rules(tmp_path)
    edit(rules / "parameters/rates.yaml", 'value: "3.83"', 'value: "-4.10"')
    with pytest.raises(RuleErrors) as caught:
        load_rules(rules)
    assert [error.text("lv") for error in caught.value.errors] == [
        "parametrs „rate.home_care” (amount) no 22.12.2015: nedrīkst būt negatīvs (ir "
        "'-4.10')"]
    rules = copy_rules(tmp_path / "second")
    edit(rules / "eligibility.yaml", "when: {adult_grt: true}", "when: {has_grtt: true}")
    with pytest.raises(RuleErrors) as caught:
        load_rules(rules)
    assert [error.text("lv") for error in caught.value.errors] == [
        "nezināms fakts „has_grtt” (vai domājāt „has_grt” – personai ir GRT diagnoze?)"]


def test_rules_check_speaks_latvian_and_keeps_file_and_line(tmp_path: Path) -> None:
    rules = copy_rules(tmp_path)
    line = edit(rules / "parameters/rates.yaml", 'value: "3.83"', 'value: "3,83"')
    result = CliRunner().invoke(main, ["rules", "check", str(rules), "--lang", "lv"])
    assert result.exit_code == 1
    assert re.search(rf"rates\.yaml:{line}: parametrs „rate\.home_care” \(amount\) no "
                     r"\d\d\.\d\d\.\d{4}: „3,83” raksta ar komatu: failā rakstiet „3\.83”",
                     result.output), result.output
    assert "1 kļūda(s) noteikumu failos" in result.output
    english = CliRunner().invoke(main, ["rules", "check", str(rules)])
    assert "uses a decimal comma" in english.output
