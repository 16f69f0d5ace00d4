"""Who pays each month: a stacked horizontal bar as inline SVG, drawn on the server.

Only sources that pay something are drawn and listed; the legend is one row per source, so
labels never overlap whatever their length in either language; the SVG's accessible name
says the whole split in words (a screen reader gets what the eye gets).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from html import escape

COLOURS = {"esf": "#1f5fa8", "state": "#8a1538", "municipality": "#3c8d40",
           "client": "#b86e00", "maintainers": "#6b4c9a"}


def stacked_bar(amounts: dict[str, Decimal], labels: dict[str, str], title: str,
                money: Callable[[Decimal], str], width: int = 640) -> str:
    total = sum(amounts.values(), Decimal("0"))
    paying = [(s, amounts[s]) for s in COLOURS if amounts.get(s, Decimal("0")) > 0]
    bar, row = 28, 20
    height = bar + 12 + row * max(len(paying), 1)
    described = "; ".join(f"{labels[s]} {money(a)}" for s, a in paying) or money(Decimal("0"))
    name = escape(f"{title}: {described}")
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
             f'aria-label="{name}" viewBox="0 0 {width} {height}" width="100%">'
             f"<title>{name}</title>"]
    x = Decimal("0")
    for index, (source, amount) in enumerate(paying):
        w = amount / total * width
        parts.append(f'<rect x="{x:.2f}" y="0" width="{w:.2f}" height="{bar}" '
                     f'fill="{COLOURS[source]}"/>')
        x += w
        y = bar + 12 + row * index
        share = (amount / total * 100).quantize(Decimal("1"))
        parts.append(f'<rect x="0" y="{y}" width="12" height="12" fill="{COLOURS[source]}"/>'
                     f'<text x="18" y="{y + 11}" font-size="13">'
                     f"{escape(labels[source])}: {escape(money(amount))} ({share} %)</text>")
    if not paying:
        parts.append(f'<rect x="0" y="0" width="{width}" height="{bar}" fill="#ddd"/>')
    parts.append("</svg>")
    return "".join(parts)


def step_chart(series: dict[str, list[tuple[dt.date, Decimal]]], until: dt.date,
               unit: str, width: int = 640, height: int = 220, *, label: str = "",
               shown: Callable[[Decimal], str] = str) -> str:
    """A parameter's history: each value holds from its date until the next (a step line).

    Server-drawn SVG, so the page needs no script and prints as it shows. `label` names
    the chart for a screen reader (its `aria-label` and `<title>`; the page's history table
    is the text alternative), `shown` writes the axis's top value in the page's format."""
    points = [p for values in series.values() for p in values]
    if not points:
        return ""
    start = min(d for d, _ in points)
    end = max(until, max(d for d, _ in points) + dt.timedelta(days=365))
    top = max(v for _, v in points) or Decimal(1)
    left, bottom, right, upper = 56, height - 28, width - 8, 12
    span = (end - start).days or 1

    def x(day: dt.date) -> float:
        return left + (day - start).days / span * (right - left)

    def y(value: Decimal) -> float:
        return float(bottom - value / (top * Decimal("1.1")) * (bottom - upper))

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
             f'aria-label="{escape(label)}" viewBox="0 0 {width} {height}" width="100%">'
             if label else
             f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
             f'viewBox="0 0 {width} {height}" width="100%">',
             f"<title>{escape(label)}</title>" if label else "",
             f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#999"/>',
             f'<line x1="{left}" y1="{upper}" x2="{left}" y2="{bottom}" stroke="#999"/>',
             f'<text x="4" y="{upper + 10}" font-size="11">{escape(shown(top))} {escape(unit)}'
             f"</text>"]
    for year in range(start.year + 1, end.year + 1):
        at = x(dt.date(year, 1, 1))
        parts.append(f'<text x="{at:.1f}" y="{height - 10}" font-size="10" '
                     f'text-anchor="middle">{year}</text>')
    colours = list(COLOURS.values())
    for number, (label, values) in enumerate(series.items()):
        colour = colours[number % len(colours)]
        path: list[str] = []
        for index, (day, value) in enumerate(values):
            following = values[index + 1][0] if index + 1 < len(values) else end
            path.append(f"M{x(day):.1f},{y(value):.1f} H{x(following):.1f}")
            if index + 1 < len(values):
                path.append(f"V{y(values[index + 1][1]):.1f}")
        parts.append(f'<path d="{" ".join(path)}" fill="none" stroke="{colour}" '
                     f'stroke-width="2"><title>{escape(label)}</title></path>')
        if len(series) > 1:
            parts.append(f'<text x="{left + 8 + number * 120}" y="{upper + 4}" font-size="11" '
                         f'fill="{colour}">{escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)
