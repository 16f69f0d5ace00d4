"""Inputs that once crashed durable_rules or stopped a replay: each is now an answer.

The native crash happened when the first session of a process fired no rule and was deleted;
so each shape is run in a fresh process, as the first case it sees.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from engine import parse_and_calculate

from budget_engine import Calculator, load_rules, parse_case
from budget_engine.cli.commands import main

BASE: dict[str, Any] = {"format": 1, "case_id": "SHAPE", "calculation_date": "2024-03-01",
                        "person": {"birth_date": "1980-01-01", "municipality": "Rīga"}}
SHAPES: dict[str, dict[str, Any]] = {
    "no target group, no request": {},
    "no target group, empty request": {"requested_services": []},
    "household only": {"household": {"monthly_income": "100"}},
    "a child and nothing else": {"person": {"birth_date": "2015-05-05", "municipality": "Rīga"}},
    "before 2021 (municipality unchecked)": {
        "calculation_date": "2019-03-01",
        "person": {"birth_date": "1970-01-01", "municipality": "Apes novads"}},
}
EXE = Path(sys.executable).with_name("budget-engine")


@pytest.mark.slow
@pytest.mark.parametrize("name", list(SHAPES))
def test_first_case_of_a_fresh_process_that_fires_nothing(tmp_path: Path, name: str) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps({**BASE, **SHAPES[name]}), encoding="utf-8")
    done = subprocess.run([str(EXE), "calculate", str(path)], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    budget = json.loads(done.stdout)
    assert budget["lines"] == [] and budget["case_id"] == "SHAPE"


def test_a_date_before_any_rules_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps({**BASE, "calculation_date": "2000-01-01",
                                "person": {"birth_date": "1970-01-01", "municipality": "Ape"}}))
    result = CliRunner().invoke(main, ["calculate", str(path)])
    assert result.exit_code == 2
    assert "calculation_date: no rules are in force on 2000-01-01" in result.stderr


def test_many_sessions_that_fire_nothing_in_one_process() -> None:
    calculator = Calculator(load_rules())
    for n in range(300):
        budget = calculator.calculate(parse_case({**BASE, "case_id": f"S-{n}"}))
        assert budget.lines == [] and budget.target_groups == []


def test_bad_case_exits_2_never_1(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps({**BASE, "requested_services": [{"service": "home_care",
                                                                  "units": True}]}))
    result = CliRunner().invoke(main, ["calculate", str(path)])
    assert result.exit_code == 2
    assert "requested_services[0].units" in result.stderr
    missing = CliRunner().invoke(main, ["calculate", str(tmp_path / "none.json")])
    assert missing.exit_code == 2 and "cannot read" in missing.stderr


def test_enrolment_after_the_di_window_is_accepted_with_a_warning() -> None:
    budget = parse_and_calculate({
        **BASE, "calculation_date": "2024-06-01",
        "person": {"birth_date": "1980-01-01", "municipality": "Rīga",
                   "disability_group": "II", "diagnoses": ["F20"]},
        "assessment": {"assessed_on": "2024-01-15", "support_plan": True, "care_level": 2},
        "di_project": {"enrolled_on": "2024-02-01"},
        "requested_services": [{"service": "home_care", "units": 10}]})
    assert budget.lines[0].financing.esf == 0
    warning = next(w for w in budget.warnings if w.code == "di_enrolment_after_window")
    assert "01.02.2024" in warning.text and "01.01.2024" in warning.text  # Latvian dates


HOSTILE = ['{"format": ' + "9" * 5000 + "}", "[" * 100_000 + "]" * 100_000,
           '{"case_id": "\\ud800", "format": 1}', "not json at all", '"a string"']


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_hostile_replay_lines_are_rows_and_nothing_stops(tmp_path: Path, workers: int) -> None:
    good = [json.dumps({**BASE, "case_id": f"OK-{n}"}) for n in range(3)]
    lines = [good[0], *HOSTILE, "", "   ", good[1], good[2]]
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\xef\xbb\xbf" + "\n".join(lines).encode("utf-8") + b"\n\xff\xfe\n")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["replay", str(source), "--out", str(out),
                                       "--workers", str(workers)])
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    # every non-blank line gives one row, in order; blank lines are counted
    assert len(rows) == len(lines) - 2 + 1
    assert [r.get("case_id") for r in (rows[0], rows[-3], rows[-2])] == ["OK-0", "OK-1", "OK-2"]
    errors = rows[1:1 + len(HOSTILE)] + rows[-1:]
    assert all("error" in r and r["line"] for r in errors)
    assert [r["line"] for r in errors] == [2, 3, 4, 5, 6, 11]
    assert "2 tukšas rindas izlaistas" in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("compared", [False, True])
def test_hostile_lines_through_a_report_and_a_comparison_are_rows_too(
        tmp_path: Path, compared: bool) -> None:
    """The report paths (one rule book, or two compared) write the same error rows, and the
    report and the CSV quote them: a lone surrogate escape in a case id (`\\ud800`, or in
    a municipality) once stopped the run with a traceback when the row was written."""
    good = [json.dumps({**BASE, "case_id": f"OK-{n}"}) for n in range(2)]
    lines = [good[0], *HOSTILE, json.dumps({**BASE, "case_id": "X\udc80"}),
             json.dumps(BASE, ensure_ascii=False).replace('"Rīga"', '"Rīga\\udc80"'), good[1]]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out, report, csv = tmp_path / "out.jsonl", tmp_path / "r.html", tmp_path / "s.csv"
    reform = tmp_path / "reform.yaml"
    reform.write_text("label: R\nparameters:\n  copayment.maintainers_obliged:\n"
                      "    - {from: 2020-01-01, value: false}\n", encoding="utf-8")
    args = ["replay", str(source), "--out", str(out), "--report", str(report),
            "--summary-csv", str(csv), "--workers", "2"]
    result = CliRunner().invoke(main, args + (["--reform", str(reform)] if compared else []))
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == len(lines)  # a budget (or a comparison) or an error row for each
    assert [row.get("case_id") for row in rows if "error" not in row] == ["OK-0", "OK-1"]
    assert [row["line"] for row in rows if "error" in row] == list(range(2, len(lines)))
    assert rows[-3]["case_id"] == "X\\udc80" and "\\udc80" in rows[-2]["error"]
    assert "X\\udc80" in report.read_text(encoding="utf-8")
    assert csv.read_bytes().startswith(b"\xef\xbb\xbf")


def _crash_natively() -> None:
    """End this process as a crash in durable_rules' native code would."""
    import faulthandler
    import os
    import signal

    faulthandler.disable()  # a deliberate crash: no dump in the log
    os.kill(os.getpid(), signal.SIGSEGV)


