"""Replay's quick reading of a case (`Calculator.quick_parse`: pydantic validates while it
reads the text) is narrower than `Calculator.parse`, never wider: whenever it gives a case,
`parse` gives the same case; whenever `parse` refuses a text, it gives None (and replay goes
the long way, which names every error). Replay's rows are the same either way."""

from __future__ import annotations

import json
from typing import Any

import pytest
from examples_data import example_case, example_names
from test_decision_memo import dated_cases

from budget_engine import Calculator, CaseInputError, RuleBook, load_json_object, load_rules
from budget_engine.calculator import READ_AHEAD
from budget_engine.evaluation.replay import (
    PHASE_GROUP,
    ReadProblem,
    Record,
    replay_one,
    replay_row,
    replay_rows,
)


@pytest.fixture(scope="module")
def book() -> RuleBook:
    return load_rules()


def long_way(calculator: Calculator, text: str) -> Any:
    """The case `parse` reads from a text, or the text of its refusal."""
    try:
        return calculator.parse(load_json_object(text), text)
    except CaseInputError as exc:
        return f"refused: {exc}"


def test_quick_reading_gives_the_case_parse_gives(book: RuleBook) -> None:
    calculator = Calculator(book)
    datas: list[Any] = dated_cases(book, per_date=30, seed=41)
    datas += [example_case(name) for name in example_names()]
    quick_cases = valid = 0
    for data in datas:
        text = json.dumps(data, ensure_ascii=False, default=str)
        expected = long_way(calculator, text)
        quick = calculator.quick_parse(text)
        if isinstance(expected, str):
            assert quick is None, (data.get("case_id"), expected)
            continue
        valid += 1
        if quick is not None:
            assert quick == expected, data.get("case_id")
            quick_cases += 1
    # The quick way is the usual way: every valid generated case (amounts as strings) and
    # every worked example takes it (so a quick reader that gave up on everything fails).
    assert quick_cases == valid and valid > 300


def _variants(text: str) -> dict[str, str]:
    """A valid case text changed in the ways the two readers could disagree on."""
    data = json.loads(text)
    amount = data["household"]["monthly_income"]
    assert isinstance(amount, str)
    birth = data["person"]["birth_date"]
    return {
        "as is": text,
        "byte order mark": "\ufeff" + text,
        "duplicate key, last wins": text.replace(
            '"case_id": ', '"case_id": "FIRST-1", "case_id": ', 1),
        "amount as a JSON number": text.replace(f'"{amount}"', amount, 1),
        "amount with three decimals": text.replace(f'"{amount}"', '"12.345"', 1),
        "amount as a huge integer": text.replace(f'"{amount}"', "1" + "0" * 30, 1),
        # Read from JSON text, amounts and dates are checked by pydantic's own schema
        # (models.FromJsonNatively): each of these must be read alike or refused.
        "amount with one decimal": text.replace(f'"{amount}"', '"12.5"', 1),
        "amount with leading zeros": text.replace(f'"{amount}"', '"0012.50"', 1),
        "amount of minus zero": text.replace(f'"{amount}"', '"-0.00"', 1),
        "amount in exponent form": text.replace(f'"{amount}"', '"1e3"', 1),
        "amount with spaces": text.replace(f'"{amount}"', f'" {amount}"', 1),
        "amount of twelve digits": text.replace(f'"{amount}"', '"9999999999.99"', 1),
        "amount of thirteen digits": text.replace(f'"{amount}"', '"99999999999.99"', 1),
        "amount as a JSON integer": text.replace(f'"{amount}"', "1200", 1),
        "date as a timestamp string": text.replace(
            f'"birth_date": "{birth}"', '"birth_date": "946684800"', 1),
        "date with a time": text.replace(
            f'"birth_date": "{birth}"', f'"birth_date": "{birth}T00:00:00"', 1),
        "date with a newline": text.replace(
            f'"birth_date": "{birth}"', f'"birth_date": "{birth}\\n"', 1),
        "date as a week date": text.replace(
            f'"birth_date": "{birth}"', '"birth_date": "2001-W01-1"', 1),
        "format 1.0": text.replace('"format": 1', '"format": 1.0', 1),
        "format true": text.replace('"format": 1', '"format": true', 1),
        "lone surrogate escape": text.replace('"case_id": "', '"case_id": "\\ud800', 1),
        "escaped plain letters": text.replace('"case_id": "', '"case_id": "\\u0041', 1),
        "unknown municipality": text.replace(
            json.dumps(data["person"]["municipality"], ensure_ascii=False),
            '"Atlantīdas novads"', 1),
        "unknown service": text.replace('"service": "', '"service": "x', 1),
        "the same service twice": json.dumps({**data, "requested_services": [
            {"service": "respite", "units": 2}, {"service": "respite", "units": 3}]}),
        "born after the calculation date": text.replace(
            f'"birth_date": "{birth}"', '"birth_date": "2099-01-01"', 1),
        "born before 1900": text.replace(
            f'"birth_date": "{birth}"', '"birth_date": "1850-01-01"', 1),
        "a day that does not exist": text.replace(
            f'"birth_date": "{birth}"', '"birth_date": "2001-02-30"', 1),
        "an unknown field": text.replace('{"format"', '{"colour": "red", "format"', 1),
        "not an object": "[" + text + "]",
        "cut short": text[:-5],
    }


