"""Reforms and comparisons: reform files checked like rule files, `changed_by` on a small
hand-checked set, and the replay command's rows, report and aggregates CSV."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from examples_data import example_case

from budget_engine import Budget, Calculator, RuleErrors, load_rules
from budget_engine.cli.commands import main
from budget_engine.evaluation.reform import load_reform, reformed_book
from budget_engine.evaluation.reform_comparison import Comparer, compare_records
from budget_engine.models import SOURCES
from budget_engine.rulebook.variants import Change, combine, differences

TWO_CHANGES = """label: Apgādnieki atbrīvoti, atbalsta grupa dārgāka
parameters:
  copayment.maintainers_obliged:
    - {from: 2025-01-01, value: false}
  rate.support_group:
    - {from: 2025-01-01, value: "20.00"}
"""


@pytest.fixture(scope="module")
def book():  # type: ignore[no-untyped-def]
    return load_rules()


def _reform(tmp_path: Path, text: str, book):  # type: ignore[no-untyped-def]
    path = tmp_path / "reform.yaml"
    path.write_text(text, encoding="utf-8")
    return load_reform(path, book)


def test_reform_errors_name_file_and_line(tmp_path: Path, book) -> None:  # type: ignore[no-untyped-def]
    text = ("label: x\nparameters:\n  copayment.maintainers_obligd:\n"
            "    - {from: 2025-01-01, value: false}\n  rate.home_care:\n"
            "    - {from: 2025-01-01, value: \"3,83\"}\n  rate.respite:\n"
            "    - {from: 2025-13-01, value: \"1.00\"}\n")
    with pytest.raises(RuleErrors) as caught:
        _reform(tmp_path, text, book)
    messages = [str(e) for e in caught.value.errors]
    assert any(m.endswith('reform.yaml:8: \'2025-13-01\' is not a real date (month must be in '
                          '1..12)') for m in messages), messages
    text = text.replace("2025-13-01", "2025-12-01")
    with pytest.raises(RuleErrors) as caught:
        _reform(tmp_path, text, book)
    first, second = (str(e) for e in caught.value.errors)
    assert first.endswith('reform.yaml:3: unknown parameter "copayment.maintainers_obligd" '
                          '(did you mean "copayment.maintainers_obliged"?)')
    assert "reform.yaml:6:" in second and 'decimal comma: write "3.83"' in second
    with pytest.raises(RuleErrors) as caught:
        _reform(tmp_path, "label: x\nparameters:\n  copayment.maintainers_obliged:\n"
                "    - {from: 2025-01-01, value: 0}\n", book)
    assert "reform.yaml:4:" in str(caught.value) and "expected true or false" in str(
        caught.value)


def test_reformed_book_is_a_copy_with_its_own_version(tmp_path: Path, book) -> None:  # type: ignore[no-untyped-def]
    reform = _reform(tmp_path, TWO_CHANGES, book)
    reformed = reformed_book(book, reform)
    assert reformed.version != book.version and "+reform+" in reformed.version
    import datetime as dt
    day = dt.date(2025, 1, 1)
    assert reformed.parameters.on("copayment.maintainers_obliged", day).value is False
    assert book.parameters.on("copayment.maintainers_obliged", day).value is True
    assert str(reformed.parameters.on("rate.support_group", day).value) == "20.00"
    before = dt.date(2024, 12, 31)
    assert reformed.parameters.on("rate.support_group", before).value == book.parameters.on(
        "rate.support_group", before).value
    assert differences(book, reformed) == [Change("parameter", "copayment.maintainers_obliged"),
                                           Change("parameter", "rate.support_group")]
    alone = combine(book, reformed, [Change("parameter", "rate.support_group")])
    assert differences(book, alone) == [Change("parameter", "rate.support_group")]


def test_changed_by_names_each_change_that_alone_alters_the_case(tmp_path: Path, book  # type: ignore[no-untyped-def]
                                                                 ) -> None:
    reformed = reformed_book(book, _reform(tmp_path, TWO_CHANGES, book))
    comparer = Comparer(Calculator(book), Calculator(reformed))
    # 04 (2025-02-01): maintainers pay 96.00 and a support group is granted: both changes.
    both = comparer.compare(1, example_case("04-community-adult-copayment"))
    assert both["changed"] and both["changed_by"] == ["copayment.maintainers_obliged",
                                                      "rate.support_group"]
    assert both["base"]["by_source"]["maintainers"] == "96.00"
    assert both["reform"]["by_source"]["maintainers"] == "0.00"
    # 07 (2026-11-01): needy, no maintainers, a support group in the typical package.
    one = comparer.compare(2, example_case("07-typical-package-needy"))
    assert one["changed_by"] == ["rate.support_group"]
    # 02 (2024-05-01): maintainers pay, but before either change is in force.
    none = comparer.compare(3, example_case("02-adult-left-vsac-money-follows"))
    assert none["changed"] is False and none["changed_by"] == []
    assert none["difference"]["by_source"] == dict.fromkeys(
        ("esf", "state", "municipality", "client", "maintainers"), "0.00")


def test_compare_records_in_process_keeps_order_and_errors(book) -> None:  # type: ignore[no-untyped-def]
    other = Calculator(book)
    rows = list(compare_records(Calculator(book), other, [
        (1, json.dumps(example_case("04-community-adult-copayment"))), (2, "{oops")]))
    assert rows[0]["changed"] is False and rows[0]["changed_by"] == []
    assert rows[1]["line"] == 2 and "not valid JSON" in rows[1]["error"]


def test_replay_with_reform_writes_rows_report_and_excel_csv(tmp_path: Path) -> None:
    names = ["04-community-adult-copayment", "02-adult-left-vsac-money-follows",
             "05-no-support-plan"]
    cases = tmp_path / "cases.jsonl"
    cases.write_text("\n".join(json.dumps(example_case(n), ensure_ascii=False)
                               for n in names) + "\n\nnot json\n", encoding="utf-8")
    reform = tmp_path / "reform.yaml"
    reform.write_text(TWO_CHANGES, encoding="utf-8")
    out, report, csv = tmp_path / "rows.jsonl", tmp_path / "r.html", tmp_path / "r.csv"
    result = CliRunner().invoke(main, [
        "replay", str(cases), "--reform", str(reform), "--out", str(out), "--report",
        str(report), "--summary-csv", str(csv), "--workers", "2"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [r.get("case_id") for r in rows] == [example_case(n)["case_id"]
                                                 for n in names] + [None]
    assert rows[3]["line"] == 5 and "error" in rows[3]
    # The maintainers' 96.00 of case 04 moves to the municipality (and the dearer group).
    assert rows[0]["difference"]["by_source"]["maintainers"] == "-96.00"
    html = report.read_text(encoding="utf-8")
    assert "http://" not in html and "https://" not in html and "<script" not in html
    assert "<svg" in html and "Pārbīde starp maksātājiem" in html
    assert "−96,00\u00a0€" in html or "-96,00\u00a0€" in html
    assert "Apgādnieki atbrīvoti, atbalsta grupa dārgāka" in html
    raw = csv.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    lines = raw.decode("utf-8-sig").split("\r\n")
    assert lines[0] == ("sadaļa;rādītājs;Pašreizējie noteikumi (2026.11-1);"
                        "Apgādnieki atbrīvoti, atbalsta grupa dārgāka;starpība")
    maintainers = next(x for x in lines if ";Apgādnieki;" in x)
    base = json.loads(out.read_text().splitlines()[1])["base"]["by_source"]["maintainers"]
    expected = (96 + float(base))
    assert maintainers.split(";")[2] == f"{expected:.2f}".replace(".", ",")
    assert maintainers.split(";")[4] == "-96,00"


def test_reform_file_errors_exit_1_with_file_and_line(tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_text(json.dumps(example_case("05-no-support-plan")) + "\n", encoding="utf-8")
    reform = tmp_path / "bad.yaml"
    reform.write_text("label: x\nparameters:\n  rate.nothing:\n    - {from: 2025-01-01, "
                      "value: \"1.00\"}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["replay", str(cases), "--reform", str(reform),
                                       "--lang", "en"])
    assert result.exit_code == 1
    assert 'bad.yaml:3: unknown parameter "rate.nothing"' in result.stderr


def test_compare_with_a_rules_directory_names_the_changed_parameter_and_rule(
        tmp_path: Path) -> None:
    import shutil

    from budget_engine.rulebook.loader import default_rules_dir

    rules = tmp_path / "rules-2027"
    shutil.copytree(default_rules_dir(), rules)
    rates = rules / "parameters" / "rates.yaml"
    rates.write_text(rates.read_text(encoding="utf-8").replace(
        'value: "14.91"', 'value: "15.91"'), encoding="utf-8")
    cases = tmp_path / "cases.jsonl"
    cases.write_text("\n".join(json.dumps(example_case(n)) for n in (
        "04-community-adult-copayment", "05-no-support-plan")) + "\n", encoding="utf-8")
    out = tmp_path / "rows.jsonl"
    result = CliRunner().invoke(main, ["replay", str(cases), "--compare", str(rules),
                                       "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    first, second = (json.loads(x) for x in out.read_text(encoding="utf-8").splitlines())
    assert first["changed_by"] == ["rate.support_group"]
    assert second["changed"] is False and second["changed_by"] == []
    assert first["base"]["rules_version"] != first["reform"]["rules_version"]


def test_report_and_csv_of_one_rule_book_keep_the_budget_rows(tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_text(json.dumps(example_case("04-community-adult-copayment")) + "\n",
                     encoding="utf-8")
    out, report, csv = tmp_path / "b.jsonl", tmp_path / "r.html", tmp_path / "r.csv"
    result = CliRunner().invoke(main, ["replay", str(cases), "--out", str(out), "--report",
                                       str(report), "--summary-csv", str(csv), "--quiet",
                                       "--lang", "en"])
    assert result.exit_code == 0, result.output
    (budget,) = (json.loads(x) for x in out.read_text(encoding="utf-8").splitlines())
    assert budget["totals"]["by_source"]["maintainers"] == "96.00"  # a budget, as replay
    lines = csv.read_bytes().decode("utf-8-sig").split("\r\n")
    assert lines[0] == "section;item;Current rules (2026.11-1)"
    assert "By payer: per month and one-off;Maintainers;96,00" in lines
    html = report.read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "€96.00" in html and "http" not in html


def budget_outcome(budget: Budget) -> dict[str, Any]:
    """The oracle of `compare.parts_outcome`: the same reading, from `calculate()`'s
    validated budget (what comparisons read before they read the parts)."""
    totals = budget.totals

    def money(amount: Decimal) -> str:
        return f"{amount:.2f}"

    return {
        "rules_version": budget.rules_version,
        "monthly": money(totals.monthly),
        "one_off": money(totals.one_off),
        "period_months": totals.period_months,
        "period_total": money(totals.period_total),
        "by_source": {s: money(getattr(totals.by_source, s)) for s in SOURCES},
        "support_level": budget.support_level,
        "target_groups": list(budget.target_groups),
        "lines": [{"service": ln.service, "units": ln.approved_units,
                   "monthly_cost": None if ln.monthly_cost is None else money(ln.monthly_cost),
                   "per": ln.per,
                   "by_source": {s: money(getattr(ln.financing, s)) for s in SOURCES}}
                  for ln in budget.lines],
        "refused": [{"service": r.service, "rules": [reason.rule for reason in r.reasons]}
                    for r in budget.refused],
        "counterfactual": {
            "monthly_cost": money(budget.institutional_counterfactual.monthly_cost),
            "state_funded": budget.institutional_counterfactual.state_funded,
            "client_contribution": money(
                budget.institutional_counterfactual.client_contribution)},
        "warnings": sorted({w.code for w in budget.warnings}),
    }


def test_an_outcome_from_the_parts_is_the_outcome_of_the_budget(book) -> None:  # type: ignore[no-untyped-def]
    """Comparisons read a budget's figures from its parts (`compare.parts_outcome`), never
    building the models or the texts: the same outcome as read from `calculate(case)`, on
    cases dated on both sides of every change, both languages, refusals and all."""
    import random

    from test_decision_memo import dated_cases

    from budget_engine import CaseError, CaseInputError
    from budget_engine.evaluation.reform_comparison import parts_outcome
    from budget_engine.evaluation.synthetic import synthetic_case

    cases = dated_cases(book, per_date=40, seed=61)
    rng = random.Random(62)
    cases += [synthetic_case(rng, 200_000 + n, services=tuple(book.services))
              for n in range(300)]
    calculator = Calculator(book)
    compared = lines = refused = warnings = 0
    for number, data in enumerate(cases):
        lang = "en" if number % 4 == 0 else "lv"
        try:
            case = calculator.parse(data)
        except CaseInputError:
            continue
        try:
            expected = budget_outcome(calculator.calculate(case, lang))
        except CaseError as exc:
            with pytest.raises(CaseError) as again:
                calculator.calculate_parts(case, lang)
            assert again.value.errors == exc.errors
            continue
        found = parts_outcome(calculator.calculate_parts(case, lang), book)
        assert found == expected, data["case_id"]
        compared += 1
        lines += len(found["lines"])
        refused += len(found["refused"])
        warnings += len(found["warnings"])
    assert compared > 1000 and lines > 500 and refused > 1000 and warnings > 100


def test_a_case_the_other_book_refuses_is_its_error_row_as_parse_words_it(  # type: ignore[no-untyped-def]
        tmp_path: Path, book) -> None:
    """A comparison reads a case once and runs only the other book's checks again
    (`Calculator.reparse`): a municipality the other book lacks is an error row of the
    other side, with exactly the errors the other book's own `parse` gives."""
    import shutil

    from budget_engine import CaseInputError

    rules = tmp_path / "rules"
    shutil.copytree(book.directory, rules, ignore=shutil.ignore_patterns("__pycache__"))
    regions = rules / "regions.yaml"
    lines = regions.read_text("utf-8").splitlines(keepends=True)
    kept = [line for line in lines if "{name: Jelgava, kind: valstspilsēta" not in line]
    assert len(kept) == len(lines) - 1
    regions.write_text("".join(kept), "utf-8")
    other = load_rules(rules)
    data = {**example_case("04-community-adult-copayment"), "case_id": "JELGAVA-1"}
    data["person"] = {**data["person"], "municipality": "Jelgava"}
    base_calculator, other_calculator = Calculator(book), Calculator(other)
    with pytest.raises(CaseInputError) as refused:
        other_calculator.parse(data)
    row = Comparer(base_calculator, other_calculator).compare(3, json.dumps(data))
    assert row["rules"] == "other" and row["case_id"] == "JELGAVA-1" and row["line"] == 3
    assert [(e["field"], e["message"], e["kind"]) for e in row["errors"]] == [
        (d.path, d.message, d.kind) for d in refused.value.details]
    assert row["errors"][0]["field"] == "person.municipality"
    # The base book takes it: the same case compared with itself is a row with no change.
    same = Comparer(base_calculator, Calculator(book)).compare(4, json.dumps(data))
    assert same["changed"] is False and same["base"] == same["reform"]


