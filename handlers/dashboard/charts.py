"""Charts as server-rendered SVG: no script, no CDN, nothing for the Content-Security-Policy to allow. Labels
are escaped (category names, months and languages come from data); each chart carries a title for screen readers
and the figures as text beside the bars."""

from __future__ import annotations

import zlib
from html import escape

BAR, GAP, LABEL, WIDTH = 22, 6, 190, 640
COLOURS = ("#2f6db5", "#7fa7d9", "#b8cde9", "#e0a040", "#c05050", "#888888")


def legend_places(names: list[str], top: int) -> list[tuple[str, int, int]]:
    """(name, x, y) of each legend entry, wrapped onto further lines rather than running off the chart."""
    places, x, y = [], 8, top
    for name in names:
        width = 28 + 7 * len(name)
        if x + width > WIDTH and x > 8:
            x, y = 8, y + 18
        places.append((name, x, y))
        x += width
    return places


def bar_chart(title: str, rows: list[tuple[str, list[int]]], legend: list[str] | None = None) -> str:
    """Horizontal bars, stacked when a row has several values (one per `legend` entry)."""
    top = max((sum(values) for _, values in rows), default=0) or 1
    legend_at = legend_places(legend or [], top=len(rows) * (BAR + GAP) + 10)
    height = (max(y for _, _, y in legend_at) + 20) if legend_at else len(rows) * (BAR + GAP) + 8
    scale = (WIDTH - LABEL - 60) / top
    key = zlib.crc32(title.encode())
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'class="chart" aria-labelledby="t-{key}">',
        f'<title id="t-{key}">{escape(title)}</title>',
    ]
    for index, (label, values) in enumerate(rows):
        y = index * (BAR + GAP) + 4
        parts.append(
            f'<text x="{LABEL - 8}" y="{y + BAR - 6}" text-anchor="end" class="label">{escape(label[:28])}</text>'
        )
        x = float(LABEL)
        for part, value in enumerate(values):
            width = value * scale
            if width > 0:
                colour = COLOURS[part % len(COLOURS)]
                parts.append(f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{BAR}" fill="{colour}"/>')
            x += width
        parts.append(f'<text x="{x + 6:.1f}" y="{y + BAR - 6}" class="value">{sum(values)}</text>')
    for part, (name, x, y) in enumerate(legend_at):
        colour = COLOURS[part % len(COLOURS)]
        parts.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{x + 16}" y="{y + 11}" class="legend">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)
