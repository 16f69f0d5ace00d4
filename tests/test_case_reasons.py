"""Why a case could not be calculated, in the run's language (issue 30, item 4): the report
and the rows CSV word each error by its kind, the field by its label, with its line."""

from __future__ import annotations

import copy
import csv
import io
import json
import re
from html import unescape
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from examples_data import example_case

from budget_engine.cli.commands import main
from budget_engine.evaluation.aggregate import ERRORS_SHOWN
from budget_engine.evaluation.case_reasons import detail_reason, field_label, row_reason


def _bad_cases() -> list[dict[str, Any]]:
    """A good case, then one case for each mistake: municipality, date, unknown field."""
    good = example_case("01-adult-esf-project")
    gone = copy.deepcopy(good)  # merged into another municipality in 2025
    gone["person"]["municipality"] = "Varakļānu novads"
    gone["calculation_date"] = "2026-03-01"
    no_day = copy.deepcopy(good)
    no_day["person"]["birth_date"] = "1966-02-30"
    typo = copy.deepcopy(good)
    typo["person"]["agee"] = 3
    return [good, gone, no_day, typo]


def _replay(tmp_path: Path, cases: list[dict[str, Any]], lang: str) -> tuple[str, list[list[str]]]:
    source = tmp_path / "cases.jsonl"
    source.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases),
                      encoding="utf-8")
    report, rows = tmp_path / f"report-{lang}.html", tmp_path / f"rows-{lang}.csv"
    result = CliRunner().invoke(main, [
        "replay", str(source), "--out", str(tmp_path / "rows.jsonl"), "--lang", lang,
        "--report", str(report), "--rows-csv", str(rows), "--quiet"])
    assert result.exit_code == 0, result.output
    table = list(csv.reader(io.StringIO(rows.read_text(encoding="utf-8-sig")), delimiter=";"))
    return unescape(re.sub(r"<[^>]+>", "|", report.read_text(encoding="utf-8"))), table


def test_the_report_and_the_rows_csv_give_latvian_reasons_with_line_numbers(
        tmp_path: Path) -> None:
    report, table = _replay(tmp_path, _bad_cases(), "lv")
    reasons = {row[0]: row[-1] for row in table[1:]}
    assert reasons["1"] == ""
    assert reasons["2"] == ("Pašvaldība: 01.03.2026 nebija pašvaldības ar nosaukumu "
                            "“Varakļānu novads”; jābūt vienai no 42 tad spēkā esošajām "
                            "pašvaldībām.")
    assert reasons["3"].startswith("Dzimšanas datums: Vajadzīgs esošs datums")
    assert '"1966-02-30"' in reasons["3"]
    assert reasons["4"] == "Persona: Nezināms lauks “agee”: pārbaudiet tā nosaukumu."
    for line, reason in reasons.items():  # the report's table: line, case, the same reason
        if reason:
            assert f"|{line}||JELG-2021-0007||{reason}|" in report
    assert "is not a municipality" not in report + json.dumps(table)


def test_english_runs_give_english_reasons(tmp_path: Path) -> None:
    _, table = _replay(tmp_path, _bad_cases(), "en")
    reasons = {row[0]: row[-1] for row in table[1:]}
    assert reasons["2"].startswith("Municipality: There was no municipality called "
                                   "“Varakļānu novads” on 2026-03-01")
    assert reasons["4"] == "Person: Unknown field “agee”: check its name."


def test_the_report_quotes_the_first_fifty_and_counts_the_rest(tmp_path: Path) -> None:
    gone = _bad_cases()[1]
    more = 7
    cases = [{**gone, "case_id": f"GONE-{n}"} for n in range(ERRORS_SHOWN + more)]
    report, table = _replay(tmp_path, cases, "lv")
    assert len(table) == 1 + ERRORS_SHOWN + more  # every one in the download
    assert all("nebija pašvaldības" in row[-1] for row in table[1:])
    quoted = re.findall(r"\|(\d+)\|\|GONE-\d+\|\|Pašvaldība: ", report)
    assert quoted == [str(n) for n in range(1, ERRORS_SHOWN + 1)]
    assert f"… un vēl {more} kļūdainas rindas" in report


def test_a_reason_keeps_what_it_cannot_word_and_names_rows_by_number() -> None:
    assert field_label("requested_services[2].units", "lv") == (
        "Pieprasītais pakalpojums, 3. rinda: vienības")
    assert field_label("household.maintainers[0].relation", "en") == (
        "Maintainer, row 1: relation")
    assert field_label("no.such.path", "lv") == "no.such.path"
    assert detail_reason("a_new_kind", "case_id", {}, "in English", "lv") == (
        "case_id: in English")
    # a row with no kinds (a line that could not be read, a crash) keeps its own text
    crash = {"line": 9, "error": "internal error: the rule engine stopped on this case",
             "errors": [{"field": "", "message": "internal error"}]}
    assert row_reason(crash, "lv") == crash["error"]
    refused = {"line": 1, "rules": "other", "errors": [
        {"field": "calculation_date", "message": "…", "kind": "no_rules_in_force",
         "context": {"date": "2019-01-01", "parameter": "rate.home_care"}}]}
    assert row_reason(refused, "lv") == (
        "Salīdzināmie noteikumi: Aprēķina datums: 01.01.2019 nav spēkā noteikumu, ar kuriem "
        "aprēķināt (parametram “rate.home_care” tad nav vērtības).")
