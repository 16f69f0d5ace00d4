"""An edited parameter workbook (`rules export-xlsx`, the policy pages' download) read back
into a draft: the changed rows become dated values in the rule files, through the same
checks as an edit in the form (`edits.add_parameter_value`, then the engine's loader).

An uploaded workbook is a zip of XML, so it is bounded before openpyxl parses it: its size,
the members and their unpacked size (a "zip bomb" of a few kB unpacks to gigabytes), the
sheets, and the rows and columns read (only the seven columns the export writes). A table
value (rates by tier, bands, a package) comes as rows, one per key, gathered back into the
table before it is checked; a key left out is refused like a row left out. Every
problem names the sheet and the cell (`Likmes!D14: …`) in Latvian (or English) words; a
workbook that changes nothing is refused, and so is a row left out or a title changed
(values are removed and titles changed in the rule files, not silently here).
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from budget_engine import (
    WORKBOOK_COLUMN,
    WORKBOOK_COLUMNS,
    WORKBOOK_KEY_SEP,
    WORKBOOK_NUMBER_KINDS,
    WORKBOOK_TABLE_KINDS,
    RuleBook,
    RuleErrors,
    checked_parameter_value,
    load_rules,
    rules_diff,
    workbook_sheet_name,
)

from ..rulebooks import RuleBookStore, write_files
from .edits import EditProblem, add_parameter_value
from .versions import RuleVersions, VersionRecord


@dataclass(frozen=True)
class WorkbookLimits:
    """How much of a workbook is read; each past it is refused with a sentence."""

    #: The file itself (the web's upload limit is `PARAMETER_WORKBOOK_MAX_BYTES`).
    file_bytes: int = 5 * 1024 * 1024
    #: Every member unpacked, together: the export of the shipped rules is ~40 kB.
    unpacked_bytes: int = 50 * 1024 * 1024
    members: int = 200
    sheets: int = 30
    rows: int = 5000
    #: A table value (one line of YAML in the cell).
    cell_chars: int = 2000


@dataclass(frozen=True)
class Row:
    """A dated value as the workbook has it, and where."""

    sheet: str
    row: int
    name: str
    valid_from: dt.date
    value: Any
    reference: str | None


class WorkbookRefused(Exception):
    """The workbook cannot become a draft; `problems` are sentences naming sheet and cell."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


def _say(lang: str, lv: str, en: str, **values: Any) -> str:
    return (lv if lang == "lv" else en).format(**values)


def _date_text(day: dt.date, lang: str) -> str:
    return day.strftime("%d.%m.%Y") if lang == "lv" else day.isoformat()


def read_sheets(data: bytes, limits: WorkbookLimits, lang: str = "lv"
                ) -> dict[str, list[tuple[int, tuple[Any, ...]]]]:
    """Each sheet's rows after the heading (row number, the seven cells), bounded."""
    if len(data) > limits.file_bytes:
        raise WorkbookRefused([_say(lang, "Darbgrāmata ir lielāka par {most} baitiem.",
                                    "The workbook is larger than {most} bytes.",
                                    most=limits.file_bytes)])
    not_xlsx = _say(lang, "Fails nav Excel darbgrāmata (.xlsx).",
                    "The file is not an Excel workbook (.xlsx).")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        raise WorkbookRefused([not_xlsx]) from None
    if len(members) > limits.members or sum(m.file_size for m in members) > \
            limits.unpacked_bytes:
        raise WorkbookRefused([_say(
            lang, "Darbgrāmata atpakota ir pārāk liela (vairāk par {most} baitiem vai {count} "
            "daļām): tā netika lasīta.", "The workbook unpacked is too large (over {most} "
            "bytes or {count} parts): it was not read.", most=limits.unpacked_bytes,
            count=limits.members)])
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise WorkbookRefused([not_xlsx]) from None
    try:
        if len(workbook.sheetnames) > limits.sheets:
            raise WorkbookRefused([_say(lang, "Darbgrāmatā ir vairāk par {most} lapām.",
                                        "The workbook has more than {most} sheets.",
                                        most=limits.sheets)])
        sheets: dict[str, list[tuple[int, tuple[Any, ...]]]] = {}
        for sheet in workbook.worksheets:
            rows: list[tuple[int, tuple[Any, ...]]] = []
            for number, cells in enumerate(sheet.iter_rows(min_row=2, max_col=len(
                    WORKBOOK_COLUMNS), values_only=True), start=2):
                if number > limits.rows + 1:
                    raise WorkbookRefused([_say(
                        lang, "{sheet}: vairāk par {most} rindām.",
                        "{sheet}: more than {most} rows.", sheet=sheet.title,
                        most=limits.rows)])
                cells = tuple(cells) + (None,) * (len(WORKBOOK_COLUMNS) - len(cells))
                if any(c is not None and c != "" for c in cells):
                    rows.append((number, cells))
            sheets[sheet.title] = rows
        return sheets
    finally:
        workbook.close()


