"""The engine's own Latvian texts (issue 27 items 8-9): the reasons and warnings a budget
carries write numbers, money, dates and counted nouns as Latvian does (`8,18`, `278,10 €`,
`01.05.2024`, `31 diena`), no abbreviation a client cannot read (`h`, `EUR`, `GRT`); the
English texts keep their forms."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from babel.numbers import format_decimal
from engine import calculate
from examples_data import example_case, example_names
from test_rule_files import copy_rules, edit, errors_of

from budget_engine import Budget, Override, decided_budget, filled_text, load_rules, parse_case
from budget_engine.explain import Templates, fill
from budget_engine.rulebook.words.text_values import counted, in_words, text_forms

ROOT = Path(__file__).resolve().parents[1]
CASES = [*(example_case(name) for name in example_names()),
         *(json.loads(p.read_text(encoding="utf-8")) for p in sorted(ROOT.glob("examples/*.json")))]


@pytest.mark.parametrize(("count", "lv", "en"), [
    (0, "0 dienas", "0 days"), (1, "1 diena", "1 day"), (2, "2 dienas", "2 days"),
    (10, "10 dienas", "10 days"), (11, "11 dienas", "11 days"), (21, "21 diena", "21 days"),
    (31, "31 diena", "31 days"), (111, "111 dienas", "111 days"),
])
def test_a_counted_noun_takes_the_form_its_number_wants(count: int, lv: str, en: str) -> None:
    assert counted(count, "# diena|# dienas", "lv") == lv
    assert counted(Decimal(count), "# diena|# dienas", "lv") == lv
    assert counted(count, "# day|# days", "en") == en
    assert fill("ne vairāk kā {cap:# diena|# dienas} mēnesī", {"cap": count}, "lv") == \
        f"ne vairāk kā {lv} mēnesī"


def test_the_word_alone_and_a_fraction() -> None:
    assert counted(1, "atlikusi # diena|atlikušas # dienas", "lv") == "atlikusi 1 diena"
    assert counted(8, "atlikusi|atlikušas", "lv") == "atlikušas"
    assert counted(Decimal("1.5"), "# stunda|# stundas", "lv") == "1,5 stundas"


@pytest.mark.parametrize(("value", "lv", "en"), [
    (Decimal("1200.50"), "1\u00a0200,50", "1200.50"),
    (Decimal("8.18"), "8,18", "8.18"),
    (Decimal("343"), "343", "343"),
    (Decimal("5E+1"), "50", "50"),
    (12500, "12\u00a0500", "12500"),
    (dt.date(2024, 5, 1), "01.05.2024", "2024-05-01"),
    ([Decimal("0.5"), 3], "0,5, 3", "0.5, 3"),
    ("group_apartment", "group_apartment", "group_apartment"),
])
def test_values_in_each_language(value: object, lv: str, en: str) -> None:
    assert in_words(value, "lv") == lv
    assert in_words(value, "en") == en


def test_templates_fill_as_fill_does_and_keep_what_has_no_value() -> None:
    templates, latvian = Templates(), text_forms("lv")
    values = {"cap": 21, "left": Decimal("1234.5"), "day": dt.date(2026, 1, 1)}
    for template in ("{cap:# diena|# dienas}, {left} € līdz {day}", "{cap!r} {left}"):
        assert templates.fill(template, values, latvian) == fill(template, values, "lv")
    assert templates.fill("{cap:# diena|# dienas}, {left} € līdz {day}", values, latvian) == \
        "21 diena, 1\u00a0234,5 € līdz 01.01.2026"
    assert templates.fill("{cap:# diena|# dienas} {x}", {}, latvian) == \
        "{cap:# diena|# dienas} {x}"


@pytest.mark.parametrize("value", [Decimal("1200.50"), Decimal("-1234567.891"), Decimal("0.10"),
                                   Decimal("1E+3"), 10_000_000, -5, Decimal("999.5")])
def test_the_hand_grouping_writes_what_babel_writes(value: Decimal | int) -> None:
    places = -int(value.as_tuple().exponent) if isinstance(value, Decimal) else 0
    pattern = "#,##0" + ("." + "0" * places if places > 0 else "")
    assert in_words(value, "lv") == format_decimal(value, format=pattern, locale="lv")


def test_a_rule_text_before_any_case() -> None:
    text = "ne vairāk kā {cap:# diena|# dienas}; šogad {left:atlikusi # diena|atlikušas # dienas}"
    assert filled_text(text, {"cap": "31"}, "lv") == \
        "ne vairāk kā 31 diena; šogad atlikušas … dienas"
    assert filled_text("{cap:# day|# days}", {"cap": "1"}, "en") == "1 day"


def _texts(budget: Budget) -> list[str]:
    out = [w.text for w in budget.warnings]
    out += [r.text for line in [*budget.lines, *budget.refused] for r in line.reasons]
    if budget.assessment is not None:
        out.append(budget.assessment.text)
    return out


#: What a Latvian text must not carry: a decimal point, a code of a currency or a unit, an
#: abbreviation, an ISO date, a placeholder left unfilled.
NOT_LATVIAN = re.compile(r"(?<![\d.])\d+\.\d+(?![\d.])|\bEUR\b|\d h\b|\bh (?:nedēļā|mēnesī)\b|"
                         r"\bGRT\b|\bFT\b|\d{4}-\d{2}-\d{2}|[{}]|\bmēn\.")
#: A count written with the plural after a number that takes the singular (21 dienas).
WRONG_FORM = re.compile(r"(?<![\d,.])(?:\d*[02-9])?1 (?:dienas|stundas|vienības|mēneši)\b")


@pytest.mark.parametrize("index", range(len(CASES)))
def test_a_latvian_budget_writes_its_texts_in_latvian(index: int) -> None:
    budget = calculate(parse_case(CASES[index]), lang="lv")
    texts = _texts(budget)
    assert texts
    wrong = [t for t in texts if NOT_LATVIAN.search(t) or WRONG_FORM.search(t)]
    assert wrong == []


def test_the_worked_example_reads_as_latvian() -> None:
    budget = calculate(parse_case(json.loads(
        (ROOT / "examples/adult-left-vsac.json").read_text(encoding="utf-8"))), lang="lv")
    texts = "\n".join(_texts(budget))
    assert "vidējais vērtējums 8,18" in texts
    assert "ne vairāk kā 31 diena mēnesī" in texts
    assert "ne vairāk kā 278,10 € mēnesī" in texts
    assert "tarifa 01.05.2024" in texts
    assert "Grupu dzīvoklis (māja), Aprūpe mājās" in texts  # the order by service names
    english = "\n".join(_texts(calculate(parse_case(json.loads(
        (ROOT / "examples/adult-left-vsac.json").read_text(encoding="utf-8"))), lang="en")))
    assert "mean item score 8.18" in english and "at most 31 days a month" in english
    assert "278.10 EUR a month" in english


def test_a_decided_line_says_its_units_and_amount_in_latvian() -> None:
    book = load_rules()
    data = json.loads((ROOT / "examples/adult-left-vsac.json").read_text(encoding="utf-8"))
    case = parse_case(data)
    computed = calculate(case, book)
    decided = decided_budget(computed, [Override(service="home_care", units=21,
                                                 amount=Decimal("1200.50"))], book, case)
    line = next(line for line in decided.lines if line.service == "home_care")
    text = "\n".join(r.text for r in line.reasons)
    assert "21 vienība, 1\u00a0200,50 € (aprēķināts: 20 vienības, 76,60 €)" in text


@pytest.mark.parametrize(("file", "old", "new"), [
    ("eligibility.yaml", "{cap:# diena|# dienas} mēnesī", "{cap:# diena} mēnesī"),
    ("messages.yaml", "{months:# mēnesis|# mēneši}", "{months:>3}"),
])
def test_a_placeholder_with_a_wrong_noun_form_is_refused_at_load(
        tmp_path: Path, file: str, old: str, new: str) -> None:
    rules = copy_rules(tmp_path)
    line = edit(rules / file, old, new)
    found = [e for e in errors_of(rules) if "two forms" in e]
    assert len(found) == 1, found
    place = re.search(rf"{re.escape(file)}:(\d+):", found[0])
    assert place is not None and 0 < line - int(place[1]) < 20, found  # the rule or the key