def test_compared_in_groups_are_the_rows_of_each_case_alone_and_of_the_long_way(  # type: ignore[no-untyped-def]
        tmp_path: Path, book) -> None:
    """`Comparer.compare_many` takes each group of cases through one step at a time and reads
    plainly valid texts quickly: its rows are, case by case, those of one case at a time and
    those of the same cases given as data (read the long way). The records mix refusals of
    either book, failures of the calculation, lines that are no JSON, a line that could not
    be read, and two changes (so the causes are found by recalculating)."""
    import random
    import shutil

    from budget_engine.case_io import load_json_object
    from budget_engine.evaluation.replay import ReadProblem
    from budget_engine.evaluation.synthetic import synthetic_case

    rules = tmp_path / "rules"
    shutil.copytree(book.directory, rules, ignore=shutil.ignore_patterns("__pycache__"))
    regions = rules / "regions.yaml"
    regions.write_text("".join(line for line in regions.read_text("utf-8").splitlines(
        keepends=True) if "{name: Jelgava, kind: valstspilsēta" not in line), "utf-8")
    rng = random.Random(71)
    texts = [json.dumps(synthetic_case(rng, n, services=tuple(book.services)), default=str,
                        ensure_ascii=n % 2 == 0) for n in range(150)]
    jelgava = {**example_case("04-community-adult-copayment"), "case_id": "JELGAVA-1"}
    jelgava["person"] = {**jelgava["person"], "municipality": "Jelgava"}
    too_early = {**example_case("04-community-adult-copayment"), "case_id": "EARLY-1",
                 "calculation_date": "2001-01-01"}
    unknown = {**example_case("04-community-adult-copayment"), "case_id": "UNKNOWN-1"}
    unknown["requested_services"] = [{"service": "no_such_service", "units": 2}]
    for at, odd in ((3, json.dumps(jelgava)), (9, "{broken"), (10, json.dumps(too_early)),
                    (17, json.dumps(unknown)), (23, '{"case_id": "\\ud800", "format": 1}'),
                    (24, json.dumps(jelgava).replace('"12.50"', "12.5"))):
        texts[at] = odd
    records: list[Any] = list(enumerate(texts, start=1))
    records[30] = (31, ReadProblem("not UTF-8 text (at byte 3)"))
    records[40] = (41, load_json_object(texts[40]))
    without_jelgava = Calculator(load_rules(rules))
    reformed = Calculator(reformed_book(book, _reform(tmp_path, TWO_CHANGES, book)))
    for other in (without_jelgava, reformed):
        for lang in ("lv", "en"):
            comparer = Comparer(Calculator(book), other)
            grouped = comparer.compare_many(records, lang)
            assert grouped == [comparer.compare(line, payload, lang)
                               for line, payload in records]
            for (line, payload), row in zip(records, grouped, strict=True):
                if isinstance(payload, str) and payload.startswith('{"'):
                    long_way = Comparer(Calculator(book), other).compare(
                        line, load_json_object(payload), lang)
                    assert row == long_way, line
    rows = Comparer(Calculator(book), without_jelgava).compare_many(records)
    assert rows[3]["rules"] == "other" and rows[3]["case_id"] == "JELGAVA-1"
    assert "rules" not in rows[10] and rows[10]["case_id"] == "EARLY-1"
    failed = {n for n, row in enumerate(rows, start=1) if "error" in row}
    assert {4, 10, 11, 18, 24, 25, 31} <= failed and len(failed) < 75
    causes = {tuple(row["changed_by"]) for row in Comparer(Calculator(book), reformed
                                                           ).compare_many(records)
              if row.get("changed")}
    assert ("copayment.maintainers_obliged", "rate.support_group") in causes


