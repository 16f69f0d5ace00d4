"""Bar charts as inline SVG: a report must open offline, with no script, font or image file.

One kind of chart serves every figure of the report: horizontal bars, one group per row,
one bar per series (base, reform), with negative values drawn left of the axis (the shift
between payers). Values are formatted by the caller (Latvian money on Latvian pages).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from html import escape

SERIES_COLOURS = ("#1f5fa8", "#d98c1a", "#3c8d40", "#8a1538")
NEGATIVE_COLOUR = "#b03a2e"
LABEL_WIDTH = 300
BAR = 16
GAP = 10
WIDTH = 900


def bar_chart(title: str, rows: Sequence[tuple[str, Sequence[Decimal]]],
              series: Sequence[str], fmt: Callable[[Decimal], str]) -> str:
    """A horizontal grouped bar chart; `rows` are (label, one value per series)."""
    values = [v for _, vs in rows for v in vs]
    top = max([v for v in values if v > 0], default=Decimal(0))
    bottom = min([v for v in values if v < 0], default=Decimal(0))
    span = (top - bottom) or Decimal(1)
    plot = WIDTH - LABEL_WIDTH - 130
    zero = LABEL_WIDTH + float(-bottom / span) * plot
    legend = 22 if len(series) > 1 else 0
    group = BAR * len(series) + GAP
    height = 8 + legend + group * len(rows) + 10
    out = [f'<svg role="img" viewBox="0 0 {WIDTH} '
           f'{height}" width="100%" class="chart"><title>{escape(title)}</title>']
    if len(series) > 1:
        x = LABEL_WIDTH
        for index, name in enumerate(series):
            out.append(f'<rect x="{x}" y="6" width="12" height="12" '
                       f'fill="{SERIES_COLOURS[index % len(SERIES_COLOURS)]}"/>'
                       f'<text x="{x + 16}" y="16" font-size="12">{escape(name)}</text>')
            x += 16 + 8 * len(name) + 24
    y = 8 + legend
    for label, vs in rows:
        out.append(f'<text x="{LABEL_WIDTH - 6}" y="{y + group / 2 + 2:.0f}" font-size="12" '
                   f'text-anchor="end">{escape(_short(label))}</text>')
        for index, value in enumerate(vs):
            w = float(abs(value) / span) * plot
            x0 = zero if value >= 0 else zero - w
            colour = (SERIES_COLOURS[index % len(SERIES_COLOURS)] if value >= 0 or len(vs) > 1
                      else NEGATIVE_COLOUR)
            by = y + index * BAR
            out.append(f'<rect x="{x0:.1f}" y="{by}" width="{max(w, 0.5):.1f}" '
                       f'height="{BAR - 2}" fill="{colour}"><title>{escape(label)}: '
                       f'{escape(fmt(value))}</title></rect>')
            # A negative bar's value is written right of the axis, clear of the row labels.
            tx = (x0 + w + 4) if value >= 0 else (zero + 4)
            out.append(f'<text x="{tx:.1f}" y="{by + BAR - 4}" font-size="11">'
                       f'{escape(fmt(value))}</text>')
        y += group
    out.append(f'<line x1="{zero:.1f}" y1="{8 + legend - 2}" x2="{zero:.1f}" '
               f'y2="{y}" stroke="#444" stroke-width="1"/></svg>')
    return "".join(out)


def _short(label: str, limit: int = 46) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
