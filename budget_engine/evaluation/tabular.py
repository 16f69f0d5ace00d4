"""Cases in CSV as people have them, and aggregates out as Latvian Excel opens them.

Latvian Excel saves "CSV UTF-8" with a byte order mark, `;` between cells (the comma is the
decimal mark), CRLF line ends, dates as `25.11.2026` and yes/no as `PATIESS`/`APLAMS`; a
hand-made or exported file uses `,` and ISO dates. The separator is detected from the header
(the one that splits it into known column names); a line written with another separator than
the header's is named with its number, as is a line that is not UTF-8, one too long to be a
case, and one whose quote is not closed on it: one case is one line (`read_table`), so the
rows out are the lines in. Every cell is then
read exactly like replay's plain CSV (`records.csv_row_to_case`), after decimal commas,
thousands spaces, dotted dates and Latvian/Excel booleans are put in the case format's form.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import IO, Any

from .case_reasons import row_reason
from .records import (
    MAX_LINE_BYTES,
    CellsError,
    ReadProblem,
    Record,
    ReplayInputError,
    Summary,
    bounded_lines,
    csv_row_to_case,
    too_long,
)

SEPARATORS = (";", ",", "\t")
SEPARATOR_NAMES: Mapping[str, str] = MappingProxyType(
    {";": "';' (semikols)", ",": "',' (komats)", "\t": "TAB", "|": "'|'"})
#: The case format's top-level fields: a header cell is a column if it is one of these or
#: starts with one of them and a dot.
TOP_FIELDS = ("format", "case_id", "calculation_date", "person", "residence", "household",
              "assessment", "di_project", "day_care_centre_created_year",
              "in_individual_budget_pilot", "respite_days_used_this_year",
              "requested_services")
TRUE_WORDS = frozenset({"true", "patiess", "jā", "ja", "yes"})
FALSE_WORDS = frozenset({"false", "aplams", "nē", "ne", "no"})
BOOLEAN_FIELDS = frozenset({
    "person.child_disability", "person.special_care_opinion", "person.out_of_family_care",
    "person.weekly_medical_procedures", "residence.returned_from_institution",
    "residence.eraf_vsac_group_apartment", "household.needy_status",
    "household.parents_working_or_studying", "assessment.support_plan",
    "assessment.medical_any_item_2", "assessment.behavioural_any_item_2",
    "in_individual_budget_pilot"})
MONEY_FIELDS = frozenset({"household.monthly_income"})
#: Lists whose items may also be separated by ',' in a `;` file (their items hold no comma).
COMMA_LISTS = frozenset({"person.diagnoses", "requested_services"})
_DECIMAL_COMMA = re.compile(r"^-?[0-9]{1,3}(?:[ \u00a0][0-9]{3})*(?:,[0-9]+)?$|^-?[0-9]+,[0-9]+$")
_DOTTED_DATE = re.compile(r"^([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})$")


def _is_column(name: str) -> bool:
    name = name.strip().removeprefix("\ufeff")
    return any(name == top or name.startswith(top + ".") for top in TOP_FIELDS)


def detect_separator(header: str, source: str, line: int = 1) -> str:
    """The separator that splits the header line into known column names."""
    best, known = "", 0
    for sep in SEPARATORS:
        try:
            cells = next(csv.reader([header], delimiter=sep), [])
        except csv.Error:  # e.g. a carriage return inside the line: not this separator's
            continue
        count = sum(_is_column(c) for c in cells)
        if count > known:
            best, known = sep, count
    if known >= 2:
        return best
    found = max((c for c in ";,\t|" if c in header), key=header.count, default=None)
    what = f", it seems to be separated by {SEPARATOR_NAMES[found]}" if found else ""
    raise ReplayInputError(
        f"{source}:{line}: the header names no known columns when split by ';' or ','{what}; "
        "expected the dotted field names of the case format, e.g. "
        "case_id;calculation_date;person.birth_date")


def _amount(text: str) -> str:
    """`1 200,50` (Latvian) as `1200.50`; anything else as it is (the model checks it)."""
    text = text.strip()
    if _DECIMAL_COMMA.match(text):
        return text.replace(" ", "").replace("\u00a0", "").replace(",", ".")
    return text


def normalise_cell(header: str, value: str, sep: str) -> str:
    """A cell in the form `csv_row_to_case` reads: ISO dates, true/false, decimal points."""
    text = value.strip()
    if not text:
        return text
    lower = text.lower()
    if header in BOOLEAN_FIELDS and lower in TRUE_WORDS | FALSE_WORDS:
        return "true" if lower in TRUE_WORDS else "false"
    dotted = _DOTTED_DATE.match(text)
    if dotted and (header.endswith("_date") or header.endswith("_on")):
        day, month, year = dotted.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}"
    if header in MONEY_FIELDS:
        return _amount(text)
    if header == "household.maintainers":
        items = re.split(r"[;|]", text)
        return ";".join(f"{k}:{_amount(v)}" if v else k
                        for k, _, v in (i.partition(":") for i in items if i.strip()))
    if header in COMMA_LISTS and sep == ";":
        return text.replace(",", ";")
    return text


def _lines(stream: IO[bytes], limit: int) -> Iterator[tuple[int, str, ReadProblem | None]]:
    """(number, text, problem) per line: a line that is not UTF-8 or longer than `limit`
    bytes has its problem and no text (the CSV reader then sees it blank)."""
    for number, raw in bounded_lines(stream, limit):
        if raw is None:
            yield number, "", ReadProblem(f"line {number}: {too_long(limit)}", "line_too_long",
                                          {"line": number, "limit": limit})
            continue
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        try:
            yield number, raw.decode("utf-8"), None
        except UnicodeDecodeError as exc:
            yield number, "", ReadProblem(
                f"line {number} is not UTF-8 text (at byte {exc.start}); save the file as "
                "\"CSV UTF-8\"", "not_utf8", {"line": number, "byte": exc.start})


class _Unclosed(Exception):
    """The CSV reader asked for a second line of one record: a quote is not closed."""


class _OneLine:
    """The lines of a cases file for `csv.reader`, one record each: asked for a second line
    of one record (a quoted cell not closed on its line), it raises `_Unclosed` instead of
    giving one, and the reader starts again on the next line. `number` and `problem` are
    those of the line last given."""

    __slots__ = ("_lines", "given", "number", "problem")

    def __init__(self, lines: Iterator[tuple[int, str, ReadProblem | None]]) -> None:
        self._lines = lines
        self.given = False
        self.number = 0
        self.problem: ReadProblem | None = None

    def __iter__(self) -> _OneLine:
        return self

    def __next__(self) -> str:
        if self.given:
            raise _Unclosed
        self.number, text, self.problem = next(self._lines)
        self.given = True
        return text


def read_table(stream: IO[bytes], summary: Summary, source: str = "cases.csv",
               max_line_bytes: int = MAX_LINE_BYTES) -> Iterator[Record]:
    """(line number, case dict or ReadProblem) per non-blank line; the separator is detected.

    One record is one line, so the rows out are the lines in (less the blank ones), always.
    A cell of a case never holds a line break (no field of the case format has one), so a
    quote opened and not closed on its line is that line's error, and the next line is read
    as a case of its own. Letting the quote run on, as the csv module does, swallowed every
    following line into one record: their cases vanished unnamed, and at the end the whole
    file was one cell. Reading them again after the fact would give the same rows as
    never swallowing them, at the cost of holding and re-reading them.
    A line longer than `max_line_bytes` (whose cells can thus never reach the csv module's
    field limit), one that is not UTF-8, and one the csv module cannot split (`csv.Error`,
    e.g. a carriage return inside a cell) are each an error row for their line; the rest go
    on. Raises `ReplayInputError` (naming the file and line) when the header cannot be read.
    """
    lines = _lines(stream, max_line_bytes)
    first_line, header_line, problem = next(lines, (1, "", None))
    while header_line.strip() == "" and header_line and problem is None:
        first_line, header_line, problem = next(lines, (first_line + 1, "", None))
    if problem is not None:
        raise ReplayInputError(f"{source}:{first_line}: {problem.message}")
    if not header_line:
        raise ReplayInputError(f"{source}: the file is empty (expected a header line)")
    sep = detect_separator(header_line, source, first_line)
    try:
        header = [c.strip() for c in next(csv.reader([header_line], delimiter=sep))]
    except csv.Error as exc:
        raise ReplayInputError(f"{source}:{first_line}: {_csv_problem(exc)}") from None
    feed = _OneLine(lines)
    reader = csv.reader(feed, delimiter=sep)
    while True:
        feed.given = False
        try:
            cells = next(reader)
        except StopIteration:
            return
        except _Unclosed:
            yield feed.number, ReadProblem(
                f"line {feed.number}: a quote (\") is opened in it and not closed on the "
                "line; no cell of a case spans lines, so the next line is read as a case of "
                "its own", "unclosed_quote", {"line": feed.number})
            continue
        except csv.Error as exc:
            yield feed.number, _csv_read_problem(exc, feed.number)
            continue
        number = feed.number
        if feed.problem is not None:
            yield number, feed.problem
            continue
        if not any(c.strip() for c in cells):
            summary.blank_lines += 1
            continue
        if len(cells) != len(header):
            yield number, _count_problem(cells, header, sep, number)
            continue
        try:
            row = {h: normalise_cell(h, c, sep) for h, c in zip(header, cells, strict=True)}
            yield number, csv_row_to_case(row)
        except CellsError as exc:
            yield number, ReadProblem(str(exc), exc.kind, {"line": number, **exc.context})
        except ValueError as exc:
            yield number, ReadProblem(str(exc), "read_error", {"line": number})


def _csv_problem(exc: csv.Error) -> str:
    """What the csv module could not read, in words for the person with the file."""
    if "new-line" in str(exc):
        return ("it holds a line break (a carriage return) inside a cell not in quotes; "
                "save the file with one case a line")
    return f"it cannot be read as CSV ({exc})"


def _csv_read_problem(exc: csv.Error, number: int) -> ReadProblem:
    kind = "csv_line_break" if "new-line" in str(exc) else "csv_unreadable"
    return ReadProblem(f"line {number}: {_csv_problem(exc)}", kind,
                       {"line": number, "detail": str(exc)})


def _count_problem(cells: list[str], header: list[str], sep: str, number: int
                   ) -> ReadProblem:
    """A line with other than the header's number of cells: written with another separator
    (`wrong_separator`), or a cell holding the separator not in quotes (`cell_count`)."""
    if len(cells) == 1:
        others = [s for s in (*SEPARATORS, "|") if s != sep and s in cells[0]]
        if others:
            return ReadProblem(
                f"line {number} seems separated by {SEPARATOR_NAMES[others[0]]}, but the "
                f"header by {SEPARATOR_NAMES[sep]}", "wrong_separator",
                {"line": number, "found": others[0], "expected": sep})
    return ReadProblem(
        f"line {number} has {len(cells)} cells, the header has {len(header)} "
        f"(separator {SEPARATOR_NAMES[sep]}; is a cell holding it not in quotes?)",
        "cell_count", {"line": number, "found": len(cells), "expected": len(header),
                       "separator": sep})


def is_table(path: str, head: bytes) -> bool:
    """Whether a cases file is CSV: by its name, else by its first character (JSON Lines
    start with `{`)."""
    lower = path.lower()
    if lower.endswith((".csv", ".tsv", ".txt")):
        return True
    if lower.endswith((".jsonl", ".json", ".ndjson")):
        return False
    return not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


# -- writing ------------------------------------------------------------------------------


def lv_number(value: Decimal | int) -> str:
    """A number as Latvian Excel reads it in a cell: decimal comma, no thousands mark."""
    if isinstance(value, int):
        return str(value)
    return f"{value:.2f}".replace(".", ",")


def write_excel_csv(path: str | Path, header: Sequence[str],
                    rows: Iterable[Sequence[Any]]) -> None:
    """A CSV Latvian Excel opens as it is: UTF-8 with BOM, `;`, CRLF, decimal commas."""
    with open(path, "w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if v is None else lv_number(v)
                             if isinstance(v, Decimal | int) and not isinstance(v, bool)
                             else v for v in row])


def case_to_row(case: dict[str, Any], columns: Sequence[str], excel: bool = True) -> list[str]:
    """A case as one CSV row of `columns` (dotted names); Latvian Excel forms when `excel`."""
    out = []
    for column in columns:
        node: Any = case
        for part in column.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        out.append(_cell(column, node, excel))
    return out


def _cell(column: str, value: Any, excel: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return ("PATIESS" if value else "APLAMS") if excel else str(value).lower()
    if column == "requested_services":
        return ";".join(f"{s['service']}:{s['units']}" for s in value)
    if column == "household.maintainers":
        return ";".join(f"{m['relation']}:{_cell('', m['monthly_income'], excel)}"
                        for m in value)
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    text = str(value)
    if excel and column in MONEY_FIELDS | {""}:
        return text.replace(".", ",")
    if excel and (column.endswith("_date") or column.endswith("_on")) and len(text) == 10:
        year, month, day = text.split("-")
        return f"{day}.{month}.{year}"
    return text


def case_columns(cases: Iterable[dict[str, Any]]) -> list[str]:
    """The dotted columns that hold the given cases (lists and pairs as one column each)."""
    found: dict[str, None] = {}

    def walk(prefix: str, node: dict[str, Any]) -> None:
        for key, value in node.items():
            name = f"{prefix}{key}"
            if isinstance(value, dict) and name not in ("requested_services",):
                walk(name + ".", value)
            else:
                found.setdefault(name)

    for case in cases:
        walk("", case)
    return list(found)


# -- every case's row of a replay, for Excel ------------------------------------------------

#: The payers of a budget, as the rows CSV names them (the report's words, `report_texts`).
_ROW_WORDS = MappingProxyType({
    "lv": {"line": "Rinda", "case": "Lietas ID", "date": "Aprēķina datums",
           "municipality": "Pašvaldība", "region": "Plānošanas reģions",
           "groups": "Mērķa grupas", "monthly": "mēnesī kopā", "one_off": "vienreizēji",
           "difference": "Starpība", "changed": "Budžets mainās", "causes": "Cēlonis",
           "error": "Kļūda", "yes": "jā", "no": "nē"},
    "en": {"line": "Line", "case": "Case ID", "date": "Calculation date",
           "municipality": "Municipality", "region": "Planning region",
           "groups": "Target groups", "monthly": "monthly total", "one_off": "one-off",
           "difference": "Difference", "changed": "Budget changes", "causes": "Cause",
           "error": "Error", "yes": "yes", "no": "no"},
})


def case_rows_header(names: Sequence[str], payers: Mapping[str, str], lang: str
                     ) -> list[str]:
    """The header of the rows CSV: a case's own columns, then for each book in `names`
    (one, or the two compared) its monthly total, one-off total and each payer's total,
    then (compared) the differences, whether it changes and why; the error last."""
    w = _ROW_WORDS[lang]
    head = [w["line"], w["case"], w["date"], w["municipality"], w["region"], w["groups"]]
    sides = list(names) + ([w["difference"]] if len(names) == 2 else [])
    for side in sides:
        head += [f"{side}: {w['monthly']}", f"{side}: {w['one_off']}"]
        head += [f"{side}: {payer}" for payer in payers.values()]
    if len(names) == 2:
        head += [w["changed"], w["causes"]]
    return head + [w["error"]]


def case_row_cells(row: Mapping[str, Any], width: int, payers: Sequence[str], lang: str,
                   region: str, groups: str, causes: str) -> list[Any]:
    """A replay row (a comparison row, a single book's row, or an error row) as the rows
    CSV's cells, `width` of them; money as Decimal (written with a decimal comma), dates
    as Latvian Excel reads them. `region`, `groups`, `causes`: the row's codes in words."""
    w = _ROW_WORDS[lang]
    date = row.get("calculation_date")
    cells: list[Any] = [row.get("line"), row.get("case_id"),
                        _cell("calculation_date", date, lang == "lv") if date else "",
                        row.get("municipality") or "", region, groups]
    if "error" in row:
        return cells + [None] * (width - len(cells) - 1) + [row_reason(row, lang)]
    books = [row["base"]] + ([row["reform"], row["difference"]] if "reform" in row else [])
    for outcome in books:
        cells += [Decimal(outcome["monthly"]), Decimal(outcome["one_off"])]
        cells += [Decimal(outcome["by_source"][payer]) for payer in payers]
    if "reform" in row:
        cells += [w["yes"] if row.get("changed") else w["no"], causes]
    return cells + [""]


def excel_line(cells: Sequence[Any]) -> bytes:
    """One row of a Latvian Excel CSV (`write_excel_csv`'s cells), as UTF-8 bytes ending in
    CRLF: a worker makes the line, the writing process only copies it."""
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerow(
        ["" if v is None else lv_number(v) if isinstance(v, Decimal | int)
         and not isinstance(v, bool) else v for v in cells])
    return out.getvalue().encode("utf-8")
