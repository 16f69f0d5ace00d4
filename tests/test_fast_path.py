"""Replay's fast path (`Calculator.calculate_json`: the period's plan, JSON written directly)
must give byte for byte the JSON of the straightforward path (`calculate()`'s validated
models, serialised by pydantic), on generated cases dated on both sides of every change in
the rule book, in both languages, and for texts JSON has to escape."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
from pathlib import Path

import pytest
from test_decision_memo import change_dates, dated_cases

from budget_engine import (
    Calculator,
    CaseError,
    CaseInputError,
    RuleBook,
    load_rules,
    replay_file,
)
from budget_engine.evaluation.replay import replay_one
from budget_engine.evaluation.synthetic import synthetic_case
from budget_engine.rulebook.loader import Rule


@pytest.fixture(scope="module")
def book() -> RuleBook:
    return load_rules()


def both(calculator: Calculator, data: dict[str, object], lang: str) -> tuple[str, str]:
    """(straightforward, fast) for one case; the refusal's text when the case is refused."""
    try:
        case = calculator.parse(data)
    except (CaseInputError, CaseError) as exc:
        return f"refused: {exc}", f"refused: {exc}"
    try:
        straightforward = calculator.calculate(case, lang).model_dump_json()
    except CaseError as exc:
        straightforward = f"refused: {exc}"
    try:
        fast = calculator.calculate_json(case, lang)
    except CaseError as exc:
        fast = f"refused: {exc}"
    return straightforward, fast


def test_fast_and_straightforward_budgets_are_byte_identical(book: RuleBook) -> None:
    cases = dated_cases(book, per_date=100, seed=21)
    rng = random.Random(22)
    cases += [synthetic_case(rng, 100_000 + n, services=tuple(book.services)) for n in range(600)]
    assert len(cases) >= 2000
    calculator = Calculator(book)
    compared = budgets = lines = refusals = warnings = 0
    for number, data in enumerate(cases):
        lang = "en" if number % 3 == 0 else "lv"
        straightforward, fast = both(calculator, data, lang)
        assert fast == straightforward, (data["case_id"], lang)
        compared += 1
        if not straightforward.startswith("refused"):
            budget = json.loads(straightforward)
            budgets += 1
            lines += len(budget["lines"])
            refusals += len(budget["refused"])
            warnings += len(budget["warnings"])
    # The comparison covered what a budget holds, not only empty ones.
    assert budgets > compared * 0.9
    assert lines > 500 and refusals > 500 and warnings > 200


def test_every_period_of_the_rule_book_is_compared(book: RuleBook) -> None:
    """Both sides of each change are among the dates of the comparison above."""
    dates = change_dates(book)
    assert len(dates) >= 5
    cases = dated_cases(book, per_date=1, seed=1)
    seen = {data["calculation_date"] for data in cases}
    for change in dates:
        assert change.isoformat() in seen
        assert (change - dt.timedelta(days=1)).isoformat() in seen


@pytest.mark.parametrize("name", ['Ciems "Ā"\\1', "Tab\there\nnew line", "\u2028\x7f\x01 /"])
def test_texts_json_must_escape_are_written_as_pydantic_writes_them(book: RuleBook,
                                                                    name: str) -> None:
    """A municipality is only checked from a date on; before it any name is accepted and
    shown in a warning's text, so the writer's escaping is pydantic's."""
    data = synthetic_case(random.Random(4), 1, dt.date(2016, 3, 1),
                          services=tuple(book.services))
    data["person"]["municipality"] = name  # type: ignore[index]
    calculator = Calculator(book)
    straightforward, fast = both(calculator, data, "lv")
    assert not straightforward.startswith("refused"), straightforward
    assert '"municipality_unchecked"' in straightforward
    assert fast == straightforward


def test_a_contribution_note_with_texts_to_escape_is_written_as_pydantic_writes_it(
        book: RuleBook) -> None:
    """The client's contribution (P5) is filled into its note on every case and only the
    JSON around the text comes from the plan: with a note text and legal basis JSON must
    escape, and many different contributions, it is still pydantic's JSON."""
    p5 = book.notes["P5"]
    odd = dataclasses.replace(
        p5, text={lang: 'Iemaksa "' + text + '"\\ \u2028\t' for lang, text in p5.text.items()},
        legal_basis=p5.legal_basis + ' "§"\n')
    calculator = Calculator(dataclasses.replace(book, notes={**book.notes, "P5": odd}))
    rng = random.Random(31)
    contributions = set()
    for number in range(150):
        data = synthetic_case(rng, number, services=tuple(book.services))
        data["household"]["monthly_income"] = f"{rng.randint(0, 200_000) / 100:.2f}"  # type: ignore[index]
        lang = "en" if number % 2 else "lv"
        straightforward, fast = both(calculator, data, lang)
        assert fast == straightforward, (data["case_id"], lang)
        if not straightforward.startswith("refused"):
            budget = json.loads(straightforward)
            counterfactual = budget["institutional_counterfactual"]
            assert counterfactual["reasons"][1]["rule"] == "P5"
            assert counterfactual["reasons"][1]["text"].startswith('Iemaksa "')
            contributions.add(counterfactual["client_contribution"])
    assert len(contributions) > 30


