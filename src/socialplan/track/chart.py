"""The forecast-against-actual chart of one group, drawn with
:mod:`socialplan.svgchart` like every other report chart."""

from __future__ import annotations

from socialplan.svgchart import MUTED, RULE, SERIES, LegendEntry, Scale, Svg, legend, nice_axis, num, x_axis, y_axis
from socialplan.track.analysis import GroupTrack

WIDTH = 640.0
FORECAST, REFIT, ACTUAL = SERIES[3], SERIES[1], SERIES[2]


def group_chart(group: GroupTrack, launch_month: int, key: str) -> str:
    """Forecast (line), re-forecast (dashes) and actual (dots) per month, from
    the month before launch to the last month with data plus a year."""
    with_data = [m.index for m in group.months if m.actual is not None]
    first = max(0, launch_month - 1)
    last = min(len(group.months) - 1, max(with_data, default=launch_month) + 12)
    months = [m for m in group.months if first <= m.index <= last]
    values = [m.forecast for m in months] + [m.actual or 0 for m in months] + [m.reforecast or 0 for m in months]
    axis = nice_axis(0.0, max([*values, 1.0]), include_zero=True)
    left, right, top, plot_height = 56.0, WIDTH - 12.0, 12.0, 200.0
    svg = Svg(key, WIDTH, f"{group.name}: adoption against forecast",
              f"Forecast, re-forecast and active users per month of {group.name}.")
    x = Scale(float(first), float(max(last, first + 1)), left, right)
    y = Scale(axis.low, axis.high, top + plot_height, top)
    y_axis(svg, y, axis, left, right, lambda v: f"{v:,.0f}")
    ticks = [(float(m.index), m.month) for m in months if (m.index - first) % 3 == 0]
    x_axis(svg, x, ticks, top, top + plot_height, grid=False)
    svg.line(left, top + plot_height, right, top + plot_height, RULE)
    launch_x = x.at(float(launch_month))
    svg.line(launch_x, top, launch_x, top + plot_height, MUTED, 1, "4 3")
    svg.text(launch_x + 4, top + 11, "launch", size=10, fill=MUTED)
    svg.plot("users", axis.low, axis.high)
    svg.polyline(((x.at(m.index), y.at(m.forecast)) for m in months), FORECAST, 2)
    refit = [m for m in months if m.reforecast is not None]
    if refit:
        coords = " ".join(f"{num(x.at(m.index))},{num(y.at(m.reforecast or 0))}" for m in refit)
        svg.add(f'<polyline points="{coords}" fill="none" stroke="{REFIT}" stroke-width="2" '
                'stroke-dasharray="5 3"/>')
    for m in months:
        if m.actual is None:
            continue
        fill = ACTUAL if m.complete else "#ffffff"
        svg.add(f'<circle cx="{num(x.at(m.index))}" cy="{num(y.at(m.actual))}" r="4" fill="{fill}" '
                f'stroke="{ACTUAL}" stroke-width="1.5"><title>{m.month}: {m.actual:,} active, forecast '
                f'{m.forecast:,.0f}</title></circle>')
    svg.end()
    height = top + plot_height + 30
    used = legend(svg, [LegendEntry("forecast (the plan)", FORECAST, "line"),
                        LegendEntry("re-forecast (fitted to the actuals)", REFIT, "dash"),
                        LegendEntry("active users (hollow: month still running)", ACTUAL)],
                  left, height, right - left)
    return svg.render(height + used + 6)
