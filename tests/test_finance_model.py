"""The financial model against a small case worked out by hand.

Every expected figure below is computed here from the plan's numbers with
plain arithmetic, not with the model's own helpers. The plan is chosen so
the arithmetic stays readable: 100 people who all adopt in month 0 (Bass
with p = 1, q = 0 per month), 48 working weeks (4 a month), whole-pound
amounts.
"""

from __future__ import annotations

import copy
import math
from typing import Any

import numpy_financial as npf
import pytest

from socialplan.finance.appraisal import Appraisal, appraise
from socialplan.finance.inputs import model_inputs, model_problems
from socialplan.finance.timing import PilotWindow, Timing
from socialplan.model import Plan


def hand_plan(**finance: Any) -> dict[str, Any]:
    """The hand-worked plan as data; keyword arguments override finance keys."""
    plan: dict[str, Any] = {
        "organisation": {"name": "Hand Worked Ltd", "currency": "GBP"},
        "use_cases": [{
            "id": "rooms",
            "title": "Project rooms",
            "stakeholders": ["staff"],
            "benefits": [
                {"name": "time saved", "hours_per_user_week": {"low": 0.5, "likely": 1, "high": 2}, "risk": 0.1},
                {"name": "licence retired", "category": "cost-avoided", "annual_value": 12000, "risk": 0.1,
                 "cash_releasing": True},
            ],
        }],
        "stakeholders": [{"id": "staff", "headcount": 100}],
        "finance": {
            "preset": "tei",
            "loaded_hourly_cost": 50.0,
            "working_weeks": 48.0,
            "benefit_risk": 0.1,
            "cost_risk": 0.05,
            "optimism_bias": {"upper_bound": 0.4, "mitigated": 0.5},
            "adoption": {"p": 1.0, "q": 0.0, "ceiling": 1.0, "time_unit": "month"},
            "costs": [
                {"name": "implementation", "kind": "one-off", "amount": {"low": 80000, "likely": 100000,
                                                                          "high": 150000}, "month": 0},
                {"name": "community manager", "kind": "recurring", "amount": 24000, "per": "year"},
                {"name": "licences", "kind": "per-user", "amount": 5.0, "per": "month", "users": "eligible"},
                {"name": "mobile", "kind": "per-user", "amount": 1.0, "per": "month", "users": "active"},
            ],
        },
    }
    plan["finance"].update(finance)
    return plan


def run(data: dict[str, Any]) -> Appraisal:
    plan = Plan.model_validate(data)
    assert model_problems(plan) == []
    return appraise(model_inputs(plan))


def annuity(rate: float, years: int) -> float:
    return sum(1 / (1 + rate) ** t for t in range(1, years + 1))


# Monthly flows of the hand-worked plan, once everyone has adopted:
#   time saved       1 h x 48/12 weeks x 50 x 100 people = 20,000
#   licence retired  12,000 / 12                          =  1,000
#   community mgr    24,000 / 12                          =  2,000
#   licences         5 x 100 eligible                     =    500
#   mobile           1 x 100 active                       =    100
BENEFITS_MONTH = 20_000 + 1_000
COSTS_MONTH = 2_000 + 500 + 100
INITIAL = 100_000


def test_hand_worked_tei_case_unadjusted() -> None:
    result = run(hand_plan())
    figures = result.leading.unadjusted
    a = annuity(0.10, 3)
    yearly_benefits, yearly_costs = 12 * BENEFITS_MONTH, 12 * COSTS_MONTH
    pv_benefits = yearly_benefits * a
    pv_costs = INITIAL + yearly_costs * a
    npv = pv_benefits - pv_costs

    assert result.periods.labels == ("Initial", "Year 1", "Year 2", "Year 3")
    assert figures.period_costs == pytest.approx((INITIAL, yearly_costs, yearly_costs, yearly_costs))
    assert figures.period_benefits == pytest.approx((0, yearly_benefits, yearly_benefits, yearly_benefits))
    assert figures.pv_benefits == pytest.approx(pv_benefits)
    assert figures.pv_costs == pytest.approx(pv_costs)
    assert figures.npv == pytest.approx(npv)
    assert figures.roi == pytest.approx(npv / pv_costs)
    assert figures.bcr == pytest.approx(pv_benefits / pv_costs)
    # Month 1 nets 21,000 - 2,600 - 100,000; each later month +18,400:
    # the running total first stops being negative after 6 months.
    assert math.ceil(INITIAL / (BENEFITS_MONTH - COSTS_MONTH)) == 6
    assert figures.payback_month == 6
    # IRR by bisection on the period flows, independently of the model.
    flows = [-INITIAL] + [yearly_benefits - yearly_costs] * 3
    low, high = 0.0, 10.0
    for _ in range(200):
        mid = (low + high) / 2
        if sum(f / (1 + mid) ** t for t, f in enumerate(flows)) > 0:
            low = mid
        else:
            high = mid
    assert figures.irr == pytest.approx(low, rel=1e-9)
    assert figures.irr == pytest.approx(npf.irr(flows), rel=1e-9)


