"""`replay --reform/--compare/--report/--summary-csv`: a cases file through two rule books
(or one), rows out as JSON Lines, the aggregates as an HTML report and a Latvian Excel CSV.

Reading, the worker pool and ordered output are replay's (`replay.open_records`,
`replay.run_chunks`); this module only joins them to the comparison (`compare`), the
aggregates (`aggregate`, summed in the workers chunk by chunk) and the two renderings
(`report_html`, `tabular`).
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..calculator import Calculator
from ..models import SOURCES
from ..rulebook.loader import RuleBook, load_rules
from ..rulebook.yaml_source import RuleError, RuleErrors
from .aggregate import Aggregator, Sums, sums_json
from .records import Record, ReplayInputError, Summary
from .reform import load_reform, reformed_book
from .reform_comparison import Row, comparing, parts_outcome
from .replay import (
    ChunkHandler,
    RowWriter,
    calculated_rows,
    crash_row,
    on_day,
    replay_run,
    run_chunks,
)
from .report_html import render
from .report_texts import SOURCE_NAMES
from .rules_diff import cause_title
from .tabular import case_row_cells, case_rows_header, excel_line, write_excel_csv


@dataclass
class Outputs:
    """Where a run writes: rows (None = standard output), report, aggregates CSV, and the
    aggregates' sums as JSON (for a summary made later: `aggregate.sums_from_json`)."""

    rows: str | None = None
    report: str | None = None
    summary_csv: str | None = None
    sums: str | None = None
    #: Every case's row as Latvian Excel opens it (`tabular.case_rows_header`).
    rows_csv: str | None = None


@dataclass
class Names:
    """What a run's report and rows CSV call things: the two books (their labels, e.g.
    "2026.11-1" and "Aprūpes mājās tarifs no 2026"), the input (its name, never the path
    a server keeps it under), and the one day every case was calculated on (None: each
    on its own date)."""

    base: str = ""
    other: str = ""
    source: str = ""
    on: str | None = None


#: What a worker gives the writing process for each case: whether it has a budget, the line
#: to write (UTF-8, with its newline), (with the last case of each chunk) the chunk's sums
#: for the aggregates, and its rows CSV line (empty when none is written).
Piece = tuple[bool, bytes, Sums | None, bytes]


#: A worker's rows of a chunk of records: each row as the line written (UTF-8 bytes with
#: its newline) and as the aggregates read it.
RowsOfChunk = Callable[[list[Record]], list[tuple[bytes, Row]]]


class CaseCells:
    """A row as the rows CSV's line: the codes of its region, target groups and causes put
    in words from the books (made in the workers, once per case)."""

    def __init__(self, base: RuleBook, other: RuleBook | None, names: Sequence[str],
                 lang: str) -> None:
        self.books = (base,) if other is None else (base, other)
        self.lang = lang
        self.header = case_rows_header(names, {s: SOURCE_NAMES[s][lang] for s in SOURCES},
                                       lang)
        self._groups = {g.id: g.title[lang] for book in self.books
                        for g in book.target_groups}

    def line(self, row: Row) -> bytes:
        base, lang = self.books[0], self.lang
        region = base.regions.get(row.get("region") or "", {}).get(lang, "")
        outcome = row.get("base") or {}
        groups = ", ".join(self._groups.get(g, g) for g in outcome.get("target_groups", []))
        causes = "; ".join(cause_title(name, self.books, lang)
                           for name in row.get("changed_by") or [])
        return excel_line(case_row_cells(row, len(self.header), SOURCES, lang, region,
                                         groups, causes))


def _in_pieces(base: RuleBook, other: RuleBook | None, label: str, records: Any,
               workers: int, setup: Callable[[], RowsOfChunk], on: str | None = None,
               cells: CaseCells | None = None) -> Iterator[Piece]:
    """Each case's line from the workers, in input order, with the aggregates of each chunk
    summed in the worker that calculated it. The rows themselves never cross back: only
    their text and the chunk's sums do, so the writing process neither unpickles, nor
    serialises, nor adds up every case while the workers wait for the cores it uses."""

    def setup_chunks() -> ChunkHandler[Piece]:
        rows_of = setup()

        def handle_chunk(chunk: list[Record]) -> list[Piece]:
            partial = Aggregator(base, other, label)
            pieces: list[Piece] = []
            for text, row in rows_of(chunk):
                partial.add(row)
                pieces.append(("error" not in row, text, None,
                               b"" if cells is None else cells.line(row)))
            if pieces:
                ok, text, _, csv_line = pieces[-1]
                pieces[-1] = (ok, text, partial.take_sums(), csv_line)
            return pieces
        return on_day(handle_chunk, on)

    def crashed(line: int, message: str) -> Piece:
        row = crash_row(line, message)
        alone = Aggregator(base, other, label)
        alone.add(row)
        return (False, _line(row), alone.take_sums(),
                b"" if cells is None else cells.line(row))

    return run_chunks(records, setup_chunks, crashed, workers)


def _compared(base: RuleBook, other: RuleBook, lang: str) -> Callable[[], RowsOfChunk]:
    """Two books: the comparison rows of a chunk, as text and as the aggregates read them."""
    setup_comparer = comparing(base, other, lang)

    def setup() -> RowsOfChunk:
        compare = setup_comparer()
        return lambda chunk: [(_line(row), row) for row in compare(chunk)]
    return setup


