"""Every option through the same model, unadjusted and risk-adjusted.

Figures of an option (measured against doing nothing; see
:mod:`socialplan.finance.cashflow`):

* PV costs and PV benefits: each period's flows times its discount factor;
* NPV = PV benefits - PV costs;
* ROI = NPV / PV costs and benefit-cost ratio = PV benefits / PV costs
  (none when there are no costs);
* IRR: the rate at which the period flows have an NPV of zero, where one
  exists (:func:`socialplan.finance.discounting.irr`), with a plain
  explanation when it is absent or above 100%;
* MIRR: outlays discounted at the finance rate, returns compounded at the
  reinvestment rate (:func:`socialplan.finance.discounting.mirr`);
* payback month: the month at the end of which the cumulative undiscounted
  net flow stops being negative for good.

Each option is counted twice more, from its cash-releasing benefits alone
(costs, cash-releasing benefits and costs avoided; see
:func:`cash_lines`): the figures a budget holder sees. Their yearly net
flow is the net budget impact (:attr:`Figures.yearly_net`).

The preferred option has the highest risk-adjusted NPV; the do-nothing
option scores 0 by definition, so it is preferred when no other option is
worth more than doing nothing. The leading option, whose figures head the
report, is the best option other than doing nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from socialplan.finance.adoption import AdoptionCurves, bass_adoption
from socialplan.finance.cashflow import Line, option_lines
from socialplan.finance.discounting import Periods, irr, irr_explanation, mirr, payback_month, periods_for
from socialplan.finance.inputs import ModelInputs, OptionInput

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class Figures:
    """The headline figures of one option, one way of counting."""

    pv_costs: float
    pv_benefits: float
    npv: float
    roi: float | None
    bcr: float | None
    irr: float | None
    mirr: float | None
    irr_note: str | None  # why IRR is absent or above 100%, in words
    payback_month: int | None
    period_costs: tuple[float, ...]
    period_benefits: tuple[float, ...]
    discount_factors: tuple[float, ...]
    monthly_costs: FloatArray
    monthly_benefits: FloatArray

    @property
    def period_net(self) -> tuple[float, ...]:
        return tuple(b - c for b, c in zip(self.period_benefits, self.period_costs, strict=True))

    @property
    def period_present_value(self) -> tuple[float, ...]:
        return tuple(n * f for n, f in zip(self.period_net, self.discount_factors, strict=True))

    @property
    def monthly_net(self) -> FloatArray:
        return self.monthly_benefits - self.monthly_costs

    @property
    def yearly_net(self) -> tuple[float, ...]:
        """Undiscounted net flow of each programme year (months 1-12, 13-24...):
        negative is a net cost. Of the cash-only figures, the net budget impact."""
        net = self.monthly_net
        return tuple(float(net[y:y + 12].sum()) for y in range(0, len(net), 12))


@dataclass(frozen=True)
class OptionAppraisal:
    option: OptionInput
    lines: tuple[Line, ...]
    unadjusted: Figures
    risk_adjusted: Figures
    cash_unadjusted: Figures  # from cash-releasing benefits alone
    cash_risk_adjusted: Figures

    def figures(self, adjusted: bool) -> Figures:
        return self.risk_adjusted if adjusted else self.unadjusted

    def cash_figures(self, adjusted: bool) -> Figures:
        return self.cash_risk_adjusted if adjusted else self.cash_unadjusted


@dataclass(frozen=True)
class Appraisal:
    inputs: ModelInputs
    periods: Periods
    adoption: AdoptionCurves
    options: tuple[OptionAppraisal, ...]
    preferred: OptionAppraisal
    leading: OptionAppraisal

    @property
    def baseline(self) -> OptionAppraisal:
        return next(o for o in self.options if o.option.baseline)


def line_values(line: Line, values: Mapping[str, float] | None) -> float:
    """The amount a line runs on: an override, else the most likely value."""
    if values is not None and line.driver.key in values:
        return values[line.driver.key]
    return line.driver.likely


def cash_lines(lines: Sequence[Line]) -> tuple[Line, ...]:
    """The lines that move money in or out of a budget: every cost, and the
    benefits that are cash-releasing (costs avoided always are)."""
    return tuple(line for line in lines if line.kind == "cost" or line.cash_releasing)


def figures_of(lines: Sequence[Line], periods: Periods, rate: float, months: int, *,
               adjusted: bool, values: Mapping[str, float] | None = None,
               mirr_rates: tuple[float, float] | None = None) -> Figures:
    """Add the lines up, discount and derive every figure. ``mirr_rates``:
    (finance, reinvestment) rates of MIRR, both ``rate`` by default."""
    count = len(periods.labels)
    period_costs, period_benefits = np.zeros(count), np.zeros(count)
    monthly_costs, monthly_benefits = np.zeros(months), np.zeros(months)
    for line in lines:
        amount = line_values(line, values) * (line.adjustment if adjusted else 1.0)
        if line.kind == "cost":
            period_costs += amount * line.periods
            monthly_costs += amount * line.monthly
        else:
            period_benefits += amount * line.periods
            monthly_benefits += amount * line.monthly
    factors = periods.factors(rate)
    pv_costs = float(period_costs @ factors)
    pv_benefits = float(period_benefits @ factors)
    npv = pv_benefits - pv_costs
    has_costs = pv_costs > 1e-9
    net = period_benefits - period_costs
    finance_rate, reinvestment_rate = (rate, rate) if mirr_rates is None else mirr_rates
    internal = irr(net)
    return Figures(
        pv_costs=pv_costs,
        pv_benefits=pv_benefits,
        npv=npv,
        roi=npv / pv_costs if has_costs else None,
        bcr=pv_benefits / pv_costs if has_costs else None,
        irr=internal,
        mirr=mirr(net, finance_rate, reinvestment_rate),
        irr_note=irr_explanation(net, internal),
        payback_month=payback_month(monthly_benefits - monthly_costs) if lines else None,
        period_costs=tuple(float(v) for v in period_costs),
        period_benefits=tuple(float(v) for v in period_benefits),
        discount_factors=tuple(float(v) for v in factors),
        monthly_costs=monthly_costs,
        monthly_benefits=monthly_benefits,
    )


def pv_weights(appraisal: OptionAppraisal, periods: Periods, rate: float, *, adjusted: bool) -> dict[str, float]:
    """d NPV / d amount for each driver: NPV = constant + sum(amount x weight)."""
    return line_weights(appraisal.lines, periods, rate, adjusted=adjusted)


def line_weights(lines: Sequence[Line], periods: Periods, rate: float, *, adjusted: bool) -> dict[str, float]:
    """d NPV / d amount for each driver of ``lines``."""
    factors = periods.factors(rate)
    weights: dict[str, float] = {}
    for line in lines:
        weight = line.sign * float(line.periods @ factors) * (line.adjustment if adjusted else 1.0)
        weights[line.driver.key] = weights.get(line.driver.key, 0.0) + weight
    return weights


def appraise(inputs: ModelInputs, values: Mapping[str, float] | None = None, *,
             adoption: AdoptionCurves | None = None) -> Appraisal:
    """Run every option through the model; ``values`` overrides the most
    likely value of drivers, by plan path (``finance.costs[2].amount``).
    ``adoption`` replaces the plan's Bass curves (adoption as it turned out,
    for ``socialplan track``); every cost and benefit line follows it."""
    assumptions = inputs.assumptions
    periods = periods_for(assumptions.preset, assumptions.horizon_years)
    if adoption is None:
        adoption = bass_adoption(inputs.groups, assumptions.months, inputs.launch_month)
    results = []
    rate, months = assumptions.discount_rate, assumptions.months
    rates = (assumptions.finance_rate, assumptions.reinvestment_rate)
    for option in inputs.options:
        lines = tuple(option_lines(inputs, option, adoption, periods))
        cash = cash_lines(lines)
        results.append(OptionAppraisal(
            option, lines,
            *(figures_of(chosen, periods, rate, months, adjusted=adjusted, values=values, mirr_rates=rates)
              for chosen in (lines, cash) for adjusted in (False, True)),
        ))
    ranked = sorted(range(len(results)), key=lambda i: (-round(results[i].risk_adjusted.npv, 6), i))
    preferred = results[ranked[0]]
    leading = next(results[i] for i in ranked if not results[i].option.baseline)
    return Appraisal(inputs, periods, adoption, tuple(results), preferred, leading)
