"""Use-case priorities and the stakeholder map, with numbers worked out by
hand from RICE, weighted scoring, the quadrants, Mendelow and ADKAR."""

from __future__ import annotations

import pytest

from socialplan.assess.adkar import ACTIONS, NO_BARRIER, NOT_ASSESSED, barrier_action, barrier_point
from socialplan.assess.examples import plan_from_text
from socialplan.assess.priorities import quadrant, rank_use_cases, rice_score, value_score, weighted_score
from socialplan.assess.stakeholder_map import STRATEGIES, grid_quadrant, map_stakeholders
from socialplan.assess.thresholds import Thresholds
from socialplan.model import Adkar, Plan

T = Thresholds()

PLAN = """\
organisation: {name: Acme}
prioritisation:
  criteria: {fit: 3, ease: 1}
stakeholders:
  - {id: sales, headcount: 900}
  - {id: support, headcount: 100}
use_cases:
  - {id: deal-rooms, title: Deal rooms, stakeholders: [sales, support], impact: 2, confidence: 0.8, effort: 2,
     scores: {fit: 8, ease: 4}}
  - {id: wiki, title: Wiki, reach: 300, impact: 1, confidence: 0.5, effort: 6, scores: {fit: 9, ease: 9}}
  - {id: news, title: News, reach: 1000, impact: 0.5, confidence: 1.0, effort: 0.5, scores: {fit: 8}}
  - {id: unsized, title: Not sized yet}
"""


def _plan(text: str) -> Plan:
    validated, diagnostics = plan_from_text(text, "plan.yaml")
    assert validated is not None, [d.message for d in diagnostics]
    return validated.plan


# --- RICE, weighted scoring, value, quadrant ---------------------------------------------------


def test_rice() -> None:
    assert rice_score(900, 2, 0.8, 2) == pytest.approx(720)
    assert rice_score(1000, 0.25, 0.5, 0.5) == pytest.approx(250)
    assert rice_score(None, 2, 0.8, 2) is None
    assert rice_score(900, 2, 0.8, None) is None


def test_weighted_score_counts_a_missing_criterion_as_zero() -> None:
    assert weighted_score({"fit": 8, "ease": 4}, {"fit": 3, "ease": 1}) == pytest.approx((3 * 8 + 1 * 4) / 4)
    assert weighted_score({"fit": 8}, {"fit": 3, "ease": 1}) == pytest.approx(24 / 4)
    assert weighted_score({"other": 8}, {"fit": 3}) is None
    assert weighted_score({"fit": 8}, {}) is None


def test_value_is_the_weighted_score_else_impact_times_confidence() -> None:
    assert value_score(7.0, 3, 1.0) == 7.0
    assert value_score(None, 3, 1.0) == pytest.approx(10.0)
    assert value_score(None, 2, 0.8) == pytest.approx(10 * 2 / 3 * 0.8)
    assert value_score(None, None, 0.8) is None


@pytest.mark.parametrize(("value", "effort", "expected"), [
    (7, 1, "quick win"), (7, 5, "big bet"), (3, 1, "fill-in"), (3, 5, "time sink"),
    (5.0, 2.9, "quick win"), (4.99, 3.0, "time sink"),  # the thresholds (5 and 3) count as high
    (None, 1, None), (7, None, None),
])
def test_quadrants(value: float | None, effort: float | None, expected: str | None) -> None:
    assert quadrant(value, effort, T) == expected


def test_ranking_by_weighted_score_when_the_plan_has_criteria() -> None:
    measure, ranked = rank_use_cases(_plan(PLAN), T)
    assert measure == "weighted"
    # wiki 9.0, deal-rooms 7.0, news 6.0, unsized none.
    assert [p.id for p in ranked] == ["wiki", "deal-rooms", "news", "unsized"]
    assert [p.rank for p in ranked] == [1, 2, 3, 4]
    deal = ranked[1]
    assert deal.reach == 1000  # default: the headcount of its groups
    assert deal.rice == pytest.approx(1000 * 2 * 0.8 / 2)
    assert deal.weighted == pytest.approx(7.0)
    assert deal.quadrant == "quick win"
    assert ranked[0].quadrant == "big bet"  # value 9, effort 6
    news = ranked[2]
    assert news.rice == pytest.approx(1000 * 0.5 * 1.0 / 0.5)
    assert "not scored on ease" in news.reasons
    unsized = ranked[3]
    assert unsized.rice is None and unsized.quadrant is None
    assert any("reach" in r and "effort" in r for r in unsized.reasons)


