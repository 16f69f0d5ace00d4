"""The evaluators' report: one self-contained HTML file, Latvian or English.

It must open offline from an e-mail attachment or a USB stick, so everything is inside the
file: the styles inline, the charts as SVG (`svg_charts`), no script, font, image or link to
anything outside. Money is written as the reader's language writes it (`1 200,50 €` on
Latvian pages, by Babel's CLDR data), dates as `25.11.2026`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from html import escape
from pathlib import Path
from types import MappingProxyType

from babel.numbers import format_currency, format_decimal

from ..models import SOURCES
from .aggregate import Aggregator, Table
from .case_reasons import row_reason
from .report_dates import DatesUsed
from .report_texts import SOURCE_NAMES, TEXT
from .svg_charts import bar_chart

LOCALES: Mapping[str, str] = MappingProxyType({"lv": "lv_LV", "en": "en_GB"})
STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:2em auto;
max-width:60em;color:#1a1a1a;line-height:1.4}
h1{font-size:1.6em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.6em 0;width:100%}
th,td{border-bottom:1px solid #e2e2e2;padding:.25em .5em;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;white-space:nowrap}
.neg{color:#b03a2e}.pos{color:#1d6b2a}.meta{color:#555}.chart{max-width:60em;margin:1em 0}
svg{max-width:100%;height:auto}
@media (max-width:40em){body{margin:1em .6em}th,td{overflow-wrap:anywhere;padding:.2em .3em}
td.n,th.n{white-space:normal}}
@media print{body{margin:0}h2{break-after:avoid}.chart{break-inside:avoid}}
"""



class Formats:
    """Numbers, money and dates as `lang` writes them."""

    def __init__(self, lang: str) -> None:
        self.lang, self.locale = lang, LOCALES.get(lang, "lv_LV")

    def money(self, amount: Decimal) -> str:
        return str(format_currency(amount, "EUR", locale=self.locale))

    def count(self, value: Decimal) -> str:
        return str(format_decimal(value, format="#,##0", locale=self.locale))

    def date(self, day: dt.date) -> str:
        return day.strftime("%d.%m.%Y") if self.lang == "lv" else day.isoformat()

    def signed(self, amount: Decimal, money: bool) -> str:
        text = self.money(amount) if money else self.count(amount)
        return f"+{text}" if amount > 0 else text


#: A section a caller adds to the report: its heading, column headers and rows of text
#: (escaped here). The web adds what the engine does not know, e.g. saved budgets' overrides.
Section = tuple[str, Sequence[str], Sequence[Sequence[str]]]


def _cut(text: str, most: int = 500) -> str:
    """A reason as the report's table quotes it: at most `most` characters, then "…"
    (every reason is whole in the rows files)."""
    return text if len(text) <= most else text[:most] + "…"


def render(agg: Aggregator, lang: str = "lv", source_name: str = "",
           today: dt.date | None = None, extra: Sequence[Section] = ()) -> str:
    """The whole report as one HTML document (`extra` sections before the error rows)."""
    f = Formats(lang)
    t = {k: v[lang] for k, v in TEXT.items()}
    compared = agg.compared
    t["base"], t["reform"] = agg.names[0], agg.names[1]
    t["shift"] = t["shift"].format(base=agg.names[0], other=agg.names[1])
    tables = {table.key: table for table in agg.tables(lang)}
    series = [t["base"], t["reform"]] if compared else [t["base"]]
    dates = agg.dates_used()
    out = [f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
           '<meta name="viewport" content="width=device-width, initial-scale=1">'
           f"<title>{escape(t['title'])}</title><style>{STYLE}</style></head><body><main>",
           f"<h1>{escape(t['title'])}</h1>"]
    if compared and dates.alike:
        said = (t["alike"].format(date=f.date(dates.differs_from)) if dates.differs_from
                else t["alike_never"])
        out.append(f'<p class="alike"><strong>{escape(said)}</strong></p>')
    out.append('<table class="meta">')
    meta = [(t["source_file"], Path(source_name).name),
            (t["made"], f.date(today or dt.date.today())),
            (t["base_version"], f"{agg.names[0]} ({agg.base_book.version})")]
    if compared and agg.other_book is not None:
        meta.append((t["other_version"], f"{agg.names[1]} ({agg.other_book.version})"))
    meta += _dates_meta(agg, dates, f, t)
    meta += [(t["cases"], f.count(Decimal(agg.rows))),
             (t["budgets"], f.count(Decimal(agg.rows - agg.errors))),
             (t["errors"], f.count(Decimal(agg.errors)))]
    if compared:
        meta.append((t["changed"], f.count(Decimal(agg.changed))))
    out += [f'<tr><th scope="row">{escape(k)}</th><td>{escape(v)}</td></tr>'
            for k, v in meta]
    out.append("</table>")

    def chart(key: str, only: int | None = None) -> str:
        table = tables[key]
        fmt = f.money if table.money else f.count
        rows = [(label, [b] + ([r] if r is not None else []))
                for label, b, r in table.rows[:only]]
        return bar_chart(table.title, rows, series, fmt)

    if compared:
        shift = [(SOURCE_NAMES[s][lang], [agg.other.by_source[s] - agg.base.by_source[s]])
                 for s in SOURCES]
        out.append(f"<h2>{escape(t['shift'])}</h2>")
        out.append(bar_chart(t["shift"], shift, [t["difference"]],
                             lambda v: f.signed(v, True)))
    for key in ("by_source", "by_region", "by_target_group", "by_service", "support_levels",
                "monthly_bands", "counterfactual"):
        table = tables[key]
        out.append(f"<h2>{escape(table.title)}</h2>")
        out.append(chart(key, len(SOURCES) if key == "by_source" else None))
        out.append(_table(table, f, t, compared))
    for key in ("service_lines", "refusals"):
        out.append(f"<h2>{escape(tables[key].title)}</h2>")
        out.append(_table(tables[key], f, t, compared))
    if compared:
        out.append(f"<h2>{escape(tables['changed_by'].title)}</h2>")
        out.append(_table(tables["changed_by"], f, t, False))
        out.append(f"<h2>{escape(t['top'])}</h2>")
        out.append(_top(agg, f, t, lang))
    for heading, columns, rows in extra:
        out.append(f"<h2>{escape(heading)}</h2>")
        if not rows:
            out.append(f"<p>{t['none']}</p>")
            continue
        out.append("<table><tr>" + "".join(f'<th scope="col">{escape(c)}</th>' for c in columns)
                   + "</tr>" + "".join("<tr>" + "".join(f"<td>{escape(cell)}</td>"
                                                       for cell in row) + "</tr>"
                                       for row in rows) + "</table>")
    out.append(f"<h2>{escape(t['error_rows'])}</h2>")
    if agg.error_rows:
        out.append(f'<table><tr><th scope="col">{t["line"]}</th><th scope="col">{t["case"]}'
                   f'</th><th scope="col">{t["error"]}</th></tr>')
        out += [f"<tr><td>{row['line']}</td><td>{escape(str(row.get('case_id') or ''))}</td>"
                f"<td>{escape(_cut(row_reason(row, lang)))}</td></tr>" for row in agg.error_rows]
        out.append("</table>")
        if agg.errors > len(agg.error_rows):
            more = f.count(Decimal(agg.errors - len(agg.error_rows)))
            out.append(f"<p>{escape(t['more_errors'].format(n=more))}</p>")
    else:
        out.append(f"<p>{t['none']}</p>")
    out.append("</main></body></html>")
    return "\n".join(out)


