"""The report's charts as deterministic SVG, drawn with matplotlib.

matplotlib is imported here, inside the functions, only when a chart is
drawn. The SVG is reproducible byte for byte: no date in the metadata, a
fixed hash salt for clip-path ids, and every id prefixed with the chart's
name so several charts can sit inline in one HTML page without clashing.
Text stays text (``svg.fonttype: none``) so it is crisp, searchable and
small; matplotlib escapes it for XML, and mathtext is switched off so a
``$`` in plan text is never read as mathematical notation.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from socialplan.businesscase.analysis import BusinessCase
from socialplan.businesscase.context import Chart
from socialplan.businesscase.formatting import money_short

WIDTH_IN = 7.0  # fits the text width of an A4 page with 20 mm margins
FONT = ["DejaVu Sans", "Helvetica", "Arial", "Liberation Sans"]
GREY = "#5f6b7a"
LIGHT = "#d5dbe3"
TORNADO_BARS = 10
LABEL_CHARS = 48


@dataclass(frozen=True)
class Palette:
    primary: str
    accent: str

    def series(self, count: int) -> list[str]:
        """Distinct colours starting from the brand's own."""
        extra = ["#4e8f6b", "#8c5ba6", "#c0504d", "#3f8fbf", "#b5a033", "#6b6b6b", "#d17fa8", "#2f6f6f"]
        colours = [self.primary, self.accent, *extra]
        return [colours[i % len(colours)] for i in range(count)]


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _rc() -> dict[str, Any]:
    return {
        "svg.hashsalt": "socialplan",
        "svg.fonttype": "none",
        "svg.id": None,
        "font.family": "sans-serif",
        "font.sans-serif": FONT,
        "font.size": 8.5,
        "axes.edgecolor": LIGHT,
        "axes.labelcolor": GREY,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "xtick.color": GREY,
        "ytick.color": GREY,
        "legend.frameon": False,
        "path.simplify": True,
        "text.parse_math": False,  # plan text is never mathematical notation
    }


_ID = re.compile(r'\bid="([^"]+)"')
_REF = re.compile(r'(url\(#|href="#)([^")]+)')
_COMMENT = re.compile(r"<!--.*?-->\s*", re.S)


