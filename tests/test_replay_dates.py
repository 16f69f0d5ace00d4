"""A comparison that cannot mislead (issue 30): the dates it used stated, "nothing can
change" said when no case's date reaches the difference, the books by their labels, and
every case's row in Latvian Excel CSV with the report's totals."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from budget_engine import load_rules
from budget_engine.cli.commands import main
from budget_engine.evaluation.population import synthesise
from budget_engine.evaluation.records import redated

N = 120


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A population drawn for 01.03.2026 and V2: the shipped rules with the home care rate
    raised from 01.01.2026."""
    folder = tmp_path_factory.mktemp("dates")
    v2 = folder / "V2"
    shutil.copytree(Path(load_rules().directory), v2)
    rates = v2 / "parameters" / "rates.yaml"
    text = rates.read_text(encoding="utf-8")
    first = re.search(r"  rate\.home_care:\n(?:    .*\n)*?      - \{from: 2015-12-22.*\n", text)
    assert first is not None
    rates.write_text(text[:first.end()] + '      - {from: 2026-01-01, value: "4.10", '
                     'reference: "Grozījumi"}\n' + text[first.end():], encoding="utf-8")
    result = CliRunner().invoke(main, ["synth", "--profile", "vsac-2015", "--on",
                                       "2026-03-01", "--n", str(N), "--out",
                                       str(folder / "pop.jsonl")])
    assert result.exit_code == 0, result.output
    return folder


def _replay(folder: Path, on: str, name: str) -> str:
    result = CliRunner().invoke(main, [
        "replay", str(folder / "pop.jsonl"), "--on", on, "--compare", str(folder / "V2"),
        "--compare-label", "Aprūpes mājās tarifs no 2026", "--quiet",
        "--out", str(folder / f"{name}.jsonl"), "--report", str(folder / f"{name}.html"),
        "--rows-csv", str(folder / f"{name}.csv")])
    assert result.exit_code == 0, result.output
    return (folder / f"{name}.html").read_text(encoding="utf-8")


def test_on_a_date_after_the_change_budgets_change_and_the_report_says_which(run: Path
                                                                              ) -> None:
    report = _replay(run, "2026-03-01", "after")
    rows = [json.loads(x) for x in (run / "after.jsonl").read_text("utf-8").splitlines()]
    assert len(rows) == N
    assert [r for r in rows if "error" in r] == []
    changed = [r for r in rows if r["changed"]]
    assert changed and all(r["changed_by"] == ["rate.home_care"] for r in changed)
    assert {r["calculation_date"] for r in rows} == {"2026-03-01"}
    assert "01.03.2026 (visām lietām)" in report
    assert "Aprūpes mājās tarifs no 2026" in report
    label = load_rules().label
    assert f"Pašreizējie noteikumi ({label})" in report
    assert f"Lietas, kuru budžets mainās</th><td>{len(changed)}<" in report
    assert "nevar mainīties" not in report
    assert str(run) not in report  # no server path


def test_before_the_change_the_report_says_nothing_can_change_until_then(run: Path) -> None:
    report = _replay(run, "2025-07-01", "before")
    assert "Neviens budžets nevar mainīties" in report
    assert "Tās atšķiras no 01.01.2026" in report
    assert "01.07.2025 (visām lietām)" in report
    rows = [json.loads(x) for x in (run / "before.jsonl").read_text("utf-8").splitlines()]
    assert not any(r.get("changed") for r in rows)


def test_the_rows_csv_reads_back_as_latvian_excel_with_the_reports_totals(run: Path
                                                                          ) -> None:
    report = _replay(run, "2026-03-01", "rows")
    raw = (run / "rows.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""),
                            delimiter=";"))
    header, body = table[0], table[1:]
    assert len(body) == N
    assert header[:6] == ["Rinda", "Lietas ID", "Aprēķina datums", "Pašvaldība",
                          "Plānošanas reģions", "Mērķa grupas"]
    base = header.index(f"Pašreizējie noteikumi ({load_rules().label}): mēnesī kopā")
    other = header.index("Aprūpes mājās tarifs no 2026: mēnesī kopā")
    change = header.index("Starpība: mēnesī kopā")

    def total(column: int) -> Decimal:
        return sum((Decimal(r[column].replace(",", ".")) for r in body), Decimal(0))

    assert total(other) - total(base) == total(change) > 0
    assert {r[2] for r in body} == {"01.03.2026"}
    assert all(r[header.index("Cēlonis")] == "Aprūpe mājās – stundas tarifs"
               for r in body if r[header.index("Budžets mainās")] == "jā")
    # The report's monthly totals, as it writes them (1 234,56 €).
    for amount in (total(base), total(other)):
        written = f"{amount:,.2f}".replace(",", "\u00a0").replace(".", ",")
        assert re.search(written.replace("\u00a0", "[\u00a0\u202f ]") + "[\u00a0 ]€",
                         report), written


def test_synth_on_a_date_draws_municipalities_of_that_date_and_the_published_levels(
        ) -> None:
    book = load_rules()
    on = dt.date(2026, 3, 1)
    cases = list(synthesise("vsac-2015", 200, 3, book, on))
    assert {c["calculation_date"] for c in cases} == {"2026-03-01"}
    assert {c["person"]["municipality"] for c in cases} <= set(book.municipalities_on(on))
    plain = list(synthesise("vsac-2015", 200, 3, book))
    assert sorted(c["assessment"]["care_level"] for c in cases) == sorted(
        c["assessment"]["care_level"] for c in plain)


def test_redating_sets_every_case_date_and_leaves_what_is_no_case() -> None:
    lines = [(1, '{"case_id": "A", "calculation_date": "2025-07-01", "x": 1}'),
             (2, '{"case_id": "B"}'), (3, "[1]"), (4, {"case_id": "C"})]
    out = redated(lines, "2026-03-01")  # type: ignore[arg-type]
    assert json.loads(out[0][1])["calculation_date"] == "2026-03-01"  # type: ignore[arg-type]
    assert json.loads(out[1][1])["calculation_date"] == "2026-03-01"  # type: ignore[arg-type]
    assert out[2][1] == "[1]"
    assert out[3][1] == {"case_id": "C", "calculation_date": "2026-03-01"}
