"""The pilots' decisions in the business case: a stop takes its use case out
of every option (and can change the preferred option), a scale puts the
observed effect and its interval in place of the estimate. The expected
figures are worked out here from the plan's and the results file's numbers
(scipy.stats for the t quantile), not by the product's functions."""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from scipy import stats

from socialplan import api

ROOT = Path(__file__).resolve().parents[1]
RETAIL = ROOT / "examples" / "retail-pilot-first.yaml"
EVIDENCE = ROOT / "examples" / "evidence"
# After the example's gates: a report uses only the evidence known on its date.
AFTER = dt.date(2027, 12, 1)


def _plan(tmp_path: Path, edit: Any = None) -> tuple[Path, dict[str, Any]]:
    data = yaml.safe_load(RETAIL.read_text(encoding="utf-8"))
    if edit is not None:
        edit(data)
    shutil.copytree(EVIDENCE, tmp_path / "evidence", dirs_exist_ok=True)
    target = tmp_path / "plan.yaml"
    target.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return target, data


def _case(plan: Path) -> dict[str, Any]:
    result = api.business_case(plan, simulations=0, as_of=AFTER)
    assert result.report is not None, [d.message for d in result.check.diagnostics]
    return json.loads(api.render(result.report, "json").text)  # type: ignore[no-any-return]


def _use_case(data: dict[str, Any], ident: str) -> dict[str, Any]:
    return next(u for u in data["use_cases"] if u["id"] == ident)


def test_a_scaled_benefit_uses_the_observed_effect_and_its_interval(tmp_path: Path) -> None:
    plan, data = _plan(tmp_path)
    doc = _case(plan)
    brief = _use_case(data, "store-brief")
    benefit = brief["benefits"][0]
    metric = next(m for m in brief["pilot"]["metrics"] if m["name"] == benefit["kpi"])
    entry = next(p for p in data["evidence"]["pilots"] if p["use_case"] == "store-brief")
    with (tmp_path / entry["file"]).open(encoding="utf-8", newline="") as handle:
        row = next(r for r in csv.DictReader(handle) if r["metric"] == metric["name"])
    observed, n, sd = float(row["observed"]), int(row["n"]), float(row["sd"])
    half = stats.t.ppf(0.975, n - 1) * sd / math.sqrt(n)
    hoped = metric["threshold"] - metric["baseline"]
    shares = sorted((end - metric["baseline"]) / hoped for end in (observed - half, observed + half))
    mid = (observed - metric["baseline"]) / hoped
    likely = benefit["hours_per_user_week"]["likely"]
    expected = (likely * shares[0], likely * mid, likely * shares[1])

    found = next(b for b in doc["evidence"]["benefits"] if b["benefit"] == benefit["name"])
    assert found["metric"] == metric["name"] and found["interval"] == "95% Student t interval"
    evidence = found["evidence"]
    assert (evidence["low"], evidence["likely"], evidence["high"]) == tuple(
        pytest.approx(v, abs=1e-6) for v in expected)
    assert found["estimate"] == benefit["hours_per_user_week"]
    assert "->" not in found["source"] and "scale on " + str(entry["date"]) in found["source"]
    # The model, the tornado and the register use the evidence's range.
    line = next(b for b in doc["benefits"] if b["name"] == benefit["name"])
    assert line["estimate"]["low"] == pytest.approx(expected[0], abs=1e-6)
    assert line["estimate"]["high"] == pytest.approx(expected[2], abs=1e-6)
    bar = next(b for b in doc["sensitivity"] if b["driver"] == found["driver"])
    assert (bar["low"], bar["high"]) == (pytest.approx(expected[0]),
                                         pytest.approx(expected[2]))


def test_a_value_without_a_sample_keeps_the_estimates_range_around_it(tmp_path: Path) -> None:
    def inline(data: dict[str, Any]) -> None:
        entry = next(p for p in data["evidence"]["pilots"] if p["use_case"] == "store-brief")
        del entry["file"]
        entry["results"] = [{"metric": m["name"], "observed": m["threshold"] - 0.1 * (m["baseline"] - m["threshold"])}
                            for m in _use_case(data, "store-brief")["pilot"]["metrics"]]

    plan, data = _plan(tmp_path, inline)
    doc = _case(plan)
    brief = _use_case(data, "store-brief")
    benefit = brief["benefits"][2]  # an annual value; its kpi names no metric of the pilot
    metrics = brief["pilot"]["metrics"]
    effects = [((m["threshold"] - 0.1 * (m["baseline"] - m["threshold"])) - m["baseline"])
               / (m["threshold"] - m["baseline"]) for m in metrics]
    effect = min(effects)  # the most conservative
    found = next(b for b in doc["evidence"]["benefits"] if b["benefit"] == benefit["name"])
    assert found["interval"] is None
    estimate = benefit["annual_value"]
    for key in ("low", "likely", "high"):
        assert found["evidence"][key] == pytest.approx(estimate[key] * effect, abs=1e-6)


