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


def _replay_text(tmp_path: Path, name: str, text: str, lang: str
                 ) -> tuple[str, dict[str, str], list[dict[str, Any]]]:
    """A cases file as it is (CSV or JSON Lines) replayed: the report's text, each row's
    reason in the rows CSV by its line, and rows.jsonl."""
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    report, rows, out = (tmp_path / f"report-{lang}.html", tmp_path / f"rows-{lang}.csv",
                         tmp_path / f"rows-{lang}.jsonl")
    result = CliRunner().invoke(main, [
        "replay", str(source), "--out", str(out), "--lang", lang, "--report", str(report),
        "--rows-csv", str(rows), "--quiet"])
    assert result.exit_code == 0, result.output
    table = list(csv.reader(io.StringIO(rows.read_text(encoding="utf-8-sig")), delimiter=";"))
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return (unescape(re.sub(r"<[^>]+>", "|", report.read_text(encoding="utf-8"))),
            {row[0]: row[-1] for row in table[1:]}, written)


def _broken_csv() -> str:
    """A good CSV case (line 2), then: line 3 written with ',' in a ';' file, line 4 with an
    unclosed quote, line 5 longer than a line may be, line 6 one cell too many."""
    header = "case_id;calculation_date;person.birth_date;person.municipality"
    good = "C-1;2026-03-01;1990-01-01;Rīga"
    return "\n".join([header, good, good.replace(";", ","), '"C-3;2026-03-01;1990-01-01;Rīga',
                      "C-4;" + "x" * (70 * 1024) + ";1990-01-01;Rīga", good + ";extra", ""])


def test_lines_that_cannot_be_read_have_latvian_reasons_with_their_line(
        tmp_path: Path) -> None:
    report, reasons, written = _replay_text(tmp_path, "cases.csv", _broken_csv(), "lv")
    assert reasons["3"] == ("3. rinda: Rinda šķietami atdalīta ar “,” (komatu), bet galvene "
                            "ar “;” (semikolu).")
    assert reasons["4"].startswith("4. rinda: Rindā atvērtas pēdiņas (\") netiek aizvērtas")
    assert reasons["5"] == ("5. rinda: Rinda ir garāka par 65\u00a0536 baitiem (neviena lieta "
                            "nav tik gara); tā netika nolasīta.")
    assert reasons["6"] == ("6. rinda: Rindā ir 5 šūnas, galvenē 4 (atdalītājs “;” "
                            "(semikolu); vai kāda šūna, kurā tas ir, nav pēdiņās?).")
    for line in ("3", "4", "5", "6"):
        assert f"|{line}|" in report and reasons[line] in report
    # rows.jsonl keeps the engine's English for scripts, with the kind and its values
    by_line = {row["line"]: row for row in written}
    assert by_line[3]["error"] == ("line 3 seems separated by ',' (komats), but the header "
                                   "by ';' (semikols)")
    assert by_line[3]["errors"][0]["kind"] == "wrong_separator"
    assert by_line[6]["errors"][0]["context"] == {"line": "6", "found": "5", "expected": "4",
                                                  "separator": ";"}


def test_lines_that_cannot_be_read_have_english_reasons_on_an_english_run(
        tmp_path: Path) -> None:
    _, reasons, _ = _replay_text(tmp_path, "cases.csv", _broken_csv(), "en")
    assert reasons["3"] == ("Line 3: The line seems separated by “,” (comma), but the header "
                            "by “;” (semicolon).")
    assert reasons["4"].startswith("Line 4: A quote (\") is opened on the line and not closed")
    assert reasons["5"].startswith("Line 5: The line is longer than 65,536 bytes")
    assert reasons["6"].startswith("Line 6: The line has 5 cells, the header has 4")


def test_a_broken_json_line_keeps_where_in_its_json_it_broke(tmp_path: Path) -> None:
    good = json.dumps(example_case("01-adult-esf-project"), ensure_ascii=False)
    text = good + "\n" + '{"case_id": "X",, "format": 1}\n' + "x" * (70 * 1024) + "\n"
    report, reasons, written = _replay_text(tmp_path, "cases.jsonl", text, "lv")
    assert reasons["2"] == ("Rindu neizdevās nolasīt: tā nav derīgs JSON (kļūda JSON 1. rindas "
                            "17. zīmē).")
    assert reasons["3"].startswith("3. rinda: Rinda ir garāka par 65\u00a0536 baitiem")
    assert reasons["2"] in report
    assert written[1]["error"].startswith("not valid JSON: Expecting property name")
    _, english, _ = _replay_text(tmp_path, "cases.jsonl", text, "en")
    assert english["2"] == ("The line could not be read: it is not valid JSON (at line 1, "
                            "column 17 of its JSON).")


def test_a_case_its_worker_died_on_is_worded_as_a_crash() -> None:
    from budget_engine.evaluation.replay import crash_row

    row = crash_row(7, "internal error: the rule engine stopped on this case (exit -11)")
    assert row["error"].startswith("internal error: the rule engine stopped")
    assert row_reason(row, "lv").startswith("Noteikumu dzinējs apstājās pie šīs lietas")
    assert row_reason(row, "en").startswith("The rule engine stopped on this case")
