"""The simulation beyond independent estimates: adoption drawn in strata,
a shared optimism factor, cash-only outcomes and the drivers of the spread.

Oracles: the model re-run on a plan edited by hand (a lower ceiling, a
later launch), empirical quantiles of the samplers, rank correlations
computed here with numpy.
"""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialplan.businesscase.formatting import chance
from socialplan.finance.appraisal import appraise
from socialplan.finance.distributions import quantile, sample
from socialplan.finance.inputs import model_inputs
from socialplan.finance.simulation import (
    CEILING_LEVELS,
    _correlated_ranks,
    _levels,
    normal_correlation,
    simulate,
)
from socialplan.model import Plan
from test_finance_model import hand_plan, run

FIXED = {"ceiling": 1, "p": 1, "q": 1, "launch_delay": 0}


def _spearman(a: np.ndarray[Any, Any], b: np.ndarray[Any, Any]) -> float:
    ra = np.argsort(np.argsort(a)).astype(float)
    rb = np.argsort(np.argsort(b)).astype(float)
    return float(np.corrcoef(ra, rb)[0, 1])


def _fixed_amounts(data: dict[str, Any]) -> dict[str, Any]:
    """Every estimate at its likely value: only adoption can vary."""
    out = copy.deepcopy(data)
    for use_case in out["use_cases"]:
        for b in use_case["benefits"]:
            for key in ("hours_per_user_week", "annual_value"):
                if isinstance(b.get(key), dict):
                    b[key] = b[key]["likely"]
    for cost in out["finance"]["costs"]:
        if isinstance(cost["amount"], dict):
            cost["amount"] = cost["amount"]["likely"]
    return out


def _time_only(data: dict[str, Any]) -> dict[str, Any]:
    """Without the annual value, which is tied to the planned full adoption
    (so a plan edited to a lower ceiling would not be an oracle for it)."""
    out = copy.deepcopy(data)
    out["use_cases"][0]["benefits"] = out["use_cases"][0]["benefits"][:1]
    return out


# --- quantiles and probabilities ----------------------------------------------------------------------


@settings(max_examples=15, deadline=None)
@given(st.tuples(st.floats(0, 10), st.floats(0, 10), st.floats(0, 10)).map(sorted).filter(lambda t: t[2] - t[0] > 0.1),
       st.sampled_from(["triangular", "pert"]))
def test_quantile_matches_the_samplers_empirical_quantiles(estimate: list[float], distribution: Any) -> None:
    low, likely, high = estimate
    draws = sample(distribution, np.array([low]), np.array([likely]), np.array([high]), 200_000,
                   np.random.default_rng(1))[:, 0]
    probabilities = np.array([0.05, 0.1, 0.3, 0.5, 0.7, 0.9, 0.95])
    expected = np.quantile(draws, probabilities)
    assert quantile(distribution, low, likely, high, probabilities) == pytest.approx(
        expected, abs=0.01 * (high - low))


def test_chance_never_shows_certainty() -> None:
    assert chance(1.0) == ">99.9%"
    assert chance(0.9995) == ">99.9%"  # would round to 100.0%
    assert chance(0.0) == "<0.1%"
    assert chance(0.0004) == "<0.1%"
    assert chance(0.973) == "97.3%"
    assert chance(0.999) == "99.9%"


# --- the shared optimism factor --------------------------------------------------------------------------


@pytest.mark.parametrize("stated", [0.0, 0.3, 0.7])
def test_correlated_ranks_have_the_stated_rank_correlation_in_the_optimistic_direction(stated: float) -> None:
    signs = np.array([1.0, 1.0, -1.0])
    ranks = _correlated_ranks(40_000, signs, normal_correlation(stated), np.random.default_rng(5))
    assert sorted(ranks[:, 0]) == list(range(40_000))  # ranks, each once
    assert _spearman(ranks[:, 0], ranks[:, 1]) == pytest.approx(stated, abs=0.02)
    assert _spearman(ranks[:, 0], ranks[:, 2]) == pytest.approx(-stated, abs=0.02)


