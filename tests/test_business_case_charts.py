"""Charts: deterministic SVG, plan text escaped and whole, axes fitted to
the data they show, legends present, never nan or inf, and no heavy module
loaded before a report needs it."""

from __future__ import annotations

import dataclasses
import math
import re
import subprocess
import sys
from xml.etree import ElementTree

import numpy as np
import pytest

from socialplan.businesscase.analysis import BusinessCase, analyse
from socialplan.businesscase.charts import Palette, draw_charts, inline_svg
from socialplan.businesscase.formatting import money_short
from socialplan.model import Plan
from test_finance_model import hand_plan

PALETTE = Palette("#0b3d5c", "#f2a900")


def case(label: str = "Everyone") -> BusinessCase:
    data = hand_plan()
    data["finance"]["adoption"] = {"p": 0.05, "q": 0.5, "ceiling": 0.8, "time_unit": "month"}
    data["stakeholders"][0]["name"] = label
    data["use_cases"][0]["pilot"] = {"participants": 10, "weeks": 6}
    return analyse(Plan.model_validate(data), "plan.yaml", simulations=500, seed=1)


NS = "{http://www.w3.org/2000/svg}"
LONG = ("time spent chasing and re-briefing colleagues about the status of projects that were already "
        "agreed in last week's meeting")


def parsed(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg.encode())


def texts(svg: str) -> list[str]:
    """Every text element's words, wrapped lines (tspans) joined again."""
    return [" ".join(" ".join(t.itertext()).split()) for t in parsed(svg).iter(f"{NS}text")]


def plot_range(svg: str, name: str) -> tuple[float, float]:
    group = next(g for g in parsed(svg).iter(f"{NS}g") if g.get("data-plot") == name)
    return float(group.get("data-low", "nan")), float(group.get("data-high", "nan"))


def fits(low: float, high: float, data_low: float, data_high: float) -> None:
    """The axis holds the data and is at most about twice as wide."""
    assert low <= data_low and data_high <= high
    assert high - low <= 2.2 * (data_high - data_low)


def no_nan_or_inf(svg: str) -> None:
    for element in parsed(svg).iter():
        for value in element.attrib.values():
            assert not re.search(r"nan|inf", value, re.I), (element.tag, value)


@pytest.fixture(scope="module")
def charts() -> dict[str, str]:
    return {k: c.svg or "" for k, c in draw_charts(case("<script>x</script> $x$ & co"),
                                                  PALETTE).items()}


def test_every_chart_is_drawn_as_well_formed_svg(charts: dict[str, str]) -> None:
    assert set(charts) == {"cash-flow", "tornado", "npv-distribution", "adoption"}
    for svg in charts.values():
        assert ElementTree.fromstring(svg.encode()).tag == "{http://www.w3.org/2000/svg}svg"


def test_charts_are_byte_for_byte_reproducible(charts: dict[str, str]) -> None:
    again = {k: c.svg for k, c in draw_charts(case("<script>x</script> $x$ & co"),
                                             PALETTE).items()}
    assert again == charts
    for svg in charts.values():
        assert "<dc:date>" not in svg and not re.search(r"20\d\d-\d\d-\d\dT", svg)


def test_ids_are_prefixed_with_the_chart_name_and_references_follow(charts: dict[str, str]) -> None:
    for key, svg in charts.items():
        ids = re.findall(r'\bid="([^"]+)"', svg)
        assert ids and all(i.startswith(f"{key}-") for i in ids)
        for ref in re.findall(r'url\(#([^)]+)\)|href="#([^"]+)"', svg):
            target = ref[0] or ref[1]
            assert target in ids


def test_plan_text_in_a_chart_is_escaped_and_never_maths(charts: dict[str, str]) -> None:
    adoption = charts["adoption"]
    assert "<script>" not in adoption
    assert "&lt;script&gt;x&lt;/script&gt; $x$ &amp; co" in adoption
    inline = inline_svg(adoption, 'Adopters "by group" <b>')
    assert inline.startswith('<svg role="img" aria-label="Adopters &quot;by group&quot; &lt;b>"')
    assert "<?xml" not in inline and "<!DOCTYPE" not in inline


