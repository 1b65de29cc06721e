"""Pilot gates: intervals against independent computations, decisions by rule."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialplan.evidence.pilots import evaluate_pilot, mean_interval, poisson_interval, wilson_interval
from socialplan.evidence.spec import PilotResults
from socialplan.model import Pilot

# Student t critical values from published tables (two-sided 95%), by degrees of freedom.
T_TABLE = {1: 12.706, 5: 2.571, 10: 2.228, 30: 2.042, 100: 1.984}


@pytest.mark.parametrize(("n", "t"), [(k + 1, v) for k, v in T_TABLE.items()])
def test_the_mean_interval_uses_student_t(n: int, t: float) -> None:
    low, high = mean_interval(10.0, 2.0, n, 0.95)
    assert (high - low) / 2 == pytest.approx(t * 2.0 / math.sqrt(n), rel=1e-3)


def _wilson_by_root_finding(successes: int, n: int, z: float) -> tuple[float, float]:
    """The Wilson interval as the two proportions pi whose score statistic
    equals z, found by bisection: a computation independent of the formula."""
    p = successes / n

    def score(pi: float) -> float:
        return (p - pi) ** 2 - z * z * pi * (1 - pi) / n

    def bisect(lo: float, hi: float) -> float:
        for _ in range(200):
            mid = (lo + hi) / 2
            if (score(lo) > 0) == (score(mid) > 0):
                lo = mid
            else:
                hi = mid
        return (lo + hi) / 2

    low = 0.0 if successes == 0 else bisect(0.0, p)
    high = 1.0 if successes == n else bisect(p, 1.0)
    return low, high


@settings(max_examples=200, deadline=None)
@given(n=st.integers(1, 5000), data=st.data())
def test_the_wilson_interval_matches_root_finding(n: int, data: Any) -> None:
    successes = data.draw(st.integers(0, n))
    low, high = wilson_interval(successes, n, 0.95)
    want_low, want_high = _wilson_by_root_finding(successes, n, 1.959963984540054)
    assert low == pytest.approx(want_low, abs=1e-9)
    assert high == pytest.approx(want_high, abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(events=st.integers(0, 2000), exposure=st.floats(0.5, 1e5))
def test_the_poisson_interval_matches_the_gamma_quantiles(events: int, exposure: float) -> None:
    from scipy import stats

    low, high = poisson_interval(events, exposure, 0.95)
    want_low = 0.0 if events == 0 else stats.gamma.ppf(0.025, events) / exposure
    assert low == pytest.approx(want_low, rel=1e-9, abs=1e-12)
    assert high == pytest.approx(stats.gamma.ppf(0.975, events + 1) / exposure, rel=1e-9)


def test_the_poisson_interval_covers_the_textbook_case() -> None:
    # 10 events: the exact 95% limits are 4.795 and 18.390 (Garwood 1936).
    low, high = poisson_interval(10, 1.0, 0.95)
    assert (round(low, 3), round(high, 3)) == (4.795, 18.390)


PILOT = Pilot.model_validate({
    "participants": 60, "weeks": 8,
    "metrics": [
        {"name": "status calls per week", "unit": "calls", "direction": "decrease", "baseline": 5, "threshold": 3.5},
        {"name": "questions answered within 2 hours", "unit": "%", "direction": "increase", "baseline": 20,
         "threshold": 60},
    ],
})


def _decide(results: list[dict[str, Any]], **extra: Any) -> Any:
    return evaluate_pilot("rooms", PILOT, PilotResults.model_validate({"use_case": "rooms", "results": results,
                                                                       **extra}))


def test_clear_success_scales() -> None:
    outcome = _decide([
        {"metric": "status calls per week", "observed": 3.1, "n": 40, "sd": 1.0},
        {"metric": "Questions answered within 2 hours", "successes": 140, "n": 200},
    ])
    assert outcome.decision == "scale"
    calls, answers = outcome.metrics
    assert calls.met and calls.noise is False and calls.interval is not None
    assert calls.interval.method == "Student t interval"
    assert answers.observed == pytest.approx(70.0) and answers.interval is not None
    assert answers.interval.method == "Wilson score interval"
    # Achieved share of the hoped-for change: (3.1 - 5) / (3.5 - 5).
    assert calls.effect is not None and calls.effect[1] == pytest.approx(1.9 / 1.5)


def test_a_small_pilot_that_meets_the_threshold_by_luck_does_not_scale() -> None:
    outcome = _decide([
        {"metric": "status calls per week", "observed": 3.4, "n": 4, "sd": 2.5},
        {"metric": "questions answered within 2 hours", "successes": 4, "n": 6},
    ])
    calls, answers = outcome.metrics
    assert calls.met and calls.noise is True  # the interval reaches the baseline
    assert answers.met and answers.noise is False
    assert outcome.decision == "revise"
    assert "could be noise" in calls.reason


def test_nothing_moving_stops() -> None:
    outcome = _decide([
        {"metric": "status calls per week", "observed": 4.9, "n": 40, "sd": 1.5},
        {"metric": "questions answered within 2 hours", "successes": 44, "n": 200},
    ])
    assert outcome.decision == "stop"
    assert outcome.reasons[0] == "no metric improved on its baseline beyond noise"


def test_some_movement_short_of_the_threshold_revises() -> None:
    outcome = _decide([
        {"metric": "status calls per week", "observed": 4.2, "n": 60, "sd": 1.0},
        {"metric": "questions answered within 2 hours", "successes": 70, "n": 200},
    ])
    assert outcome.decision == "revise"


def test_scale_when_met_lowers_the_bar() -> None:
    results = [
        {"metric": "status calls per week", "observed": 3.0, "n": 60, "sd": 1.0},
        {"metric": "questions answered within 2 hours", "successes": 70, "n": 200},
    ]
    assert _decide(results).decision == "revise"
    assert _decide(results, scale_when_met=1).decision == "scale"


def test_a_value_without_a_sample_is_judged_with_a_caveat() -> None:
    outcome = _decide([
        {"metric": "status calls per week", "observed": 3.0},
        {"metric": "questions answered within 2 hours", "observed": 65},
    ])
    assert outcome.decision == "scale"
    assert all("noise cannot be ruled out" in m.reason for m in outcome.metrics)


def test_nothing_measured_is_pending() -> None:
    assert _decide([]).decision == "pending"