def test_a_stop_takes_its_use_case_out_of_every_option_and_changes_the_preferred_one(tmp_path: Path) -> None:
    def two_options(data: dict[str, Any]) -> None:
        data["options"] = [
            {"id": "keep", "title": "Keep email and the intranet", "baseline": True},
            {"id": "support-first", "title": "The store support community first", "use_cases": ["store-support"]},
            {"id": "brief-first", "title": "The weekly store brief first", "use_cases": ["store-brief"]},
        ]
        # Without evidence, the support community is worth more than the brief.
        _use_case(data, "store-support")["benefits"][0]["hours_per_user_week"] = {"low": 2, "likely": 4, "high": 6}

    def no_evidence(data: dict[str, Any]) -> None:
        two_options(data)
        data["evidence"]["pilots"] = []

    before = _case(_plan(tmp_path / "before", no_evidence)[0])
    after = _case(_plan(tmp_path / "after", two_options)[0])
    assert before["preferred_option"] == "support-first"
    assert after["preferred_option"] == "brief-first"
    support = next(o for o in after["options"] if o["id"] == "support-first")
    assert support["pv_benefits"] == {"unadjusted": 0.0, "risk_adjusted": 0.0}
    # Its costs stay: the option bears what it bore before.
    before_support = next(o for o in before["options"] if o["id"] == "support-first")
    assert support["pv_costs"] == before_support["pv_costs"]
    assert after["evidence"]["out_of_every_option"] == ["store-support"]
    (note,) = [n for n in after["evidence"]["notes"] if "store-support" in n]
    assert note.startswith("use case 'store-support' is out of every option: its pilot decided stop on 2027-06-04 (")


def test_every_format_shows_the_estimate_and_the_evidence(tmp_path: Path) -> None:
    plan, _ = _plan(tmp_path)
    result = api.business_case(plan, simulations=0, as_of=AFTER)
    assert result.report is not None
    markdown = api.render(result.report, "markdown").text
    html = api.render(result.report, "html").text
    for text in (markdown, html):
        assert "is out of every option: its pilot decided stop on 2027-06-04" in text
        assert "estimate 1 h (0.5 h to 1.5 h)" in text and "evidence 1.2 h (" in text
    assert "-\\> evidence" in markdown and "-&gt; evidence" in html


def test_evidence_that_cannot_be_read_is_a_warning_not_a_silent_estimate(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    shutil.copy(RETAIL, plan)  # without its evidence folder: the results file is missing
    doc = _case(plan)
    assert any("Some of the evidence cannot be used" in w for w in doc["warnings"])
    decisions = {p["use_case"]: p["decision"] for p in doc["evidence"]["pilots"]}
    assert decisions["store-brief"] == "pending"  # its results are in the missing file
    assert decisions["store-support"] == "stop"  # inline results are still judged
    assert not [b for b in doc["evidence"]["benefits"] if b["use_case"] == "store-brief"]


def test_a_decision_taken_after_the_reports_date_changes_nothing(tmp_path: Path) -> None:
    """As of a day before any gate, the case is the plan's own estimate:
    the same figures as with the evidence section removed."""
    plan, data = _plan(tmp_path)
    before = min(p["date"] for p in data["evidence"]["pilots"] if p.get("date")) - dt.timedelta(days=1)
    bare, _ = _plan(tmp_path / "bare", lambda d: d["evidence"].pop("pilots"))
    early = api.business_case(plan, simulations=0, as_of=before).report
    without = api.business_case(bare, simulations=0, as_of=before).report
    assert early is not None and without is not None
    docs = [json.loads(api.render(r, "json").text) for r in (early, without)]
    assert docs[0]["evidence"]["pilots"] == []
    assert [o["npv"] for o in docs[0]["options"]] == [o["npv"] for o in docs[1]["options"]]