def test_correlation_widens_the_spread_but_keeps_the_mean() -> None:
    data = hand_plan()
    data["use_cases"][0]["benefits"][1]["annual_value"] = {"low": 0, "likely": 12000, "high": 40000}
    results = {}
    for rho in (0.0, 0.8):
        appraisal = appraise(model_inputs(Plan.model_validate(hand_plan(
            **{**data["finance"], "uncertainty": {**FIXED, "correlation": rho}}) | {"use_cases": data["use_cases"]})))
        results[rho] = simulate(appraisal, appraisal.leading, 100_000, 11).risk_adjusted
    assert results[0.8].std > 1.1 * results[0.0].std
    # The same draws, only paired differently (the marginals are untouched),
    # so the mean is the same to rounding.
    assert results[0.8].mean == pytest.approx(results[0.0].mean, rel=1e-9)
    assert sorted(results[0.8].samples) != pytest.approx(sorted(results[0.0].samples))


# --- adoption in strata -------------------------------------------------------------------------------------


def test_each_draw_uses_a_full_rerun_with_its_stratum_of_the_ceiling() -> None:
    spread = {"low": 0.5, "likely": 0.8, "high": 0.9}
    data = _fixed_amounts(_time_only(hand_plan(uncertainty={**FIXED, "ceiling": spread, "correlation": 0})))
    appraisal = appraise(model_inputs(Plan.model_validate(data)))
    sim = simulate(appraisal, appraisal.leading, 20_000, 3)
    levels = _levels(appraisal.inputs.uncertainty.ceiling, CEILING_LEVELS, "pert")  # type: ignore[union-attr]
    # The levels are the quantiles at the middle of five equal slices.
    draws = sample("pert", np.array([0.5]), np.array([0.8]), np.array([0.9]), 200_000, np.random.default_rng(2))
    assert levels == pytest.approx(np.quantile(draws[:, 0], [0.1, 0.3, 0.5, 0.7, 0.9]), abs=0.003)
    # Oracle: the plan itself with the planned ceiling (1.0) times each level.
    oracle = {}
    for level in levels:
        edited = copy.deepcopy(data)
        edited["finance"]["adoption"]["ceiling"] = float(level)
        oracle[float(level)] = run(edited).leading.risk_adjusted.npv
    values, counts = np.unique(np.round(sim.risk_adjusted.samples, 4), return_counts=True)
    assert len(values) == CEILING_LEVELS
    assert sorted(values) == pytest.approx(sorted(oracle.values()))
    assert counts / counts.sum() == pytest.approx([0.2] * 5, abs=0.001)  # stratified: equal shares
    assert sim.adoption_varied == ("ceiling",)
    assert sim.scenarios == CEILING_LEVELS


def test_a_launch_delay_matches_a_plan_that_launches_later() -> None:
    data = _fixed_amounts(hand_plan(uncertainty={**FIXED, "launch_delay": 2, "correlation": 0}))
    appraisal = appraise(model_inputs(Plan.model_validate(data)))
    sim = simulate(appraisal, appraisal.leading, 500, 1)
    # Oracle: a pilot of 8 weeks with no participants moves launch to month 2.
    later = copy.deepcopy(data)
    later["finance"].pop("uncertainty")
    later["use_cases"][0]["pilot"] = {"weeks": 8}
    oracle = run(later)
    assert oracle.adoption.launch_month == 2
    assert set(np.round(sim.risk_adjusted.samples, 4)) == {round(oracle.leading.risk_adjusted.npv, 4)}
    assert set(np.round(sim.cash_risk_adjusted.samples, 4)) == {round(oracle.leading.cash_risk_adjusted.npv, 4)}
    # The deterministic figures stay as planned: the delay is a risk, not the plan.
    assert appraisal.leading.risk_adjusted.npv > oracle.leading.risk_adjusted.npv


def test_adoption_as_planned_leaves_the_amount_only_simulation() -> None:
    appraisal = appraise(model_inputs(Plan.model_validate(hand_plan(uncertainty={**FIXED, "correlation": 0}))))
    sim = simulate(appraisal, appraisal.leading, 2000, 4)
    assert sim.adoption_varied == () and sim.scenarios == 1


