"""The honest figures as the reports show them: JSON keys agree with the
model, the summary states the net budget impact in words, never prints a
certainty, explains a misleading IRR, and marks a draft."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy_financial as npf
import pytest
import yaml

from clirunner import Runner
from test_finance_model import COSTS_MONTH, INITIAL, hand_plan

CASH_MONTH = 1_000


def _write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _json(cli: Runner, plan: Path, *extra: str) -> dict[str, Any]:
    result = cli("business-case", str(plan), "-f", "json", *extra)
    assert result.code == 0, result.err
    doc: dict[str, Any] = json.loads(result.out)
    return doc


def test_json_carries_cash_only_figures_budget_impact_and_mirr(cli: Runner, tmp_path: Path) -> None:
    doc = _json(cli, _write(tmp_path, hand_plan()), "-n", "2000")
    assert doc["draft"] is False and doc["draft_reason"] is None
    yearly = [row["unadjusted"] for row in doc["cash_only"]["budget_impact"]]
    assert yearly == pytest.approx([12 * (CASH_MONTH - COSTS_MONTH) - INITIAL] + [12 * (CASH_MONTH - COSTS_MONTH)] * 2)
    flows = [row["unadjusted"]["net"] for row in doc["cash_flows"]]
    assert doc["mirr"]["unadjusted"] == pytest.approx(npf.mirr(flows, 0.1, 0.1), abs=1e-6)
    assert doc["assumptions"]["mirr"] == {"finance_rate": 0.1, "reinvestment_rate": 0.1}
    sim = doc["simulation"]
    assert sim["adoption_varied"] == ["ceiling", "p", "q", "launch_delay"]
    assert sum(d["share"] for d in sim["drivers"]) == pytest.approx(1.0, abs=1e-5)
    assert sim["cash_only"]["prob_positive"]["risk_adjusted"] == 0.0
    assert sim["cash_only"]["prob_positive_display"]["risk_adjusted"] == "<0.1%"
    benefits = {b["number"]: b for b in doc["benefits"]}
    assert benefits["B1"]["benefit_kind"] == "non-cash-releasing"
    assert benefits["B2"]["benefit_kind"] == "cash-releasing"


def test_the_summary_says_the_net_cost_and_never_a_certainty(cli: Runner, tmp_path: Path) -> None:
    result = cli("business-case", str(_write(tmp_path, hand_plan())), "-n", "2000")
    assert result.code == 0, result.err
    text = result.out
    summary = text[text.index("## Executive summary"):text.index("## 1 Strategic case")]
    # Risk-adjusted year 1: (12 x 2,600 + 100,000) x 1.26 - 12 x 1,000 x 0.9 = 154,512.
    year1 = (12 * COSTS_MONTH + INITIAL) * 1.26 - 12 * CASH_MONTH * 0.9
    assert round(year1) == 154_512
    assert "a net cost of £155k in year 1" in summary
    assert "From cash-releasing benefits alone the risk-adjusted NPV is -£" in summary
    chances = [line for line in text.splitlines() if "Probability" in line or "of cases" in line]
    assert len(chances) >= 3
    for line in chances:  # every simulated draw is positive (cash: negative), yet no certainty is shown
        assert "100" not in line and "0.0%" not in line and "| 0% |" not in line
    assert "\\>99.9%" in summary and "\\<0.1%" in summary  # Markdown-escaped


def test_a_misleading_irr_is_explained(cli: Runner, tmp_path: Path) -> None:
    data = hand_plan()
    data["finance"]["costs"][0]["amount"] = 100
    text = cli("business-case", str(_write(tmp_path, data)), "-n", "0").out
    assert "misleading, see MIRR" in text
    assert "IRR above 100% a year" in text and "read the MIRR" in text


def test_no_baseline_gives_a_marked_draft_with_a_warning(cli: Runner, tmp_path: Path) -> None:
    data = hand_plan()
    data["options"] = [{"id": "a", "title": "Option A"}, {"id": "b", "title": "Option B", "benefit_share": 0.5}]
    plan = _write(tmp_path, data)
    result = cli("business-case", str(plan), "-n", "200")
    assert result.code == 0
    assert "warning SP104" in result.err and f"{plan}:" in result.err
    assert result.out.startswith("# DRAFT Business case")
    assert "**DRAFT: The options have no do-nothing baseline" in result.out
    doc = _json(cli, plan, "-n", "200")
    assert doc["draft"] is True and "draft" in doc["draft_reason"]
    assert doc["baseline_option"] == "do-nothing" and doc["option"]["id"] == "a"
    html = cli("business-case", str(plan), "-n", "0", "-f", "html").out
    assert "DRAFT Business case" in html


def test_conflicting_kind_is_located(cli: Runner, tmp_path: Path) -> None:
    data = hand_plan()
    data["use_cases"][0]["benefits"][1]["kind"] = "wider"  # cash_releasing: true says otherwise
    plan = _write(tmp_path, data)
    result = cli("business-case", str(plan))
    assert result.code == 1
    assert "SP108" in result.err and f"{plan}:" in result.err and "Traceback" not in result.err
