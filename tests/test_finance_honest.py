"""An honest business case: benefit kinds and cash-only figures, the net
budget impact, MIRR and IRR explanations, a draft without a baseline.

Oracles: numpy-financial, the hand-worked plan of test_finance_model (its
monthly figures are plain arithmetic), and the model re-run on a plan
edited by hand (a plan without its non-cash benefits, a plan with an
explicit do-nothing option).
"""

from __future__ import annotations

import copy
import math
from typing import Any

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from socialplan.finance.appraisal import appraise
from socialplan.finance.discounting import irr, irr_explanation, mirr
from socialplan.finance.inputs import model_inputs, model_problems, model_warnings
from socialplan.model import Plan
from test_finance_model import BENEFITS_MONTH, COSTS_MONTH, INITIAL, annuity, hand_plan, run

# The hand plan's cash-releasing benefit: the licence retired, 12,000 a year.
CASH_MONTH = 1_000
UPLIFT = 0.4 * (1 - 0.5)
COST_FACTOR = (1 + 0.05) * (1 + UPLIFT)


# --- MIRR --------------------------------------------------------------------------------------------


flows_strategy = st.lists(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).map(lambda v: round(v, 2)),
                          min_size=2, max_size=12)
rates = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


@settings(max_examples=300, deadline=None)
@given(flows_strategy, rates, rates)
def test_mirr_agrees_with_numpy_financial(flows: list[float], finance: float, reinvest: float) -> None:
    expected = npf.mirr(flows, finance, reinvest)
    got = mirr(flows, finance, reinvest)
    if math.isnan(expected):
        assert got is None
    else:
        assert got == pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_mirr_of_the_hand_worked_plan_by_hand_and_with_stated_rates() -> None:
    figures = run(hand_plan()).leading.unadjusted
    yearly = 12 * (BENEFITS_MONTH - COSTS_MONTH)
    # Returns compounded to year 3 at 10%, the outlay at time 0: three years.
    by_hand = (yearly * (1.1 ** 2 + 1.1 + 1) / INITIAL) ** (1 / 3) - 1
    assert figures.mirr == pytest.approx(by_hand)
    stated = run(hand_plan(mirr={"finance_rate": 0.05, "reinvestment_rate": 0.08})).leading.unadjusted
    assert stated.mirr == pytest.approx(npf.mirr(list(stated.period_net), 0.05, 0.08))
    assert stated.mirr == pytest.approx((yearly * (1.08 ** 2 + 1.08 + 1) / INITIAL) ** (1 / 3) - 1)
    assert stated.npv == pytest.approx(figures.npv)  # the MIRR rates change nothing else


def test_irr_explanations_in_plain_words() -> None:
    small_outlay = [-1.0, 10.0, 10.0]
    rate = irr(small_outlay)
    assert rate is not None and rate > 1
    note = irr_explanation(small_outlay, rate)
    assert note is not None and "above 100%" in note and "MIRR" in note
    # 1 put in against 20 back: the outlay is 5% of the returns.
    assert "5.0% of what comes back" in note
    assert irr_explanation([-100.0, 60.0, 60.0], irr([-100.0, 60.0, 60.0])) is None  # 13%: nothing to explain
    assert "never negative" in (irr_explanation([0.0, 5.0, 5.0], None) or "")
    assert "never positive" in (irr_explanation([-5.0, -1.0], None) or "")
    assert irr([-1.0, 3.0, -3.0]) is None  # no rate balances these
    assert "no single rate" in (irr_explanation([-1.0, 3.0, -3.0], None) or "")


def test_an_appraisal_with_a_tiny_outlay_explains_its_irr() -> None:
    data = hand_plan()
    data["finance"]["costs"][0]["amount"] = 100  # almost no initial investment
    figures = run(data).leading.unadjusted
    assert figures.irr is not None and figures.irr > 10
    assert figures.irr_note is not None and "read the MIRR" in figures.irr_note
    assert figures.mirr == pytest.approx(npf.mirr(list(figures.period_net), 0.1, 0.1))
    assert figures.mirr < figures.irr


# --- benefit kinds and cash-only figures ---------------------------------------------------------------


def _kinds(data: dict[str, Any]) -> list[str]:
    return [b.kind for b in model_inputs(Plan.model_validate(data)).benefits]


def test_benefit_kind_defaults() -> None:
    data = hand_plan()
    benefits = data["use_cases"][0]["benefits"]
    assert _kinds(data) == ["non-cash-releasing", "cash-releasing"]  # hours: time; cash_releasing: true
    benefits[1].pop("cash_releasing")
    assert _kinds(data) == ["non-cash-releasing", "non-cash-releasing"]  # an annual value must say it is cash
    benefits[1]["kind"] = "cash-releasing"
    benefits[0]["kind"] = "wider"
    assert _kinds(data) == ["wider", "cash-releasing"]
    benefits[1]["cash_releasing"] = True  # agrees with the kind: fine
    assert model_problems(Plan.model_validate(data)) == []


