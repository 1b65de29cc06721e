"""Monte Carlo over the three-point estimates of an option.

Each draw picks every uncertain amount from its distribution (triangular or
PERT, see :mod:`socialplan.finance.distributions`), independently of the
others. NPV is linear in the amounts (``NPV = sum(amount x weight)``, the
weights being the discounted, adjusted profiles), so a draw's NPV is one
row of a matrix product: exact, and fast enough for millions of draws.

Draws are made in fixed-size chunks from one seeded generator, so a seed
always gives the same result whether or not progress is being shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from socialplan.finance.appraisal import Appraisal, OptionAppraisal, pv_weights
from socialplan.finance.distributions import mean, sample
from socialplan.finance.inputs import Driver

FloatArray = NDArray[np.float64]
DEFAULT_SIMULATIONS = 10_000
DEFAULT_SEED = 2012
CHUNK = 20_000


@dataclass(frozen=True)
class Outcome:
    """The distribution of NPV, one way of counting."""

    p10: float
    p50: float
    p90: float
    mean: float
    std: float
    prob_positive: float
    expected: float  # NPV with every estimate at its mean: what the mean tends to
    samples: FloatArray


@dataclass(frozen=True)
class Simulation:
    simulations: int
    seed: int
    distribution: str
    uncertain_drivers: int
    unadjusted: Outcome
    risk_adjusted: Outcome

    def outcome(self, adjusted: bool) -> Outcome:
        return self.risk_adjusted if adjusted else self.unadjusted


def _outcome(samples: FloatArray, expected: float) -> Outcome:
    p10, p50, p90 = (float(v) for v in np.percentile(samples, [10, 50, 90]))
    return Outcome(p10, p50, p90, float(samples.mean()), float(samples.std()),
                   float((samples > 0).mean()), expected, samples)


def _drivers(option: OptionAppraisal) -> list[Driver]:
    seen: dict[str, Driver] = {}
    for line in option.lines:
        seen.setdefault(line.driver.key, line.driver)
    return list(seen.values())


def simulate(appraisal: Appraisal, option: OptionAppraisal, simulations: int, seed: int, *,
             progress: Callable[[int], None] | None = None) -> Simulation:
    """Draw ``simulations`` NPVs of ``option``, unadjusted and risk-adjusted."""
    if simulations < 1:
        raise ValueError("simulations must be at least 1")
    assumptions = appraisal.inputs.assumptions
    rate = assumptions.discount_rate
    distribution = assumptions.distribution
    drivers = _drivers(option)
    weights = {adjusted: pv_weights(option, appraisal.periods, rate, adjusted=adjusted)
               for adjusted in (False, True)}
    uncertain = [d for d in drivers if d.uncertain]
    low = np.asarray([d.low for d in uncertain], dtype=np.float64)
    likely = np.asarray([d.likely for d in uncertain], dtype=np.float64)
    high = np.asarray([d.high for d in uncertain], dtype=np.float64)
    w = {adjusted: np.asarray([weights[adjusted][d.key] for d in uncertain], dtype=np.float64)
         for adjusted in (False, True)}
    # The part of NPV that does not vary: every fixed amount times its weight.
    fixed = {adjusted: sum(d.likely * weights[adjusted][d.key] for d in drivers if not d.uncertain)
             for adjusted in (False, True)}
    means = mean(distribution, low, likely, high)
    expected = {adjusted: fixed[adjusted] + float(means @ w[adjusted]) for adjusted in (False, True)}

    rng = np.random.default_rng(seed)
    out = {adjusted: np.empty(simulations) for adjusted in (False, True)}
    done = 0
    while done < simulations:
        rows = min(CHUNK, simulations - done)
        if uncertain:
            draws = sample(distribution, low, likely, high, rows, rng)
            for adjusted in (False, True):
                out[adjusted][done:done + rows] = fixed[adjusted] + draws @ w[adjusted]
        else:
            for adjusted in (False, True):
                out[adjusted][done:done + rows] = fixed[adjusted]
        done += rows
        if progress is not None:
            progress(done)
    return Simulation(
        simulations, seed, distribution, len(uncertain),
        _outcome(out[False], expected[False]), _outcome(out[True], expected[True]),
    )