def test_no_distribution_chart_without_a_simulation() -> None:
    data = hand_plan()
    plain = analyse(Plan.model_validate(data), "plan.yaml", simulations=0, seed=1)
    assert "npv-distribution" not in draw_charts(plain, PALETTE, ["npv-distribution"])


@pytest.mark.parametrize("scale", [1.0, 1e12])
def test_a_simulation_without_spread_still_draws_its_distribution(scale: float) -> None:
    # Every amount fixed: all draws give the same NPV, whatever its size
    # (1e12 pounds an hour makes it about 1e19: a range of a few pounds
    # around it could not be cut into bins).
    data = hand_plan(loaded_hourly_cost=50.0 * scale)
    data["use_cases"][0]["benefits"][0]["hours_per_user_week"] = 1
    data["finance"]["costs"][0]["amount"] = 100_000
    fixed = analyse(Plan.model_validate(data), "plan.yaml", simulations=300, seed=1)
    assert fixed.simulation is not None and fixed.simulation.uncertain_drivers == 0
    svg = draw_charts(fixed, PALETTE, ["npv-distribution"])["npv-distribution"].svg or ""
    assert ElementTree.fromstring(svg.encode()).tag.endswith("svg")


def test_heavy_modules_load_only_when_needed() -> None:
    code = ("import sys, socialplan.cli, socialplan.commands.business_case, socialplan.commands.templates; "
            "print(sorted(m for m in ('numpy', 'matplotlib', 'jinja2') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert done.stdout.strip() == "[]"


def test_long_labels_wrap_whole_in_the_tornado() -> None:
    data = hand_plan()
    data["use_cases"][0]["benefits"][0]["name"] = LONG
    data["finance"]["costs"][0]["name"] = "Implementation partner (configuration, governance, migration of forums)"
    drawn = analyse(Plan.model_validate(data), "plan.yaml", simulations=0, seed=1)
    svg = draw_charts(drawn, PALETTE, ["tornado"])["tornado"].svg or ""
    shown = texts(svg)
    assert f"Hours saved: {LONG}" in shown
    assert "Cost: Implementation partner (configuration, governance, migration of forums)" in shown
    wrapped = next(t for t in parsed(svg).iter(f"{NS}text") if "chasing" in "".join(t.itertext()))
    assert len(list(wrapped.iter(f"{NS}tspan"))) > 1  # wrapped, not one long line
    assert "Estimate at its low value" in shown and "Estimate at its high value" in shown
    npv = [v for bar in drawn.tornado for v in (bar.npv_low[1], bar.npv_high[1])]
    base = drawn.appraisal.leading.risk_adjusted.npv
    fits(*plot_range(svg, "npv"), min([*npv, base]), max([*npv, base]))


def test_the_cash_flow_scales_fit_their_own_data(charts: dict[str, str]) -> None:
    drawn = case("<script>x</script> $x$ & co")
    figures = drawn.appraisal.leading.risk_adjusted
    cumulative = [0.0, *np.cumsum(figures.monthly_benefits - figures.monthly_costs)]
    svg = charts["cash-flow"]
    # The running total has a scale of its own: it fits the line (with zero).
    fits(*plot_range(svg, "cumulative"), min(min(cumulative), 0.0), max(max(cumulative), 0.0))
    fits(*plot_range(svg, "per-month"), -float(figures.monthly_costs.max()), float(figures.monthly_benefits.max()))
    shown = texts(svg)
    for entry in ("Benefits", "Costs", "Cumulative net cash flow (lower panel)"):
        assert entry in shown
    assert f"payback, month {figures.payback_month}" in shown


def test_the_distribution_marks_its_percentiles_and_fits_the_samples(charts: dict[str, str]) -> None:
    drawn = case("<script>x</script> $x$ & co")
    assert drawn.simulation is not None
    outcome = drawn.simulation.risk_adjusted
    svg = charts["npv-distribution"]
    fits(*plot_range(svg, "npv"), float(outcome.samples.min()), float(outcome.samples.max()))
    shown = texts(svg)
    for name, value in (("P10", outcome.p10), ("P50", outcome.p50), ("P90", outcome.p90)):
        assert f"{name} {money_short(value, drawn.currency)}" in shown
    bars = [b for b in parsed(svg).iter(f"{NS}rect") if b.find(f"{NS}title") is not None]
    shares = [float((b.findtext(f"{NS}title") or "").rstrip("%")) for b in bars]
    assert sum(shares) == pytest.approx(100, abs=0.05 * len(shares))  # every simulation in a bar


def test_the_adoption_legend_names_every_group_in_full() -> None:
    data = hand_plan()
    data["finance"]["adoption"] = {"p": 0.05, "q": 0.5, "ceiling": 0.8, "time_unit": "month"}
    data["stakeholders"] = [{"id": f"g{i}", "name": f"{LONG} {i}", "headcount": 100 * (i + 1)} for i in range(4)]
    data["use_cases"][0]["stakeholders"] = [g["id"] for g in data["stakeholders"]]
    drawn = analyse(Plan.model_validate(data), "plan.yaml", simulations=0, seed=1)
    svg = draw_charts(drawn, PALETTE, ["adoption"])["adoption"].svg or ""
    shown = texts(svg)
    for group in data["stakeholders"]:
        assert group["name"] in shown
    total = drawn.appraisal.adoption.adopters.sum(axis=0)
    fits(*plot_range(svg, "adopters"), 0.0, float(total.max()))


def with_samples(drawn: BusinessCase, samples: np.ndarray) -> BusinessCase:
    assert drawn.simulation is not None
    finite = samples[np.isfinite(samples)]
    p10, p50, p90 = (float(v) for v in np.percentile(finite, [10, 50, 90])) if finite.size else (math.nan,) * 3
    outcome = dataclasses.replace(drawn.simulation.risk_adjusted, samples=samples, p10=p10, p50=p50, p90=p90)
    return dataclasses.replace(drawn, simulation=dataclasses.replace(drawn.simulation, risk_adjusted=outcome))


@pytest.mark.parametrize("samples", [
    [5.0] * 50,
    [0.0] * 50,
    [1e308, -1e308, 1.7e308, -1.7e308, 0.0],
    [1.7e308] * 10,
    [math.nan, 1.0, 2.0, math.inf, -math.inf, 3.0],
    [-2e5, -1e5, 3e5, 1e6],
], ids=["all-equal", "all-zero", "huge-both-ways", "huge-equal", "nan-and-inf", "ordinary"])
def test_the_histogram_survives_degenerate_samples(samples: list[float]) -> None:
    drawn = with_samples(case(), np.asarray(samples, dtype=float))
    svg = draw_charts(drawn, PALETTE, ["npv-distribution"])["npv-distribution"].svg or ""
    no_nan_or_inf(svg)
    finite = [v for v in samples if math.isfinite(v)]
    low, high = plot_range(svg, "npv")
    assert low <= min(finite) and max(finite) <= high
    bars = [b for b in parsed(svg).iter(f"{NS}rect") if b.find(f"{NS}title") is not None]
    assert bars  # something is drawn
    assert draw_charts(drawn, PALETTE, ["npv-distribution"])["npv-distribution"].svg == svg
    shown = texts(svg)
    assert all(len(t) <= 60 for t in shown), shown  # even 1e308 is labelled in a few characters
    ticks = [t for t in shown if t.startswith(("£", "-£"))]
    assert len(ticks) == len(set(ticks))  # no two ticks read the same
    if len(set(finite)) == 1:
        assert sum("P10 = P50 = P90" in t for t in shown) == 1  # one label for the single value


def test_no_chart_coordinate_is_nan_or_inf(charts: dict[str, str]) -> None:
    for svg in charts.values():
        no_nan_or_inf(svg)
        assert parsed(svg).find(f"{NS}title") is not None and parsed(svg).find(f"{NS}desc") is not None
