from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from examples_data import example_case, example_names

from budget_engine.cli.commands import main


def test_jsonl_replay_keeps_order_and_reports_bad_lines(tmp_path: Path) -> None:
    lines = [json.dumps(example_case(n), ensure_ascii=False) for n in example_names()]
    lines.insert(2, "{not json")
    bad = example_case("01-adult-esf-project")
    bad["person"]["agee"] = 3
    lines.insert(5, json.dumps(bad, ensure_ascii=False))
    lines.insert(6, "")
    source = tmp_path / "cases.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "budgets.jsonl"
    result = CliRunner().invoke(main, ["replay", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == len(example_names()) + 2
    assert rows[2] == {"line": 3, "case_id": None, "error": rows[2]["error"],
                       "errors": rows[2]["errors"]}
    assert "not valid JSON" in rows[2]["error"]
    assert rows[5]["line"] == 6 and rows[5]["case_id"] == "JELG-2021-0007"
    assert "person.agee" in rows[5]["error"]
    budgets = [r for r in rows if "error" not in r]
    assert [b["case_id"] for b in budgets] == [example_case(n)["case_id"]
                                              for n in example_names()]
    assert "11 lietas: 9 budžeti, 2 kļūdas, 1 tukša rinda izlaista (" in result.stderr
    english = CliRunner().invoke(main, ["replay", str(source), "--out", str(out), "--lang", "en"])
    assert "11 cases: 9 budgets, 2 errors, 1 blank line skipped (" in english.stderr


def test_csv_replay_with_dotted_headers(tmp_path: Path) -> None:
    source = tmp_path / "cases.csv"
    source.write_text(
        "format,case_id,calculation_date,person.birth_date,person.municipality,"
        "person.disability_group,person.diagnoses,household.monthly_income,"
        "household.needy_status,household.maintainers,assessment.assessed_on,"
        "assessment.support_plan,assessment.care_level,requested_services\n"
        "1,CSV-1,2026-11-01,1966-04-04,Daugavpils,II,F25,390.00,true,,2026-09-15,true,2,"
        "group_apartment:30;day_care_centre:12\n"
        "1,CSV-2,2026-11-01,1966-04-04,Daugavpils,II,F25,390.00,maybe,,2026-09-15,true,2,\n",
        encoding="utf-8")
    result = CliRunner().invoke(main, ["replay", str(source), "--quiet"])
    assert result.exit_code == 0, result.output
    first, second = (json.loads(x) for x in result.stdout.splitlines())
    assert first["totals"]["monthly"] == "514.68"
    assert second["line"] == 3 and "household.needy_status" in second["error"]


def test_missing_replay_file_is_an_error_not_a_trace(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["replay", str(tmp_path / "none.jsonl")])
    assert result.exit_code == 2 and "cannot read" in result.stderr


def test_a_line_is_read_up_to_the_limit_and_its_line_end_and_never_further() -> None:
    import io

    from budget_engine.evaluation.records import bounded_lines

    data = b"abc\nabc\r\nabcd\n" + b"x" * 20 + b"\r\nab\r\r\nabc"
    stream = io.BufferedReader(io.BytesIO(data))
    assert list(bounded_lines(stream, 3)) == [
        (1, b"abc\n"), (2, b"abc\r\n"), (3, None), (4, None), (5, b"ab\r\r\n"), (6, b"abc")]
    assert list(bounded_lines(io.BytesIO(b"abcd"), 3)) == [(1, None)]
