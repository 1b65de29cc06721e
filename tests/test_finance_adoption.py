"""Bass diffusion per stakeholder group, with the pilot before launch."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialplan.finance.adoption import GroupSettings, bass_adoption, launch_month_for, month_reaching


def bass_by_hand(market: float, p: float, q: float, start: float, steps: int) -> list[float]:
    """The textbook recurrence, one step at a time."""
    adopted, out = start, []
    for _ in range(steps):
        if adopted < market:
            adopted = min(market, adopted + (p + q * adopted / market) * (market - adopted))
        out.append(adopted)
    return out


def test_monthly_bass_follows_the_recurrence() -> None:
    group = GroupSettings("all", "All", 1000, 0.03, 0.38, 0.8, months_per_unit=1)
    curve = bass_adoption((group,), 36, 0).adopters[0]
    assert list(curve) == pytest.approx(bass_by_hand(800, 0.03, 0.38, 0.0, 36))
    # First month: only external influence acts on an empty market.
    assert curve[0] == pytest.approx(0.03 * 800)


def test_quarterly_coefficients_step_monthly_at_a_third() -> None:
    quarterly = GroupSettings("all", "All", 1000, 0.03, 0.38, 0.8, months_per_unit=3)
    curve = bass_adoption((quarterly,), 24, 0).adopters[0]
    assert list(curve) == pytest.approx(bass_by_hand(800, 0.01, 0.38 / 3, 0.0, 24))


def test_pilot_users_before_launch_then_diffusion_from_them() -> None:
    group = GroupSettings("all", "All", 500, 0.05, 0.5, 0.9, months_per_unit=1, pilot=40)
    curve = bass_adoption((group,), 12, 3).adopters[0]
    assert list(curve[:3]) == [40, 40, 40]
    assert list(curve[3:]) == pytest.approx(bass_by_hand(450, 0.05, 0.5, 40.0, 9))


def test_groups_are_independent() -> None:
    a = GroupSettings("a", "A", 100, 0.1, 0.2, 1.0, months_per_unit=1)
    b = GroupSettings("b", "B", 300, 0.02, 0.6, 0.5, months_per_unit=12)
    curves = bass_adoption((a, b), 24, 0)
    assert list(curves.adopters[0]) == pytest.approx(bass_by_hand(100, 0.1, 0.2, 0.0, 24))
    assert list(curves.adopters[1]) == pytest.approx(bass_by_hand(150, 0.02 / 12, 0.6 / 12, 0.0, 24))
    assert list(curves.adopters_of(("a", "b"))) == pytest.approx(list(curves.adopters.sum(axis=0)))
    assert curves.full_adoption_of(("b",)) == 150
    assert curves.eligible == 400


@given(st.floats(0, 1), st.floats(0, 5), st.floats(0, 1), st.integers(0, 5000), st.integers(0, 12))
def test_adopters_never_exceed_the_ceiling_and_never_fall(p: float, q: float, ceiling: float,
                                                          headcount: int, launch: int) -> None:
    group = GroupSettings("g", "G", headcount, p, q, ceiling, months_per_unit=1, pilot=0)
    curve = bass_adoption((group,), 36, launch).adopters[0]
    assert (curve <= ceiling * headcount + 1e-9).all()
    assert (curve[1:] >= curve[:-1] - 1e-9).all()


def test_launch_follows_the_longest_pilot_in_whole_months() -> None:
    assert launch_month_for([]) == 0
    assert launch_month_for([8, 12]) == 3  # 12 weeks is 2.77 months
    assert launch_month_for([13]) == 3  # 13 weeks is exactly 3 months
    assert month_reaching(np.array([0.0, 5, 10, 20]), 10) == 3
    assert month_reaching(np.array([0.0, 5]), 10) is None