def _number(kind: str, cell: Any, where: str, lang: str) -> Any:
    if isinstance(cell, bool) or not isinstance(cell, int | float | Decimal):
        raise ValueError(_say(
            lang, "{where}: vērtībai jābūt skaitlim, bet šūnā ir {what} “{cell}”.",
            "{where}: the value must be a number, but the cell holds {what} “{cell}”.",
            where=where, what="teksts" if lang == "lv" else "text", cell=str(cell)[:40]))
    if kind == "count":
        if isinstance(cell, float) and not cell.is_integer():
            raise ValueError(_say(lang, "{where}: vērtībai jābūt veselam skaitlim ({cell}).",
                                  "{where}: the value must be a whole number ({cell}).",
                                  where=where, cell=cell))
        return int(cell)
    number = Decimal(repr(cell)) if isinstance(cell, float) else Decimal(cell)
    if kind == "amount" and number.as_tuple().exponent > -2:  # type: ignore[operator]
        number = number.quantize(Decimal("0.01"))  # money as the files write it: 4.10
    return str(number)


def _value(kind: str, cell: Any, where: str, lang: str, limits: WorkbookLimits) -> Any:
    """The cell as the rule files would hold it (money as text), by the parameter's kind."""
    if kind in WORKBOOK_NUMBER_KINDS:
        return _number(kind, cell, where, lang)
    if kind == "date":
        if not isinstance(cell, dt.date):
            raise ValueError(_say(lang, "{where}: vērtībai jābūt datumam.",
                                  "{where}: the value must be a date.", where=where))
        return cell.date() if isinstance(cell, dt.datetime) else cell
    if kind == "switch":
        if not isinstance(cell, bool):
            raise ValueError(_say(lang, "{where}: vērtībai jābūt PATIESS vai APLAMS.",
                                  "{where}: the value must be TRUE or FALSE.", where=where))
        return cell
    text = "" if cell is None else str(cell)
    if kind == "text":
        return text
    if len(text) > limits.cell_chars:
        raise ValueError(_say(lang, "{where}: vairāk par {most} rakstzīmēm.",
                              "{where}: more than {most} characters.", where=where,
                              most=limits.cell_chars))
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        raise ValueError(_say(
            lang, "{where}: tabulu raksta kā eksportā, piemēram, {{standard: '16.24', "
            "intensive: '19.28'}}.", "{where}: write the table as the export does, e.g. "
            "{{standard: '16.24', intensive: '19.28'}}.", where=where)) from None


def _loader_words(message: str, lang: str) -> str:
    """The loader's check of a value in the page's words, where it is a common one."""
    if lang != "lv":
        return message
    if message.startswith("must not be negative"):
        return "vērtība nedrīkst būt negatīva"
    if message.startswith("a share must be between 0 and 1"):
        return "daļai jābūt no 0 līdz 1 (0,85 = 85 %)"
    if message.startswith("too many digits"):
        return "pārāk daudz ciparu"
    return f"vērtība nav derīga ({message})"