def test_default_uncertainty_varies_adoption_and_lowers_the_chance_of_a_thin_case() -> None:
    data = hand_plan()
    data["finance"]["costs"][0]["amount"] = {"low": 500_000, "likely": 550_000, "high": 600_000}
    narrow = appraise(model_inputs(Plan.model_validate(hand_plan(**{**data["finance"], "uncertainty": FIXED}))))
    wide = appraise(model_inputs(Plan.model_validate(data)))
    a = simulate(narrow, narrow.leading, 20_000, 9).risk_adjusted
    b = simulate(wide, wide.leading, 20_000, 9)
    assert b.adoption_varied == ("ceiling", "p", "q", "launch_delay")
    assert b.risk_adjusted.std > a.std


# --- what drives the spread ----------------------------------------------------------------------------------


def test_driver_shares_sum_to_one_and_rank_the_wide_estimate_first() -> None:
    data = hand_plan(uncertainty={**FIXED, "correlation": 0})
    data["use_cases"][0]["benefits"][0]["hours_per_user_week"] = {"low": 0.1, "likely": 1, "high": 5}
    data["finance"]["costs"][0]["amount"] = {"low": 99_000, "likely": 100_000, "high": 101_000}
    appraisal = appraise(model_inputs(Plan.model_validate(data)))
    sim = simulate(appraisal, appraisal.leading, 20_000, 8)
    assert sum(d.share for d in sim.drivers) == pytest.approx(1.0)
    top = sim.drivers[0]
    assert top.key == "use_cases[0].benefits[0].hours_per_user_week"
    assert top.share > 0.95 and top.rank_correlation > 0.95
    cost = next(d for d in sim.drivers if d.key == "finance.costs[0].amount")
    assert cost.rank_correlation < 0  # a higher cost, a lower NPV
    # The share is the squared rank correlation over the first chunk, normalised.
    assert cost.share == pytest.approx(cost.rank_correlation ** 2 / sum(d.rank_correlation ** 2 for d in sim.drivers))


def test_adoption_settings_appear_among_the_drivers() -> None:
    data = _fixed_amounts(_time_only(hand_plan(uncertainty={**FIXED, "ceiling": {"low": 0.3, "likely": 1, "high": 1},
                                                             "correlation": 0})))
    appraisal = appraise(model_inputs(Plan.model_validate(data)))
    sim = simulate(appraisal, appraisal.leading, 5000, 2)
    assert [d.key for d in sim.drivers] == ["finance.uncertainty.ceiling"]
    assert sim.drivers[0].share == pytest.approx(1.0) and sim.drivers[0].rank_correlation > 0.9


# --- the orders behind the ranks: the stable sort's, however they are made ---------------------


@pytest.mark.parametrize("kind", ["continuous", "ties", "nan", "one row", "no columns"])
def test_the_order_and_ranks_are_the_stable_sorts(kind: str) -> None:
    from socialplan.finance.simulation import _inverse, _rank, _reorder, _stable_order

    rng = np.random.default_rng(11)
    values = rng.standard_normal((500, 7))
    if kind == "ties":  # whole numbers: many equal values in every column
        values = np.floor(values * 3)
    elif kind == "nan":
        values[::17, 2] = np.nan
    elif kind == "one row":
        values = values[:1]
    elif kind == "no columns":
        values = values[:, :0]
    # The oracle: what the simulation computed before, argsort of argsort down the columns.
    order = np.argsort(values, axis=0, kind="stable")
    ranks = np.argsort(order, axis=0, kind="stable")
    assert np.array_equal(_stable_order(values), order.T)
    assert np.array_equal(_inverse(_stable_order(values)), ranks)
    assert np.array_equal(_rank(values), ranks.astype(np.float64))
    if values.shape[1]:
        assert np.array_equal(_rank(values[:, 0]), ranks[:, 0].astype(np.float64))
    draws = rng.random(values.shape)
    expected = np.take_along_axis(np.sort(draws, axis=0), ranks, axis=0)
    reordered = _reorder(draws, _stable_order(values))
    assert np.array_equal(reordered, expected) and reordered.flags.c_contiguous