def test_replay_writes_the_same_lines_with_and_without_the_fast_path(book: RuleBook) -> None:
    rng = random.Random(5)
    texts = [json.dumps(synthetic_case(rng, n, services=tuple(book.services)), default=str)
             for n in range(200)]
    texts += ['{"format": 1}', "not json", '{"case_id": "\\ud800", "format": 1}']
    fast, slow = Calculator(book), Calculator(book)
    for line, text in enumerate(texts, start=1):
        assert replay_one(line, text, fast, "lv") == replay_one(line, text, slow, "lv",
                                                                fast=False)
    ok, row = replay_one(len(texts), texts[-1], fast, "lv")
    assert not ok and "case_id" in json.loads(row)["errors"][0]["field"]


def test_replay_file_with_two_workers_writes_the_straightforward_rows(book: RuleBook,
                                                                      tmp_path: Path) -> None:
    """End to end: the workers write the fast path's rows as UTF-8 bytes (replay_file); the
    file holds, line for line, what the straightforward path gives, error rows included."""
    rng = random.Random(9)
    texts = [json.dumps(synthetic_case(rng, n, services=tuple(book.services)),
                        ensure_ascii=False, default=str)
             for n in range(300)]
    texts[7], texts[8], texts[9] = "not json", '{"case_id": "\\ud800", "format": 1}', ""
    source, target = tmp_path / "cases.jsonl", tmp_path / "out.jsonl"
    source.write_text("".join(t + "\n" for t in texts), encoding="utf-8")
    summary = replay_file(str(source), str(target), book, workers=2)
    slow = Calculator(book)
    expected = [replay_one(n, t, slow, "lv", fast=False)[1]
                for n, t in enumerate(texts, start=1) if t.strip()]
    assert target.read_text(encoding="utf-8").splitlines() == expected
    assert (summary.cases, summary.errors, summary.blank_lines) == (299, 2, 1)


def test_the_payers_capacity_with_texts_to_escape_is_written_as_pydantic_writes_it(
        book: RuleBook) -> None:
    """What the client and the maintainers can pay above their threshold (P2, P3) is filled
    into the rule's text on every line that takes a co-payment, and only the JSON around
    the text comes from the plan; the order of the services (P4) is filled once a period.
    With texts and legal bases JSON must escape, and many different incomes, it is still
    pydantic's JSON."""
    def odd(rule: Rule) -> Rule:
        if rule.id not in ("P2", "P3", "P4"):
            return rule
        return dataclasses.replace(
            rule, text={lang: 'Maksā "' + text + '"\\ \u2028\t' for lang, text in
                        rule.text.items()}, legal_basis=rule.legal_basis + ' "§"\n')
    copayment = [odd(rule) for rule in book.copayment]
    changed = dataclasses.replace(book, copayment=copayment)
    changed.rules_by_key = {rule.key: rule for rule in changed.all_rules()}
    calculator = Calculator(changed)
    rng = random.Random(41)
    capacities, orders = set(), 0
    for number in range(200):
        data = synthetic_case(rng, number, services=tuple(book.services))
        household = data["household"]
        household["monthly_income"] = f"{rng.randint(0, 300_000) / 100:.2f}"  # type: ignore[index]
        household["maintainers"] = [  # type: ignore[index]
            {"relation": "parent", "monthly_income": f"{rng.randint(0, 300_000) / 100:.2f}"}]
        lang = "en" if number % 2 else "lv"
        straightforward, fast = both(calculator, data, lang)
        assert fast == straightforward, (data["case_id"], lang)
        if not straightforward.startswith("refused"):
            for line in json.loads(straightforward)["lines"]:
                for reason in line["reasons"]:
                    if reason["rule"] in ("P2", "P3"):
                        assert reason["text"].startswith('Maksā "')
                        capacities.add(reason["text"])
                    orders += reason["rule"] == "P4"
    assert len(capacities) > 15 and orders > 30