def _dates_meta(agg: Aggregator, dates: DatesUsed, f: Formats, t: dict[str, str]
                ) -> list[tuple[str, str]]:
    """The header's lines on dates: the one day of every case (`--on`) or the range of the
    cases' own dates, and where each book changes between them."""
    if dates.first is None or dates.last is None:
        return []
    if agg.on is not None or dates.first == dates.last:
        lines = [(t["date_one"], t["date_all"].format(date=f.date(dates.first)))]
    else:
        lines = [(t["date_range"], t["date_own"].format(first=f.date(dates.first),
                                                        last=f.date(dates.last)))]
    if dates.first != dates.last:
        sides = [(agg.names[0], dates.base_changes)]
        if agg.compared:
            sides.append((agg.names[1], dates.other_changes))
        lines += [(t["changes_of"].format(name=name),
                   ", ".join(f.date(day) for day in days) or t["no_changes"])
                  for name, days in sides]
    return lines


def _table(table: Table, f: Formats, t: dict[str, str], compared: bool) -> str:
    fmt = f.money if table.money else f.count
    head = f"<tr><th>{escape(t['label'])}</th><th class=n>{escape(t['base'])}</th>"
    if compared:
        head += (f"<th class=n>{escape(t['reform'])}</th>"
                 f"<th class=n>{escape(t['difference'])}</th>")
    rows = [f"<table>{head}</tr>" if compared else
            f"<table><tr><th>{escape(t['label'])}</th><th class=n>"
            f"{escape(t['count'] if not table.money else t['base'])}</th></tr>"]
    for label, base, reform in table.rows:
        cells = f"<td>{escape(label)}</td><td class=n>{escape(fmt(base))}</td>"
        if compared:
            if reform is None:
                cells += "<td></td><td></td>"
            else:
                diff = reform - base
                css = "neg" if diff < 0 else "pos" if diff > 0 else ""
                cells += (f"<td class=n>{escape(fmt(reform))}</td>"
                          f'<td class="n {css}">{escape(f.signed(diff, table.money))}</td>')
        rows.append(f"<tr>{cells}</tr>")
    rows.append("</table>")
    return "".join(rows)


def _top(agg: Aggregator, f: Formats, t: dict[str, str], lang: str) -> str:
    rows = agg.most_changed()
    if not rows:
        return f"<p>{t['none']}</p>"
    head = (f"<tr><th>{t['line']}</th><th>{t['case']}</th><th>{t['region']}</th>"
            f"<th class=n>{t['base']}</th><th class=n>{t['reform']}</th>"
            + "".join(f"<th class=n>{escape(SOURCE_NAMES[s][lang])}</th>" for s in SOURCES)
            + f"<th>{t['causes']}</th></tr>")
    body = []
    for row in rows:
        region = agg.base_book.regions.get(row.get("region") or "", {}).get(lang, "")
        diffs = "".join(
            f"<td class=n>{escape(f.signed(Decimal(row['difference']['by_source'][s]), True))}"
            "</td>" for s in SOURCES)
        body.append(f"<tr><td>{row['line']}</td><td>{escape(str(row['case_id']))}</td>"
                    f"<td>{escape(region)}</td>"
                    f"<td class=n>{escape(f.money(Decimal(row['base'])))}</td>"
                    f"<td class=n>{escape(f.money(Decimal(row['reform'])))}</td>{diffs}"
                    f"<td>{escape(', '.join(row['changed_by']))}</td></tr>")
    return f"<table>{head}{''.join(body)}</table>"
