"""Bass diffusion per stakeholder group, with the pilot before launch."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialplan.finance.adoption import GroupSettings, bass_adoption, launch_month_for, month_reaching, pilot_ramp


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


def test_pilot_participants_join_in_the_month_their_pilot_starts() -> None:
    # 30 people from a pilot starting in month 1, 20 from one starting in
    # month 3; launch in month 4, so diffusion starts from all 50.
    group = GroupSettings("all", "All", 500, 0.05, 0.5, 0.9, months_per_unit=1, pilot=50,
                          pilot_joins=((1, 30.0), (3, 20.0)))
    curve = bass_adoption((group,), 12, 4).adopters[0]
    assert list(curve[:4]) == [0, 30, 30, 50]
    assert list(curve[4:]) == pytest.approx(bass_by_hand(450, 0.05, 0.5, 50.0, 8))


def test_a_pilot_starting_after_launch_adds_nobody_before_it() -> None:
    group = GroupSettings("all", "All", 500, 0.05, 0.5, 0.9, months_per_unit=1, pilot=40,
                          pilot_joins=((1, 10.0), (6, 30.0)))
    curve = bass_adoption((group,), 12, 3).adopters[0]
    assert list(curve[:3]) == [0, 10, 10]
    assert list(curve[3:]) == pytest.approx(bass_by_hand(450, 0.05, 0.5, 10.0, 9))


def test_the_pilot_ramp_starts_in_the_pilots_first_month() -> None:
    # A three-month pilot from month 2, launch in month 7: nothing before
    # it, the ramp's monthly means 1/6, 3/6, 5/6, then the full benefit.
    assert list(pilot_ramp(3, 7, 10, first=2)) == pytest.approx([0, 0, 1 / 6, 1 / 2, 5 / 6, 1, 1, 0, 0, 0])
    assert list(pilot_ramp(2, 2, 4)) == pytest.approx([0.25, 0.75, 0, 0])
