"""The evidence report's charts, per stakeholder group, drawn with
:mod:`socialplan.svgchart`: the ADKAR profile of the latest wave (with the
barrier threshold), how respondents' own barrier points are spread, and
each element's mean across the waves."""

from __future__ import annotations

import datetime as dt
import math

from socialplan.evidence.spec import ELEMENTS
from socialplan.svgchart import MUTED, RULE, SERIES, TEXT, Scale, Svg, nice_axis, num, y_axis

WIDTH = 300.0
HEIGHT = 190.0
LEFT, RIGHT, TOP, BOTTOM = 34.0, 10.0, 14.0, 40.0
# Short enough to sit under a bar at 10px.
LABELS = {"awareness": "aware", "desire": "desire", "knowledge": "knowl.", "ability": "ability",
          "reinforcement": "reinf."}


def profile(key: str, group: str, means: dict[str, float | None], threshold: float, scale: tuple[int, int]) -> str:
    """Bars of the latest wave's mean per element; the dashed line is the threshold."""
    low, high = scale
    svg = Svg(key, WIDTH, f"ADKAR profile of {group}",
              f"Mean rating per element on a {low}-{high} scale; at or below {threshold:g} is a barrier.")
    axis = nice_axis(low, high, 4)
    y = Scale(axis.low, axis.high, HEIGHT - BOTTOM, TOP)
    y_axis(svg, y, axis, LEFT, WIDTH - RIGHT, lambda v: f"{v:g}", size=10)
    slot = (WIDTH - LEFT - RIGHT) / len(ELEMENTS)
    svg.plot("profile", axis.low, axis.high)
    for i, element in enumerate(ELEMENTS):
        value = means.get(element)
        x = LEFT + i * slot + slot * 0.2
        if value is not None and math.isfinite(value):
            colour = SERIES[2] if value <= threshold else SERIES[0]
            svg.rect(x, y.at(value), slot * 0.6, y.at(axis.low) - y.at(value), colour,
                     tip=f"{element}: {value:.2f}")
        svg.text(x + slot * 0.3, HEIGHT - BOTTOM + 14, LABELS[element], size=10, fill=MUTED, anchor="middle")
    svg.end()
    svg.line(LEFT, y.at(threshold), WIDTH - RIGHT, y.at(threshold), TEXT, 1.0, dash="4 3")
    svg.text(LEFT, HEIGHT - 8, f"dashed: barrier threshold {threshold:g}", size=10, fill=MUTED)
    return svg.render(HEIGHT)


def barriers(key: str, group: str, shares: dict[str, float]) -> str:
    """Horizontal bars: the share of respondents whose own barrier point is each element."""
    keys = [*ELEMENTS, "none"]
    row = 22.0
    height = TOP + row * len(keys) + 10
    label_width = 92.0
    svg = Svg(key, WIDTH, f"Barrier points in {group}",
              "The share of respondents whose own first barrier is each ADKAR element.")
    x = Scale(0.0, 1.0, label_width, WIDTH - RIGHT - 34)
    svg.plot("barriers", 0.0, 1.0)
    for i, name in enumerate(keys):
        share = shares.get(name, 0.0)
        top = TOP + i * row
        svg.text(label_width - 6, top + row * 0.65, name, size=10, fill=MUTED, anchor="end")
        colour = SERIES[5] if name == "none" else SERIES[i % len(SERIES)]
        svg.rect(x.at(0.0), top + 3, x.at(share) - x.at(0.0), row - 8, colour, tip=f"{name}: {share:.0%}")
        svg.text(x.at(share) + 4, top + row * 0.65, f"{share:.0%}", size=10, fill=TEXT)
    svg.end()
    svg.line(x.at(0.0), TOP, x.at(0.0), TOP + row * len(keys), RULE)
    return svg.render(height)


def trend(key: str, group: str, waves: list[tuple[dt.date, dict[str, float | None]]], scale: tuple[int, int]) -> str:
    """One line per element across the waves (a dot per wave)."""
    low, high = scale
    svg = Svg(key, WIDTH, f"ADKAR trend of {group}", "Mean rating per element in each survey wave.")
    axis = nice_axis(low, high, 4)
    y = Scale(axis.low, axis.high, HEIGHT - BOTTOM, TOP)
    y_axis(svg, y, axis, LEFT, WIDTH - RIGHT, lambda v: f"{v:g}", size=10)
    count = len(waves)
    x = Scale(0.0, max(count - 1, 1), LEFT + 20, WIDTH - RIGHT - 20)
    for i, (date, _) in enumerate(waves):
        svg.text(x.at(i), HEIGHT - BOTTOM + 14, date.isoformat(), size=10, fill=MUTED, anchor="middle")
    svg.plot("trend", axis.low, axis.high)
    for e, element in enumerate(ELEMENTS):
        points = [(x.at(i), y.at(v)) for i, (_, means) in enumerate(waves)
                  if (v := means.get(element)) is not None]
        if len(points) > 1:
            svg.polyline(points, SERIES[e])
        for px, py in points:
            svg.add(f'<circle cx="{num(px)}" cy="{num(py)}" r="3" fill="{SERIES[e]}"/>')
    svg.end()
    legend_x = LEFT
    for e, element in enumerate(ELEMENTS):
        svg.rect(legend_x, HEIGHT - 17, 9, 9, SERIES[e])
        svg.text(legend_x + 12, HEIGHT - 9, LABELS[element], size=9, fill=MUTED)
        legend_x += 52
    return svg.render(HEIGHT)
