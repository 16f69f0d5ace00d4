"""A draft's impact, summed up when its replay has run (in the job's own process).

The replay (`budget-engine replay --rules CURRENT --compare DRAFT`) writes one comparison
row per case. Policy staff need more than the evaluators' report: for saved cases, the
overrides the workers decided on each budget, and a flag on every overridden line whose
computed figure the draft changes (the override was decided against a figure that will no
longer be the engine's). This module joins the rows to what the job's folder says of the
saved budgets (`saved.json`, written when the job began), writes their rows back with it,
takes the aggregates from the sums the replay's workers made (`sums.json`),
renders the report with the overrides listed, and keeps `impact.json`: everything the page
shows, in both languages, so the page never recalculates anything.

Data minimisation (domain.md §13b, GDPR Art. 5(1)(c)): a policy user needs the figures, not
the people. Over saved cases, every row leaves the server (page, report, CSV, JSON Lines)
under its pseudonymous row number: its line in the run's input, whose order was shuffled at
random for this run when it began (`impact._preparer`), so the number says nothing of the
case and is the same everywhere within the run. The rows lose their case number and target
groups (the aggregates by group stay); an override's justification is never read into the
job at all. `impact.json` keeps each listed row's case number and municipality on the
server, for the page to link a case for a user who may open it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

from budget_engine import (
    SOURCES,
    Aggregator,
    Agreement,
    RuleBook,
    cause_title,
    load_rules,
    render_report,
    summary_table,
    sums_from_json,
    write_excel_csv,
)

from ..evaluation.replay_jobs import write_whole

LANGS = ("lv", "en")
#: The overrides the page and the report list (all are in the rows).
OVERRIDES_SHOWN = 500
FLAG = {"lv": "piešķīrums labots ar roku; jaunais aprēķins atšķiras",
        "en": "allocation overridden by hand; the new calculation differs"}
OVERRIDES_HEADING = {
    "lv": "Ar roku labotie piešķīrumi: {budgets} budžeti, {lines} rindas ({flagged} atzīmētas)",
    "en": "Allocations overridden by hand: {budgets} budgets, {lines} lines ({flagged} flagged)"}
OVERRIDES_COLUMNS = {
    "lv": ["Rinda", "Versija", "Pakalpojums", "Aprēķināts (vienības; €)", "Labots (vienības; €)",
           "Kas", "Pašreizējie noteikumi", "Melnraksts", "Atzīme"],
    "en": ["Row", "Version", "Service", "Computed (units; €)", "Overridden (units; €)",
           "Who", "Current rules", "Draft", "Flag"]}
#: What a row of a saved case loses before it leaves the server: its case number (the row
#: number stands for it) and, on each side, the person's target groups.
UNNAMED_CASE: dict[str, Any] = {"case_id": None}
PERSONAL_OUTCOME = ("target_groups",)


def _line(outcome: dict[str, Any] | None, service: str) -> dict[str, Any] | None:
    if not outcome:
        return None
    return next((ln for ln in outcome["lines"] if ln["service"] == service), None)


def _figures(line: dict[str, Any] | None) -> tuple[Any, Any]:
    return (None, None) if line is None else (line["units"], line["monthly_cost"])


def overrides_of(row: dict[str, Any], saved: dict[str, Any]) -> list[dict[str, Any]]:
    """Each override of the saved budget beside the line's figures under both rule books;
    `flagged` when those figures differ (the new rules compute the line otherwise)."""
    found = []
    for override in saved.get("overrides") or []:
        service = override["service"]
        computed = saved.get("lines", {}).get(service) or {}
        base_units, base_cost = _figures(_line(row.get("base"), service))
        draft_units, draft_cost = _figures(_line(row.get("reform"), service))
        found.append({
            "service": service, "computed_units": computed.get("units"),
            "computed_amount": computed.get("monthly_cost"), "units": override.get("units"),
            "amount": override.get("amount"), "decided_cost": override.get("decided_cost"),
            "by": saved.get("saved_by"), "at": saved.get("saved_at"),
            "base_units": base_units, "base_cost": base_cost,
            "draft_units": draft_units, "draft_cost": draft_cost,
            "flagged": "error" not in row and (base_units, base_cost) != (draft_units,
                                                                          draft_cost)})
    return found


def pseudonymous(row: dict[str, Any]) -> dict[str, Any]:
    """A comparison row of a saved case as it may be downloaded: no case number, no target
    groups; its `line` (the pseudonymous row number) and figures as they were."""
    found = {**row, **UNNAMED_CASE}
    for side in ("base", "reform"):
        outcome = found.get(side)
        if isinstance(outcome, dict):
            found[side] = {k: v for k, v in outcome.items() if k not in PERSONAL_OUTCOME}
    return found


def _unnamed(sums: Any) -> Any:
    """The workers' sums with the case numbers of the rows they keep (the most changed, the
    errors) blanked, for the report: its tables show the row number."""
    return dataclasses.replace(
        sums, error_rows=[{**row, "case_id": ""} for row in sums.error_rows],
        top=[(moved, order, {**row, "case_id": ""}) for moved, order, row in sums.top])


def _money(amount: Any) -> str:
    return "" if amount is None else f"{Decimal(amount):.2f}".replace(".", ",")


def _pair(units: Any, amount: Any) -> str:
    return "; ".join(["" if units is None else str(units), _money(amount)])


def summarise(folder: Path, meta: dict[str, Any]) -> dict[str, Any]:
    """Rows joined to the saved budgets, the report, and `impact.json` (returned too)."""
    base, other = load_rules(folder / meta["rules"]), load_rules(folder / meta["compare_rules"])
    saved_file = folder / "saved.json"
    saved: list[dict[str, Any]] = (json.loads(saved_file.read_text(encoding="utf-8"))
                                   if saved_file.is_file() else [])
    aggregator = Aggregator(base, other, meta.get("draft_label", ""))
    # The replay summed every row in its workers; a summary read again only the rows of
    # saved cases (joined to their budgets and written back) and kept the rest as they are.
    sums = sums_from_json((folder / "sums.json").read_text(encoding="utf-8"))
    aggregator.merge(_unnamed(sums) if saved else sums)
    overrides: list[dict[str, Any]] = []
    budgets_overridden = 0
    if saved:
        rows_file, rewritten = folder / "rows.jsonl", folder / "rows.jsonl.tmp"
        with open(rows_file, encoding="utf-8") as rows, open(rewritten, "w",
                                                              encoding="utf-8") as out:
            for text in rows:
                row = json.loads(text)
                record = saved[row["line"] - 1] if 0 < row["line"] <= len(saved) else None
                if record is not None:
                    row["saved"] = {key: record.get(key) for key in (
                        "municipality", "version", "status", "saved_by", "saved_at")}
                    row["saved"]["overrides"] = overrides_of(row, record)
                    if row["saved"]["overrides"]:
                        budgets_overridden += 1
                        overrides += [{**o, "row": row["line"], "case_id": record["case_id"],
                                       "municipality": record["municipality"],
                                       "version": record["version"]}
                                      for o in row["saved"]["overrides"]]
                out.write(json.dumps(pseudonymous(row), ensure_ascii=False) + "\n")
        os.replace(rewritten, rows_file)
    books = (base, other)
    flagged = sum(1 for o in overrides if o["flagged"])
    lang = meta.get("lang", "lv")
    section_rows = [[str(o["row"]), str(o["version"]), _service(books, o["service"], lang),
                     _pair(o["computed_units"], o["computed_amount"]),
                     _pair(o["units"], o["decided_cost"]), str(o["by"] or ""),
                     _pair(o["base_units"], o["base_cost"]),
                     _pair(o["draft_units"], o["draft_cost"]),
                     FLAG[lang] if o["flagged"] else ""] for o in overrides[:OVERRIDES_SHOWN]]
    extra = [(OVERRIDES_HEADING[lang].format(budgets=budgets_overridden,
                                                 lines=len(overrides), flagged=flagged),
              OVERRIDES_COLUMNS[lang], section_rows)] if saved else []
    (folder / "report.html").write_text(
        render_report(aggregator, lang, meta.get("source_name", ""), extra=extra),
        encoding="utf-8")
    if saved:  # the aggregates CSV lists the overridden lines too, after the totals
        header, table = summary_table(aggregator, lang)
        write_excel_csv(folder / "summary.csv", header,
                        table + [_override_row(o, books, lang) for o in overrides])

    def listed(row: dict[str, Any]) -> dict[str, Any]:
        """A most changed row as `impact.json` keeps it: over saved cases, with its case
        number and municipality (the page shows them to a user who may open the case)."""
        record = saved[row["line"] - 1] if 0 < row["line"] <= len(saved) else None
        return {**row, "case_id": record["case_id"] if record else row.get("case_id"),
                "municipality": record["municipality"] if record else None}

    result = {
        "rows": aggregator.rows, "errors": aggregator.errors, "changed": aggregator.changed,
        "budgets": aggregator.rows - aggregator.errors,
        "base_version": base.version, "draft_version": other.version,
        "tables": {lg: [{"key": t.key, "title": t.title, "money": t.money,
                         "rows": [[label, str(b), None if r is None else str(r)]
                                  for label, b, r in t.rows]}
                        for t in aggregator.tables(lg)] for lg in LANGS},
        "shift": {s: str(aggregator.other.by_source[s] - aggregator.base.by_source[s])
                  for s in SOURCES},
        "causes": [{"name": name, "count": count,
                    "title": {lg: cause_title(name, books, lg) for lg in LANGS}}
                   for name, count in aggregator.causes.most_common()],
        "most_changed": [{**listed(row),
                          "region_name": {lg: base.regions.get(row.get("region") or "", {})
                                          .get(lg, "") for lg in LANGS}}
                         for row in aggregator.most_changed()],
        # For whom: the changed cases by planning region and by target group, with the
        # change of their monthly total, the largest change first.
        "whom": {key: [{"code": code, "cases": int(n), "monthly": str(total),
                        "label": {lg: _whom_label(key, code, base, lg) for lg in LANGS}}
                       for code, (n, total) in sorted(found.items(),
                                                      key=lambda item: -abs(item[1][1]))]
                 for key, found in aggregator.changed_where.items()},
        "overrides": {"budgets": budgets_overridden, "lines": len(overrides),
                      "flagged": flagged,
                      "list": [{**o, "title": {lg: _service(books, o["service"], lg)
                                               for lg in LANGS}}
                               for o in overrides[:OVERRIDES_SHOWN]]},
        "saved_cases": bool(saved),
        "alike_on_date": _alike_on(base, other, meta.get("on_date")),
    }
    write_whole(folder / "impact.json", json.dumps(result, ensure_ascii=False))
    return result


def _alike_on(base: RuleBook, other: RuleBook, day: str | None) -> dict[str, Any] | None:
    """When every case was calculated on one day on which the draft stands as the current
    rules (its changes not yet, or no longer, in force), that day and the first on which
    the draft differs: nothing could change, and the page says why rather than leave a
    policy user to read "no budget changes" as the draft's effect."""
    if not day:
        return None
    agreement, on = Agreement(base, other), dt.date.fromisoformat(day)
    if not agreement.on(on):
        return None
    differs = agreement.next_difference(on)
    return {"date": day, "differs_from": differs.isoformat() if differs else None}