def _cell(sheet: str, column: int, row: int) -> str:
    return f"{sheet}!{'ABCDEFG'[column]}{row}"


def _table_key(kind: str, cell: Any) -> Any:
    """A key cell as the rule files hold it: a level or year a whole number (Excel may
    give `2.0` or the text `2`), a package's `2 / home_care` a (level, service) pair, a
    tier's name a text. None when the cell cannot be such a key."""
    if cell is None or (isinstance(cell, str) and not cell.strip()) or isinstance(cell, bool):
        return None
    if kind == "package":
        level, sep, service = str(cell).partition(WORKBOOK_KEY_SEP.strip())
        level_key = _table_key("band_table", level.strip())
        return (level_key, service.strip()) if sep and level_key is not None and \
            service.strip() else None
    if kind == "amount_table":
        return str(cell).strip()
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    if isinstance(cell, int):
        return cell
    text = str(cell).strip()
    return int(text) if text.isdigit() else None


@dataclass
class _Table:
    """The rows of one table value (a parameter from one date), gathered back by key."""

    sheet: str
    first: int
    kind: str
    reference: str | None
    cells: dict[Any, Any]
    bad: bool = False

    def value(self) -> dict[Any, Any]:
        if self.kind != "package":
            return dict(self.cells)
        out: dict[Any, dict[str, Any]] = {}
        for (level, service), units in self.cells.items():
            out.setdefault(level, {})[service] = units
        return out


def _table_row(group: _Table, key_cell: Any, cell: Any, reference: str | None, number: int,
               day: dt.date, lang: str) -> str | None:
    """One row of a table value added to its group; the problem, naming its cell, if any."""
    kind, sheet = group.kind, group.sheet
    key = _table_key(kind, key_cell)
    if key is None:
        example = {"package": "2 / home_care", "amount_table": "standard"}.get(kind, "1")
        return _say(lang, "{where}: tabulas rindai vajag atslēgu kā eksportā (piemēram, "
                    "“{example}”), ir “{cell}”.", "{where}: a table row needs its key as "
                    "the export writes it (e.g. “{example}”), got “{cell}”.",
                    where=_cell(sheet, WORKBOOK_COLUMN["key"], number), example=example,
                    cell="" if key_cell is None else str(key_cell)[:40])
    if key in group.cells:
        shown = WORKBOOK_KEY_SEP.join(map(str, key)) if isinstance(key, tuple) else key
        return _say(lang, "{where}: atslēga “{key}” no {day} ir divreiz.",
                    "{where}: the key “{key}” from {day} is there twice.",
                    where=_cell(sheet, WORKBOOK_COLUMN["key"], number), key=shown,
                    day=_date_text(day, lang))
    if reference != group.reference:
        return _say(lang, "{where}: visām vienas tabulas rindām (no {day}) raksta vienu "
                    "atsauci.", "{where}: every row of one table (from {day}) has the same "
                    "reference.", where=_cell(sheet, WORKBOOK_COLUMN["reference"], number),
                    day=_date_text(day, lang))
    group.cells[key] = _number(WORKBOOK_TABLE_KINDS[kind], cell,
                               _cell(sheet, WORKBOOK_COLUMN["value"], number), lang)
    return None


def _missing_keys(group: _Table, held: Any, name: str, day: dt.date, lang: str) -> list[str]:
    """The keys of the table in force that the workbook's rows left out (refused: a key is
    removed in the rule files, not by deleting a row)."""
    have = set(group.cells)
    if group.kind == "package":
        keys = [(level, service) for level, services in held.items() for service in services]
    else:
        keys = list(held)
    return [_say(lang, "{sheet}: tabulā “{name}” no {day} nav rindas “{key}”; tabulas rindas "
                 "izņem noteikumu failos, ne darbgrāmatā.", "{sheet}: the table “{name}” from "
                 "{day} lacks the row “{key}”; table rows are removed in the rule files, not "
                 "in the workbook.", sheet=group.sheet, name=name, day=_date_text(day, lang),
                 key=WORKBOOK_KEY_SEP.join(map(str, key)) if isinstance(key, tuple) else key)
            for key in keys if key not in have]