def _dying_on_kill_me(original: Callable[..., Any]) -> Callable[..., Any]:
    """`original`, except that a case holding "KILL-ME" crashes the process natively."""

    def dying(line: int, payload: Any, calculator: Calculator, lang: str,
              fast: bool = True) -> Any:
        if isinstance(payload, str) and "KILL-ME" in payload:
            _crash_natively()
        return original(line, payload, calculator, lang, fast)

    return dying


def _dying_in_calculation(original: Callable[..., Any]) -> Callable[..., Any]:
    """replay's `_decided` (where durable_rules decides a case read quickly), except that
    the case "KILL-ME" crashes the process natively, as durable_rules would: in the middle
    of a group of cases already read and partly decided (`replay.replay_rows`)."""

    def dying(line: int, case: Any, calculator: Calculator, lang: str) -> Any:
        if case.case_id == "KILL-ME":
            _crash_natively()
        return original(line, case, calculator, lang)

    return dying


@pytest.mark.slow
@pytest.mark.parametrize(("workers", "cases", "killer_at"), [(2, 600, 300), (1, 800, 100)])
def test_a_worker_that_dies_costs_one_row_and_no_hang(workers: int, cases: int,
                                                      killer_at: int) -> None:
    """A native crash in a replay worker: only the case that killed it fails. With one
    worker the crash comes in its first chunk while the next chunks wait in its pipe
    (`replay.AHEAD`): they are replayed too, in order, none lost or doubled."""
    from budget_engine.evaluation import replay

    book = load_rules()
    killer = {**BASE, "case_id": "KILL-ME"}
    records: list[tuple[int, Any]] = [(n, json.dumps({**BASE, "case_id": f"C-{n}"}))
                                      for n in range(1, cases)]
    records.insert(killer_at, (1000, json.dumps(killer)))
    dying = _dying_on_kill_me(replay.replay_one)
    original = replay.replay_one

    replay.replay_one = dying  # type: ignore[assignment]  # the forked workers inherit it
    try:
        results = list(replay.replay_records(records, book, "lv", workers=workers))
    finally:
        replay.replay_one = original  # type: ignore[assignment]
    assert len(results) == len(records)
    failed = [text for ok, text in results if not ok]
    assert len(failed) == 1 and "rule engine stopped" in failed[0]
    assert json.loads(failed[0])["line"] == 1000
    assert [json.loads(text)["case_id"] for ok, text in results if ok] == [
        f"C-{n}" for n in range(1, cases)]


