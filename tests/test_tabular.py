"""Cases in CSV as Latvian Excel saves it and as plain CSV; aggregates out for Excel."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner

from budget_engine.cli.commands import main
from budget_engine.evaluation.replay import Summary
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