def svg_text(figure: Any, key: str) -> str:
    """The figure as standalone SVG with ids unique to ``key``."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "socialplan"})
    svg = _COMMENT.sub("", buffer.getvalue())
    svg = _ID.sub(lambda m: f'id="{key}-{m.group(1)}"', svg)
    return _REF.sub(lambda m: f"{m.group(1)}{key}-{m.group(2)}", svg)


def inline_svg(svg: str, title: str) -> str:
    """The SVG element alone, scaled by CSS, labelled for screen readers."""
    start = svg.index("<svg")
    body = svg[start:]
    body = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r"<svg\1", body, count=1)
    safe = title.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    return body.replace("<svg", f'<svg role="img" aria-label="{safe}"', 1)


def _money_axis(axis: Any, currency: str) -> None:
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(lambda v, _pos: money_short(v, currency)))


def _month_axis(ax: Any, months: int) -> None:
    years = months // 12
    ax.set_xlim(0, months)
    ax.set_xticks([12 * y for y in range(years + 1)])
    ax.set_xticklabels([f"month {12 * y}" if y == 0 else f"year {y}" for y in range(years + 1)])


def cash_flow_chart(case: BusinessCase, palette: Palette) -> Any:
    from matplotlib.figure import Figure

    figures = case.appraisal.leading.risk_adjusted
    months = len(figures.monthly_costs)
    x = np.arange(months) + 0.5
    fig = Figure(figsize=(WIDTH_IN, 3.0))
    ax = fig.add_subplot()
    ax.bar(x, figures.monthly_benefits, width=0.8, color=palette.primary, label="Benefits")
    ax.bar(x, -figures.monthly_costs, width=0.8, color=palette.accent, label="Costs")
    cumulative = np.cumsum(figures.monthly_net)
    line_ax = ax.twinx()
    line_ax.plot(x, cumulative, color="#1d1d1d", linewidth=1.6, label="Cumulative net (right scale)")
    line_ax.axhline(0, color=LIGHT, linewidth=0.8)
    line_ax.spines["right"].set_visible(True)
    ax.axhline(0, color=GREY, linewidth=0.6)
    if figures.payback_month is not None:
        ax.axvline(figures.payback_month, color=GREY, linestyle=":", linewidth=1)
        ax.annotate(f"payback, month {figures.payback_month}", (figures.payback_month, 1),
                    xycoords=("data", "axes fraction"), xytext=(4, -10), textcoords="offset points",
                    color=GREY, fontsize=7.5)
    _month_axis(ax, months)
    _money_axis(ax.yaxis, case.currency)
    _money_axis(line_ax.yaxis, case.currency)
    ax.set_ylabel("Per month")
    low, high = ax.get_ylim()
    ax.set_ylim(low, high + 0.08 * (high - low))  # room for the payback label
    _align_zero(ax, line_ax)
    bar_handles, bar_labels = ax.get_legend_handles_labels()
    line_handles, line_labels = line_ax.get_legend_handles_labels()
    ax.legend(bar_handles + line_handles, bar_labels + line_labels, loc="lower left", bbox_to_anchor=(0.0, 1.0),
              ncols=3, fontsize=7.5)
    fig.tight_layout()
    return fig


def _align_zero(left: Any, right: Any) -> None:
    """Put zero at the same height on both scales, so bars and line agree."""
    limits = [ax.get_ylim() for ax in (left, right)]
    below = [-lo / (hi - lo) if hi > lo else 0.5 for lo, hi in limits]
    share = max(below)
    if share <= 0 or share >= 0.9:
        return  # all positive, or mostly negative: aligning would squash one scale
    for ax, (_lo, hi) in zip((left, right), limits, strict=True):
        if hi > 0:
            ax.set_ylim(-share / (1 - share) * hi, hi)


def tornado_chart(case: BusinessCase, palette: Palette) -> Any | None:
    from matplotlib.figure import Figure

    bars = list(case.tornado[:TORNADO_BARS])
    if not bars:
        return None
    base = case.appraisal.leading.risk_adjusted.npv
    fig = Figure(figsize=(WIDTH_IN, 0.9 + 0.32 * len(bars)))
    ax = fig.add_subplot()
    y = np.arange(len(bars))[::-1]
    kinds = {"hours": "Hours saved", "annual": "Value", "cost": "Cost"}
    labels = [_short(f"{kinds[b.driver.kind]}: {b.driver.label}") for b in bars]
    low = np.asarray([b.npv_low[1] for b in bars])
    high = np.asarray([b.npv_high[1] for b in bars])
    ax.barh(y, low - base, left=base, color=palette.accent, height=0.6, label="Estimate at its low value")
    ax.barh(y, high - base, left=base, color=palette.primary, height=0.6, label="Estimate at its high value")
    ax.axvline(base, color="#1d1d1d", linewidth=1)
    ax.set_yticks(y)
    ax.set_yticklabels(labels)
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    _money_axis(ax.xaxis, case.currency)
    ax.set_xlabel(f"Risk-adjusted NPV (planned: {money_short(base, case.currency)})")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, fontsize=7.5)
    fig.tight_layout()
    return fig


def distribution_chart(case: BusinessCase, palette: Palette) -> Any | None:
    from matplotlib.figure import Figure

    sim = case.simulation
    if sim is None:
        return None
    outcome = sim.risk_adjusted
    samples = outcome.samples
    fig = Figure(figsize=(WIDTH_IN, 2.8))
    ax = fig.add_subplot()
    lo, hi = float(samples.min()), float(samples.max())
    size = max(1.0, abs(lo), abs(hi))
    if hi - lo < 1e-6 * size:
        # One value (nothing uncertain, or only rounding apart): a range
        # around it that 60 bins can split, however large the value.
        lo, hi = lo - 1e-3 * size, hi + 1e-3 * size
    counts, edges = np.histogram(samples, bins=60, range=(lo, hi))
    share = counts / len(samples)
    colours = [palette.primary if e >= 0 else palette.accent for e in edges[:-1]]
    ax.bar(edges[:-1], share, width=np.diff(edges), align="edge", color=colours, linewidth=0)
    top = float(share.max()) if len(share) else 1.0
    for value, name in ((outcome.p10, "P10"), (outcome.p50, "P50"), (outcome.p90, "P90")):
        ax.axvline(value, color="#1d1d1d", linestyle="--", linewidth=0.9)
        ax.text(value, top * 1.04, name, ha="center", va="bottom", fontsize=7.5, color="#1d1d1d")
    if lo < 0 < hi:
        ax.axvline(0, color=palette.accent, linewidth=1.2)
    ax.set_ylim(0, top * 1.18)
    _money_axis(ax.xaxis, case.currency)
    from matplotlib.ticker import PercentFormatter

    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlabel("Risk-adjusted NPV")
    ax.set_ylabel("Share of simulations")
    fig.tight_layout()
    return fig


def adoption_chart(case: BusinessCase, palette: Palette) -> Any | None:
    from matplotlib.figure import Figure

    adoption = case.appraisal.adoption
    if not adoption.groups or not adoption.adopters.any():
        return None
    months = adoption.months
    x = np.arange(1, months + 1)
    longest = max(len(_short(g.label, 36)) for g in adoption.groups)
    columns = min(len(adoption.groups), 3 if longest <= 28 else 2)
    rows = -(-len(adoption.groups) // columns)
    fig = Figure(figsize=(WIDTH_IN, 2.8 + 0.18 * rows))
    ax = fig.add_subplot()
    order = np.argsort([-g.headcount for g in adoption.groups], kind="stable")
    colours = palette.series(len(order))
    ax.stackplot(x, adoption.adopters[order], colors=colours, alpha=0.9, linewidth=0,
                 labels=[_short(adoption.groups[i].label, 36) for i in order])
    # The pilots' months before launch: from month 0 unless the rollout
    # schedule starts them later (research and preparation come first).
    windows = case.appraisal.inputs.pilots.values()
    first = min((w.first for w in windows), default=0) if case.timing.scheduled else 0
    if adoption.launch_month > first:
        ax.axvspan(first, adoption.launch_month, color=LIGHT, alpha=0.5, linewidth=0)
        ax.text((first + adoption.launch_month) / 2, 0.97, "pilot", transform=ax.get_xaxis_transform(),
                ha="center", va="top", fontsize=7.5, color=GREY)
    _month_axis(ax, months)
    from matplotlib.ticker import FuncFormatter

    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}"))
    ax.set_ylabel("Adopters")
    top = float(adoption.adopters.sum(axis=0).max())
    ax.set_ylim(0, top * 1.08)
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncols=columns, fontsize=7.5)
    fig.tight_layout(rect=(0, (0.2 * rows + 0.1) / (2.8 + 0.18 * rows), 1, 1))
    return fig


CHARTS: dict[str, tuple[str, str, Callable[[BusinessCase, Palette], Any]]] = {
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
    import matplotlib

    out: dict[str, Chart] = {}
    settings: Any = _rc()
    with matplotlib.rc_context(settings):
        for key in keys or CHARTS:
            title, alt, draw = CHARTS[key]
            figure = draw(case, palette)
            if figure is None:
                continue
            out[key] = Chart(key, title, alt, svg=svg_text(figure, key))
    return out
