"""Monte Carlo over the three-point estimates and adoption of an option.

What a draw varies:

* every uncertain amount (hours saved, annual values, costs), drawn from
  its distribution (triangular or PERT, see
  :mod:`socialplan.finance.distributions`);
* adoption: multipliers of every group's ceiling, p and q, and a launch
  delay in whole months, each a three-point setting
  (``finance.uncertainty``, see :class:`socialplan.model.Uncertainty`).

Estimates move together through one shared optimism factor: every pair of
inputs has the stated rank correlation, in the optimistic direction
(benefits, ceiling, p and q high when costs and the delay are low). It is
induced as Iman and Conover (1982) do and spreadsheet risk tools follow:
each input is drawn from its own distribution, then the draws are
reordered so their ranks follow correlated normal scores. The marginal
distributions are untouched; only which draws meet changes.

For fixed adoption NPV is linear in the amounts (``NPV = sum(amount x
weight)``, the weights being the discounted, adjusted profiles), so a
draw's NPV is one row of a matrix product. Adoption changes the weights,
so it is drawn in strata: the ceiling in 5 equally likely levels, p and
q in 3 each (each level the distribution's
quantile at its middle), the delay in whole months. Each stratum is one
full re-run of the adoption and cash-flow model, made once and shared by
every draw that falls in it, so the figures stay exact for the adoption
each draw uses.

What drives the spread: the squared rank correlation of each input with the
risk-adjusted NPV, normalised to sum to one, over the first chunk of draws
(:class:`DriverShare`). With correlated inputs the shares overlap; they
rank the drivers, they do not add up variances exactly.

Draws are made in fixed-size chunks from one seeded generator, so a seed
always gives the same result whether or not progress is being shown.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from socialplan.diagnostics import PlanPath
from socialplan.finance.adoption import AdoptionCurves, bass_adoption
from socialplan.finance.appraisal import Appraisal, OptionAppraisal, cash_lines, line_weights
from socialplan.finance.assumptions import Distribution
from socialplan.finance.cashflow import Line, option_lines
from socialplan.finance.discounting import Periods
from socialplan.finance.distributions import mean, quantile, sample
from socialplan.finance.inputs import Driver, ModelInputs, UncertaintyInput

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
DEFAULT_SIMULATIONS = 10_000
DEFAULT_SEED = 2012
CHUNK = 20_000
CEILING_LEVELS = 5  # as the module's docstring says
RATE_LEVELS = 3


@dataclass(frozen=True)
class Outcome:
    """The distribution of NPV, one way of counting."""

    p10: float
    p50: float
    p90: float
    mean: float
    std: float
    prob_positive: float
    expected: float  # NPV with every estimate at its mean and adoption as planned
    samples: FloatArray


@dataclass(frozen=True)
class DriverShare:
    """How much of the spread of risk-adjusted NPV goes with one input."""

    key: str
    label: str
    path: PlanPath
    rank_correlation: float  # Spearman, with NPV
    share: float  # squared rank correlation, normalised over the inputs


@dataclass(frozen=True)
class Simulation:
    simulations: int
    seed: int
    distribution: str
    uncertain_drivers: int
    unadjusted: Outcome
    risk_adjusted: Outcome
    cash_unadjusted: Outcome  # NPV from cash-releasing benefits alone
    cash_risk_adjusted: Outcome
    correlation: float = 0.0  # the rank correlation the inputs shared
    adoption_varied: tuple[str, ...] = ()  # which adoption settings varied (ceiling, p, q, launch_delay)
    scenarios: int = 1  # adoption strata run through the model
    drivers: tuple[DriverShare, ...] = ()  # largest share first

    def outcome(self, adjusted: bool) -> Outcome:
        return self.risk_adjusted if adjusted else self.unadjusted

    def cash_outcome(self, adjusted: bool) -> Outcome:
        return self.cash_risk_adjusted if adjusted else self.cash_unadjusted


def _outcome(samples: FloatArray, expected: float) -> Outcome:
    p10, p50, p90 = (float(v) for v in np.percentile(samples, [10, 50, 90]))
    return Outcome(p10, p50, p90, float(samples.mean()), float(samples.std()),
                   float((samples > 0).mean()), expected, samples)


def _drivers(option: OptionAppraisal) -> list[Driver]:
    seen: dict[str, Driver] = {}
    for line in option.lines:
        seen.setdefault(line.driver.key, line.driver)
    return list(seen.values())


def normal_correlation(rank_correlation: float) -> float:
    """The correlation of normal scores whose ranks correlate as stated
    (Spearman's rho of a bivariate normal is 6/pi asin(r/2))."""
    return 2.0 * math.sin(math.pi * rank_correlation / 6.0)


# --- adoption strata -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Strata:
    """How the adoption settings are cut into strata, and each one's weights."""

    inputs: ModelInputs
    option_id: str
    periods: Periods
    ceiling: FloatArray  # the multiplier of each level
    p: FloatArray
    q: FloatArray
    delay: Driver
    distribution: Distribution

    def index(self, u: FloatArray) -> IntArray:
        """The stratum of each draw, from its adoption uniforms (rows x 4)."""
        levels = [len(self.ceiling), len(self.p), len(self.q)]
        cells = [np.minimum((u[:, i] * n).astype(np.int64), n - 1) for i, n in enumerate(levels)]
        delay = self.delays(u[:, 3])
        out: IntArray = ((cells[0] * levels[1] + cells[1]) * levels[2] + cells[2]) * (self.max_delay + 1) + delay
        return out

    @property
    def max_delay(self) -> int:
        return round(self.delay.high)

    def delays(self, u: FloatArray) -> IntArray:
        """Whole months of delay: the draw's quantile, rounded."""
        d = self.delay
        values = quantile(self.distribution, d.low, d.likely, d.high, u)
        out: IntArray = np.minimum(np.rint(values).astype(np.int64), self.max_delay)
        return out

    def settings(self, code: int) -> tuple[float, float, float, int]:
        code, delay = divmod(code, self.max_delay + 1)
        code, iq = divmod(code, len(self.q))
        ic, ip = divmod(code, len(self.p))
        return float(self.ceiling[ic]), float(self.p[ip]), float(self.q[iq]), delay

    def varied(self, code: int) -> ModelInputs:
        """The inputs with adoption as stratum ``code`` has it."""
        ceiling, p, q, delay = self.settings(code)
        inputs = self.inputs
        groups = tuple(replace(g, ceiling=min(1.0, g.ceiling * ceiling), p=g.p * p, q=g.q * q,
                               value_ceiling=g.ceiling if g.value_ceiling is None else g.value_ceiling)
                       for g in inputs.groups)
        return replace(inputs, groups=groups, launch_month=inputs.launch_month + delay)

    def lines(self, codes: Sequence[int]) -> dict[int, tuple[Line, ...]]:
        """The option's lines in each stratum of ``codes``. Groups are
        independent in the Bass model, so the adoption of every stratum
        with the same launch is one run over all their groups together."""
        months = self.inputs.assumptions.months
        option = next(o for o in self.inputs.options if o.id == self.option_id)
        by_launch: dict[int, list[tuple[int, ModelInputs]]] = {}
        for code in codes:
            varied = self.varied(code)
            by_launch.setdefault(varied.launch_month, []).append((code, varied))
        out: dict[int, tuple[Line, ...]] = {}
        for launch, strata in by_launch.items():
            together = bass_adoption(tuple(g for _, v in strata for g in v.groups), months, launch)
            size = len(self.inputs.groups)
            for i, (code, varied) in enumerate(strata):
                adoption = AdoptionCurves(varied.groups, launch, together.adopters[i * size:(i + 1) * size])
                out[code] = tuple(option_lines(varied, option, adoption, self.periods))
        return out


def _levels(driver: Driver, count: int, distribution: Distribution) -> FloatArray:
    """The multiplier of each of ``count`` equally likely levels: the
    distribution's quantile at the middle of the level."""
    if not driver.uncertain:
        return np.asarray([driver.likely])
    middles = (np.arange(count) + 0.5) / count
    return quantile(distribution, driver.low, driver.likely, driver.high, middles)


def _strata(appraisal: Appraisal, option: OptionAppraisal,
            uncertainty: UncertaintyInput | None) -> _Strata | None:
    if uncertainty is None:
        return None
    as_planned = tuple(d.likely for d in uncertainty.drivers) == (1.0, 1.0, 1.0, 0.0)
    if as_planned and not any(d.uncertain for d in uncertainty.drivers):
        return None  # adoption exactly as planned: the planned weights serve every draw
    inputs = appraisal.inputs
    distribution = inputs.assumptions.distribution
    return _Strata(
        inputs, option.option.id, appraisal.periods,
        _levels(uncertainty.ceiling, CEILING_LEVELS, distribution),
        _levels(uncertainty.p, RATE_LEVELS, distribution),
        _levels(uncertainty.q, RATE_LEVELS, distribution),
        uncertainty.launch_delay,
        distribution,
    )


# Weights of one way of counting: (uncertain amounts x 1, fixed part).
_Counting = tuple[FloatArray, float]
COUNTINGS = ((False, False), (True, False), (False, True), (True, True))  # (adjusted, cash only)


def _weights(lines: Sequence[Line], appraisal: Appraisal, uncertain: Sequence[Driver],
             fixed: Sequence[Driver]) -> list[_Counting]:
    """Weights of the uncertain amounts and the fixed part of NPV, for each
    of :data:`COUNTINGS`."""
    rate = appraisal.inputs.assumptions.discount_rate
    out = []
    for adjusted, cash in COUNTINGS:
        chosen = cash_lines(lines) if cash else lines
        weights = line_weights(chosen, appraisal.periods, rate, adjusted=adjusted)
        w = np.asarray([weights.get(d.key, 0.0) for d in uncertain], dtype=np.float64)
        out.append((w, sum(d.likely * weights.get(d.key, 0.0) for d in fixed)))
    return out


# --- the simulation --------------------------------------------------------------------------------


def _stable_order(columns: FloatArray) -> IntArray:
    """The stable argsort of each column, as rows (one per column).

    Sorted as contiguous rows: sorting down the columns of a C-ordered
    array strides across memory and is several times slower for the
    thousand-column draws of a large plan. Sorted first by numpy's default
    (SIMD) sort, about twice as quick as the stable one: where a row holds
    no two equal values every sort gives the one same order, and the rows
    that do (or hold NaN) are sorted again stably. The order is the stable
    sort's either way, so a seed keeps its figures."""
    rows = np.ascontiguousarray(columns.T)
    order: IntArray = np.argsort(rows, axis=1)
    ordered = np.take_along_axis(rows, order, axis=1)
    redo = (ordered[:, 1:] == ordered[:, :-1]).any(axis=1) | np.isnan(ordered[:, -1:]).any(axis=1)
    if redo.any():
        order[redo] = np.argsort(rows[redo], axis=1, kind="stable")
    return order


def _inverse(order: IntArray) -> IntArray:
    """The ranks (0..n-1) that ``order`` (rows of a stable argsort) sorts
    by, as columns: the inverse permutation of each row, written in one
    pass rather than by sorting ``order`` again (what argsort of an argsort
    gives, for a fraction of the time)."""
    count, rows = order.shape
    ranks: IntArray = np.empty((count, rows), dtype=np.int64)
    ranks[np.arange(count)[:, None], order] = np.arange(rows)
    out: IntArray = ranks.T
    return out


def _correlated_order(rows: int, signs: FloatArray, rho: float, rng: np.random.Generator) -> IntArray:
    """Rows of the stable order (see :func:`_stable_order`) of normal scores
    sharing one factor: column i loads ``signs[i] x sqrt(rho)`` on it."""
    shared = rng.standard_normal((rows, 1))
    own = rng.standard_normal((rows, len(signs)))
    scores = math.sqrt(rho) * shared * signs + math.sqrt(1.0 - rho) * own
    return _stable_order(scores)


def _correlated_ranks(rows: int, signs: FloatArray, rho: float, rng: np.random.Generator) -> IntArray:
    """Ranks (0..rows-1, per column) of the scores of :func:`_correlated_order`."""
    return _inverse(_correlated_order(rows, signs, rho, rng))


def _reorder(draws: FloatArray, order: IntArray) -> FloatArray:
    """Each column's draws sorted, then placed so that their ranks are the
    scores' ranks: the draw of rank r goes where the score of rank r is."""
    count = draws.shape[1]
    placed = np.empty((count, draws.shape[0]), dtype=np.float64)
    placed[np.arange(count)[:, None], order] = np.sort(np.ascontiguousarray(draws.T), axis=1)
    # Back in rows (C order), as the draws were: the matrix products sum in
    # an order that depends on the layout, and a seed must give the same
    # figures to the last digit.
    out: FloatArray = np.ascontiguousarray(placed.T)
    return out


def _rank(values: FloatArray) -> FloatArray:
    """Ranks down each column (ties broken by order: inputs are continuous)."""
    column = values.ndim == 1
    ranks = _inverse(_stable_order(values[:, None] if column else values)).astype(np.float64)
    out: FloatArray = ranks[:, 0] if column else ranks
    return out


def _shares(columns: FloatArray, npv: FloatArray, drivers: Sequence[Driver]) -> tuple[DriverShare, ...]:
    """Squared Spearman correlations of each column with NPV, normalised."""
    if len(npv) < 3 or float(npv.std()) == 0.0 or not drivers:
        return ()
    x = _rank(columns)
    y = _rank(npv)
    x = x - x.mean(axis=0)
    y = y - y.mean()
    spread = np.sqrt((x * x).sum(axis=0) * float((y * y).sum()))
    r = np.where(spread > 0, (x * y[:, None]).sum(axis=0) / np.where(spread > 0, spread, 1.0), 0.0)
    total = float((r * r).sum())
    if total <= 0:
        return ()
    out = [DriverShare(d.key, d.label, d.path, float(r[i]), float(r[i] ** 2 / total))
           for i, d in enumerate(drivers)]
    return tuple(sorted(out, key=lambda s: (-round(s.share, 9), s.key)))


def simulate(appraisal: Appraisal, option: OptionAppraisal, simulations: int, seed: int, *,
             progress: Callable[[int], None] | None = None) -> Simulation:
    """Draw ``simulations`` NPVs of ``option``: unadjusted and risk-adjusted,
    in total and from cash-releasing benefits alone."""
    if simulations < 1:
        raise ValueError("simulations must be at least 1")
    inputs = appraisal.inputs
    distribution = inputs.assumptions.distribution
    uncertainty = inputs.uncertainty
    drivers = _drivers(option)
    uncertain = [d for d in drivers if d.uncertain]
    fixed_drivers = [d for d in drivers if not d.uncertain]
    low = np.asarray([d.low for d in uncertain], dtype=np.float64)
    likely = np.asarray([d.likely for d in uncertain], dtype=np.float64)
    high = np.asarray([d.high for d in uncertain], dtype=np.float64)
    planned = _weights(option.lines, appraisal, uncertain, fixed_drivers)
    means = mean(distribution, low, likely, high)
    expected = [fixed + float(means @ w) for w, fixed in planned]

    strata = _strata(appraisal, option, uncertainty)
    adoption = [] if strata is None or uncertainty is None else \
        [d for d in uncertainty.drivers if d.uncertain]
    rho = normal_correlation(uncertainty.correlation) if uncertainty is not None else 0.0
    # The optimistic direction of each input: benefits up, costs down; the
    # adoption multipliers up, the delay down.
    signs = np.asarray([-1.0 if d.kind == "cost" else 1.0 for d in uncertain]
                       + ([1.0, 1.0, 1.0, -1.0] if strata is not None else []), dtype=np.float64)
    cache: dict[int, list[_Counting]] = {}

    rng = np.random.default_rng(seed)
    out = [np.empty(simulations) for _ in COUNTINGS]
    shares: tuple[DriverShare, ...] = ()
    done = 0
    while done < simulations:
        rows = min(CHUNK, simulations - done)
        draws: FloatArray = sample(distribution, low, likely, high, rows, rng) if uncertain else np.zeros((rows, 0))
        u: FloatArray = np.zeros((rows, 0))
        if len(signs):
            order = _correlated_order(rows, signs, rho, rng)
            draws = _reorder(draws, order[:len(uncertain)])
            u = (_inverse(order[len(uncertain):]) + 0.5) / rows
        if strata is None:
            for i, (w, fixed) in enumerate(planned):
                out[i][done:done + rows] = fixed + draws @ w
        else:
            codes = strata.index(u)
            unique, which = np.unique(codes, return_inverse=True)
            new = [int(code) for code in unique if int(code) not in cache]
            for code, lines in strata.lines(new).items():
                cache[code] = _weights(lines, appraisal, uncertain, fixed_drivers)
            for i in range(len(COUNTINGS)):
                stacked = np.stack([cache[int(c)][i][0] for c in unique]) if uncertain \
                    else np.zeros((len(unique), 0))
                constant = np.asarray([cache[int(c)][i][1] for c in unique])
                out[i][done:done + rows] = constant[which] + np.einsum("ij,ij->i", draws, stacked[which])
        if done == 0:
            columns = np.hstack([draws, u[:, [i for i, d in enumerate(uncertainty.drivers) if d.uncertain]]])\
                if strata is not None and uncertainty is not None else draws
            shares = _shares(columns, out[1][:rows], [*uncertain, *adoption])
        done += rows
        if progress is not None:
            progress(done)
    outcomes = [_outcome(samples, e) for samples, e in zip(out, expected, strict=True)]
    return Simulation(
        simulations, seed, distribution, len(uncertain),
        outcomes[0], outcomes[1], outcomes[2], outcomes[3],
        correlation=uncertainty.correlation if uncertainty is not None else 0.0,
        adoption_varied=tuple(name for name, d in zip(("ceiling", "p", "q", "launch_delay"),
                                                       uncertainty.drivers, strict=True) if d.uncertain)
        if strata is not None and uncertainty is not None else (),
        scenarios=max(1, len(cache)),
        drivers=shares,
    )