def _single(book: RuleBook, lang: str) -> Callable[[], RowsOfChunk]:
    """One book: the budget lines replay writes (`replay.calculated_rows`: the same steps,
    in groups), and the rows the aggregates read, made from the same budgets' parts."""

    def setup() -> RowsOfChunk:
        calculator = Calculator(book)

        def rows_of(chunk: list[Record]) -> list[tuple[bytes, Row]]:
            made: list[tuple[bytes, Row]] = []
            for (line, _), (_, written, parts) in zip(
                    chunk, calculated_rows(chunk, calculator, lang), strict=True):
                if parts is None:
                    made.append((written, json.loads(written)))
                    continue
                case = parts.case
                found = book.municipalities_on(case.calculation_date).get(
                    case.person.municipality)
                made.append((written, {"line": line, "case_id": case.case_id,
                                    "calculation_date": case.calculation_date.isoformat(),
                                    "municipality": case.person.municipality,
                                    "region": found.region if found is not None else None,
                                    "base": parts_outcome(parts, book)}))
            return made
        return rows_of
    return setup


def _line(row: Row) -> bytes:
    """A comparison or error row as the line written (its texts are writable as UTF-8:
    `replay.writable`)."""
    return (json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8")


def other_book(base: RuleBook, reform_file: str | None,
               compare: str | Callable[[], RuleBook] | None) -> tuple[RuleBook | None, str]:
    """The book to compare with and its label: the reform applied to `base`, or another
    rule book (a rules directory, or a loader of one, e.g. a stored version); None when
    neither is given. Raises `RuleErrors` (file:line)."""
    if reform_file and compare:
        raise RuleErrors([RuleError(reform_file, None, "give --reform or --compare, not both")])
    if reform_file:
        reform = load_reform(reform_file, base)
        return reformed_book(base, reform), reform.label
    if compare:
        other = load_rules(compare) if isinstance(compare, str) else compare()
        return other, other.version
    return None, ""


def run(cases_file: str, base: RuleBook, other: RuleBook | None, label: str,
        outputs: Outputs, lang: str = "lv", workers: int = 1,
        progress: Callable[[int], None] | None = None,
        names: Names | None = None) -> tuple[Summary, Aggregator]:
    """Replay `cases_file` under `base` (and `other`), writing `outputs`; the counts and the
    aggregates. `names` says what the books and the input are called and the day every
    case is calculated on (`Names.on`). Raises `ReplayInputError` when a file cannot be
    read or written."""
    names = names or Names()
    names.base = names.base or base.label
    names.other = names.other or label
    names.source = names.source or Path(cases_file).name
    aggregator = Aggregator(base, other, label)
    aggregator.names = (names.base, names.other)
    aggregator.on = names.on
    cells = None if not outputs.rows_csv else CaseCells(
        base, other, [names.base] + ([names.other] if other is not None else []), lang)
    with replay_run(cases_file, outputs.rows) as (records, out, summary), \
            RowWriter(out) as lines, _csv_out(outputs.rows_csv, cells) as csv_lines:
        rows = _single(base, lang) if other is None else _compared(base, other, lang)
        for ok, line, sums, csv_line in _in_pieces(base, other, label, records, workers,
                                                   rows, names.on, cells):
            lines.write(line)
            csv_lines.write(csv_line)
            if sums is not None:
                aggregator.merge(sums)
            summary.counted(ok, progress)
    _write(outputs, aggregator, lang, names.source)
    return summary, aggregator


@contextmanager
def _csv_out(path: str | None, cells: CaseCells | None) -> Iterator[Any]:
    """The rows CSV's writer (a `RowWriter`; one that writes nothing when none is asked
    for): BOM and header first, each worker-made line after."""
    if path is None or cells is None:
        with RowWriter(io.StringIO()) as nothing:
            yield nothing
        return
    try:
        out = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise ReplayInputError(f"{path}: cannot write: {exc.strerror}") from None
    try:
        with RowWriter(out) as writer:
            writer.write(b"\xef\xbb\xbf" + excel_line(cells.header))
            yield writer
    finally:
        out.close()


def _write(outputs: Outputs, aggregator: Aggregator, lang: str, source_name: str) -> None:
    try:
        if outputs.report:
            with open(outputs.report, "w", encoding="utf-8") as report:
                report.write(render(aggregator, lang, source_name))
        if outputs.summary_csv:
            write_excel_csv(outputs.summary_csv, *summary_table(aggregator, lang))
        if outputs.sums:
            with open(outputs.sums, "w", encoding="utf-8") as sums:
                sums.write(sums_json(aggregator.sums(), aggregator.dates_used()))
    except OSError as exc:
        raise ReplayInputError(f"{exc.filename}: cannot write: {exc.strerror}") from None


def summary_table(aggregator: Aggregator, lang: str
                  ) -> tuple[list[str], list[list[Any]]]:
    """The aggregates as one sheet: section, item, base, reform, difference."""
    lv = lang == "lv"
    base_name, other_name = aggregator.names
    header = (["sadaļa", "rādītājs", base_name, other_name, "starpība"] if lv
              else ["section", "item", base_name, other_name, "difference"])
    if not aggregator.compared:
        header = header[:3]
    rows: list[list[Any]] = []
    for table in aggregator.tables(lang):
        for label, base, reform in table.rows:
            cells: list[Any] = [table.title, label, _value(base, table.money)]
            if aggregator.compared:
                cells += ([None, None] if reform is None else
                          [_value(reform, table.money), _value(reform - base, table.money)])
            rows.append(cells)
    return header, rows


def _value(amount: Decimal, money: bool) -> Decimal | int:
    return amount if money else int(amount)
