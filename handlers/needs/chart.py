"""The `!needs summary` chart: needs by category and status as horizontal stacked bars, a PNG readable on a
phone (coordinators would rather look than read). Rendered with matplotlib (the `charts` extra, in the image)
off the event loop; without matplotlib the summary is text only.
"""

from __future__ import annotations

import io
from collections import Counter

STATUSES = ("open", "in-progress", "addressed", "declined", "withdrawn", "merged")
COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#7f7f7f", "#bcbd22", "#9467bd")  # colour-blind-safe-ish, fixed


def available() -> bool:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def summary_png(by_category: Counter[tuple[str, str]], labels: dict[str, str]) -> tuple[bytes, int, int]:
    """(PNG bytes, width, height): one bar per category, busiest on top, stacked by status, counts written in."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure  # not pyplot: no global state, safe in a worker thread

    totals = Counter[str]()
    for (category, _status), count in by_category.items():
        totals[category] += count
    categories = [c for c, _ in sorted(totals.items(), key=lambda kv: (kv[1], kv[0]))]  # busiest drawn last = top
    used = [s for s in STATUSES if any(by_category.get((c, s)) for c in categories)]
    dpi, width_in = 150, 6.0
    height_in = 1.4 + 0.45 * len(categories)
    figure = Figure(figsize=(width_in, height_in), dpi=dpi)
    axes = figure.subplots()
    left = [0] * len(categories)
    for status in used:
        counts = [by_category.get((c, status), 0) for c in categories]
        bars = axes.barh([labels.get(c, c) for c in categories], counts, left=left, label=status,
                         color=COLOURS[STATUSES.index(status)])  # fmt: skip
        axes.bar_label(bars, labels=[str(n) if n else "" for n in counts], label_type="center", color="white",
                       fontsize=8)  # fmt: skip
        left = [a + b for a, b in zip(left, counts, strict=True)]
    axes.set_title("Needs by category and status", fontsize=11)
    axes.tick_params(axis="y", labelsize=9)
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.spines[["top", "right"]].set_visible(False)
    figure.legend(loc="lower center", ncols=min(len(used), 3), fontsize=8, frameon=False)
    figure.tight_layout(rect=(0, 0.12 if len(used) <= 3 else 0.18, 1, 1))
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue(), int(width_in * dpi), int(height_in * dpi)
