"""Who pays: a stacked horizontal bar as inline SVG, drawn on the server (no JavaScript)."""

from __future__ import annotations

from decimal import Decimal
from html import escape

COLOURS = {"esf": "#1f5fa8", "state": "#8a1538", "municipality": "#3c8d40",
           "client": "#d98c1a", "maintainers": "#6b4c9a"}


def stacked_bar(amounts: dict[str, Decimal], labels: dict[str, str], width: int = 640) -> str:
    total = sum(amounts.values(), Decimal("0"))
    height, bar = 70, 28
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
             f'viewBox="0 0 {width} {height}" width="100%">']
    x = Decimal("0")
    legend_x = 0
    for source, colour in COLOURS.items():
        amount = amounts.get(source, Decimal("0"))
        if total > 0 and amount > 0:
            w = amount / total * width
            parts.append(f'<rect x="{x:.2f}" y="0" width="{w:.2f}" height="{bar}" '
                         f'fill="{colour}"><title>{escape(labels[source])}: {amount}</title>'
                         f"</rect>")
            x += w
        parts.append(f'<rect x="{legend_x}" y="{bar + 14}" width="12" height="12" '
                     f'fill="{colour}"/><text x="{legend_x + 16}" y="{bar + 24}" '
                     f'font-size="12">{escape(labels[source])} {amount}</text>')
        legend_x += width // 5
    if total <= 0:
        parts.append(f'<rect x="0" y="0" width="{width}" height="{bar}" fill="#ddd"/>')
    parts.append("</svg>")
    return "".join(parts)
