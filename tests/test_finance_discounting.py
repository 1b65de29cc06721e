"""NPV, IRR, payback and periods: checked against numpy-financial and by
properties that must hold for any flows."""

from __future__ import annotations

import math

import numpy_financial as npf
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from socialplan.finance.discounting import irr, npv, payback_month, periods_for

money = st.floats(min_value=-1e7, max_value=1e7, allow_nan=False, allow_infinity=False)
positive = st.floats(min_value=1.0, max_value=1e7, allow_nan=False, allow_infinity=False)
rates = st.floats(min_value=0.0, max_value=0.5, allow_nan=False)


@given(st.lists(money, min_size=1, max_size=12), rates)
def test_npv_agrees_with_numpy_financial(flows: list[float], rate: float) -> None:
    assert npv(rate, flows) == pytest.approx(float(npf.npv(rate, flows)), rel=1e-9, abs=1e-6)


@given(st.floats(min_value=1.0, max_value=1e7), st.lists(positive, min_size=1, max_size=10))
def test_irr_agrees_with_numpy_financial_for_an_investment(outlay: float, returns: list[float]) -> None:
    """One outlay then returns: exactly one IRR, which both must find."""
    flows = [-outlay, *returns]
    expected = float(npf.irr(flows))
    assume(math.isfinite(expected))
    found = irr(flows)
    assert found is not None
    assert found == pytest.approx(expected, rel=1e-6, abs=1e-9)
    assert npv(found, flows) == pytest.approx(0, abs=1e-6 * sum(abs(f) for f in flows))


@given(st.lists(money, min_size=2, max_size=8))
# A flow small enough to look like rounding, which a rate near -100% multiplies a millionfold.
@example([1001.0, -1.0, 1e-09])
def test_any_irr_found_zeroes_the_npv(flows: list[float]) -> None:
    found = irr(flows)
    if found is not None:
        assert found > -1
        assert npv(found, flows) == pytest.approx(0, abs=1e-6 * sum(abs(f) for f in flows))


@pytest.mark.parametrize(("flows", "expected"), [
    # Worked examples from numpy-financial's documentation.
    ([-100, 39, 59, 55, 20], 0.28095),
    ([-100, 0, 0, 74], -0.0955),
    ([-100, 100, 0, -7], -0.0833),
    ([-100, 100, 0, 7], 0.06206),
    ([-5, 10.5, 1, -8, 1], 0.0886),
])
def test_irr_on_published_examples(flows: list[float], expected: float) -> None:
    found = irr(flows)
    assert found is not None and round(found, 5) == pytest.approx(expected, abs=1e-5)


@pytest.mark.parametrize("flows", [[100, 50, 20], [-100, -50], [0, 0, 0], []])
def test_no_irr_without_a_sign_change(flows: list[float]) -> None:
    assert irr(flows) is None


@settings(max_examples=200)
@given(money, st.lists(st.floats(min_value=0, max_value=1e7), min_size=1, max_size=10), rates, rates)
def test_npv_falls_as_the_rate_rises_when_later_flows_are_positive(first: float, later: list[float],
                                                                   r1: float, r2: float) -> None:
    assume(any(v > 1e-3 for v in later) and abs(r1 - r2) > 1e-6)
    low, high = sorted((r1, r2))
    flows = [first, *later]
    assert npv(low, flows) > npv(high, flows)


def test_payback_month_reads_the_cumulative_flow() -> None:
    # Months are counted from 1: cumulative -100, -70, -40, -10, +20 by the end of month 5.
    assert payback_month([-100, 30, 30, 30, 30]) == 5
    assert payback_month([-100, 50, 50]) == 3  # back to zero counts as paid back
    assert payback_month([-100, 30, 30]) is None
    assert payback_month([10, 10]) == 1
    # Dipping below zero again later moves payback to the last recovery:
    # cumulative -10, 10, -20, -15, 35.
    assert payback_month([-10, 20, -30, 5, 50]) == 5


def test_periods_follow_each_convention() -> None:
    tei = periods_for("tei", 3)
    assert tei.labels == ("Initial", "Year 1", "Year 2", "Year 3")
    assert tei.exponents == (0, 1, 2, 3)
    assert tei.month_period[0] == 1 and tei.month_period[11] == 1 and tei.month_period[12] == 2
    green = periods_for("greenbook", 2)
    assert green.labels == ("Year 0", "Year 1")
    assert list(green.factors(0.035)) == pytest.approx([1, 1 / 1.035])
    assert green.month_period[:13] == (0,) * 12 + (1,)
