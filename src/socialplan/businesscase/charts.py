"""The business case's charts as deterministic SVG, drawn with
:mod:`socialplan.svgchart` (the same pieces as the rollout Gantt).

Each chart is fitted to its own data: the cash flow is two panels on one
time axis (monthly bars, then the cumulative net on a scale of its own, so
neither squashes the other), the tornado's labels wrap in a column of their
own, the NPV histogram copes with a single value or huge ones, and the
adoption legend flows into as many rows as the group names need. Plan text
is escaped; ids are prefixed with the chart's name so the four can sit
inline in one HTML page.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from socialplan.businesscase.analysis import BusinessCase
from socialplan.businesscase.context import Chart
from socialplan.businesscase.formatting import currency_prefix, money_short
from socialplan.svgchart import (
    INK,
    MUTED,
    RULE,
    SERIES,
    LegendEntry,
    Scale,
    Svg,
    legend,
    lines_height,
    nice_axis,
    text_width,
    wrap,
    x_axis,
    y_axis,
)

WIDTH = 720.0  # in px of the viewBox; the page scales it to the text width
LEFT = 70.0  # room for money tick labels ("-€12.3m")
RIGHT = 36.0  # room for the last tick label, centred on the right edge
SIZE = 11.0
LIGHT = "#d5dbe3"
TORNADO_BARS = 10
TORNADO_LABEL = 270.0  # the tornado's label column
HISTOGRAM_BINS = 50
ROWS = 3  # rows for the percentile labels above the histogram


@dataclass(frozen=True)
class Palette:
    primary: str
    accent: str

    def series(self, count: int) -> list[str]:
        """Distinct colours starting from the brand's own."""
        colours = [self.primary, self.accent, *SERIES]
        return [colours[i % len(colours)] for i in range(count)]


def inline_svg(svg: str, title: str) -> str:
    """The SVG element alone, scaled by CSS, labelled for screen readers."""
    start = svg.index("<svg")
    body = svg[start:]
    body = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r"<svg\1", body, count=1)
    safe = title.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    return body.replace("<svg", f'<svg role="img" aria-label="{safe}"', 1)


def _money(value: float, currency: str) -> str:
    """An amount for a chart: short (£12.3m), and in powers of ten from a
    trillion on, so even an absurd plan's labels stay a few characters."""
    if math.isfinite(value) and abs(value) >= 1e12:
        return f"{'-' if value < 0 else ''}{currency_prefix(currency)}{abs(value):.2g}"
    return money_short(value, currency)