STAGGERED = """label: Apgādnieki atbrīvoti no 2023, atbalsta grupa dārgāka no 2025
parameters:
  copayment.maintainers_obliged:
    - {from: 2023-01-01, value: false}
  rate.support_group:
    - {from: 2025-01-01, value: "20.00"}
"""


def test_a_case_dated_where_the_books_agree_is_calculated_once_with_the_same_row(  # type: ignore[no-untyped-def]
        tmp_path: Path, book) -> None:
    """A case dated when the other book stands as the base (a change not yet in force) is
    calculated under the base alone, and a single change not yet in force is no cause,
    uncalculated: the rows are those of calculating every case under every book. Generated
    cases dated 2021-2026 against a reform whose two changes start in 2023 and 2025, and a
    rules directory whose E9 comes into force only in March 2024 (so the books differ
    before that date and agree after it)."""
    import datetime as dt
    import random
    import shutil

    from budget_engine.evaluation.synthetic import synthetic_case
    from budget_engine.rulebook.variants import Agreement

    rules = tmp_path / "rules"
    shutil.copytree(book.directory, rules, ignore=shutil.ignore_patterns("__pycache__"))
    eligibility = rules / "eligibility.yaml"
    text = eligibility.read_text("utf-8")
    at = text.index("  - id: E9")
    eligibility.write_text(text[:at] + text[at:].replace(
        "valid_from: 2015-12-22", "valid_from: 2024-03-01", 1), "utf-8")
    late_e9 = load_rules(rules)
    staggered = reformed_book(book, _reform(tmp_path, STAGGERED, book))

    on = dt.date.fromisoformat
    assert [Agreement(book, staggered).on(on(d)) for d in (
        "2022-12-31", "2023-01-01", "2024-12-31", "2025-01-01")] == [True, False, False, False]
    assert [Agreement(book, late_e9).on(on(d)) for d in (
        "2015-12-21", "2015-12-22", "2024-02-29", "2024-03-01")] == [True, False, False, True]
    assert [Agreement(book, staggered).next_difference(on(d)) for d in (
        "2022-06-01", "2024-06-01")] == [on("2023-01-01"), on("2024-06-01")]
    assert [Agreement(book, late_e9).next_difference(on(d)) for d in (
        "2010-01-01", "2024-03-01")] == [on("2015-12-22"), None]
    regions = rules / "regions.yaml"
    regions.write_text(regions.read_text("utf-8").replace("Jelgava", "Jelgavas pilsēta"),
                       "utf-8")
    assert not Agreement(book, load_rules(rules)).on(on("2024-06-01"))  # a whole part

    rng = random.Random(5)
    texts = [json.dumps(synthetic_case(rng, n, services=tuple(book.services)), default=str)
             for n in range(240)]
    records: list[Any] = list(enumerate(texts, start=1))
    for other in (staggered, late_e9):
        dates = [on(json.loads(text)["calculation_date"]) for text in texts]
        alike = sum(Agreement(book, other).on(date) for date in dates)
        assert 20 < alike < 220  # both kinds of date are met
        for lang in ("lv", "en"):
            once, twice = Calculator(other), Calculator(other)
            quick = Comparer(Calculator(book), once).compare_many(records, lang)
            every = Comparer(Calculator(book), twice, calculate_alike_once=False
                             ).compare_many(records, lang)
            assert quick == every
            asked = (once.decisions.stats.hits + once.decisions.stats.misses,
                     twice.decisions.stats.hits + twice.decisions.stats.misses)
            assert asked[0] < asked[1]
            assert all(not row["changed"] for row, date in zip(quick, dates, strict=True)
                       if Agreement(book, other).on(date))
    causes = [row["changed_by"] for row in Comparer(Calculator(book), Calculator(staggered)
                                                    ).compare_many(records) if row["changed"]]
    assert ["copayment.maintainers_obliged", "rate.support_group"] in causes
    assert ["copayment.maintainers_obliged"] in causes  # dated 2023-2024
