"""How NPV moves with each driver: a tornado and switching values.

Tornado: NPV with one estimate at its low and then at its high value, every
other at its most likely value. NPV is linear in each amount (see
:mod:`socialplan.finance.simulation`), so ``NPV(v) = NPV + (v - likely) x
weight``; the tests check this against full re-runs of the model.

Switching values: the value of a driver at which NPV is exactly zero, all
else as planned. Minutes saved per adopter per week (each time-saved
benefit), all time savings together (as a share of the estimates), each
annual value, the loaded hourly cost, all costs together (as a multiple of
the estimates) and adoption (every group's ceiling scaled in proportion;
yearly values stay tied to the planned full adoption, so they scale too).
None means no value in the driver's possible range makes NPV zero.

The first five are exact from the weights: hours, yearly values, the hourly
cost and cost amounts enter NPV linearly. Adoption does not quite: the
Bass curve scales with its ceiling, but pilot participants do not, and a
ceiling is capped at everyone. So the model is run in full at two scales,
the line through them solved for zero, and the answer checked by one more
full run there; secant steps refine it while the model bends a little, and
only if that fails is the root found by bisection over full runs (about
90 of them, where the secant usually needs three or four).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from socialplan.diagnostics import PlanPath
from socialplan.finance.adoption import bass_adoption
from socialplan.finance.appraisal import Appraisal, OptionAppraisal, figures_of, pv_weights
from socialplan.finance.cashflow import option_lines
from socialplan.finance.discounting import periods_for
from socialplan.finance.inputs import Driver, ModelInputs

SwitchUnit = Literal["minutes", "share", "money-per-year", "money-per-hour", "multiple"]


@dataclass(frozen=True)
class TornadoBar:
    driver: Driver
    npv_low: tuple[float, float]  # (unadjusted, risk-adjusted) with the driver at its low value
    npv_high: tuple[float, float]

    @property
    def swing(self) -> float:
        """Width of the bar, risk-adjusted: the ranking key."""
        return abs(self.npv_high[1] - self.npv_low[1])


@dataclass(frozen=True)
class SwitchingValue:
    subject: str
    unit: SwitchUnit
    planned: float
    unadjusted: float | None
    risk_adjusted: float | None
    path: PlanPath | None = None


def _switch(subject: str, unit: SwitchUnit, planned: float, values: Sequence[float | None],
            path: PlanPath | None = None) -> SwitchingValue:
    return SwitchingValue(subject, unit, planned, values[0], values[1], path)


def tornado(appraisal: Appraisal, option: OptionAppraisal) -> list[TornadoBar]:
    """A bar for every driver with a range, widest first."""
    rate = appraisal.inputs.assumptions.discount_rate
    weights = [pv_weights(option, appraisal.periods, rate, adjusted=a) for a in (False, True)]
    base = (option.unadjusted.npv, option.risk_adjusted.npv)
    bars: dict[str, TornadoBar] = {}
    for line in option.lines:
        d = line.driver
        if not d.uncertain or d.key in bars:
            continue
        low = tuple(base[i] + (d.low - d.likely) * weights[i][d.key] for i in (0, 1))
        high = tuple(base[i] + (d.high - d.likely) * weights[i][d.key] for i in (0, 1))
        bars[d.key] = TornadoBar(d, (low[0], low[1]), (high[0], high[1]))
    return sorted(bars.values(), key=lambda bar: (-round(bar.swing, 6), bar.driver.key))


def _linear_switch(npv: float, planned: float, weight: float) -> float | None:
    """The value v >= 0 with npv + (v - planned) x weight == 0."""
    if abs(weight) < 1e-12:
        return None
    value = planned - npv / weight
    return value if value >= 0 else None


def option_npv(inputs: ModelInputs, option_id: str) -> tuple[float, float]:
    """NPV of one option with the inputs as given, (unadjusted, risk-adjusted)."""
    assumptions = inputs.assumptions
    periods = periods_for(assumptions.preset, assumptions.horizon_years)
    adoption = bass_adoption(inputs.groups, assumptions.months, inputs.launch_month)
    option = next(o for o in inputs.options if o.id == option_id)
    lines = option_lines(inputs, option, adoption, periods)
    rate, months = assumptions.discount_rate, assumptions.months
    return (figures_of(lines, periods, rate, months, adjusted=False).npv,
            figures_of(lines, periods, rate, months, adjusted=True).npv)


def scaled_adoption(inputs: ModelInputs, scale: float) -> ModelInputs:
    """Every group's ceiling times ``scale`` (capped at everyone); yearly
    values stay tied to the planned full adoption, so they scale too."""
    groups = tuple(replace(g, ceiling=min(1.0, g.ceiling * scale),
                           value_ceiling=g.ceiling if g.value_ceiling is None else g.value_ceiling)
                   for g in inputs.groups)
    return replace(inputs, groups=groups)


def _root(f: Callable[[float], float], low: float, high: float, planned: float) -> float | None:
    """The zero of ``f`` on [low, high] nearest ``planned``, by grid then bisection."""
    steps = 20
    grid = [low + (high - low) * i / steps for i in range(steps + 1)]
    values = [f(x) for x in grid]
    brackets = [(grid[i], grid[i + 1], values[i], values[i + 1]) for i in range(steps)
                if values[i] == 0 or (values[i] < 0) != (values[i + 1] < 0)]
    if not brackets:
        return None
    a, b, fa, _ = min(brackets, key=lambda br: abs((br[0] + br[1]) / 2 - planned))
    if fa == 0:
        return a
    for _ in range(36):
        mid = (a + b) / 2
        fm = f(mid)
        if (fm < 0) == (fa < 0):
            a, fa = mid, fm
        else:
            b = mid
    return (a + b) / 2


SECANT_STEPS = 6


def solve_switch(f: Callable[[float], float], low: float, high: float, planned: float,
                 tolerance: float) -> float | None:
    """The zero of ``f`` on [low, high], assuming ``f`` is nearly linear.

    ``f`` at ``planned`` and at the middle of the range (or the low end, when
    ``planned`` is the middle) define a line; its zero is checked with one
    more call and refined by secant steps. A zero is accepted when ``|f|`` is
    within ``tolerance`` of zero. With the line's zero outside the range, one
    call at the nearer end checks that ``f`` is still on the line (so it has no
    zero in range: None). Anything else (a bend, a step, a secant leaving the
    range) falls back to :func:`_root`'s grid and bisection.
    """
    other = (low + high) / 2 if abs((low + high) / 2 - planned) > 1e-9 * max(1.0, abs(planned)) else low
    points = [(planned, f(planned)), (other, f(other))]
    for _ in range(SECANT_STEPS):
        (x0, y0), (x1, y1) = points[-2], points[-1]
        if y1 == 0 and low <= x1 <= high:
            return x1
        if y1 == y0:
            break  # flat: no line to follow
        guess = x1 - y1 * (x1 - x0) / (y1 - y0)
        if not math.isfinite(guess):
            break
        if not low <= guess <= high:
            end = low if guess < low else high
            value = f(end)
            predicted = y1 + (end - x1) * (y1 - y0) / (x1 - x0)
            if abs(value - predicted) <= tolerance and (value > 0) == (y1 > 0):
                return None  # on the line at the end too: the zero lies outside the range
            break
        value = f(guess)
        if abs(value) <= tolerance:
            return guess
        points.append((guess, value))
    return _root(f, low, high, planned)


def switching_values(appraisal: Appraisal, option: OptionAppraisal) -> list[SwitchingValue]:
    inputs = appraisal.inputs
    assumptions = inputs.assumptions
    rate = assumptions.discount_rate
    weights = [pv_weights(option, appraisal.periods, rate, adjusted=a) for a in (False, True)]
    figures = (option.unadjusted, option.risk_adjusted)
    npv = (figures[0].npv, figures[1].npv)
    out: list[SwitchingValue] = []

    drivers: dict[str, Driver] = {}
    for line in option.lines:
        drivers.setdefault(line.driver.key, line.driver)
    hours = [d for d in drivers.values() if d.kind == "hours"]
    annual = [d for d in drivers.values() if d.kind == "annual"]

    for d in hours:
        values = [_linear_switch(npv[i], d.likely, weights[i][d.key]) for i in (0, 1)]
        minutes = [None if v is None else 60 * v for v in values]
        out.append(_switch(f"minutes saved per adopter per week: {d.label}", "minutes", 60 * d.likely,
                           minutes, d.path))
    time_pv = [sum(d.likely * weights[i][d.key] for d in hours) for i in (0, 1)]
    if hours:
        shares = [_linear_switch(npv[i], 1.0, time_pv[i]) for i in (0, 1)]
        out.append(_switch("all time savings, as a share of the estimates", "share", 1.0, shares))
    for d in annual:
        values = [_linear_switch(npv[i], d.likely, weights[i][d.key]) for i in (0, 1)]
        out.append(_switch(f"value per year at full adoption: {d.label}", "money-per-year", d.likely, values,
                           d.path))
    hourly = assumptions.loaded_hourly_cost
    if hours and hourly:
        rates = [_linear_switch(npv[i], hourly, time_pv[i] / hourly) for i in (0, 1)]
        out.append(_switch("loaded hourly cost of staff time", "money-per-hour", hourly, rates,
                           ("finance", "loaded_hourly_cost")))
    multiples = [f.pv_benefits / f.pv_costs if f.pv_costs > 1e-9 else None for f in figures]
    out.append(_switch("all costs, as a multiple of the estimates", "multiple", 1.0, multiples))

    if inputs.groups and any(g.ceiling > 0 for g in inputs.groups):
        top = 1.0 / max(g.ceiling for g in inputs.groups if g.ceiling > 0)

        cache: dict[float, tuple[float, float]] = {}

        def npv_at(scale: float) -> tuple[float, float]:
            if scale not in cache:
                cache[scale] = option_npv(scaled_adoption(inputs, scale), option.option.id)
            return cache[scale]

        def unadjusted(scale: float) -> float:
            return npv_at(scale)[0]

        def adjusted(scale: float) -> float:
            return npv_at(scale)[1]

        # Zero to a billionth of the present values: as close as 36
        # bisection steps over the range came.
        tolerances = [1e-9 * max(1.0, abs(f.pv_benefits), abs(f.pv_costs)) for f in figures]
        ceilings = [solve_switch(unadjusted, 0.0, top, 1.0, tolerances[0]),
                    solve_switch(adjusted, 0.0, top, 1.0, tolerances[1])]
        out.append(_switch("adoption, as a share of the planned ceilings", "share", 1.0, ceilings,
                           ("finance", "adoption", "ceiling")))
    return out