def test_hand_worked_tei_case_risk_adjusted() -> None:
    figures = run(hand_plan()).leading.risk_adjusted
    a = annuity(0.10, 3)
    uplift = 0.4 * (1 - 0.5)  # Green Book: upper bound x (1 - share mitigated)
    cost_factor = (1 + 0.05) * (1 + uplift)
    initial = INITIAL * cost_factor
    yearly_costs = 12 * COSTS_MONTH * cost_factor
    yearly_benefits = 12 * BENEFITS_MONTH * (1 - 0.1)
    npv = yearly_benefits * a - initial - yearly_costs * a
    assert figures.pv_costs == pytest.approx(initial + yearly_costs * a)
    assert figures.pv_benefits == pytest.approx(yearly_benefits * a)
    assert figures.npv == pytest.approx(npv)
    net_month = yearly_benefits / 12 - yearly_costs / 12
    assert figures.payback_month == math.ceil(initial / net_month)
    assert figures.payback_month == 9


def test_greenbook_discounts_from_year_zero() -> None:
    figures = run(hand_plan(preset="greenbook")).leading.unadjusted
    net_year = 12 * (BENEFITS_MONTH - COSTS_MONTH)
    # Year 0 holds the first twelve months, initial investment included, undiscounted.
    expected = (net_year - INITIAL) + net_year / 1.035 + net_year / 1.035 ** 2
    assert figures.npv == pytest.approx(expected)
    assert figures.discount_factors == pytest.approx((1, 1 / 1.035, 1 / 1.035 ** 2))


def test_explicit_settings_override_the_preset() -> None:
    result = run(hand_plan(discount_rate=0.07, horizon_years=5))
    figures = result.leading.unadjusted
    a = annuity(0.07, 5)
    assert len(result.periods.labels) == 6
    assert figures.npv == pytest.approx(12 * (BENEFITS_MONTH - COSTS_MONTH) * a - INITIAL)


def test_npv_matches_numpy_financial_on_the_period_flows() -> None:
    for preset in ("tei", "greenbook"):
        figures = run(hand_plan(preset=preset)).leading.risk_adjusted
        rate = 0.10 if preset == "tei" else 0.035
        assert figures.npv == pytest.approx(npf.npv(rate, figures.period_net))


def test_pilot_runs_at_pilot_size_before_launch() -> None:
    data = hand_plan()
    data["use_cases"][0]["pilot"] = {"participants": 10, "weeks": 8}
    result = run(data)
    curve = result.adoption.adopters[0]
    # 8 weeks is 1.85 months: launch in month index 2, after two pilot months.
    assert result.adoption.launch_month == 2
    assert list(curve[:2]) == [10, 10]
    assert curve[2] == pytest.approx(100)  # p = 1 a month: everyone left adopts at once
    benefits = result.leading.unadjusted.monthly_benefits
    # At full pilot benefit, 10 people save 1 h x 4 weeks x 50 = 2,000 a month
    # and the licence retired ramps with adoption: 12,000 / 12 x 10 / 100 = 100.
    # The pilot's benefit ramps from nothing to full over its two months: the
    # mean of that ramp is 1/4 over the first month and 3/4 over the second.
    full_pilot = 10 * 4 * 50 + 1000 * 10 / 100
    assert benefits[0] == pytest.approx(0.25 * full_pilot)
    assert benefits[1] == pytest.approx(0.75 * full_pilot)
    # From launch everyone has adopted: the full monthly benefit.
    assert benefits[2] == pytest.approx(BENEFITS_MONTH)
    # Pilot users are on the network from the first day: the per-active-user
    # cost counts all 10 of them from month 0.
    costs = result.leading.unadjusted.monthly_costs
    assert costs[1] == pytest.approx(2000 + 500 + 10 * 1.0)