def test_cash_only_figures_and_budget_impact_by_hand() -> None:
    option = run(hand_plan()).leading
    a = annuity(0.10, 3)
    cash = option.cash_unadjusted
    assert cash.pv_benefits == pytest.approx(12 * CASH_MONTH * a)
    assert cash.npv == pytest.approx(12 * CASH_MONTH * a - INITIAL - 12 * COSTS_MONTH * a)
    assert cash.pv_costs == pytest.approx(option.unadjusted.pv_costs)
    # Year 1 carries the initial investment (month 0) and is a net cost.
    first = 12 * (CASH_MONTH - COSTS_MONTH) - INITIAL
    assert cash.yearly_net == pytest.approx((first, 12 * (CASH_MONTH - COSTS_MONTH), 12 * (CASH_MONTH - COSTS_MONTH)))
    adjusted = option.cash_risk_adjusted
    later = 12 * (CASH_MONTH * 0.9 - COSTS_MONTH * COST_FACTOR)
    assert adjusted.yearly_net == pytest.approx((later - INITIAL * COST_FACTOR, later, later))
    assert adjusted.npv == pytest.approx(12 * CASH_MONTH * 0.9 * a - (INITIAL + 12 * COSTS_MONTH * a) * COST_FACTOR)


def _without_non_cash(data: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(data)
    for use_case in out["use_cases"]:
        use_case["benefits"] = [b for b in use_case["benefits"]
                                if b.get("kind") == "cash-releasing" or b.get("cash_releasing") is True]
    return out


@settings(max_examples=40, deadline=None)
@given(hours=st.floats(min_value=0, max_value=5), annual=st.floats(min_value=0, max_value=1e6),
       kind=st.sampled_from(["cash-releasing", "non-cash-releasing", "wider"]),
       preset=st.sampled_from(["tei", "greenbook"]))
def test_cash_only_npv_is_the_npv_without_the_other_benefits(hours: float, annual: float, kind: str,
                                                             preset: str) -> None:
    data = hand_plan(preset=preset)
    benefits = data["use_cases"][0]["benefits"]
    benefits[0]["hours_per_user_week"] = hours
    benefits[1].pop("cash_releasing")
    benefits[1].update(annual_value=annual, kind=kind)
    option = run(data).leading
    oracle = run(_without_non_cash(data)).leading
    for adjusted in (False, True):
        cash, total = option.cash_figures(adjusted), option.figures(adjusted)
        assert cash.npv == pytest.approx(oracle.figures(adjusted).npv, abs=1e-6)
        assert cash.yearly_net == pytest.approx(oracle.figures(adjusted).yearly_net, abs=1e-6)
        assert cash.npv <= total.npv + 1e-6  # the other benefits are never negative
        # Yearly net flows add up to the undiscounted total.
        assert sum(total.yearly_net) == pytest.approx(sum(total.period_net), abs=1e-6)


def test_a_cost_avoided_is_cash_releasing() -> None:
    data = hand_plan()
    data["options"] = [{"id": "bau", "title": "Keep the intranet", "baseline": True},
                       {"id": "network", "title": "The network"}]
    data["finance"]["costs"].append({"name": "intranet hosting", "kind": "recurring", "amount": 6000,
                                     "per": "year", "options": ["bau"]})
    without = run(hand_plan()).leading.cash_unadjusted
    with_avoided = run(data).leading.cash_unadjusted
    assert with_avoided.pv_benefits - without.pv_benefits == pytest.approx(6000 * annuity(0.10, 3))


# --- no do-nothing option: a draft ---------------------------------------------------------------------


def test_options_without_a_baseline_give_a_draft_against_zero() -> None:
    data = hand_plan()
    data["options"] = [{"id": "a", "title": "A"}, {"id": "do-nothing", "title": "Not actually nothing",
                                                   "benefit_share": 0.5}]
    plan = Plan.model_validate(data)
    assert model_problems(plan) == []
    assert [(w.code, w.path) for w in model_warnings(plan)] == [("SP104", ("options",))]
    inputs = model_inputs(plan)
    assert inputs.draft_reason is not None and "draft" in inputs.draft_reason
    assert inputs.baseline.id == "do-nothing-assumed"  # never the plan's own option id
    draft = appraise(inputs)
    # The oracle: the same plan with an explicit do-nothing option of zero.
    explicit = copy.deepcopy(data)
    explicit["options"].insert(0, {"id": "zero", "title": "Nothing", "baseline": True})
    stated = run(explicit)
    assert model_inputs(Plan.model_validate(explicit)).draft_reason is None
    for mine, theirs in zip(draft.options[1:], stated.options[1:], strict=True):
        assert mine.risk_adjusted.npv == pytest.approx(theirs.risk_adjusted.npv)
        assert mine.cash_risk_adjusted.npv == pytest.approx(theirs.cash_risk_adjusted.npv)
    assert draft.leading.option.id == "a"


def test_a_plan_with_a_baseline_is_not_a_draft() -> None:
    plan = Plan.model_validate(hand_plan())
    assert model_warnings(plan) == []
    assert model_inputs(plan).draft_reason is None


@settings(max_examples=60, deadline=None)
@given(flows_strategy)
def test_irr_explanation_is_given_exactly_when_irr_is_absent_or_above_100_percent(flows: list[float]) -> None:
    assume(any(flows))
    rate = irr(np.asarray(flows))
    note = irr_explanation(flows, rate)
    assert (note is not None) == (rate is None or rate > 1.0)
