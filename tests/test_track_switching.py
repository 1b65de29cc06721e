"""The switching value of adoption in ``socialplan track``: the share of the
adoption still to come at which the risk-adjusted NPV is zero, as approved
and as re-forecast.

The oracle rebuilds the re-forecast curves by hand (the actuals, then a
hand-written Bass recurrence with the fitted p, q and ceiling), scales the
growth after the last month counted, and finds the zero with
``scipy.optimize.brentq`` over the business case's own appraisal: none of
the track code's solving is used.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from scipy.optimize import brentq

from socialplan import api
from socialplan.businesscase.timing import timing_from_schedule
from socialplan.finance.adoption import AdoptionCurves
from socialplan.finance.appraisal import appraise
from socialplan.finance.inputs import model_inputs
from test_track_command import LAUNCH, PLAIN, month, month_end, plain_usage, plan_with

GROUP = "engineering"  # 19,500 people: enough to move the NPV
ACTUAL = {LAUNCH: 2000, LAUNCH + 1: 2100}  # far behind the forecast


def _bass(start: float, market: float, p: float, q: float, months: int) -> list[float]:
    out, adopted = [], min(start, market)
    for _ in range(months):
        if adopted < market:
            adopted = min(market, adopted + (p + q * adopted / market) * (market - adopted))
        out.append(adopted)
    return out


def _scaled(adopters: np.ndarray, last: list[int], headcounts: list[float], scale: float) -> np.ndarray:
    out = adopters.copy()
    for row, start in enumerate(last):
        level = out[row, start]
        out[row, start + 1:] = np.clip(level + scale * (out[row, start + 1:] - level), 0, headcounts[row])
    return out


def _zero(inputs: Any, option: str, curves: AdoptionCurves, last: list[int]) -> tuple[float | None, float]:
    """brentq's zero of the risk-adjusted NPV over the share of growth still
    to come, from 0 to where the first group takes in everyone; and the NPV
    at the share 1 (the curves as they are)."""
    headcounts = [g.headcount for g in curves.groups]

    def npv(scale: float) -> float:
        scaled = AdoptionCurves(curves.groups, curves.launch_month,
                                _scaled(curves.adopters, last, headcounts, scale))
        chosen = next(o for o in appraise(inputs, adoption=scaled).options if o.option.id == option)
        return chosen.risk_adjusted.npv

    tops = []
    for row, start in enumerate(last):
        level = curves.adopters[row, start]
        growth = curves.adopters[row, start:].max() - level
        if growth > 1e-9:
            tops.append((headcounts[row] - level) / growth)
    top = min(tops)
    if (npv(0.0) > 0) == (npv(top) > 0):
        return None, npv(1.0)
    return brentq(npv, 0.0, top, xtol=1e-12), npv(1.0)


@pytest.fixture(scope="module")
def tracked(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("switch")
    plain_usage(folder, [(month_end(month(i)), GROUP, n) for i, n in ACTUAL.items()])
    return api.track(plan_with(folder, PLAIN)).report


def _oracle(report: Any) -> tuple[tuple[float | None, float], tuple[float | None, float]]:
    """(zero, NPV at 1) as approved and as re-forecast."""
    plan = report.validated.plan
    source_map = report.validated.loaded.source_map
    timing = timing_from_schedule(plan, lambda path: str(source_map.locate(path)[0]))
    inputs = model_inputs(plan, timing.timing)
    approved = appraise(inputs)
    option = approved.leading.option.id
    groups = approved.adoption.groups
    through = max(m.index for g in report.analysis.groups for m in g.judged)
    last = [through] * len(groups)
    # The re-forecast: the plan's curves; each tracked group's judged months
    # since launch, then the re-fitted Bass curve from the last of them.
    adopters = approved.adoption.adopters.copy()
    months = adopters.shape[1]
    for track in report.analysis.groups:
        row = next(i for i, g in enumerate(groups) if g.id == track.id)
        judged = [m for m in track.judged if m.index >= report.analysis.launch_month]
        for m in judged:
            adopters[row, m.index] = m.actual
        last[row] = end = judged[-1].index
        fit = track.fit
        adopters[row, end + 1:] = _bass(judged[-1].actual, fit.ceiling * track.headcount, fit.p, fit.q,
                                        months - end - 1)
    refit = AdoptionCurves(groups, approved.adoption.launch_month, adopters)
    return _zero(inputs, option, approved.adoption, last), _zero(inputs, option, refit, last)


def test_the_adoption_switching_value_is_re_solved_on_the_reforecast(tracked: Any) -> None:
    case = tracked.analysis.case
    switch = case.switching[-1]
    assert switch.subject == f"adoption still to come after {month(max(ACTUAL))}, as a share of the forecast"
    (approved, approved_npv), (now, reforecast_npv) = _oracle(tracked)
    # The hand-built curves are the product's: the same NPVs at the share 1.
    assert approved_npv == pytest.approx(case.approved_npv, rel=1e-9)
    assert reforecast_npv == pytest.approx(case.reforecast_npv, rel=1e-9)
    assert approved is not None and now is not None
    assert switch.approved == pytest.approx(approved, abs=1e-6)
    assert switch.now == pytest.approx(now, abs=1e-6)
    # Adoption behind the plan leaves the case needing more of what is still to come.
    assert 0 < switch.approved < switch.now < 1


def test_no_share_makes_npv_zero_when_the_case_pays_without_more_adopters() -> None:
    # The example as of its own date: even if nobody else joins, NPV stays
    # positive (the oracle finds no bracket), so there is no value.
    example = Path(__file__).resolve().parents[1] / "examples" / "global-tech-innovation.yaml"
    report = api.track(example).report
    assert report is not None and report.analysis.case is not None
    case = report.analysis.case
    switch = case.switching[-1]
    assert switch.subject == "adoption still to come after 2027-11, as a share of the forecast"
    (approved, approved_npv), (now, reforecast_npv) = _oracle(report)
    assert approved_npv == pytest.approx(case.approved_npv, rel=1e-9)
    assert reforecast_npv == pytest.approx(case.reforecast_npv, rel=1e-9)
    assert approved is None and now is None
    assert switch.approved is None and switch.now is None
