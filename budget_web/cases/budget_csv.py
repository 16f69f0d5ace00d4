"""A saved budget as a CSV file that Latvian Excel opens as it is (issue 11, item 12).

Latvian Excel reads a double-clicked CSV with `;` between cells (the comma is its decimal
mark), expects UTF-8 to be announced by a byte order mark (without it `ā` shows as `Ä`),
and CRLF line ends. So: amounts `1200,50` (a decimal comma and no thousands mark, which
would make a number text), dates `25.11.2026`, headers, service names, decisions and units
in the page's language, refusals as rows of their own with every reason, and the monthly,
one-off and period totals as separate rows (never added together, as on the page).

A cell that starts with `=`, `+`, `-`, `@` (or a tab or carriage return) would be run by
Excel as a formula — a case number typed as `=HYPERLINK(…)` must stay text — so such a
cell gets a leading apostrophe, which Excel shows as text and does not display (a plain
negative number such as `-12,50` is no formula and stays a number).

The engine's `write_excel_csv` writes to a file path and knows nothing of formulas or the
page's words; a download is built in memory, so this module writes its own rows with the
same conventions.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from flask_babel import gettext as _

from budget_engine import SOURCES

from .words.outcome_words import decide

#: What Excel treats as the start of a formula (tab and CR too: OWASP's CSV injection list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


#: A plain number (`-12,50`): Excel reads it as a number, not a formula, so it stays one.
PLAIN_NUMBER = re.compile(r"^-?[0-9]+(,[0-9]+)?$")


def safe_cell(value: Any) -> str:
    """The cell's text, made inert if Excel would read it as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def excel_number(value: Any) -> str:
    """`1200,50`: a decimal comma, no thousands mark (Excel would read that as text)."""
    if value is None or value == "":
        return ""
    if isinstance(value, int):
        return str(value)
    return f"{Decimal(str(value)):.2f}".replace(".", ",")


def excel_date(value: str) -> str:
    """`25.11.2026`, the date form Latvian Excel reads as a date."""
    try:
        return dt.date.fromisoformat(value).strftime("%d.%m.%Y")
    except (TypeError, ValueError):
        return value


def header(payers: Mapping[str, str]) -> list[str]:
    return [_("Case number"), _("Calculation date"), _("Service"), _("Decision"),
            _("Requested"), _("Granted"), _("Unit"), _("Rate, EUR"), _("Cost, EUR"),
            _("Computed: granted"), _("Computed: cost, EUR"), _("Paid"),
            *[f"{payers[s]}, EUR" for s in SOURCES], _("Rules"),
            _("Reason"), _("Decided: units"), _("Decided: amount a month, EUR"),
            _("Justification"), _("Rules version")]


def budget_rows(budget: dict[str, Any], titles: Mapping[str, str],
                units: Mapping[str, str], payers: Mapping[str, str],
                cap_rules: set[str], overrides: Sequence[Mapping[str, Any]] = (),
                computed: dict[str, Any] | None = None) -> list[list[str]]:
    """The header, a row per granted line, a row per refusal, and the three total rows.

    `budget` is the budget as decided (domain.md §13b: its figures are *the* budget) and
    `computed` the one the rules computed (the same when nothing was overridden): its units
    and amounts stand beside the decided ones as "aprēķināts", on the lines and the totals,
    so a reader of the file sees what the worker's decision changed.

    `titles` are the service names in the page's language (by code; the budget's own titles
    are in the language it was calculated in), `units` the unit words, `payers` the names
    of the payers, `cap_rules` the ids of the rules that limit units (their text is the
    reason of a cut), `overrides` the lines decided otherwise (service, units and/or amount,
    justification), shown on their line beside the calculated figures.
    """
    decision = decide(budget, cap_rules)
    case = [budget["case_id"], excel_date(budget["calculation_date"])]
    version = budget["rules_version"]
    decided = {o["service"]: o for o in overrides}
    computed = computed or budget
    was = {line["service"]: line for line in computed["lines"]}
    rows = [header(payers)]

    def computed_cells(service: str) -> list[str]:
        line = was.get(service)
        if line is None:  # refused by the rules: nothing was computed
            return [excel_number(0), ""]
        return [excel_number(line["approved_units"]), excel_number(line["monthly_cost"])]

    def override(service: str) -> list[str]:
        o = decided.get(service, {})
        return [excel_number(o.get("units")), excel_number(o.get("amount")),
                o.get("justification", "")]

    for line, granted in zip(budget["lines"], decision.granted, strict=True):
        cut = line["approved_units"] < line["requested_units"]
        rows.append([
            *case, titles.get(line["service"], line["title"]),
            _("cut") if cut else _("granted"),
            excel_number(line["requested_units"]), excel_number(line["approved_units"]),
            units.get(line["unit"], line["unit"]), excel_number(line["rate"]),
            excel_number(line["monthly_cost"]), *computed_cells(line["service"]),
            _("once in the period") if line["per"] == "period" else _("a month"),
            *[excel_number(line["financing"][s]) for s in SOURCES],
            " ".join(r["rule"] for r in line["reasons"]), granted.cut_reason or "",
            *override(line["service"]), version])
    for refusal in budget["refused"]:
        rows.append([
            *case, titles.get(refusal["service"], refusal["title"]), _("refused"),
            excel_number(refusal["requested_units"]), excel_number(0), "", "", "",
            *computed_cells(refusal["service"]), "", *[""] * len(SOURCES),
            " ".join(r["rule"] for r in refusal["reasons"]),
            "; ".join(r["text"] for r in refusal["reasons"]), *override(refusal["service"]),
            version])
    totals, was_totals = budget["totals"], computed["totals"]
    for label, key, by_source in (
            (_("Total per month"), "monthly", decision.monthly_by_source),
            (_("One-off (per period)"), "one_off", decision.one_off_by_source)):
        rows.append([*case, label, "", "", "", "", "", excel_number(totals[key]), "",
                     excel_number(was_totals[key]), "",
                     *[excel_number(by_source[s]) for s in SOURCES], "", "", "", "", "",
                     version])
    period = _("For the period") + f" ({totals['period_months']} " + _("months") + ")"
    rows.append([*case, period, "", "", "", "", "", excel_number(totals["period_total"]), "",
                 excel_number(was_totals["period_total"]), "", *[""] * len(SOURCES),
                 "", "", "", "", "", version])
    return rows


def excel_csv(rows: Sequence[Sequence[Any]]) -> bytes:
    """The rows as a file Latvian Excel opens: BOM, `;`, CRLF, every cell formula-safe."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue().encode("utf-8-sig")
