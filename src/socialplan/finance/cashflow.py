"""Each cost and benefit line as a profile: its flow per unit of its amount.

A line's flow in month ``m`` is ``amount x monthly[m]``; its flow by
discounting period is ``amount x periods``. Profiles depend on adoption and
the assumptions, never on the uncertain amounts, so they are computed once.

Benefit profiles (per unit of the estimate, times the option's benefit share):

* hours saved per user per week: ``working_weeks / 12 x loaded_hourly_cost x
  adopters(m)`` in month ``m``;
* annual value at full adoption: ``1 / 12 x min(1, adopters(m) / full
  adoption)``, so the value ramps up with adoption.

A benefit's adopters are those of its groups from launch; before launch,
the participants of its own use case's pilot times the pilot's ramp over
the months the pilot runs (:func:`socialplan.finance.adoption.pilot_ramp`).

Cost profiles (per unit of the amount; ``f`` is 1 for a monthly amount and
1/12 for a yearly one): one-off, 1 in its month; recurring, ``f`` in each
month from ``month`` up to, not including, ``end_month``; per user, ``f x
users(m)`` over the same months, users being the eligible headcount or the
adopters of the month.

An option is appraised against doing nothing: a cost only the option incurs
is its cost; a cost only the do-nothing option incurs is a cost the option
avoids (it adds to its benefits); a cost both incur counts by the difference
(the do-nothing option has no adopters). Risk adjustment multiplies a
benefit by ``1 - risk`` and a cost by ``(1 + risk) x (1 + optimism uplift)``;
a cost avoided keeps the cost's adjustment, so an option's risk-adjusted
NPV is exactly its own minus the do-nothing option's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from socialplan.finance.adoption import AdoptionCurves, pilot_ramp
from socialplan.finance.assumptions import Assumptions
from socialplan.finance.discounting import Periods
from socialplan.finance.inputs import BenefitInput, CostInput, Driver, ModelInputs, OptionInput

FloatArray = NDArray[np.float64]
LineKind = Literal["benefit", "cost", "avoided"]


@dataclass(frozen=True)
class Line:
    """One monetary line of one option."""

    kind: LineKind
    driver: Driver
    number: int  # the benefit's or cost's number in the plan (B3, C2...)
    category: str
    cash_releasing: bool
    monthly: FloatArray  # flow per unit of the amount, by month
    periods: FloatArray  # flow per unit of the amount, by discounting period
    risk: float  # the line's risk adjustment (0.1 = 10%)
    adjustment: float  # multiplier from the unadjusted to the risk-adjusted flow

    @property
    def sign(self) -> float:
        return -1.0 if self.kind == "cost" else 1.0


def _to_periods(monthly: FloatArray, periods: Periods, matrix: FloatArray, *, initial: bool) -> FloatArray:
    by_period = monthly @ matrix
    if initial and periods.initial:
        # TEI: a one-off cost dated month 0 is the initial investment, at
        # time 0 and undiscounted, not part of year 1.
        by_period[0] += by_period[1] if len(by_period) > 1 else 0.0
        by_period[1] = 0.0
    return by_period


def benefit_profiles(benefit: BenefitInput, option: OptionInput, adoption: AdoptionCurves,
                     assumptions: Assumptions) -> dict[str, FloatArray]:
    """Monthly profiles of a benefit's hours and annual-value drivers."""
    share = option.benefit_share if option.realises(benefit.use_case_id) else 0.0
    adopters = adoption.adopters_of(benefit.groups).copy()
    launch = min(adoption.launch_month, adoption.months)
    if launch > 0:
        length = benefit.pilot_months or adoption.launch_month
        ramp = pilot_ramp(length, launch, adoption.months, first=benefit.pilot_first_month)
        adopters[:launch] = benefit.pilot_users * ramp[:launch]
    out: dict[str, FloatArray] = {}
    if benefit.hours is not None:
        hourly = assumptions.loaded_hourly_cost or 0.0
        out["hours"] = assumptions.working_weeks / 12.0 * hourly * adopters * share
    if benefit.annual is not None:
        full = adoption.full_adoption_of(benefit.groups)
        ramp = np.minimum(1.0, adopters / full) if full > 0 else np.zeros(adoption.months)
        out["annual"] = ramp * share / 12.0
    return out


def cost_profile(cost: CostInput, active_users: FloatArray, eligible: float, months: int) -> FloatArray:
    """Monthly flow of a cost line per unit of its amount."""
    profile = np.zeros(months)
    if cost.month >= months:
        return profile
    if cost.kind == "one-off":
        profile[cost.month] = 1.0
        return profile
    factor = 1.0 if cost.per == "month" else 1.0 / 12.0
    span = slice(cost.month, cost.end_month)
    if cost.kind == "recurring":
        profile[span] = factor
    elif cost.users == "eligible":
        profile[span] = factor * eligible
    else:
        profile[span] = factor * active_users[span]
    return profile


def option_lines(inputs: ModelInputs, option: OptionInput, adoption: AdoptionCurves,
                 periods: Periods) -> list[Line]:
    """The lines of ``option`` measured against the do-nothing option."""
    if option.baseline:
        return []
    assumptions = inputs.assumptions
    months = assumptions.months
    matrix = periods.matrix()
    lines: list[Line] = []
    for benefit in inputs.benefits:
        profiles = benefit_profiles(benefit, option, adoption, assumptions)
        for key, driver in (("hours", benefit.hours), ("annual", benefit.annual)):
            if driver is None:
                continue
            monthly = profiles[key]
            lines.append(Line("benefit", driver, benefit.number, benefit.category, benefit.cash_releasing,
                              monthly, _to_periods(monthly, periods, matrix, initial=False),
                              benefit.risk, 1.0 - benefit.risk))
    baseline = inputs.baseline
    cost_factor = 1.0 + assumptions.optimism_uplift
    no_adopters = np.zeros(months)
    for cost in inputs.costs:
        mine, theirs = cost.applies_to(option), cost.applies_to(baseline)
        if not (mine or theirs):
            continue
        own = cost_profile(cost, adoption.total, adoption.eligible, months) if mine else np.zeros(months)
        base = cost_profile(cost, no_adopters, adoption.eligible, months) if theirs else np.zeros(months)
        kind: LineKind = "cost" if mine else "avoided"
        monthly = own - base if mine else base
        if not monthly.any():
            continue
        initial = cost.kind == "one-off" and cost.month == 0
        lines.append(Line(kind, cost.amount, cost.number, cost.category, kind == "avoided", monthly,
                          _to_periods(monthly, periods, matrix, initial=initial),
                          cost.risk, (1.0 + cost.risk) * cost_factor))
    return lines