def test_before_launch_only_a_use_cases_own_pilot_realises_its_benefits() -> None:
    data = hand_plan()
    # A second use case pilots with 30 people for 4 weeks (1 month); the
    # first has no pilot, so its benefits wait for launch.
    data["use_cases"].append({
        "id": "wiki", "title": "Wiki", "stakeholders": ["staff"],
        "benefits": [{"name": "pages found", "hours_per_user_week": 0.5, "risk": 0.1}],
        "pilot": {"participants": 30, "weeks": 4},
    })
    data["use_cases"][0]["pilot"] = {"weeks": 12}  # no participants: sets launch only
    result = run(data)
    assert result.adoption.launch_month == 3  # 12 weeks is 2.77 months
    assert list(result.adoption.adopters[0][:3]) == [30, 30, 30]
    benefits = result.leading.unadjusted.monthly_benefits
    wiki_full = 30 * 0.5 * 4 * 50  # 3,000 a month once the pilot has run its month
    # Month 0 is the one-month pilot: half its benefit; then full until launch.
    assert list(benefits[:3]) == pytest.approx([0.5 * wiki_full, wiki_full, wiki_full])
    # At launch everyone adopts and both use cases count in full.
    assert benefits[3] == pytest.approx(BENEFITS_MONTH + 100 * 0.5 * 4 * 50)


def test_a_pilot_without_a_length_ramps_until_launch() -> None:
    data = hand_plan()
    data["use_cases"][0]["pilot"] = {"participants": 20}
    data["use_cases"].append({"id": "other", "title": "Other", "pilot": {"weeks": 13}})
    result = run(data)
    assert result.adoption.launch_month == 3
    benefits = result.leading.unadjusted.monthly_benefits
    full_pilot = 20 * 4 * 50 + 1000 * 20 / 100
    assert list(benefits[:3]) == pytest.approx([full_pilot / 6, full_pilot / 2, full_pilot * 5 / 6])


def test_a_schedules_timing_places_the_pilots_and_launch() -> None:
    data = hand_plan()
    data["use_cases"][0]["pilot"] = {"participants": 10, "weeks": 4}
    data["use_cases"].append({
        "id": "wiki", "title": "Wiki", "stakeholders": ["staff"],
        "benefits": [{"name": "pages found", "hours_per_user_week": 0.5, "risk": 0.1}],
        "pilot": {"participants": 30, "weeks": 4},
    })
    # The schedule runs the rooms pilot over months 2-3 and the wiki pilot
    # in month 4 only; go-live is in month 6.
    timing = Timing(6, {"rooms": PilotWindow(2, 3), "wiki": PilotWindow(4, 4)})
    inputs = model_inputs(Plan.model_validate(data), timing)
    result = appraise(inputs)
    assert result.adoption.launch_month == 6
    # People on the network: nobody before the first pilot, then each
    # pilot's participants from its first month; everyone at launch (p = 1).
    assert list(result.adoption.adopters[0][:7]) == [0, 0, 10, 10, 40, 40, 100]
    benefits = result.leading.unadjusted.monthly_benefits
    rooms_full = 10 * 1 * 4 * 50 + 1000 * 10 / 100  # 2,100 a month, as in the pilot test above
    wiki_full = 30 * 0.5 * 4 * 50  # 3,000 a month
    expected = [0, 0, rooms_full / 4, rooms_full * 3 / 4,
                rooms_full + wiki_full / 2, rooms_full + wiki_full]
    assert list(benefits[:6]) == pytest.approx(expected)
    assert benefits[6] == pytest.approx(BENEFITS_MONTH + 100 * 0.5 * 4 * 50)
    # The per-active-user cost (1 a month) follows the people on the network.
    costs = result.leading.unadjusted.monthly_costs
    assert list(costs[1:6]) == pytest.approx([2500, 2510, 2510, 2540, 2540])
    assert dict(inputs.pilots) == {"rooms": PilotWindow(2, 3), "wiki": PilotWindow(4, 4)}


def test_a_pilot_the_schedule_does_not_run_brings_nothing_before_launch() -> None:
    data = hand_plan()
    data["use_cases"][0]["pilot"] = {"participants": 10, "weeks": 4}
    inputs = model_inputs(Plan.model_validate(data), Timing(3, {}))
    result = appraise(inputs)
    assert list(result.leading.unadjusted.monthly_benefits[:3]) == [0, 0, 0]
    assert list(result.adoption.adopters[0][:3]) == [0, 0, 0]
    assert any("runs no pilot for: rooms" in note for note in inputs.notes)


