"""What the business-case report says and how it prints: sentences that must
agree with the tables beside them, and the A4 layout."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from socialplan.businesscase.analysis import BusinessCase, analyse
from socialplan.businesscase.context import report_context
from socialplan.commands.business_case import run_business_case
from socialplan.model import Plan
from test_business_case_cli import write_plan
from test_finance_model import hand_plan


def case_of(data: dict[str, Any], simulations: int = 0) -> BusinessCase:
    return analyse(Plan.model_validate(data), "plan.yaml", simulations=simulations, seed=1)


@pytest.mark.parametrize(("preset", "first_year"), [("greenbook", "Year 0"), ("tei", "Year 1")])
def test_affordability_names_the_years_the_table_shows(preset: str, first_year: str) -> None:
    # Risk-adjusted costs of the hand-worked plan: the first twelve months
    # carry the 100,000 implementation, so 100,000 + 12 x 2,600 = 131,200, and
    # 31,200 in each later year, each x 1.05 x 1.2 = 1.26: 165,312 then
    # 39,312. A budget of 50,000 is exceeded in the first year only.
    data = hand_plan(preset=preset)
    data["finance"]["budget"] = 50_000
    financial = report_context(case_of(data), charts={})["financial"]
    rows = financial["affordability"]["rows"]
    assert [row[0] for row in rows][:2] == [first_year, first_year[:-1] + str(int(first_year[-1]) + 1)]
    assert rows[0][1] == "£165,312" and rows[1][1] == "£39,312"
    assert rows[0][-1] == "-£115,312" and not rows[1][-1].startswith("-")
    assert financial["statement"] == (
        f"Risk-adjusted costs exceed the yearly budget of £50,000 in {first_year.lower()}.")


def test_risk_sentences_read_well_whatever_the_figure() -> None:
    data = hand_plan(optimism_bias={"upper_bound": 2.0, "mitigated": 0.6})  # an 80% uplift
    data["finance"]["costs"][0]["amount"] = {"low": 80_000, "likely": 100_000, "high": 900_000}
    risks = report_context(case_of(data, simulations=2000), charts={})["management"]["risks"]
    assert "Optimism bias: costs carry an uplift of 80%; evidence that mitigates the causes of cost overrun " \
           "lowers it." in risks
    value = next(r for r in risks if r.startswith("Value:"))
    assert value.startswith("Value: the risk-adjusted NPV is negative in ")
    assert value.endswith("% of the simulations over the ranges of the estimates.")


def test_the_report_keeps_its_layout_on_a4_paper(tmp_path: Path) -> None:
    plan = write_plan(tmp_path, hand_plan())
    report = tmp_path / "case.html"
    assert run_business_case(str(plan), "html", report, simulations=500, seed=1) == 0
    html = report.read_text(encoding="utf-8")
    # An A4 page is narrower than 760 px: the two-column layout for narrow
    # screens must not apply on paper, where the key figures keep one row.
    assert "@media screen and (max-width: 760px)" in html
    assert "@media (max-width" not in html
    # Every page is portrait (Chromium lays a landscape page out at the
    # portrait width, so it would only add empty space): the benefits
    # register, the widest table, prints in smaller type instead; short
    # tables and their captions do not split.
    assert "A4 landscape" not in html and "page: wide" not in html
    assert ".wide table { font-size: 7pt; }" in html
    register = html.index("<h3>Benefits register</h3>")
    assert html.rfind('<div class="wide">', 0, register) > html.rfind("</div>", 0, register)
    caption = html.index("As estimated, before risk adjustment:")
    assert html.rfind('<div class="keep">', 0, caption) > html.rfind("</div>", 0, caption)


def test_option_headings_say_do_nothing_once(tmp_path: Path) -> None:
    # Without options the model adds "Do nothing: keep today's intranet and
    # email"; with nothing monetised it is also the preferred option.
    plan = write_plan(tmp_path, {"organisation": {"name": "Small Ltd", "headcount": 10}})
    report = tmp_path / "case.md"
    assert run_business_case(str(plan), "markdown", report, simulations=0, seed=1) == 0
    headings = [line for line in report.read_text(encoding="utf-8").splitlines() if line.startswith("#### ")]
    assert headings == ["#### Do nothing: keep today's intranet and email (preferred)",
                        "#### The internal social network"]
    options = report_context(case_of(hand_plan() | {"options": [
        {"id": "bau", "title": "Business as usual", "baseline": True},
        {"id": "go", "title": "The network"}]}), charts={})["economic"]["options"]["details"]
    assert [o["marks"] for o in options] == ["do nothing", "preferred"]