def _same(kind: str, written: Any, held: Any) -> bool:
    if kind in WORKBOOK_NUMBER_KINDS and kind != "count":
        return Decimal(str(written)) == held
    return bool(written == held)


def changed_rows(book: RuleBook, data: bytes, limits: WorkbookLimits = WorkbookLimits(),
                 lang: str = "lv") -> list[Row]:
    """The rows that add or change a dated value of `book`; `WorkbookRefused` listing every
    problem (each by sheet and cell), or that nothing changed."""
    parameters = book.parameters.parameters
    files = {workbook_sheet_name(p.file): p.file for p in parameters.values()}
    problems: list[str] = []
    changed: list[Row] = []
    seen: set[tuple[str, dt.date]] = set()
    sheets = read_sheets(data, limits, lang)
    tables: dict[tuple[str, dt.date], _Table] = {}
    for sheet, rows in sheets.items():
        if sheet not in files:
            problems.append(_say(lang, "{sheet}: tādas lapas noteikumos nav (lapas: {known}).",
                                 "{sheet}: the rules have no such sheet (sheets: {known}).",
                                 sheet=sheet, known=", ".join(sorted(files))))
            continue
        for number, cells in rows:
            name, title, start, key, cell, unit, reference = cells
            parameter = parameters.get(str(name)) if name is not None else None
            if parameter is None or workbook_sheet_name(parameter.file) != sheet:
                problems.append(_say(lang, "{where}: šajā lapā nav parametra “{name}”.",
                                     "{where}: this sheet has no parameter “{name}”.",
                                     where=_cell(sheet, 0, number), name=name or ""))
                continue
            if (title or "") != parameter.title.get("lv", "") or (unit or "") != \
                    parameter.unit:
                problems.append(_say(
                    lang, "{where}: nosaukumu un mērvienību maina noteikumu failos, ne "
                    "darbgrāmatā.", "{where}: titles and units are changed in the rule files, "
                    "not in the workbook.", where=_cell(sheet, WORKBOOK_COLUMN[
                        "title" if (title or "") != parameter.title.get("lv", "") else "unit"],
                        number)))
                continue
            if not isinstance(start, dt.date):
                problems.append(_say(lang, "{where}: “Spēkā no” jābūt datumam.",
                                     "{where}: “from” must be a date.",
                                     where=_cell(sheet, WORKBOOK_COLUMN["from"], number)))
                continue
            day = start.date() if isinstance(start, dt.datetime) else start
            note = str(reference).strip() if reference not in (None, "") else None
            if parameter.kind in WORKBOOK_TABLE_KINDS:
                group = tables.setdefault((parameter.name, day), _Table(
                    sheet, number, parameter.kind, note, {}))
                try:
                    problem = _table_row(group, key, cell, note, number, day, lang)
                except ValueError as exc:
                    problem = str(exc)
                if problem is not None:
                    group.bad = True
                    problems.append(problem)
                continue
            if key not in (None, ""):
                problems.append(_say(
                    lang, "{where}: šī parametra vērtība nav tabula: atslēgas šūnu atstājiet "
                    "tukšu.", "{where}: this parameter's value is not a table: leave the key "
                    "cell empty.", where=_cell(sheet, WORKBOOK_COLUMN["key"], number)))
                continue
            if (parameter.name, day) in seen:
                problems.append(_say(lang, "{where}: otra vērtība no {day}.",
                                     "{where}: a second value from {day}.",
                                     where=_cell(sheet, WORKBOOK_COLUMN["from"], number),
                                     day=_date_text(day, lang)))
                continue
            seen.add((parameter.name, day))
            where = _cell(sheet, WORKBOOK_COLUMN["value"], number)
            try:
                value = _value(parameter.kind, cell, where, lang, limits)
                checked = checked_parameter_value(book, parameter.name, value)
            except ValueError as exc:
                text = str(exc)
                problems.append(text if text.startswith(where) else
                                f"{where}: {_loader_words(text, lang)}")
                continue
            held = parameter.on(day)
            if held is not None and held.valid_from == day and _same(
                    parameter.kind, checked, held.value) and note == held.reference:
                continue
            changed.append(Row(sheet, number, parameter.name, day, value, note))
    for (name, day), group in tables.items():
        seen.add((name, day))
        if group.bad:
            continue
        table = group.value()
        where = _cell(group.sheet, WORKBOOK_COLUMN["value"], group.first)
        try:
            checked = checked_parameter_value(book, name, table)
        except ValueError as exc:
            problems.append(f"{where}: {_loader_words(str(exc), lang)}")
            continue
        held = parameters[name].on(day)
        if held is not None and held.valid_from == day:
            missing = _missing_keys(group, held.value, name, day, lang)
            problems += missing
            if missing or (checked == held.value and group.reference == held.reference):
                continue
        changed.append(Row(group.sheet, group.first, name, day, table, group.reference))
    for parameter in parameters.values():
        sheet = workbook_sheet_name(parameter.file)
        for held in parameter.values:
            if (parameter.name, held.valid_from) not in seen and sheet in sheets:
                problems.append(_say(
                    lang, "{sheet}: nav rindas “{name}” no {day}; vērtības izņem noteikumu "
                    "failos, ne darbgrāmatā.", "{sheet}: the row “{name}” from {day} is "
                    "missing; values are removed in the rule files, not in the workbook.",
                    sheet=sheet, name=parameter.name, day=_date_text(held.valid_from, lang)))
    missing = sorted({workbook_sheet_name(p.file) for p in parameters.values()} - set(sheets))
    if missing:
        problems.append(_say(lang, "Darbgrāmatā trūkst lapu: {sheets}.",
                             "The workbook lacks the sheets: {sheets}.",
                             sheets=", ".join(missing)))
    if problems:
        raise WorkbookRefused(problems)
    if not changed:
        raise WorkbookRefused([_say(lang, "Darbgrāmata neko nemaina: melnraksts netika "
                                    "izveidots.", "The workbook changes nothing: no draft "
                                    "was made.")])
    return changed


