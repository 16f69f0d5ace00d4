"""Parameter tables as an Excel workbook: one sheet per parameter file, one row per dated
value, so policy staff change rates where they work (Excel) and bring them back as a draft.

The columns are fixed (`COLUMNS`): parameter, its Latvian title, from, value, unit,
reference. A number is written as Excel's number and a date as Excel's date, so a cell sums,
sorts and filters as staff expect; a value that is a table (rates by tier, bands) is written
as one line of YAML text, as the rule files write it. The workbook is read back by the web
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
COLUMNS = ("Parametrs", "Nosaukums", "Spēkā no", "Vērtība", "Mērvienība", "Atsauce")
#: The sheet of each parameter file (by its name without `.yaml`), in Latvian.
SHEETS = MappingProxyType({
    "rates": "Likmes", "thresholds": "Sliekšņi", "caps": "Griesti",
    "financing": "Finansējums", "general": "Vispārīgi", "assessment": "Novērtējums"})
#: The kinds written as Excel numbers (money and shares as decimals, counts as integers).
NUMBER_KINDS = frozenset({"amount", "share", "factor", "count"})
#: Excel's display format of each number kind and of dates (the value stays a number).
NUMBER_FORMATS = MappingProxyType({"amount": "0.00", "share": "0.00##", "factor": "0.00##",
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


def write_parameter_workbook(book: RuleBook, target: Path | IO[bytes]) -> int:
    """Write every parameter value of `book` to `target`; returns the rows written."""
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
                sheet.append([parameter.name, parameter.title.get("lv", ""), value.valid_from,
                              cell_value(parameter.kind, value.value), parameter.unit,
                              value.reference or ""])
                rows += 1
                row = sheet.max_row
                sheet.cell(row, 3).number_format = NUMBER_FORMATS["date"]
                if parameter.kind in NUMBER_FORMATS:
                    sheet.cell(row, 4).number_format = NUMBER_FORMATS[parameter.kind]
        for column, width in zip("ABCDEF", (34, 44, 12, 16, 12, 60), strict=True):
            sheet.column_dimensions[column].width = width
        sheet.freeze_panes = "A2"
    workbook.save(target)
    return rows


def checked_value(book: RuleBook, name: str, raw: Any) -> Any:
    """A value read back for parameter `name`, checked as the loader checks the rule files
    (`ValueError` with the loader's words when it is not one: negative, a share over 1)."""
    return convert(book.parameters.parameters[name].kind,  # type: ignore[arg-type]
                   raw, book.services)