def _override_row(override: dict[str, Any], books: tuple[RuleBook, RuleBook], lang: str
                  ) -> list[Any]:
    """An overridden line as a row of the aggregates CSV: section, the row and what was
    decided (never why: the justification is the worker's note on the person), the line's
    cost under the current rules and under the draft, the difference."""
    decided = (f"{override['units']} · {_money(override['decided_cost'])} €"
               if override.get("decided_cost") is not None else str(override.get("units")))
    words = ({"lv": ("Ar roku labotie piešķīrumi", "labots", "rinda"),
              "en": ("Allocations overridden by hand", "overridden", "row")}[lang])
    item = (f"{words[2]} {override['row']} v{override['version']} · "
            f"{_service(books, override['service'], lang)}: {words[1]} {decided}"
            + (f" ({FLAG[lang]})" if override["flagged"] else ""))
    base, draft = (None if v is None else Decimal(v)
                   for v in (override["base_cost"], override["draft_cost"]))
    return [words[0], item, base, draft,
            None if base is None or draft is None else draft - base]


def _whom_label(key: str, code: str, book: RuleBook, lang: str) -> str:
    """A planning region's or a combination of target groups' name."""
    if key == "region":
        return str(book.regions.get(code, {}).get(lang, "")) or "—"
    names = {g.id: g.title[lang] for g in book.target_groups}
    return " + ".join(names.get(g, g) for g in code.split("+")) if code else "—"


def _service(books: tuple[RuleBook, RuleBook], code: str, lang: str) -> str:
    for book in reversed(books):
        if code in book.services:
            return str(book.services[code].title[lang])
    return code
