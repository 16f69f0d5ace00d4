"""A YAML mistake in plain words (issue 29): the editor's YAML view and the rule files name
the line and column and say what is wrong and how to mend it, in Latvian and in English,
for each mistake people make; PyYAML's English is never the Latvian text."""

from __future__ import annotations

import re

import pytest
import yaml

from budget_engine import YamlProblem, load_plain_yaml, yaml_problem
from budget_engine.rulebook.yaml_source import RuleError, parse_yaml

#: (typed text, kind, line, column, words the Latvian must hold, words the English must)
CASES = [
    ("text: Piezīme: skatīt aktu\n", "colon", 1, 14, "kols (:) šeit nav atļauts", "colon"),
    ("{in_target_group: true age: 16}", "missing_comma", 1, 27, "trūkst komata",
     "comma"),
    ("when:\n\tage: 16\n", "tab", 2, 1, "tabulācijas zīme", "tab"),
    ("text: \"Atbalsta grupa\n", "unclosed_quote", 2, 1, "pēdiņas nav aizvērtas (atvērtas "
     "1. rindā)", "quote is not closed"),
    ("{adult_grt: true\n", "unclosed_bracket", 2, 1, "iekava { nav aizvērta", "not closed"),
    ("services: [home_care, respite\n", "unclosed_bracket", 2, 1, "iekava [ nav aizvērta",
     "not closed"),
    ("age: 16\nage: 18\n", "duplicate_key", 2, 1, "atslēga „age” ir uzrakstīta divreiz",
     "written twice"),
    ("a:\n  b: 1\n c: 2\n", "indentation", 3, 2, "atkāpe nesakrīt", "indentation"),
    ("text: @vārds\n", "bad_character", 1, 7, "nevar sākties ar zīmi @", "the sign @"),
    ("from: 2026-13-01\n", "date", 1, 7, "nav īsts datums", "not a real date"),
    ("age: {'>=': 16} text: x\n", "after_value", 1, 17, "aiz vērtības šajā rindā vēl ir "
     "teksts", "more text follows"),
    ("{[1]: 2}\n", "key_not_name", 1, 2, "atslēgai jābūt nosaukumam", "a key must be a name"),
]


def problem_of(text: str) -> YamlProblem:
    with pytest.raises(yaml.YAMLError) as caught:
        load_plain_yaml(text)
    return yaml_problem(caught.value)


@pytest.mark.parametrize(("text", "kind", "line", "column", "lv", "en"), CASES)
def test_each_mistake_in_words_with_its_place(text: str, kind: str, line: int, column: int,
                                              lv: str, en: str) -> None:
    found = problem_of(text)
    assert (found.kind, found.line, found.column) == (kind, line, column)
    assert lv in found.lv and en in found.en
    assert found.sentence("lv").startswith(f"{line}. rindā, {column}. zīmē: ")
    assert found.sentence("en").startswith(f"line {line}, column {column}: ")
    # PyYAML's own words ("expected", "found", "while scanning") never in the Latvian
    assert not re.search(r"\b(expected|found|while|token|stream|scalar)\b", found.lv)


def test_a_mistake_it_does_not_know_is_said_in_general_words() -> None:
    found = yaml_problem(yaml.YAMLError("something odd"))
    assert (found.kind, found.line) == ("other", None)
    assert found.sentence("lv").startswith("teksts nav derīgs YAML: pārbaudiet iekavas")
    assert found.en == "not valid YAML: something odd"


def test_a_duplicate_key_is_refused_not_silently_dropped() -> None:
    assert load_plain_yaml("{age: 16, in_target_group: true}") == {
        "age": 16, "in_target_group": True}
    with pytest.raises(yaml.YAMLError):
        load_plain_yaml("{age: 16, age: 18}")


def test_a_rule_file_mistake_in_latvian_keeps_file_and_line() -> None:
    with pytest.raises(RuleError) as caught:
        parse_yaml("eligibility:\n  - {id: E1, when: {a: 1 b: 2}}\n", "rules/eligibility.yaml")
    error = caught.value
    assert error.where == "rules/eligibility.yaml:2"
    assert error.text("lv").startswith("teksts nav derīgs YAML, 27. zīmē: tabulā {…} šeit "
                                       "trūkst komata"), error.text("lv")
    assert error.text("en") == "not valid YAML: expected ',' or '}', but got ':'"
