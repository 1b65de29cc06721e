"""Re-forecast and status, against independent computations."""

from __future__ import annotations

import doctest

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import socialplan.track.forecast as forecast
from socialplan.finance.adoption import GroupSettings, bass_adoption
from socialplan.track.forecast import bass_path, fit_bass, status_of
from socialplan.track.spec import TrackSettings


def test_the_doctests_hold() -> None:
    failures, tried = doctest.testmod(forecast)
    assert tried > 0 and failures == 0


def test_the_path_is_the_business_case_curve() -> None:
    """The re-forecast steps exactly as the business case's adoption model."""
    group = GroupSettings("g", "G", headcount=5000, p=0.03, q=0.38, ceiling=0.8, months_per_unit=1, pilot=120)
    curves = bass_adoption((group,), months=36, launch_month=4)
    model = curves.adopters_of(("g",))
    ours = bass_path(120, 0.8 * 5000, 0.03, 0.38, 36 - 4)
    assert np.allclose(ours, model[4:], rtol=1e-12)


@pytest.mark.parametrize(("p", "q", "ceiling"), [(0.02, 0.3, 0.8), (0.08, 0.6, 0.5), (0.01, 0.9, 0.95)])
def test_a_noise_free_curve_is_recovered(p: float, q: float, ceiling: float) -> None:
    data = bass_path(50, ceiling * 4000, p, q, 18)
    fit = fit_bass(data, 50, 4000, p=0.03, q=0.38, ceiling=0.7)
    assert fit.ceiling_fitted
    assert (fit.p, fit.q, fit.ceiling) == pytest.approx((p, q, ceiling), rel=1e-3, abs=1e-4)
    assert fit.rmse < 1e-3


def test_few_months_keep_the_planned_ceiling() -> None:
    data = bass_path(50, 0.8 * 4000, 0.02, 0.3, 4)
    fit = fit_bass(data, 50, 4000, p=0.03, q=0.38, ceiling=0.8)
    assert not fit.ceiling_fitted and fit.ceiling == 0.8
    assert (fit.p, fit.q) == pytest.approx((0.02, 0.3), rel=1e-3, abs=1e-5)


@settings(max_examples=30, deadline=None)
@given(p=st.floats(0.005, 0.1), q=st.floats(0.05, 0.8), ceiling=st.floats(0.3, 1.0), seed=st.integers(0, 10_000),
       months=st.integers(3, 24))
@example(p=0.0625, q=0.75, ceiling=0.9375, seed=2235, months=10)  # noise above the headcount
def test_the_fit_is_never_worse_than_the_truth(p: float, q: float, ceiling: float, seed: int, months: int) -> None:
    """Least squares must find parameters at least as close to noisy data
    as the parameters that made it."""
    rng = np.random.default_rng(seed)
    truth = bass_path(30, ceiling * 3000, p, q, months)
    data = np.maximum(0, truth + rng.normal(0, 0.03 * truth.max() + 1, months))
    fit = fit_bass(data, 30, 3000, p=0.03, q=0.38, ceiling=ceiling)
    truth_rmse = float(np.sqrt(np.mean((truth - data) ** 2)))
    assert fit.rmse <= truth_rmse * (1 + 1e-6) + 1e-9


def test_status_thresholds_are_settings() -> None:
    strict = TrackSettings(at_risk=0.99, off_track=0.95)
    assert status_of(96, 100, TrackSettings()) == "on track"
    assert status_of(96, 100, strict) == "at risk"
    assert status_of(90, 100, strict) == "off track"


@settings(max_examples=40, deadline=None)
@given(p=st.floats(0.001, 0.3), q=st.floats(0.0, 2.0), share=st.floats(0.05, 1.0), start=st.floats(0, 5000),
       months=st.integers(1, 40))
def test_the_slopes_are_the_paths_derivatives(p: float, q: float, share: float, start: float, months: int) -> None:
    """The fit's derivatives against central differences of bass_path."""
    headcount = 4000.0
    _, slopes = forecast._path_and_slopes(start, headcount, p, q, share, months)
    for column, (dp, dq, ds) in enumerate(((1e-6, 0, 0), (0, 1e-6, 0), (0, 0, 1e-6))):
        up = bass_path(start, (share + ds) * headcount, p + dp, q + dq, months)
        down = bass_path(start, (share - ds) * headcount, p - dp, q - dq, months)
        numeric = (up - down) / 2e-6
        # Where a step touches the ceiling the path has a kink: skip those months.
        smooth = np.abs(numeric - slopes[:, column]) <= 1e-4 * (1 + np.abs(numeric))
        kinks = np.isclose(bass_path(start, share * headcount, p, q, months), share * headcount, rtol=1e-6)
        assert np.all(smooth | kinks)


@settings(max_examples=25, deadline=None)
@given(p=st.floats(0.005, 0.1), q=st.floats(0.05, 0.8), ceiling=st.floats(0.3, 1.0), seed=st.integers(0, 10_000),
       months=st.integers(3, 30))
def test_the_fit_is_as_good_as_scipys(p: float, q: float, ceiling: float, seed: int, months: int) -> None:
    """The hand-written least squares against scipy.optimize.least_squares
    from the same starting points: never a worse fit than scipy's."""
    from scipy.optimize import least_squares

    rng = np.random.default_rng(seed)
    truth = bass_path(30, ceiling * 3000, p, q, months)
    data = np.maximum(0, truth + rng.normal(0, 0.03 * truth.max() + 1, months))
    fit = fit_bass(data, 30, 3000, p=0.03, q=0.38, ceiling=0.8)

    def residuals(x: np.ndarray) -> np.ndarray:
        share = x[2] if fit.ceiling_fitted else 0.8
        return bass_path(30, share * 3000, x[0], x[1], months) - data

    low, high = ([0.0, 0.0, 1e-3], [1.0, 5.0, 1.0]) if fit.ceiling_fitted else ([0.0, 0.0], [1.0, 5.0])
    floor = float(data.max()) / 3000
    best = np.inf
    for sp, sq in [(0.03, 0.38)] + [(a, b) for a in (0.005, 0.03, 0.1) for b in (0.1, 0.4, 1.0)]:
        guess = [sp, sq] + ([min(max(0.8, floor, 2e-3), 1 - 1e-9)] if fit.ceiling_fitted else [])
        result = least_squares(residuals, guess, bounds=(low, high), method="trf", x_scale="jac", max_nfev=2000)
        best = min(best, float(np.sqrt(np.mean(result.fun**2))))
    assert fit.rmse <= best * (1 + 1e-4) + 1e-6
