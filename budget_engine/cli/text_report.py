"""The budget as a readable plain-text table (`--format text`), for a terminal or a printout."""

from __future__ import annotations

from types import MappingProxyType

from ..models import SOURCES, Budget

HEADINGS = MappingProxyType({
    "lv": {"service": "Pakalpojums", "units": "Vien.", "rate": "Tarifs", "cost": "Summa",
           "esf": "ESF", "state": "Valsts", "municipality": "Pašvaldība", "client": "Klients",
           "maintainers": "Apgādn.", "total": "Kopā mēnesī (+ vienreizēji)",
           "one_off": "Vienreizēji",
           "period": "Periodā", "months": "mēn.", "refused": "Atteikts",
           "warnings": "Brīdinājumi",
           "budget": "Individuālais budžets", "level": "Atbalsta līmenis",
           "groups": "Mērķa grupas", "vsac": "VSAC alternatīva mēnesī", "rules": "Noteikumi",
           "none": "nav", "why": "Pamatojums"},
    "en": {"service": "Service", "units": "Units", "rate": "Rate", "cost": "Cost",
           "esf": "ESF", "state": "State", "municipality": "Municip.", "client": "Client",
           "maintainers": "Maint.", "total": "Total per month (+ one-off)", "one_off": "One-off",
           "period": "For the period", "months": "months", "refused": "Refused",
           "warnings": "Warnings", "budget": "Individual budget", "level": "Support level",
           "groups": "Target groups", "vsac": "VSAC alternative per month", "rules": "Rules",
           "none": "none", "why": "Why"},
})


def render(budget: Budget, lang: str = "lv", explain: bool = True) -> str:
    h = HEADINGS[lang]
    out = [f"{h['budget']}: {budget.case_id} ({budget.calculation_date.isoformat()})",
           f"{h['rules']}: {budget.rules_version}",
           f"{h['groups']}: {', '.join(budget.target_groups) or h['none']}; "
           f"{h['level']}: {budget.support_level or '-'}"
           + (f" ({budget.rate_tier})" if budget.rate_tier else ""),
           budget.assessment.text, ""]
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
    out.append(f"{h['one_off']}: {_m(t.one_off)}   {h['period']} ({t.period_months} "
               f"{h['months']}): {_m(t.period_total)}")
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
                    f"{k}={v.value}" + (f" (no {v.valid_from.isoformat()})" if lang == "lv"
                                        and v.valid_from else
                                        f" (from {v.valid_from.isoformat()})" if v.valid_from
                                        else "")
                    for k, v in reason.parameters.items())
                out.append(f"    [{reason.rule}] {reason.text}"
                           + (f" — {reason.legal_basis}" if reason.legal_basis else "")
                           + (f" {{{params}}}" if params else ""))
    return "\n".join(out) + "\n"


def _m(value: object) -> str:
    return "-" if value is None else f"{value}"