def test_repository_rules_copy_is_usable(tmp_path: Path) -> None:
    """The shipped rules copy cleanly (the fixtures of other tests rely on it)."""
    target = tmp_path / "rules"
    shutil.copytree(load_rules().directory, target,
                    ignore=shutil.ignore_patterns("__pycache__"))
    assert load_rules(target).digest == load_rules().digest


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_a_worker_that_dies_in_a_file_replay_costs_one_row(tmp_path: Path, workers: int,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    """`replay_file` end to end: when a worker dies, the cases of every chunk it had not
    answered are replayed one by one; only the killing case fails, blank lines are still
    counted, a byte order mark and a last line without its newline are read as ever, and
    the rows stay in input order."""
    from budget_engine.evaluation import replay

    monkeypatch.setattr(replay, "CHUNK", 16)  # many chunks
    lines = [json.dumps({**BASE, "case_id": f"C-{n}"}) for n in range(1, 300)]
    lines.insert(150, json.dumps({**BASE, "case_id": "KILL-ME"}))
    lines.insert(10, "")
    lines.insert(200, "   ")
    source = tmp_path / "cases.jsonl"
    source.write_bytes(b"\xef\xbb\xbf" + "\n".join(lines).encode("utf-8"))  # no last newline
    dying = _dying_in_calculation(replay._decided)

    monkeypatch.setattr(replay, "_decided", dying)  # the forked workers inherit it
    out = tmp_path / "out.jsonl"
    summary = replay.replay_file(str(source), str(out), load_rules(), workers=workers)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert (summary.cases, summary.budgets, summary.errors, summary.blank_lines) == (
        300, 299, 1, 2)
    failed = [row for row in rows if "error" in row]
    assert len(failed) == 1 and "rule engine stopped" in failed[0]["error"]
    assert failed[0]["line"] == lines.index(json.dumps({**BASE, "case_id": "KILL-ME"})) + 1
    assert [row["case_id"] for row in rows if "error" not in row] == [
        f"C-{n}" for n in range(1, 300)]


def test_case_errors_cross_a_process_boundary_whole() -> None:
    """An engine worker sends its refusal pickled; the server answered 500 when the error
    could not be made again from Exception's default (its joined message as `details`)."""
    import pickle

    from budget_engine import CaseError, CaseInputError, ErrorDetail

    detail = ErrorDetail("calculation_date", "no rules", "no_rules_in_force", {"date": "x"})
    again = pickle.loads(pickle.dumps(CaseError([detail])))
    assert again.details == [detail] and again.errors == [("calculation_date", "no rules")]
    refused = pickle.loads(pickle.dumps(CaseInputError([("person", "missing")])))
    assert refused.errors == [("person", "missing")] and str(refused) == "person: missing"
