"""The aggregates of a report are summed in the replay workers, chunk by chunk, and merged
by the process that writes: the merged sums must be exactly what adding every row in order
gives (totals, tables in both languages, the most changed cases, the error rows quoted and
the causes), whatever the chunks' sizes and wherever the errors and changes fall."""

from __future__ import annotations

import faulthandler
import json
import os
import random
import signal
from pathlib import Path
from typing import Any

import pytest
from test_reform_compare import TWO_CHANGES

from budget_engine import Aggregator, Calculator, CaseError, load_rules
from budget_engine.case_io import CaseInputError, load_json_object
from budget_engine.evaluation.aggregate import ERRORS_SHOWN, TOP_CHANGED, sums_from_json, sums_json
from budget_engine.evaluation.reform import load_reform, reformed_book
from budget_engine.evaluation.reform_comparison import Comparer, parts_outcome
from budget_engine.evaluation.reform_run import Outputs, run
from budget_engine.evaluation.replay import replay_file, replay_one
from budget_engine.evaluation.synthetic import synthetic_case
from budget_engine.rulebook.loader import RuleBook


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> tuple[RuleBook, RuleBook]:
    base = load_rules()
    path = tmp_path_factory.mktemp("reform") / "reform.yaml"
    path.write_text(TWO_CHANGES, encoding="utf-8")
    return base, reformed_book(base, load_reform(path, base))


