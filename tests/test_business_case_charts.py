"""Charts: deterministic SVG, plan text escaped, ids unique per chart, and
matplotlib loaded only when a chart is drawn."""

from __future__ import annotations

import re
import subprocess
import sys
from xml.etree import ElementTree

import pytest

from socialplan.businesscase.analysis import BusinessCase, analyse
from socialplan.businesscase.charts import Palette, draw_charts, inline_svg
from socialplan.model import Plan
from test_finance_model import hand_plan

PALETTE = Palette("#0b3d5c", "#f2a900")


def case(label: str = "Everyone") -> BusinessCase:
    data = hand_plan()
    data["finance"]["adoption"] = {"p": 0.05, "q": 0.5, "ceiling": 0.8, "time_unit": "month"}
    data["stakeholders"][0]["name"] = label
    data["use_cases"][0]["pilot"] = {"participants": 10, "weeks": 6}
    return analyse(Plan.model_validate(data), "plan.yaml", simulations=500, seed=1)


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
