"""Monte Carlo over the three-point estimates: the distributions, the
percentiles, determinism, and convergence to the deterministic expectation."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialplan.finance.appraisal import appraise
from socialplan.finance.distributions import mean, sample
from socialplan.finance.inputs import model_inputs
from socialplan.finance.simulation import CHUNK, simulate
from socialplan.model import Plan
from test_finance_model import hand_plan, run


@st.composite
def estimates(draw: Any) -> tuple[float, float, float]:
    values = sorted(draw(st.lists(st.floats(0, 1e6, allow_nan=False), min_size=3, max_size=3)))
    return values[0], values[1], values[2]


def _one(distribution: Any, estimate: tuple[float, float, float], rows: int, seed: int) -> np.ndarray[Any, Any]:
    low, likely, high = (np.array([v]) for v in estimate)
    return sample(distribution, low, likely, high, rows, np.random.default_rng(seed))[:, 0]


@settings(max_examples=40, deadline=None)
@given(estimates(), st.sampled_from(["triangular", "pert"]), st.integers(0, 2**32 - 1))
def test_sample_mean_approaches_the_distribution_mean(estimate: tuple[float, float, float],
                                                      distribution: Any, seed: int) -> None:
    draws = _one(distribution, estimate, 40_000, seed)
    low, likely, high = estimate
    assert (draws >= low - 1e-9).all() and (draws <= high + 1e-9).all()
    expected = (low + likely + high) / 3 if distribution == "triangular" else (low + 4 * likely + high) / 6
    # Five standard errors: the bound a correct sampler breaks about once in
    # three million runs.
    assert abs(draws.mean() - expected) <= 5 * draws.std() / math.sqrt(len(draws)) + 1e-9 * (high + 1)


def test_triangular_shape_matches_its_distribution_function() -> None:
    low, likely, high = 10.0, 20.0, 60.0
    draws = _one("triangular", (low, likely, high), 200_000, 7)
    # F(likely) = (likely - low) / (high - low); F(x) for x above the mode.
    assert (draws <= likely).mean() == pytest.approx(0.2, abs=0.005)
    x = 40.0
    assert (draws <= x).mean() == pytest.approx(1 - (high - x) ** 2 / ((high - low) * (high - likely)), abs=0.005)


def test_pert_is_a_scaled_beta_with_weight_four() -> None:
    low, likely, high = 0.0, 1.0, 4.0
    draws = _one("pert", (low, likely, high), 200_000, 11)
    a, b = 1 + 4 * (likely - low) / (high - low), 1 + 4 * (high - likely) / (high - low)
    variance = (high - low) ** 2 * a * b / ((a + b) ** 2 * (a + b + 1))
    assert draws.mean() == pytest.approx((low + 4 * likely + high) / 6, abs=0.01)
    assert draws.var() == pytest.approx(variance, rel=0.02)


def test_a_fixed_estimate_is_a_constant() -> None:
    for distribution in ("triangular", "pert"):
        assert set(_one(distribution, (5.0, 5.0, 5.0), 100, 1)) == {5.0}
        assert mean(distribution, np.array([5.0]), np.array([5.0]), np.array([5.0]))[0] == 5.0


FIXED_ADOPTION = {"ceiling": 1, "p": 1, "q": 1, "launch_delay": 0}


def _appraisal(**finance: Any) -> Any:
    return appraise(model_inputs(Plan.model_validate(hand_plan(**finance))))


def test_same_seed_same_figures_other_seed_other_draws() -> None:
    appraisal = _appraisal()
    n = CHUNK + 1234  # across a chunk boundary
    a = simulate(appraisal, appraisal.leading, n, 42)
    b = simulate(appraisal, appraisal.leading, n, 42)
    c = simulate(appraisal, appraisal.leading, n, 43)
    assert np.array_equal(a.risk_adjusted.samples, b.risk_adjusted.samples)
    assert (a.risk_adjusted.p10, a.risk_adjusted.p50, a.risk_adjusted.p90) == \
        (b.risk_adjusted.p10, b.risk_adjusted.p50, b.risk_adjusted.p90)
    assert not np.array_equal(a.risk_adjusted.samples, c.risk_adjusted.samples)


def test_progress_is_reported_by_chunk_without_changing_the_result() -> None:
    appraisal = _appraisal()
    seen: list[int] = []
    with_progress = simulate(appraisal, appraisal.leading, 2 * CHUNK + 5, 3, progress=seen.append)
    without = simulate(appraisal, appraisal.leading, 2 * CHUNK + 5, 3)
    assert seen == [CHUNK, 2 * CHUNK, 2 * CHUNK + 5]
    assert np.array_equal(with_progress.unadjusted.samples, without.unadjusted.samples)


def test_percentiles_and_probability_describe_the_samples() -> None:
    appraisal = _appraisal()
    sim = simulate(appraisal, appraisal.leading, 5000, 5)
    for outcome in (sim.unadjusted, sim.risk_adjusted):
        s = outcome.samples
        assert outcome.p10 <= outcome.p50 <= outcome.p90
        assert (s <= outcome.p10).mean() == pytest.approx(0.10, abs=0.002)
        assert (s <= outcome.p90).mean() == pytest.approx(0.90, abs=0.002)
        assert outcome.prob_positive == (s > 0).mean()


def test_simulated_mean_approaches_the_deterministic_expectation_as_n_grows() -> None:
    """The expectation is the model run with every estimate at its mean; it
    is computed here by re-running the model, not from the simulation.
    Adoption is held as planned (the mean is linear only in the amounts);
    the shared optimism factor stays on: it reorders draws, so it cannot
    move the mean."""
    data = hand_plan(uncertainty=FIXED_ADOPTION)
    appraisal = run(data)
    # PERT means of the two ranged estimates of the hand-worked plan.
    means = {"use_cases[0].benefits[0].hours_per_user_week": (0.5 + 4 * 1 + 2) / 6,
             "finance.costs[0].amount": (80_000 + 4 * 100_000 + 150_000) / 6}
    expected = appraise(appraisal.inputs, values=means).leading.risk_adjusted.npv
    errors = []
    for n in (500, 5_000, 50_000, 500_000):
        outcome = simulate(appraisal, appraisal.leading, n, 2012).risk_adjusted
        assert outcome.expected == pytest.approx(expected)
        error = abs(outcome.mean - expected)
        assert error <= 5 * outcome.std / math.sqrt(n)
        errors.append(error / outcome.std)
    assert errors[-1] < 0.01  # within 1% of a standard deviation at half a million draws
    assert errors[-1] < errors[0]