def test_ranking_by_rice() -> None:
    measure, ranked = rank_use_cases(_plan(PLAN), T, "rice")
    assert measure == "rice"
    # RICE: news 1000, deal-rooms 800, wiki 300 x 1 x 0.5 / 6 = 25.
    assert [p.id for p in ranked] == ["news", "deal-rooms", "wiki", "unsized"]


def test_auto_ranks_by_rice_without_criteria_and_ties_break_by_id() -> None:
    text = """\
organisation: {name: Acme}
use_cases:
  - {id: b, title: B, reach: 100, impact: 1, confidence: 1.0, effort: 1}
  - {id: a, title: A, reach: 100, impact: 1, confidence: 1.0, effort: 1}
  - {id: c, title: C, reach: 50, impact: 1, confidence: 1.0, effort: 1}
"""
    measure, ranked = rank_use_cases(_plan(text), T)
    assert measure == "rice"
    assert [p.id for p in ranked] == ["a", "b", "c"]


# --- stakeholder map ---------------------------------------------------------------------------


@pytest.mark.parametrize(("power", "interest", "expected"), [
    ("high", "high", "manage closely"), ("high", "medium", "keep satisfied"), ("high", "low", "keep satisfied"),
    ("low", "high", "keep informed"), ("medium", "high", "keep informed"), ("medium", "medium", "monitor"),
    ("low", "low", "monitor"),
])
def test_power_interest_grid(power: str, interest: str, expected: str) -> None:
    assert grid_quadrant(power, interest, T) == expected


def test_medium_can_count_as_high() -> None:
    t = Thresholds(mendelow_high="medium")
    assert grid_quadrant("medium", "medium", t) == "manage closely"
    assert grid_quadrant("low", "medium", t) == "keep informed"


def _adkar(a: int, d: int, k: int, ab: int, r: int) -> Adkar:
    return Adkar(awareness=a, desire=d, knowledge=k, ability=ab, reinforcement=r)


@pytest.mark.parametrize(("scores", "expected"), [
    ((3, 5, 5, 5, 5), "awareness"),  # 3 or less is a barrier
    ((4, 2, 1, 1, 1), "desire"),     # the first in ADKAR order wins
    ((5, 4, 4, 2, 1), "ability"),
    ((5, 5, 5, 5, 3), "reinforcement"),
    ((4, 4, 4, 4, 4), None),
])
def test_adkar_barrier_point(scores: tuple[int, int, int, int, int], expected: str | None) -> None:
    assert barrier_point(_adkar(*scores)) == expected


def test_barrier_actions() -> None:
    assert barrier_action(None) == (None, NOT_ASSESSED)
    assert barrier_action(_adkar(5, 5, 2, 1, 1)) == ("knowledge", ACTIONS["knowledge"])
    assert barrier_action(_adkar(5, 5, 5, 5, 5)) == (None, NO_BARRIER)


def test_the_map_gives_quadrant_strategy_research_and_barrier() -> None:
    text = """\
organisation: {name: Acme}
stakeholders:
  - {id: board, headcount: 9, senior: true, power: high, interest: high,
     adkar: {awareness: 4, desire: 2, knowledge: 3, ability: 3, reinforcement: 1}}
  - {id: staff, headcount: 4000, power: low, interest: high, research: survey}
  - {id: lab, headcount: 30, power: low, interest: low}
"""
    board, staff, lab = map_stakeholders(_plan(text), T)
    assert (board.quadrant, board.strategy) == ("manage closely", STRATEGIES["manage closely"])
    assert (board.research, board.research_planned) == ("interview", False)  # suggested for senior groups
    assert (board.barrier, board.action) == ("desire", ACTIONS["desire"])
    assert (staff.quadrant, staff.research, staff.research_planned) == ("keep informed", "survey", True)
    assert (lab.quadrant, lab.research, lab.barrier, lab.action) == ("monitor", "focus-group", None, NOT_ASSESSED)
