"""The budget as a readable plain-text table (`--format text`), for a terminal or a printout.

A person reads it, so the Latvian table writes amounts, dates and the period as Latvian does
(`1 029,73`, `01.05.2024`, `12 mēneši`), target groups and the rate tier in words; the JSON
keeps the machine forms.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from types import MappingProxyType

from ..models import SOURCES, Budget
from ..rulebook.words.text_values import amount_figure, counted, in_words

HEADINGS = MappingProxyType({
    "lv": {"service": "Pakalpojums", "units": "Vien.", "rate": "Tarifs", "cost": "Summa",
           "esf": "ESF", "state": "Valsts", "municipality": "Pašvaldība", "client": "Klients",
           "maintainers": "Apgādn.", "total": "Kopā mēnesī (+ vienreizēji)",
           "one_off": "Vienreizēji",
           "period": "Periodā", "months": "# mēnesis|# mēneši", "refused": "Atteikts",
           "warnings": "Brīdinājumi",
           "budget": "Individuālais budžets", "level": "Atbalsta līmenis",
           "groups": "Mērķa grupas", "vsac": "VSAC alternatīva mēnesī", "rules": "Noteikumi",
           "none": "nav", "why": "Pamatojums", "from": "no",
           "standard": "standarta tarifs", "intensive": "intensīvā atbalsta tarifs"},
    "en": {"service": "Service", "units": "Units", "rate": "Rate", "cost": "Cost",
           "esf": "ESF", "state": "State", "municipality": "Municip.", "client": "Client",
           "maintainers": "Maint.", "total": "Total per month (+ one-off)", "one_off": "One-off",
           "period": "For the period", "months": "# month|# months", "refused": "Refused",
           "warnings": "Warnings", "budget": "Individual budget", "level": "Support level",
           "groups": "Target groups", "vsac": "VSAC alternative per month", "rules": "Rules",
           "none": "none", "why": "Why", "from": "from",
           "standard": "standard", "intensive": "intensive"},
})


def render(budget: Budget, lang: str = "lv", explain: bool = True,
           group_titles: Mapping[str, str] | None = None) -> str:
    """The table in `lang`; `group_titles` names the target groups (their codes without)."""
    h = HEADINGS[lang]
    groups = [(group_titles or {}).get(code, code) for code in budget.target_groups]
    out = [f"{h['budget']}: {budget.case_id} ({in_words(budget.calculation_date, lang)})",
           f"{h['rules']}: {budget.rules_version}",
           f"{h['groups']}: {', '.join(groups) or h['none']}; "
           f"{h['level']}: {budget.support_level or '-'}"
           + (f" ({h[budget.rate_tier]})" if budget.rate_tier else ""),
           budget.assessment.text, ""]

    def _m(value: Decimal | None) -> str:
        return "-" if value is None else amount_figure(value, lang)
    cols = [h["service"], h["units"], h["rate"], h["cost"]] + [h[s] for s in SOURCES]
    rows = [cols]
    for ln in budget.lines:
        units = f"{ln.approved_units}/{ln.requested_units}"
        rows.append([ln.title[:38], units, _m(ln.rate), _m(ln.monthly_cost)]
                    + [_m(getattr(ln.financing, s)) for s in SOURCES])
    t = budget.totals
    rows.append([h["total"], "", "", _m(t.monthly + t.one_off)] + [_m(getattr(t.by_source, s))
                                                      for s in SOURCES])
    widths = [max(len(r[i]) for r in rows) for i in range(len(cols))]
    for n, row in enumerate(rows):
        out.append("  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i])
                             for i, c in enumerate(row)))
        if n == 0 or n == len(rows) - 2:
            out.append("  ".join("-" * w for w in widths))
    out.append(f"{h['one_off']}: {_m(t.one_off)}   {h['period']} "
               f"({counted(t.period_months, h['months'], lang)}): {_m(t.period_total)}")
    cf = budget.institutional_counterfactual
    out.append(f"{h['vsac']}: {_m(cf.monthly_cost)}")
    if budget.refused:
        out += ["", f"{h['refused']}:"]
        for r in budget.refused:
            out.append(f"  {r.title}: " + "; ".join(f"[{x.rule}] {x.text}" for x in r.reasons))
    if budget.warnings:
        out += ["", f"{h['warnings']}:"] + [f"  [{w.code}] {w.text}" for w in budget.warnings]
    if explain and budget.lines:
        out += ["", f"{h['why']}:"]
        for ln in budget.lines:
            out.append(f"  {ln.title}:")
            for reason in ln.reasons:
                params = ", ".join(
                    f"{k}={_value(v.value, lang)}"
                    + (f" ({h['from']} {in_words(v.valid_from, lang)})" if v.valid_from else "")
                    for k, v in reason.parameters.items())
                out.append(f"    [{reason.rule}] {reason.text}"
                           + (f" — {reason.legal_basis}" if reason.legal_basis else "")
                           + (f" {{{params}}}" if params else ""))
    return "\n".join(out) + "\n"


_NUMBER_OR_DAY = re.compile(r"\d{4}-\d{2}-\d{2}|\d+\.\d+")


def _value(shown: str, lang: str) -> str:
    """A parameter's value as the JSON shows it (`15.39`, `0: 0.80; 1: 0.60`, `2024-01-01`)
    with its numbers and dates as `lang` writes them."""
    def one(match: re.Match[str]) -> str:
        part = match.group(0)
        try:
            value: object = (dt.date.fromisoformat(part) if "-" in part else Decimal(part))
        except (ValueError, InvalidOperation):
            return part
        return in_words(value, lang)
    return _NUMBER_OR_DAY.sub(one, shown)