def edited_files(files: dict[str, str], rows: list[Row]) -> dict[str, str]:
    """The rule book's files with each changed row written as its dated value."""
    for row in rows:
        try:
            files = add_parameter_value(files, row.name, row.valid_from, row.value,
                                        row.reference).files
        except EditProblem as exc:  # pragma: no cover - the row's parameter is the book's
            raise WorkbookRefused([f"{row.sheet}!A{row.row}: {exc}"]) from None
    return files


def draft_from_workbook(versions: RuleVersions, books: RuleBookStore, data: bytes, label: str,
                        author: str, submit: bool, lang: str = "lv",
                        limits: WorkbookLimits = WorkbookLimits()) -> VersionRecord:
    """The workbook's changes to the current published rules, stored as `author`'s draft
    (`submit`: awaiting a decision at once, as `rules draft` does). `WorkbookRefused` for a
    workbook with problems or no change; the loader's own errors the same way (file:line);
    `ApprovalRefused` from the store (not a policy user)."""
    current = versions.current_version()
    files = books.files(current) if current is not None else None
    if current is None or files is None:  # pragma: no cover - the first version is there
        raise WorkbookRefused(["no published rules to change"])
    base = versions.book(current)
    rows = changed_rows(base, data, limits, lang)
    with tempfile.TemporaryDirectory(prefix="rules-xlsx-") as root:
        write_files(edited_files(files, rows), Path(root))
        try:
            book = load_rules(root)
        except RuleErrors as exc:
            raise WorkbookRefused([str(error).replace(root + "/", "")
                                   for error in exc.errors]) from None
        note = "; ".join(change.lv for change in rules_diff(base, book))
        return versions.draft(book, label, author, submit=submit, note=note)