def _year_ticks(months: int) -> list[tuple[float, str]]:
    return [(12.0 * y, "start" if y == 0 else f"year {y}") for y in range(months // 12 + 1)]


def _finite(values: Sequence[float] | NDArray[np.float64]) -> list[float]:
    return [float(v) for v in values if math.isfinite(float(v))]


def _plot_top(svg: Svg, y: float, title: str) -> float:
    """A panel's heading (what its scale measures); returns where the plot starts."""
    svg.text(LEFT - 64, y + SIZE, title, size=SIZE, fill=MUTED)
    return y + SIZE + 10


def cash_flow_chart(case: BusinessCase, palette: Palette, svg: Svg) -> float | None:
    figures = case.appraisal.leading.risk_adjusted
    benefits = np.nan_to_num(np.asarray(figures.monthly_benefits, dtype=float), posinf=0, neginf=0)
    costs = np.nan_to_num(np.asarray(figures.monthly_costs, dtype=float), posinf=0, neginf=0)
    months = len(costs)
    if months == 0:
        return None
    cumulative = np.cumsum(benefits - costs)
    currency = case.currency
    x0, x1 = LEFT, WIDTH - RIGHT
    x = Scale(0.0, float(months), x0, x1)
    entries = [LegendEntry("Benefits", palette.primary), LegendEntry("Costs", palette.accent),
               LegendEntry("Cumulative net cash flow (lower panel)", INK, "line")]
    y = 4 + legend(svg, entries, x0, 4, x1 - x0, size=SIZE) + 10

    # Panel 1: what comes in and goes out each month.
    top = _plot_top(svg, y, "Per month")
    bottom = top + 170
    bars = nice_axis(-float(costs.max(initial=0)), float(benefits.max(initial=0)), 5, include_zero=True)
    scale = Scale(bars.low, bars.high, bottom, top)
    y_axis(svg, scale, bars, x0, x1, lambda v: _money(v, currency))
    x_axis(svg, x, _year_ticks(months), top, bottom, labels=False, size=SIZE)
    step = (x1 - x0) / months
    zero = scale.at(0.0)
    svg.plot("per-month", bars.low, bars.high)
    for month in range(months):
        left = x.at(month) + 0.1 * step
        if benefits[month] > 0:
            svg.rect(left, scale.at(float(benefits[month])), 0.8 * step, zero - scale.at(float(benefits[month])),
                     palette.primary)
        if costs[month] > 0:
            svg.rect(left, zero, 0.8 * step, scale.at(-float(costs[month])) - zero, palette.accent)
    svg.end()
    svg.line(x0, zero, x1, zero, MUTED, 0.8)

    # Panel 2: the running total, on a scale fitted to it alone.
    top2 = _plot_top(svg, bottom + 14, "Cumulative net")
    bottom2 = top2 + 120
    points = [0.0, *(float(v) for v in cumulative)]
    running = nice_axis(min(points), max(points), 4, include_zero=True)
    scale2 = Scale(running.low, running.high, bottom2, top2)
    y_axis(svg, scale2, running, x0, x1, lambda v: _money(v, currency))
    x_axis(svg, x, _year_ticks(months), top2, bottom2, size=SIZE)
    svg.line(x0, scale2.at(0.0), x1, scale2.at(0.0), MUTED, 0.8)
    svg.plot("cumulative", running.low, running.high)
    svg.polyline(((x.at(m), scale2.at(v)) for m, v in enumerate(points)), INK, 2)
    svg.end()
    if figures.payback_month is not None:
        # The label sits in the heading row, above the bars, beside the
        # line (on its left when the right edge is too close).
        px = x.at(float(figures.payback_month))
        svg.line(px, top - SIZE - 6, px, bottom2, INK, 1, "2 3")
        label = f"payback, month {figures.payback_month}"
        width = text_width(label, SIZE)
        right = px + 4 + width <= x1 + RIGHT or px - 4 - width < LEFT
        svg.text(px + 4 if right else px - 4, top - 6, label, size=SIZE, fill=INK,
                 anchor="start" if right else "end")
    return bottom2 + SIZE + 12


def tornado_chart(case: BusinessCase, palette: Palette, svg: Svg) -> float | None:
    bars = list(case.tornado[:TORNADO_BARS])
    if not bars:
        return None
    base = case.appraisal.leading.risk_adjusted.npv
    currency = case.currency
    kinds = {"hours": "Hours saved", "annual": "Value", "cost": "Cost"}
    x0, x1 = TORNADO_LABEL + 12, WIDTH - RIGHT - 10
    entries = [LegendEntry("Estimate at its low value", palette.accent),
               LegendEntry("Estimate at its high value", palette.primary)]
    y = 4 + legend(svg, entries, x0, 4, x1 - x0, size=SIZE) + 10
    values = _finite([base, *(b.npv_low[1] for b in bars), *(b.npv_high[1] for b in bars)])
    axis = nice_axis(min(values), max(values), 5)
    scale = Scale(axis.low, axis.high, x0, x1)
    labels = [wrap(f"{kinds.get(b.driver.kind, b.driver.kind)}: {b.driver.label}", TORNADO_LABEL, SIZE,
                   max_lines=6) for b in bars]
    heights = [max(24.0, lines_height(len(lines), SIZE) + 10) for lines in labels]
    top, bottom = y, y + sum(heights)
    x_axis(svg, scale, [(t, _money(t, currency)) for t in axis.ticks], top, bottom, size=SIZE)
    row_top = top
    svg.plot("npv", axis.low, axis.high)
    for bar, lines, height in zip(bars, labels, heights, strict=True):
        mid = row_top + height / 2
        svg.text(0, mid - lines_height(len(lines), SIZE) / 2 + SIZE * 0.85, lines, size=SIZE)
        for value, colour, end in ((bar.npv_low[1], palette.accent, "low"),
                                   (bar.npv_high[1], palette.primary, "high")):
            if math.isfinite(value):
                tip = f"{bar.driver.label} at its {end} value: NPV {_money(value, currency)}"
                svg.rect(scale.at(base), mid - 8, scale.at(value) - scale.at(base), 16, colour, tip=tip)
        row_top += height
    svg.end()
    svg.line(scale.at(base), top - 4, scale.at(base), bottom, INK, 1.2)
    note = f"Risk-adjusted NPV (planned: {_money(base, currency)})"
    svg.text((x0 + x1) / 2, bottom + 2 * SIZE + 14, note, size=SIZE, fill=MUTED, anchor="middle")
    return bottom + 2 * SIZE + 22


def _histogram(samples: NDArray[np.float64]) -> tuple[NDArray[Any], float, float]:
    """Counts in HISTOGRAM_BINS bins over the finite samples, and the range.

    Binned in units of the largest magnitude, so values near the float limit
    (whose span overflows) bin as well as small ones; a single value gets a
    range of a tenth of it either side (room for distinct tick labels)."""
    lo, hi = float(np.min(samples)), float(np.max(samples))
    size = max(abs(lo), abs(hi))
    unit = size if size > 0 else 1.0
    if hi / unit - lo / unit < 1e-6:
        lo, hi = max(lo - 0.1 * unit, -sys.float_info.max), min(hi + 0.1 * unit, sys.float_info.max)
    counts, _ = np.histogram(samples / unit, bins=HISTOGRAM_BINS, range=(lo / unit, hi / unit))
    return counts, lo, hi


def _percent(value: float) -> str:
    text = f"{value * 100:.1f}"
    return (text[:-2] if text.endswith(".0") else text) + "%"


def distribution_chart(case: BusinessCase, palette: Palette, svg: Svg) -> float | None:
    sim = case.simulation
    if sim is None:
        return None
    outcome = sim.risk_adjusted
    samples = np.asarray(outcome.samples, dtype=float)
    samples = samples[np.isfinite(samples)]
    if samples.size == 0:
        return None
    counts, lo, hi = _histogram(samples)
    share = counts / samples.size
    x0, x1 = LEFT, WIDTH - RIGHT
    half = hi / 2 - lo / 2  # added twice: hi - lo itself may overflow
    edges = [lo + half * (i / HISTOGRAM_BINS) + half * (i / HISTOGRAM_BINS) for i in range(HISTOGRAM_BINS + 1)]
    losses = any(c > 0 and edges[i] < 0 for i, c in enumerate(counts))
    gains = any(c > 0 and edges[i] >= 0 for i, c in enumerate(counts))
    entries = [*([LegendEntry("NPV at or above zero", palette.primary)] if gains else []),
               *([LegendEntry("NPV below zero", palette.accent)] if losses else []),
               LegendEntry("P10, P50, P90 (10th, 50th, 90th percentiles)", INK, "dash")]
    y = 4 + legend(svg, entries, x0, 4, x1 - x0, size=SIZE) + 8
    top = _plot_top(svg, y, "Share of simulations") + ROWS * (SIZE + 4)  # room for the percentile labels
    bottom = top + 180
    axis_x = nice_axis(lo, hi, 6)
    x = Scale(axis_x.low, axis_x.high, x0, x1)
    axis_y = nice_axis(0.0, float(np.max(share)), 4, include_zero=True)
    y_scale = Scale(axis_y.low, axis_y.high, bottom, top)
    y_axis(svg, y_scale, axis_y, x0, x1, _percent)
    x_axis(svg, x, [(t, _money(t, case.currency)) for t in axis_x.ticks], top, bottom, grid=False, size=SIZE)
    svg.plot("npv", axis_x.low, axis_x.high)
    for i, value in enumerate(share):
        if value <= 0:
            continue
        left, right = x.at(edges[i]), x.at(edges[i + 1])
        svg.rect(left, y_scale.at(float(value)), max(right - left, 0.5), bottom - y_scale.at(float(value)),
                 palette.primary if edges[i] >= 0 else palette.accent, tip=_percent(float(value)))
    svg.end()
    svg.line(x0, bottom, x1, bottom, RULE, 1)
    if axis_x.low < 0 < axis_x.high:
        svg.line(x.at(0.0), top, x.at(0.0), bottom, palette.accent, 1.2)
    # Percentiles that round to the same amount share one label ("P10 = P50
    # £1.2m"); labels that would overlap go on the next of ROWS rows.
    marks: dict[str, tuple[float, list[str]]] = {}
    for value, name in ((outcome.p10, "P10"), (outcome.p50, "P50"), (outcome.p90, "P90")):
        if math.isfinite(value):
            marks.setdefault(_money(value, case.currency), (value, []))[1].append(name)
    placed: list[list[tuple[float, float]]] = [[] for _ in range(ROWS)]  # label extents on each row
    for amount, (value, names) in marks.items():
        px = x.at(value)
        svg.line(px, top - 2, px, bottom, INK, 1, "4 3")
        label = f"{' = '.join(names)} {amount}"
        half = text_width(label, SIZE) / 2 + 3
        centre = min(max(px, x0 + half), x1 - half)
        row = next((r for r in reversed(range(ROWS))  # the row nearest the bars first
                    if all(centre + half < a or centre - half > b for a, b in placed[r])), ROWS - 1)
        placed[row].append((centre - half, centre + half))
        svg.text(centre, top - 6 - (ROWS - 1 - row) * (SIZE + 4), label, size=SIZE, fill=INK, anchor="middle")
    svg.text((x0 + x1) / 2, bottom + 2 * SIZE + 14, "Risk-adjusted NPV", size=SIZE, fill=MUTED, anchor="middle")
    return bottom + 2 * SIZE + 22


def adoption_chart(case: BusinessCase, palette: Palette, svg: Svg) -> float | None:
    adoption = case.appraisal.adoption
    adopters = np.nan_to_num(np.asarray(adoption.adopters, dtype=float), posinf=0, neginf=0)
    if not adoption.groups or not adopters.any():
        return None
    months = adoption.months
    order = [int(i) for i in np.argsort([-g.headcount for g in adoption.groups], kind="stable")]
    colours = palette.series(len(order))
    stacked = np.cumsum(adopters[order], axis=0)
    x0, x1 = LEFT, WIDTH - RIGHT
    x = Scale(0.0, float(months), x0, x1)
    top = _plot_top(svg, 4, "Adopters")
    bottom = top + 200
    axis = nice_axis(0.0, float(np.max(stacked[-1])), 5, include_zero=True)
    y = Scale(axis.low, axis.high, bottom, top)
    # The pilots' months before launch: from month 0 unless the rollout
    # schedule starts them later (research and preparation come first).
    windows = case.appraisal.inputs.pilots.values()
    first = min((w.first for w in windows), default=0) if case.timing.scheduled else 0
    if adoption.launch_month > first:
        svg.rect(x.at(first), top, x.at(adoption.launch_month) - x.at(first), bottom - top, LIGHT,
                 extra=' opacity="0.6"')
        svg.text((x.at(first) + x.at(adoption.launch_month)) / 2, top + SIZE + 2, "pilot", size=SIZE,
                 fill=MUTED, anchor="middle")
    y_axis(svg, y, axis, x0, x1, lambda v: f"{v:,.0f}")
    # Adopters counted in month m are those by its end: the curve reaches
    # them at x = m + 1, from nobody at the start.
    xs = [x.at(float(m)) for m in range(months + 1)]
    below = [y.at(0.0)] * (months + 1)
    svg.plot("adopters", axis.low, axis.high)
    for row, colour, index in zip(stacked, colours, order, strict=True):
        above = [y.at(0.0), *(y.at(float(v)) for v in row)]
        outline = list(zip(xs, above, strict=True)) + list(zip(reversed(xs), reversed(below), strict=True))
        svg.polygon(outline, colour, extra=' opacity="0.92"', tip=adoption.groups[index].label)
        below = above
    svg.end()
    svg.line(x0, bottom, x1, bottom, RULE, 1)
    x_axis(svg, x, _year_ticks(months), top, bottom, grid=False, size=SIZE)
    entries = [LegendEntry(adoption.groups[i].label, c) for i, c in zip(order, colours, strict=True)]
    used = legend(svg, entries, x0, bottom + SIZE + 16, x1 - x0, size=SIZE)
    return bottom + SIZE + 16 + used + 8


Draw = Callable[[BusinessCase, Palette, Svg], float | None]
CHARTS: dict[str, tuple[str, str, Draw]] = {
    "cash-flow": ("Cash flow, month by month (risk-adjusted)",
                  "Monthly benefits and costs of the leading option with the cumulative net cash flow",
                  cash_flow_chart),
    "tornado": ("Sensitivity of NPV to each estimate",
                "Tornado chart: risk-adjusted NPV with each estimate at its low and high value",
                tornado_chart),
    "npv-distribution": ("Distribution of NPV over the simulations",
                         "Histogram of the simulated risk-adjusted NPV with P10, P50 and P90 marked",
                         distribution_chart),
    "adoption": ("Adoption by stakeholder group", "Stacked adopters per stakeholder group, month by month",
                 adoption_chart),
}


def draw_charts(case: BusinessCase, palette: Palette, keys: Sequence[str] | None = None) -> dict[str, Chart]:
    """Every chart that has something to show, as standalone SVG text."""
    out: dict[str, Chart] = {}
    for key in keys or CHARTS:
        title, alt, draw = CHARTS[key]
        svg = Svg(key, WIDTH, title, alt)
        height = draw(case, palette, svg)
        if height is None:
            continue
        out[key] = Chart(key, title, alt, svg=svg.render(height))
    return out