def test_options_share_benefits_and_costs_named_for_them() -> None:
    data = hand_plan()
    data["options"] = [
        {"id": "do-nothing", "title": "Keep the intranet", "baseline": True},
        {"id": "full", "title": "Full network"},
        {"id": "half", "title": "Cheaper tool", "benefit_share": 0.5},
    ]
    data["finance"]["costs"].append({"name": "intranet upkeep", "kind": "recurring", "amount": 6000,
                                     "per": "year", "options": ["do-nothing"]})
    result = run(data)
    by_id = {o.option.id: o for o in result.options}
    a = annuity(0.10, 3)
    full, half = by_id["full"].unadjusted, by_id["half"].unadjusted
    # The intranet upkeep only doing nothing incurs is a cost both others avoid.
    avoided = 6000 * a
    assert full.pv_benefits == pytest.approx(12 * BENEFITS_MONTH * a + avoided)
    assert half.pv_benefits == pytest.approx(12 * BENEFITS_MONTH * a / 2 + avoided)
    assert full.pv_costs == pytest.approx(half.pv_costs)
    assert by_id["do-nothing"].risk_adjusted.npv == 0
    assert result.preferred.option.id == "full"
    assert result.leading.option.id == "full"
    # Risk-adjusted, the avoided cost keeps its cost adjustment: the option's
    # NPV is its own minus doing nothing's.
    cost_factor = 1.05 * 1.2
    assert by_id["full"].risk_adjusted.pv_benefits == pytest.approx(
        12 * BENEFITS_MONTH * 0.9 * a + avoided * cost_factor)


def test_doing_nothing_is_preferred_when_nothing_beats_it() -> None:
    data = hand_plan(loaded_hourly_cost=1.0)
    data["finance"]["costs"][0]["amount"] = 5_000_000
    result = run(data)
    assert result.preferred.option.baseline
    assert not result.leading.option.baseline
    assert result.leading.risk_adjusted.npv < 0


def test_costs_outside_the_horizon_are_noted_and_not_counted() -> None:
    data = hand_plan()
    data["finance"]["costs"].append({"name": "late upgrade", "kind": "one-off", "amount": 99999, "month": 40})
    plan = Plan.model_validate(data)
    inputs = model_inputs(plan)
    assert any("late upgrade" in note for note in inputs.notes)
    assert appraise(inputs).leading.unadjusted.pv_costs == pytest.approx(run(hand_plan()).leading.unadjusted.pv_costs)


def test_recurring_cost_stops_at_its_end_month() -> None:
    data = copy.deepcopy(hand_plan())
    data["finance"]["costs"] = [{"name": "change lead", "kind": "recurring", "amount": 1000, "per": "month",
                                 "month": 3, "end_month": 15}]
    costs = run(data).leading.unadjusted.monthly_costs
    assert list(costs[:3]) == [0, 0, 0]
    assert costs[3:15].sum() == pytest.approx(12 * 1000)
    assert costs[15:].sum() == 0


@pytest.mark.parametrize(("change", "code", "path"), [
    (lambda d: d["finance"]["costs"][0].update(amount={"low": 3, "likely": 2, "high": 5}), "SP101",
     ("finance", "costs", 0, "amount")),
    (lambda d: d["finance"].pop("loaded_hourly_cost"), "SP102",
     ("use_cases", 0, "benefits", 0, "hours_per_user_week")),
    (lambda d: d["finance"]["costs"][1].update(month=10, end_month=4), "SP103",
     ("finance", "costs", 1, "end_month")),
    (lambda d: d["use_cases"][0]["benefits"][1].update(kind="wider"), "SP108",
     ("use_cases", 0, "benefits", 1, "cash_releasing")),
    (lambda d: d["finance"].update(uncertainty={"launch_delay": {"low": 0, "likely": 1, "high": 25}}), "SP109",
     ("finance", "uncertainty", "launch_delay", "high")),
    (lambda d: d["finance"].update(uncertainty={"q": {"low": 1, "likely": 1, "high": 1e308}}), "SP109",
     ("finance", "uncertainty", "q", "high")),
    (lambda d: d["finance"].update(uncertainty={"p": {"low": 2, "likely": 1, "high": 3}}), "SP101",
     ("finance", "uncertainty", "p")),
    (lambda d: d.update(options=[{"id": "a", "title": "A", "baseline": True},
                                 {"id": "b", "title": "B", "baseline": True}]), "SP105",
     ("options", 1, "baseline")),
    (lambda d: d.update(options=[{"id": "a", "title": "A", "baseline": True}]), "SP106", ("options",)),
])
def test_inputs_the_model_cannot_use_are_reported_with_their_path(change: Any, code: str,
                                                                   path: tuple[Any, ...]) -> None:
    data = hand_plan()
    change(data)
    problems = model_problems(Plan.model_validate(data))
    assert [(p.code, p.path) for p in problems] == [(code, path)]
