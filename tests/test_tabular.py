"""Cases in CSV as Latvian Excel saves it and as plain CSV; aggregates out for Excel."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from budget_engine.cli.commands import main
from budget_engine.evaluation.records import ReadProblem, Summary, read_jsonl
from budget_engine.evaluation.tabular import read_table, write_excel_csv

HEADER = ["format", "case_id", "calculation_date", "person.birth_date", "person.municipality",
          "person.disability_group", "person.diagnoses", "household.monthly_income",
          "household.needy_status", "household.maintainers", "assessment.assessed_on",
          "assessment.support_plan", "assessment.care_level", "requested_services"]
PLAIN = ["1", "CSV-1", "2026-11-01", "1966-04-04", "Daugavpils", "II", "F25", "410.50",
         "false", "child:1200.50;parent:2000", "2026-09-15", "true", "2",
         "group_apartment:30;day_care_centre:12"]
EXCEL = ["1", "CSV-1", "01.11.2026", "04.04.1966", "Daugavpils", "II", "F25", "410,50",
         "APLAMS", "\"child:1 200,50;parent:2000\"", "15.09.2026", "PATIESS", "2",
         "\"group_apartment:30;day_care_centre:12\""]


def _replay(tmp_path: Path, name: str, data: bytes) -> list[dict[str, object]]:
    path = tmp_path / name
    path.write_bytes(data)
    result = CliRunner().invoke(main, ["replay", str(path), "--quiet"])
    assert result.exit_code == 0, result.output
    return [json.loads(x) for x in result.stdout.splitlines()]


def test_latvian_excel_csv_gives_the_same_budget_as_plain_csv(tmp_path: Path) -> None:
    plain = ",".join(HEADER) + "\n" + ",".join(
        f'"{c}"' if "," in c or ";" in c else c for c in PLAIN) + "\n"
    excel = ("\ufeff" + ";".join(HEADER) + "\r\n" + ";".join(EXCEL) + "\r\n").encode("utf-8")
    (first,) = _replay(tmp_path, "plain.csv", plain.encode("utf-8"))
    (second,) = _replay(tmp_path, "excel.csv", excel)
    assert first == second
    assert first["case_id"] == "CSV-1" and first["totals"]["monthly"] == "514.68"
    # The maintainer's income 1 200,50 was read as 1200.50: they pay above the threshold.
    assert Decimal(first["totals"]["by_source"]["maintainers"]) > 0


def test_a_line_with_the_wrong_separator_is_named(tmp_path: Path) -> None:
    excel = ("\ufeff" + ";".join(HEADER) + "\r\n" + ";".join(EXCEL) + "\r\n"
             + ",".join(PLAIN[:5]) + "\r\n").encode("utf-8")
    rows = _replay(tmp_path, "mixed.csv", excel)
    assert rows[1]["line"] == 3
    assert rows[1]["error"] == ("line 3 seems separated by ',' (komats), but the header by "
                                "';' (semikols)")


def test_a_header_with_an_unknown_separator_stops_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "pipes.csv"
    path.write_text("|".join(HEADER) + "\n" + "|".join(PLAIN) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["replay", str(path), "--quiet"])
    assert result.exit_code == 2
    assert f"{path}:1: the header names no known columns" in result.stderr
    assert "separated by '|'" in result.stderr


def test_a_line_that_is_not_utf8_is_a_row_of_its_own() -> None:
    data = (";".join(HEADER) + "\n" + ";".join(EXCEL) + "\n").encode("utf-8")
    data += ";".join(EXCEL).replace("Daugavpils", "Daugavpils\xe9").encode("latin-1") + b"\n"
    records = list(read_table(io.BytesIO(data), Summary(), "x.csv"))
    assert records[1][0] == 3 and "line 3 is not UTF-8" in str(records[1][1])


def test_excel_csv_output_is_bom_semicolon_crlf_decimal_comma(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    write_excel_csv(path, ["rādītājs", "summa", "skaits"],
                    [["Pašvaldība", Decimal("1200.5"), 3], ["a;b", None, 0]])
    assert path.read_bytes() == ("\ufeffrādītājs;summa;skaits\r\nPašvaldība;1200,50;3\r\n"
                                 '"a;b";;0\r\n').encode("utf-8")


# -- issue 24 (items 3, 9a): rows out = lines in, however a line is broken ---------------


def _cases(sep: str, count: int = 5) -> list[str]:
    """`count` valid case lines (CSV-1...), plain or as Latvian Excel writes them."""
    cells = PLAIN if sep == "," else EXCEL
    out = []
    for number in range(1, count + 1):
        row = [f"CSV-{number}" if c == "CSV-1" else c for c in cells]
        out.append(sep.join(f'"{c}"' if sep == "," and ("," in c or ";" in c) else c
                            for c in row))
    return out


def _file(sep: str, lines: list[str]) -> bytes:
    bom, end = ("\ufeff", "\r\n") if sep == ";" else ("", "\n")
    return (bom + sep.join(HEADER) + end + end.join(lines) + end).encode("utf-8")


def _outcome(rows: list[dict[str, object]]) -> list[object]:
    """The case id of a budget, "error on N" for the error row of line N."""
    return [f"error on {r['line']}" if "error" in r else r["case_id"] for r in rows]


def test_an_overlong_field_is_an_error_row_for_its_line_and_the_rest_go_on(
        tmp_path: Path) -> None:
    # The probe's file: one field of 140,000 characters (past the csv module's 131,072)
    # stopped the replay with a traceback and no rows at all.
    lines = _cases(",")
    lines[2] = lines[2].replace("Daugavpils", "x" * 140_000)
    rows = _replay(tmp_path, "overlong.csv", _file(",", lines))
    assert len(rows) == 5
    assert [r.get("case_id") for r in rows] == ["CSV-1", "CSV-2", None, "CSV-4", "CSV-5"]
    assert rows[2]["line"] == 4
    assert rows[2]["error"] == ("line 4: the line is longer than 65,536 bytes (no case is "
                                "near that long); it was not read")
    assert all("totals" in r for i, r in enumerate(rows) if i != 2)


def test_the_line_limit_is_the_readers_own_and_a_line_at_it_is_read() -> None:
    lines, sep = _cases(";", 3), ";"
    limit = max(len(sep.join(HEADER)) + 3, len(lines[0].encode("utf-8")))  # + the BOM
    lines[0] += " " * (limit - len(lines[0].encode("utf-8")))  # at the limit: read
    lines[1] = lines[0] + "x"  # one byte over the limit
    records = list(read_table(io.BytesIO(_file(";", lines)), Summary(), "x.csv", limit))
    assert [n for n, _ in records] == [2, 3, 4]
    assert isinstance(records[0][1], dict) and isinstance(records[2][1], dict)
    assert isinstance(records[1][1], ReadProblem)
    assert records[1][1].message.startswith("line 3: the line is longer than")


@pytest.mark.parametrize("sep", [",", ";"])
@pytest.mark.parametrize("where", [1, 4])  # the second data line, the last
def test_an_unterminated_quote_is_its_lines_error_and_the_next_lines_are_read(
        tmp_path: Path, sep: str, where: int) -> None:
    # The probe: `"unterminated;x` swallowed every following line into one error row
    # (5 cases in, 2 or 3 rows out, the valid cases after it gone unnamed).
    lines = _cases(sep)
    lines[where] = '"unterminated' + sep + "x"
    rows = _replay(tmp_path, "quote.csv", _file(sep, lines))
    expected: list[object] = [f"CSV-{n + 1}" for n in range(5)]
    expected[where] = f"error on {where + 2}"
    assert _outcome(rows) == expected
    assert rows[where]["error"] == (
        f"line {where + 2}: a quote (\") is opened in it and not closed on the line; no "
        "cell of a case spans lines, so the next line is read as a case of its own")


def test_a_carriage_return_inside_a_cell_is_an_error_row_not_a_stop(tmp_path: Path) -> None:
    lines = _cases(",", 3)
    lines[1] = lines[1].replace("Daugavpils", "Daugav\rpils")
    rows = _replay(tmp_path, "cr.csv", _file(",", lines))
    assert _outcome(rows) == ["CSV-1", "error on 3", "CSV-3"]
    assert "line 3: it holds a line break (a carriage return)" in str(rows[1]["error"])


def test_an_overlong_json_line_is_a_row_of_its_own() -> None:
    short, long = b'{"case_id": "A"}\n', b'{"case_id": "' + b"B" * 40 + b'"}\n'
    data = short + long + b"\n" + short.rstrip(b"\n")
    summary = Summary()
    records = list(read_jsonl(io.BufferedReader(io.BytesIO(data)), summary, 30))
    assert [n for n, _ in records] == [1, 2, 4] and summary.blank_lines == 1
    assert records[0][1] == short.decode() and records[2][1] == short.decode().rstrip("\n")
    assert records[1][1] == ReadProblem(
        "the line is longer than 30 bytes (no case is near that long); it was not read",
        "line_too_long", {"line": 2, "limit": 30})


def test_a_20000_digit_case_id_is_echoed_cut_to_100_characters(tmp_path: Path) -> None:
    lines = _cases(",", 3)
    lines[1] = lines[1].replace("CSV-2", "9" * 20_000)
    source = tmp_path / "long-id.csv"
    source.write_bytes(_file(",", lines))
    out, report, table = (tmp_path / n for n in ("rows.jsonl", "report.html", "summary.csv"))
    result = CliRunner().invoke(main, [
        "replay", str(source), "--quiet", "--out", str(out), "--report", str(report),
        "--summary-csv", str(table)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert _outcome(rows) == ["CSV-1", "error on 3", "CSV-3"]
    assert rows[1]["case_id"] == "9" * 100 + "…"
    written = [out.read_text(encoding="utf-8"), report.read_text(encoding="utf-8"),
               table.read_text(encoding="utf-8-sig")]
    assert all("9" * 101 not in text for text in written)
    assert "9" * 100 + "…" in written[1]
    assert len(out.read_bytes().splitlines()[1]) < 1000


def test_a_carriage_return_inside_the_header_stops_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "cr.csv"
    path.write_bytes((",".join(HEADER).replace("person.municipality", "person.\rmunicipality")
                      + "\n" + ",".join(PLAIN[:5]) + "\n").encode("utf-8"))
    result = CliRunner().invoke(main, ["replay", str(path), "--quiet"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"{path}:1: the header names no known columns" in result.stderr