def test_quick_reading_never_takes_what_parse_refuses(book: RuleBook) -> None:
    calculator = Calculator(book)
    seen_refused = seen_quick = 0
    for data in dated_cases(book, per_date=2, seed=43)[:40]:
        if data.get("requested_services") == []:
            continue
        text = json.dumps(data, ensure_ascii=False, default=str)
        if isinstance(long_way(calculator, text), str):
            continue
        for name, variant in _variants(text).items():
            expected = long_way(calculator, variant)
            quick = calculator.quick_parse(variant)
            if isinstance(expected, str):
                seen_refused += 1
                assert quick is None, (name, expected)
            elif quick is not None:
                seen_quick += 1
                assert quick == expected, name
                # The same values written the same way (Decimal("12.50") == Decimal("12.5")).
                assert quick.model_dump_json() == expected.model_dump_json(), name
    assert seen_refused > 300 and seen_quick > 40


def test_replay_rows_are_the_same_the_quick_way_or_the_long_way(book: RuleBook) -> None:
    """Budgets byte for byte, error rows word for word, whichever way the case was read."""
    quick_calculator, long_calculator = Calculator(book), Calculator(book)
    rows = 0
    for data in dated_cases(book, per_date=1, seed=47)[:20]:
        text = json.dumps(data, ensure_ascii=False, default=str)
        for name, variant in _variants(text).items():
            fast = replay_one(7, variant, quick_calculator, "lv", fast=True)
            straightforward = replay_one(7, variant, long_calculator, "lv", fast=False)
            assert fast == straightforward, name
            rows += 1
    assert rows >= 300


def test_replay_rows_in_groups_are_the_rows_of_each_case_alone(book: RuleBook) -> None:
    """A replay worker takes its cases through each step in groups (`replay_rows`: all
    read, then all calculated, then all written). Its rows are the straightforward path's
    rows, case by case and in order, whatever a group mixes: cases read quickly, cases read
    the long way, refused cases, a case read quickly whose calculation fails (no rules in
    force on its date), lines that are not UTF-8 and CSV records."""
    assert PHASE_GROUP <= READ_AHEAD  # else some cases are checked against the book twice
    no_rules = json.dumps({"format": 1, "case_id": "NO-RULES", "calculation_date": "2010-01-01",
                           "person": {"birth_date": "1960-01-01", "municipality": "Rīga"}})
    assert Calculator(book).quick_parse(no_rules) is not None
    payloads: list[Any] = []
    for data in dated_cases(book, per_date=1, seed=53)[:12]:
        text = json.dumps(data, ensure_ascii=False, default=str)
        payloads += list(_variants(text).values())
        payloads += [no_rules, ReadProblem("not UTF-8 text (at byte 3)"), data]
    records: list[Record] = [(line, payload) for line, payload in enumerate(payloads, start=1)]
    for lang in ("lv", "en"):
        grouped = replay_rows(records, Calculator(book), lang)
        straightforward = Calculator(book)
        alone = [replay_row(line, payload, straightforward, lang, fast=False)
                 for line, payload in records]
        assert len(grouped) == len(records) > 10 * PHASE_GROUP
        for (line, payload), got, want in zip(records, grouped, alone, strict=True):
            assert got == want, (lang, line, str(payload)[:80])
        failed = [json.loads(row) for ok, row in grouped if not ok]
        assert sum(row["case_id"] == "NO-RULES" for row in failed) == 12
        assert sum(ok for ok, _ in grouped) > 100
