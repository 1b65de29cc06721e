"""Tornado and switching values, each checked by re-running the whole model
with the driver changed; and properties of NPV over generated plans."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialplan.finance.appraisal import appraise
from socialplan.finance.sensitivity import option_npv, scaled_adoption, solve_switch, switching_values, tornado
from test_finance_model import hand_plan, run


def ranged_plan() -> dict[str, Any]:
    data = hand_plan()
    data["finance"]["adoption"] = {"p": 0.05, "q": 0.4, "ceiling": 0.8, "time_unit": "month"}
    data["finance"]["costs"][1]["amount"] = {"low": 20000, "likely": 24000, "high": 40000}
    data["use_cases"][0]["benefits"][1]["annual_value"] = {"low": 6000, "likely": 12000, "high": 15000}
    return data


def test_each_tornado_bar_is_a_full_rerun_with_one_estimate_moved() -> None:
    appraisal = run(ranged_plan())
    bars = tornado(appraisal, appraisal.leading)
    assert {b.driver.key for b in bars} == {
        "use_cases[0].benefits[0].hours_per_user_week", "use_cases[0].benefits[1].annual_value",
        "finance.costs[0].amount", "finance.costs[1].amount",
    }
    for bar in bars:
        for value, npv in ((bar.driver.low, bar.npv_low), (bar.driver.high, bar.npv_high)):
            again = appraise(appraisal.inputs, values={bar.driver.key: value}).leading
            assert npv == pytest.approx((again.unadjusted.npv, again.risk_adjusted.npv))
    swings = [b.swing for b in bars]
    assert swings == sorted(swings, reverse=True)


def test_switching_values_bring_npv_to_zero() -> None:
    data = ranged_plan()
    data["finance"]["loaded_hourly_cost"] = 30.0  # a thin case, so every switch is within reach
    appraisal = run(data)
    option = appraisal.leading
    found = {sv.subject.split(":")[0]: sv for sv in switching_values(appraisal, option)}
    hours_key = "use_cases[0].benefits[0].hours_per_user_week"

    minutes = found["minutes saved per adopter per week"]
    for index, value in enumerate((minutes.unadjusted, minutes.risk_adjusted)):
        assert value is not None
        again = appraise(appraisal.inputs, values={hours_key: value / 60}).leading
        assert (again.unadjusted.npv, again.risk_adjusted.npv)[index] == pytest.approx(0, abs=1e-4)

    rate = found["loaded hourly cost of staff time"]
    for index, value in enumerate((rate.unadjusted, rate.risk_adjusted)):
        assert value is not None
        changed = copy.deepcopy(data)
        changed["finance"]["loaded_hourly_cost"] = value
        again = run(changed).leading
        assert (again.unadjusted.npv, again.risk_adjusted.npv)[index] == pytest.approx(0, abs=1e-4)

    costs = found["all costs, as a multiple of the estimates"]
    for index, multiple in enumerate((costs.unadjusted, costs.risk_adjusted)):
        assert multiple is not None
        scaled = {line.driver.key: line.driver.likely * multiple for line in option.lines if line.kind == "cost"}
        again = appraise(appraisal.inputs, values=scaled).leading
        assert (again.unadjusted.npv, again.risk_adjusted.npv)[index] == pytest.approx(0, abs=1e-4)

    adoption = found["adoption, as a share of the planned ceilings"]
    for index, share in enumerate((adoption.unadjusted, adoption.risk_adjusted)):
        assert share is not None and 0 < share < 1.25
        npv = option_npv(scaled_adoption(appraisal.inputs, share), option.option.id)[index]
        assert npv == pytest.approx(0, abs=1e-3 * option.unadjusted.pv_costs)


def test_the_adoption_switching_value_scales_yearly_values_with_adoption() -> None:
    # The hand-worked plan with everyone adopting in month 0 (p = 1 a month).
    # With the ceilings scaled by s, 100 s people adopt, and the licence
    # retired (12,000 a year at full adoption) is worth s x 12,000: a yearly
    # value is tied to the planned full adoption, not to the smaller one.
    # Monthly, unadjusted: benefits 20,000 s + 1,000 s; costs 2,000 + 500
    # + 100 s (the per-active-user cost); 100,000 up front. NPV is zero when
    # 12 x (20,900 s - 2,500) x annuity(10%, 3 years) = 100,000.
    appraisal = run(hand_plan())
    found = {sv.subject.split(":")[0]: sv for sv in switching_values(appraisal, appraisal.leading)}
    share = found["adoption, as a share of the planned ceilings"].unadjusted
    annuity = sum(1.1 ** -t for t in (1, 2, 3))
    assert share == pytest.approx((100_000 / (12 * annuity) + 2_500) / 20_900, rel=1e-6)


def test_no_switching_value_when_npv_stays_positive_at_zero() -> None:
    appraisal = run(hand_plan())
    key = "use_cases[0].benefits[1].annual_value"
    found = {sv.subject.split(":")[0]: sv for sv in switching_values(appraisal, appraisal.leading)}
    value = found["value per year at full adoption"]
    assert (value.unadjusted, value.risk_adjusted) == (None, None)
    # Checked by a re-run: without that benefit at all, NPV is still positive.
    again = appraise(appraisal.inputs, values={key: 0.0}).leading
    assert again.unadjusted.npv > 0 and again.risk_adjusted.npv > 0


costs = st.lists(
    st.fixed_dictionaries({
        "name": st.just("cost"),
        "kind": st.sampled_from(["one-off", "recurring", "per-user"]),
        "amount": st.floats(0, 1e6, allow_nan=False),
        "per": st.sampled_from(["month", "year"]),
        "users": st.sampled_from(["eligible", "active"]),
        "month": st.integers(0, 40),
        "risk": st.floats(0, 1),
    }),
    min_size=1, max_size=6,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(costs, st.sampled_from(["tei", "greenbook"]), st.floats(0, 0.3))
def test_zero_benefits_give_npv_equal_to_minus_pv_costs(lines: list[dict[str, Any]], preset: str,
                                                        rate: float) -> None:
    data = hand_plan(preset=preset, discount_rate=rate, costs=lines)
    data["use_cases"][0]["benefits"] = []
    for option in run(data).options:
        for figures in (option.unadjusted, option.risk_adjusted):
            assert figures.pv_benefits == 0
            assert figures.npv == pytest.approx(-figures.pv_costs)
            # PV costs is the discounted sum of the period costs, counted here.
            expected = sum(c * (1 + rate) ** -t for t, c in enumerate(figures.period_costs))
            assert figures.pv_costs == pytest.approx(expected)


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(["tei", "greenbook"]), st.floats(0, 0.4), st.floats(0.001, 0.2))
def test_model_npv_falls_as_the_discount_rate_rises(preset: str, rate: float, step: float) -> None:
    """Investment up front, positive net flows after: a higher rate is worth less."""
    data = hand_plan(preset=preset, horizon_years=4)
    data["finance"]["costs"] = [{"name": "set-up", "kind": "one-off", "amount": 50000, "month": 0}]
    low = run({**data, "finance": {**data["finance"], "discount_rate": rate}}).leading
    high = run({**data, "finance": {**data["finance"], "discount_rate": rate + step}}).leading
    assert low.unadjusted.npv > high.unadjusted.npv
    assert low.risk_adjusted.npv > high.risk_adjusted.npv


def bisect(f: Callable[[float], float], low: float, high: float) -> float:
    """Plain bisection on a bracket, 64 steps (any bracket here shrinks below
    a double's precision): the brute-force oracle."""
    f_low = f(low)
    assert (f_low > 0) != (f(high) > 0), "no sign change in the bracket"
    for _ in range(64):
        mid = (low + high) / 2
        if (f(mid) > 0) == (f_low > 0):
            low = mid
        else:
            high = mid
    return (low + high) / 2


def bracket(f: Callable[[float], float], planned: float, low: float = 0.0) -> tuple[float, float]:
    """From ``low`` up, doubling, to the first value where f changes sign."""
    high = max(planned, 1.0)
    for _ in range(80):
        if (f(low) > 0) != (f(high) > 0):
            return low, high
        high *= 2
    raise AssertionError("no sign change")


@pytest.mark.parametrize("pilot", [False, True], ids=["no-pilot", "pilot"])
def test_switching_values_equal_a_brute_force_bisection_on_the_full_model(pilot: bool) -> None:
    data = ranged_plan()
    data["finance"]["loaded_hourly_cost"] = 30.0  # a thin case, so every switch is within reach
    if pilot:
        # Pilot participants do not scale with the adoption ceiling: NPV is
        # then not linear in it, and the secant must still land on the zero.
        data["use_cases"][0]["pilot"] = {"participants": 30, "weeks": 10}
    appraisal = run(data)
    option = appraisal.leading
    inputs = appraisal.inputs
    hours_key = "use_cases[0].benefits[0].hours_per_user_week"
    annual_key = "use_cases[0].benefits[1].annual_value"
    hours_likely = next(ln.driver.likely for ln in option.lines if ln.driver.key == hours_key)
    costs = {ln.driver.key: ln.driver.likely for ln in option.lines if ln.kind == "cost"}

    def full(values: dict[str, float], index: int) -> float:
        again = appraise(inputs, values=values).leading
        return (again.unadjusted.npv, again.risk_adjusted.npv)[index]

    def hourly(rate: float, index: int) -> float:
        changed = copy.deepcopy(data)
        changed["finance"]["loaded_hourly_cost"] = rate
        again = run(changed).leading
        return (again.unadjusted.npv, again.risk_adjusted.npv)[index]

    oracles: dict[str, Callable[[float, int], float]] = {
        "minutes saved per adopter per week": lambda v, i: full({hours_key: v / 60}, i),
        "all time savings, as a share of the estimates": lambda v, i: full({hours_key: v * hours_likely}, i),
        "value per year at full adoption": lambda v, i: full({annual_key: v}, i),
        "loaded hourly cost of staff time": hourly,
        "all costs, as a multiple of the estimates": lambda v, i: full({k: c * v for k, c in costs.items()}, i),
        "adoption, as a share of the planned ceilings":
            lambda v, i: option_npv(scaled_adoption(inputs, v), option.option.id)[i],
    }
    found = {sv.subject.split(":")[0]: sv for sv in switching_values(appraisal, option)}
    assert set(oracles) <= set(found)
    checked = 0
    for subject, oracle in oracles.items():
        sv = found[subject]
        for index, value in enumerate((sv.unadjusted, sv.risk_adjusted)):
            def f(v: float, oracle: Callable[[float, int], float] = oracle, index: int = index) -> float:
                return oracle(v, index)
            if subject.startswith("adoption"):
                top = 1.0 / 0.8  # the ceiling of 0.8 scaled up to everyone
                if value is None:
                    assert (f(0.0) > 0) == (f(top) > 0)
                    continue
                expected = bisect(f, 0.0, top)
            else:
                # A loaded hourly cost must be positive for the plan to be valid.
                floor = 1e-6 if subject.startswith("loaded") else 0.0
                if value is None:  # a line with no zero above the floor
                    assert (f(floor) > 0) == (f(sv.planned) > 0)
                    continue
                expected = bisect(f, *bracket(f, sv.planned, floor))
            assert value == pytest.approx(expected, rel=1e-6, abs=1e-9), (subject, index)
            checked += 1
    assert checked >= 8
    adoption = found["adoption, as a share of the planned ceilings"]
    assert adoption.unadjusted is not None and adoption.risk_adjusted is not None


def test_solve_switch_finds_a_line_zero_in_three_calls_and_bisects_a_bend() -> None:
    calls: list[float] = []

    def line(x: float) -> float:
        calls.append(x)
        return 4.0 * x - 1.0

    assert solve_switch(line, 0.0, 2.0, 1.0, 1e-12) == pytest.approx(0.25)
    assert len(calls) == 3  # two to draw the line, one to check its zero

    calls.clear()

    def step(x: float) -> float:  # a jump the secant cannot follow: bisection finds it
        calls.append(x)
        return -1.0 if x < 0.3 else 1.0 + x

    assert solve_switch(step, 0.0, 2.0, 1.0, 1e-12) == pytest.approx(0.3, abs=1e-9)
    assert len(calls) > 20

    assert solve_switch(lambda x: 2.0 + x, 0.0, 2.0, 1.0, 1e-12) is None  # a line with its zero at -2