def case_lines(book: RuleBook, count: int, seed: int) -> list[str]:
    """Generated cases with broken lines among them (more errors than a report quotes)."""
    rng = random.Random(seed)
    lines = [json.dumps(synthetic_case(rng, n, services=tuple(book.services)))
             for n in range(count)]
    for at in range(5, count, count // (ERRORS_SHOWN + 7)):
        lines[at] = "{broken" if at % 2 else json.dumps({"format": 1, "case_id": f"X{at}"})
    return lines


def everything(aggregator: Aggregator) -> str:
    """All an aggregator shows: its counts, tables (both languages), top, errors, causes and
    the changed cases by region and group, written out with every amount's repr (so 1.0
    and 1.00 differ, as their texts would)."""
    return repr((aggregator.rows, aggregator.errors, aggregator.changed,
                 [aggregator.tables(lang) for lang in ("lv", "en")],
                 aggregator.most_changed(), aggregator.error_rows,
                 list(aggregator.causes.most_common()), aggregator.changed_where))


@pytest.mark.parametrize("chunk_sizes", [[1], [3, 7], [256], [50, 1, 400]])
def test_merged_chunk_sums_are_the_sums_of_every_row_in_order(
        books: tuple[RuleBook, RuleBook], chunk_sizes: list[int]) -> None:
    base, other = books
    comparer = Comparer(Calculator(base), Calculator(other))
    rows = [comparer.compare(line, text) for line, text in
            enumerate(case_lines(base, 1200, 31), start=1)]
    assert sum(1 for row in rows if "error" in row) > ERRORS_SHOWN
    assert sum(1 for row in rows if row.get("changed")) > TOP_CHANGED
    in_order = Aggregator(base, other, "reforma")
    for row in rows:
        in_order.add(row)
    merged, partial = Aggregator(base, other, "reforma"), Aggregator(base, other, "reforma")
    at, turn = 0, 0
    while at < len(rows):
        size = chunk_sizes[turn % len(chunk_sizes)]
        for row in rows[at:at + size]:
            partial.add(row)
        merged.merge(partial.take_sums())
        at, turn = at + size, turn + 1
    assert everything(merged) == everything(in_order)
    assert partial.rows == 0 and not partial.error_rows  # taken, it starts again
    # written as JSON (`replay --sums`) and read back, the same sums
    again = Aggregator(base, other, "reforma")
    again.merge(sums_from_json(sums_json(in_order.sums())))
    assert everything(again) == everything(in_order)
    assert in_order.changed_where["region"] and in_order.changed_where["group"]


def test_a_report_run_in_two_workers_sums_what_its_rows_say(
        books: tuple[RuleBook, RuleBook], tmp_path: Path) -> None:
    """The whole run: the aggregates merged from the workers' chunks equal those added up
    in one process, row by row in order: from the comparison rows it wrote (two books), and
    from each case's row made in this process (one book: the file holds the budgets)."""
    base, other = books
    lines = case_lines(base, 1500, 32)
    cases = tmp_path / "cases.jsonl"
    cases.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for second in (other, None):
        rows_file = tmp_path / "rows.jsonl"
        summary, merged = run(str(cases), base, second, "reforma",
                              Outputs(rows=str(rows_file)), "lv", workers=2)
        written = rows_file.read_text(encoding="utf-8").splitlines()
        again = Aggregator(base, second, "reforma")
        if second is not None:
            rows = [json.loads(text) for text in written]
        else:  # the rows replay writes, and each budget's outcome made the plain way
            plain = tmp_path / "plain.jsonl"
            replay_file(str(cases), str(plain), base, workers=2)
            assert plain.read_text(encoding="utf-8").splitlines() == written
            rows = [_outcome_row(line, text, Calculator(base)) for line, text in
                    enumerate(lines, start=1)]
        for row in rows:
            again.add(row)
        assert summary.cases == 1500 and summary.errors == again.errors > ERRORS_SHOWN
        assert everything(merged) == everything(again)


def _outcome_row(line: int, text: str, calculator: Calculator) -> dict[str, Any]:
    """What the aggregates of a one-book report read of a case, made the plain way: the
    case parsed, its budget's parts calculated, or replay's error row."""
    try:
        case = calculator.parse(load_json_object(text))
        parts = calculator.calculate_parts(case, "lv")
    except (CaseInputError, CaseError):
        return dict(json.loads(replay_one(line, text, calculator, "lv")[1]))
    book = calculator.book
    found = book.municipalities_on(case.calculation_date).get(case.person.municipality)
    return {"line": line, "case_id": case.case_id,
            "region": found.region if found is not None else None,
            "base": parts_outcome(parts, book)}


@pytest.mark.slow
def test_a_worker_dying_in_a_comparison_costs_one_row_and_its_sums_are_kept(
        books: tuple[RuleBook, RuleBook], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
        ) -> None:
    """A native crash in a comparing worker: its chunk is compared again case by case, the
    case that killed it is an error row, counted once in the aggregates, and every other
    case's sums arrive once (none lost with the dead worker's chunk, none doubled)."""
    base, other = books
    lines = case_lines(base, 700, 33)
    killer = 300
    lines[killer] = lines[killer].replace('"case_id": "', '"case_id": "KILL-ME-', 1)
    cases = tmp_path / "cases.jsonl"
    cases.write_text("\n".join(lines) + "\n", encoding="utf-8")
    original = Comparer._other_case

    def dying(self: Comparer, one: Any) -> Any:
        """The other book's reading, except that "KILL-ME" dies there as a native crash
        would: in the middle of a group of cases already read and decided under the base."""
        if one.case_id.startswith("KILL-ME"):
            faulthandler.disable()  # a deliberate crash: no dump in the log
            os.kill(os.getpid(), signal.SIGSEGV)
        return original(self, one)

    monkeypatch.setattr(Comparer, "_other_case", dying)  # the forked workers inherit it
    rows_file = tmp_path / "rows.jsonl"
    summary, merged = run(str(cases), base, other, "reforma", Outputs(rows=str(rows_file)),
                          "lv", workers=2)
    rows = [json.loads(text) for text in rows_file.read_text(encoding="utf-8").splitlines()]
    assert [row["line"] for row in rows] == list(range(1, 701))
    assert "rule engine stopped" in rows[killer]["error"]
    monkeypatch.setattr(Comparer, "_other_case", original)
    again = Aggregator(base, other, "reforma")
    for row in rows:
        again.add(row)
    assert summary.errors == again.errors and merged.rows == 700
    assert everything(merged) == everything(again)
