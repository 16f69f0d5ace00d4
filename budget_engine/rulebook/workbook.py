"""Parameter tables as an Excel workbook: one sheet per parameter file, one row per dated
value, so policy staff change rates where they work (Excel) and bring them back as a draft.

The columns are fixed (`COLUMNS`): parameter, its Latvian title, from, key, value, unit,
reference. A number is written as Excel's number and a date as Excel's date, so a cell sums,
sorts and filters as staff expect. A value that is a table (rates by tier, bands, shares by
year, a package of units by level and service) is written as rows, one per key (`KEY_SEP`
joins a package's level and service), each cell a number: JSON or YAML in a cell is not
something a person edits in Excel. A list (of services, of care levels) stays one cell of
text. The workbook is read back by the web
installation (`rules import-xlsx`, the policy pages), which turns the changed rows into a
draft through the same checks as any other edit.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import IO, Any

import yaml
from openpyxl import Workbook
from openpyxl.styles import Font

from .loader import RuleBook
from .parameter_types import convert

#: The columns, left to right, with their Latvian headings (row 1 of every sheet).
COLUMNS = ("Parametrs", "Nosaukums", "Spēkā no", "Atslēga", "Vērtība", "Mērvienība",
           "Atsauce")
#: The column of each field (0-based), for the reader and its cell names (`Likmes!E14`).
COLUMN = MappingProxyType({"name": 0, "title": 1, "from": 2, "key": 3, "value": 4,
                           "unit": 5, "reference": 6})
#: The kinds whose value is a table written as rows (one per key), and the number kind of
#: each row's value (`NUMBER_KINDS`); a package's cells are its units per month.
TABLE_KINDS = MappingProxyType({"amount_table": "amount", "share_table": "share",
                                "band_table": "factor", "package": "count"})
#: Between a package's level and service in its key cell (`2 / home_care`).
KEY_SEP = " / "
#: The sheet of each parameter file (by its name without `.yaml`), in Latvian.
SHEETS = MappingProxyType({
    "rates": "Likmes", "thresholds": "Sliekšņi", "caps": "Griesti",
    "financing": "Finansējums", "general": "Vispārīgi", "assessment": "Novērtējums"})
#: The kinds written as Excel numbers (money and shares as decimals, counts as integers).
NUMBER_KINDS = frozenset({"amount", "share", "factor", "count"})
#: Excel's display format of each number kind and of dates (the value stays a number).
NUMBER_FORMATS = MappingProxyType({"amount": "0.00", "share": "0.00##", "factor": "0.0#",
                                   "count": "0", "date": "DD.MM.YYYY"})


def sheet_name(file: str) -> str:
    """The sheet of a parameter file (`parameters/rates.yaml` → `Likmes`)."""
    stem = Path(file).stem
    return SHEETS.get(stem, stem)[:31]


def _plain(value: Any) -> Any:
    """A table value as the rule files write it: money as text, never a float."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def table_text(value: Any) -> str:
    """A table value on one line of YAML (`{standard: '16.24', intensive: '19.28'}`)."""
    return str(yaml.safe_dump(_plain(value), default_flow_style=True, allow_unicode=True,
                              width=10**6)).strip().removesuffix("...").strip()


def cell_value(kind: str, value: Any) -> Any:
    """What a cell holds for a value of this kind: a number, a date, a switch, or text."""
    if kind in NUMBER_KINDS or kind in ("date", "switch", "text"):
        return value
    return table_text(value)


def table_rows(kind: str, value: Any) -> list[tuple[Any, Any]]:
    """A table value as (key cell, value cell) rows: `standard` → 16.24; a package's
    `2 / home_care` → 20. Keys that are numbers (levels, years) stay Excel numbers."""
    if kind == "package":
        return [(f"{level}{KEY_SEP}{service}", units)
                for level, services in value.items() for service, units in services.items()]
    return list(value.items())


def _number_format(kind: str) -> str | None:
    return NUMBER_FORMATS.get(TABLE_KINDS.get(kind, kind))


def write_parameter_workbook(book: RuleBook, target: Path | IO[bytes]) -> int:
    """Write every parameter value of `book` to `target`; returns the rows written (a
    table value takes a row per key)."""
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    by_file: dict[str, list[Any]] = {}
    for parameter in sorted(book.parameters.parameters.values(), key=lambda p: p.name):
        by_file.setdefault(parameter.file, []).append(parameter)
    rows = 0
    for file in sorted(by_file, key=lambda f: Path(f).name):
        sheet = workbook.create_sheet(sheet_name(file))
        sheet.append(list(COLUMNS))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for parameter in by_file[file]:
            for value in parameter.values:
                cells = table_rows(parameter.kind, value.value) if parameter.kind in \
                    TABLE_KINDS else [(None, cell_value(parameter.kind, value.value))]
                for key, cell in cells:
                    sheet.append([parameter.name, parameter.title.get("lv", ""),
                                  value.valid_from, key, cell, parameter.unit,
                                  value.reference or ""])
                    rows += 1
                    row = sheet.max_row
                    sheet.cell(row, COLUMN["from"] + 1).number_format = NUMBER_FORMATS["date"]
                    shown = _number_format(parameter.kind)
                    if shown is not None:
                        sheet.cell(row, COLUMN["value"] + 1).number_format = shown
        for column, width in zip("ABCDEFG", (34, 44, 12, 16, 16, 12, 60), strict=True):
            sheet.column_dimensions[column].width = width
        sheet.freeze_panes = "A2"
    workbook.save(target)
    return rows


def checked_value(book: RuleBook, name: str, raw: Any) -> Any:
    """A value read back for parameter `name`, checked as the loader checks the rule files
    (`ValueError` with the loader's words when it is not one: negative, a share over 1)."""
    return convert(book.parameters.parameters[name].kind,  # type: ignore[arg-type]
                   raw, book.services)
