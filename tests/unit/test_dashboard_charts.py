"""The dashboard's SVG charts: labels escaped, bars proportional, a legend that wraps instead of running off."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from handlers.dashboard.charts import WIDTH, bar_chart, legend_places
from handlers.dashboard.server import SignInLimiter


def test_labels_are_escaped_and_bars_are_proportional() -> None:
    svg = bar_chart("Needs <by> category", [("<script>x</script>", [2, 1]), ("Financing & funds", [1, 0])], ["a", "b"])
    root = ET.fromstring(svg)  # well-formed XML: nothing a label says can break out
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "<script>x</script>" in texts and "Financing & funds" in texts and "<script>" not in svg
    widths = [float(w) for w in re.findall(r'<rect x="[\d.]+" y="\d+" width="([\d.]+)" height="22"', svg)]
    assert widths[0] == 2 * widths[1] == 2 * widths[2]  # 2 and 1 of the first row, 1 of the second


def test_the_legend_wraps_inside_the_chart() -> None:
    places = legend_places([f"status number {i}" for i in range(8)], top=100)
    assert all(x + 28 + 7 * len(name) <= WIDTH or x == 8 for name, x, _ in places)
    assert len({y for _, _, y in places}) > 1
    svg = bar_chart("t", [("x", [1])], [name for name, _, _ in places])
    height = float(re.search(r'viewBox="0 0 \d+ (\d+)"', svg).group(1))  # type: ignore[union-attr]
    boxes = [(float(x), float(y)) for x, y in re.findall(r'<rect x="([\d.]+)" y="([\d.]+)" width="12"', svg)]
    assert len(boxes) == 8 and all(y + 12 <= height and x + 12 <= WIDTH for x, y in boxes)


def test_sign_ins_are_limited_per_address_per_minute() -> None:
    limiter = SignInLimiter(3)
    assert [limiter.allow("1.2.3.4", now=t) for t in (0, 1, 2, 3)] == [True, True, True, False]
    assert limiter.allow("5.6.7.8", now=3)  # another address is not slowed
    assert limiter.allow("1.2.3.4", now=61.5)  # a minute later
