"""Forecast against actual: status per month, a re-fitted Bass curve, KPIs.

The forecast is the plan's own adoption curve (the discrete monthly Bass
model of :mod:`socialplan.finance.adoption`); the actual is the active
users counted from the usage exports. Status compares the two month by
month: actual at or above ``at_risk`` x forecast (0.9 by default) is on
track, at or above ``off_track`` x forecast (0.75) at risk, below that off
track. A group's status is its latest month's; the programme's is its worst
group's.

Re-forecast: p and q (per month) are fitted to the actuals since launch by
least squares on the same discrete model, starting from the people on the
network at launch. The ceiling is fitted too when the data allow (at least
six months, and growth past its peak, so the curve has shown where it
bends); otherwise it stays the plan's. The fit's error is the root mean
square gap, in users and as a share of the latest actual. The fitted curve
is then run to the end of the horizon.

KPIs: the latest observation against a straight line from the baseline
(at the first observation, or the plan's start) to the target at its date;
progress at or above ``at_risk`` x the line's progress is on track, and so
on as for adoption.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from socialplan.track.spec import TrackSettings

Status = Literal["on track", "at risk", "off track"]
STATUS_ORDER: tuple[Status, ...] = ("on track", "at risk", "off track")
# The ceiling is fitted only from a curve that has shown where it bends.
MIN_MONTHS_FOR_CEILING = 6


def status_of(actual: float, expected: float, settings: TrackSettings) -> Status:
    """Status of an actual against what was expected of it.

    >>> s = TrackSettings()
    >>> status_of(95, 100, s), status_of(80, 100, s), status_of(70, 100, s)
    ('on track', 'at risk', 'off track')
    >>> status_of(0, 0, s)
    'on track'
    """
    if expected <= 0:
        return "on track"
    ratio = actual / expected
    if ratio >= settings.at_risk:
        return "on track"
    return "at risk" if ratio >= settings.off_track else "off track"


def worst(statuses: Sequence[Status]) -> Status:
    return max(statuses, key=STATUS_ORDER.index, default="on track")


def bass_path(start: float, market: float, p: float, q: float, months: int) -> NDArray[np.float64]:
    """Adopters at the end of each of ``months`` months, from ``start``:
    the same discrete monthly step as the business case."""
    out = np.empty(months, dtype=np.float64)
    adopted = min(start, market)
    for month in range(months):
        if market > 0 and adopted < market:
            adopted = min(market, adopted + (p + q * adopted / market) * (market - adopted))
        out[month] = adopted
    return out


@dataclass(frozen=True)
class Fit:
    p: float  # per month
    q: float  # per month
    ceiling: float  # share of the headcount
    ceiling_fitted: bool
    rmse: float  # users
    relative_error: float  # rmse / latest actual
    months: int  # data points fitted


def _path_and_slopes(start: float, headcount: float, p: float, q: float, share: float, months: int
                     ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """:func:`bass_path` with the market ``share * headcount``, and the
    derivatives of each month's adopters by p, q and share, carried through
    the same steps (forward-mode differentiation: exact, and one pass).
    Plain floats: a handful of months, where numpy's per-call cost would
    dominate."""
    market = share * headcount
    rows: list[tuple[float, float, float, float]] = []
    if start >= market:
        adopted, by_p, by_q, by_share = market, 0.0, 0.0, headcount
    else:
        adopted, by_p, by_q, by_share = start, 0.0, 0.0, 0.0
    for _ in range(months):
        if market > 0 and adopted < market:
            rate = p + q * adopted / market
            left = market - adopted
            grown = adopted + rate * left
            if grown >= market:
                adopted, by_p, by_q, by_share = market, 0.0, 0.0, headcount
            else:
                by_adopted = 1 + q * left / market - rate
                by_market = rate - q * adopted * left / (market * market)
                by_p = by_adopted * by_p + left
                by_q = by_adopted * by_q + adopted * left / market
                by_share = by_adopted * by_share + by_market * headcount
                adopted = grown
        rows.append((adopted, by_p, by_q, by_share))
    table = np.array(rows, dtype=np.float64).reshape(months, 4)
    return table[:, 0], table[:, 1:]


def _least_squares(residuals: Callable[[NDArray[np.float64]], tuple[NDArray[np.float64], NDArray[np.float64]]],
                   guess: NDArray[np.float64], low: NDArray[np.float64], high: NDArray[np.float64], *,
                   tolerance: float = 1e-10) -> tuple[NDArray[np.float64], float]:
    """Bounded Levenberg-Marquardt: the steps projected onto the bounds.

    Written here rather than taken from scipy.optimize because that module
    takes about a second to import, a third of a whole ``socialplan track``
    run, for two or three parameters; the tests hold this against
    scipy.optimize.least_squares on the same problems."""
    x = np.clip(guess, low, high)
    error, jacobian = residuals(x)
    cost = 0.5 * float(error @ error)
    damping = 1e-3
    for _ in range(200):
        normal = jacobian.T @ jacobian
        gradient = jacobian.T @ error
        # A parameter held at a bound by the slope stays there for this
        # step; the others are solved for without it.
        free = ~(((x <= low) & (gradient > 0)) | ((x >= high) & (gradient < 0)))
        if not free.any():
            break
        sub = normal[np.ix_(free, free)]
        scale = np.maximum(np.diag(sub), 1e-12)
        improved = False
        while damping < 1e12:
            step = np.zeros_like(x)
            try:
                step[free] = np.linalg.solve(sub + damping * np.diag(scale), -gradient[free])
            except np.linalg.LinAlgError:
                damping *= 4
                continue
            trial = np.clip(x + step, low, high)
            trial_error, trial_jacobian = residuals(trial)
            trial_cost = 0.5 * float(trial_error @ trial_error)
            if trial_cost < cost:
                improved = True
                break
            damping *= 4
        if not improved:
            break
        moved = float(np.max(np.abs(trial - x)))
        gained = cost - trial_cost
        x, error, jacobian, cost = trial, trial_error, trial_jacobian, trial_cost
        damping = max(damping / 3, 1e-12)
        # Converged when the cost or the parameters stop moving (scipy's
        # ftol and xtol).
        if gained <= tolerance * cost or moved <= tolerance * (1 + float(np.max(np.abs(x)))):
            break
    return x, cost


def fit_bass(actual: Sequence[float], start: float, headcount: float, *, p: float, q: float, ceiling: float) -> Fit:
    """Fit p and q (and the ceiling when the data allow) to monthly actuals
    since launch; ``p``, ``q`` and ``ceiling`` are the plan's, the first guess."""
    data = np.asarray(actual, dtype=np.float64)
    months = len(data)
    increases = np.diff(np.concatenate([[start], data]))
    fit_ceiling = months >= MIN_MONTHS_FOR_CEILING and increases[-1] < np.max(increases) and headcount > 0
    floor = float(np.max(data)) / headcount if headcount > 0 else 0.0
    # More people active than the group holds (noise, or a directory behind
    # the headcount) changes nothing here: the ceiling's bounds stop at the
    # whole group already, and forcing it to 1.0 would fit noisy data worse
    # than the curve that made it.

    def residuals(x: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        path, slopes = _path_and_slopes(start, headcount, x[0], x[1], x[2] if fit_ceiling else ceiling, months)
        return path - data, slopes if fit_ceiling else slopes[:, :2]

    if months == 0 or headcount <= 0:
        return Fit(p, q, ceiling, False, 0.0, 0.0, 0)
    low, high = [0.0, 0.0], [1.0, 5.0]
    if fit_ceiling:
        # Not bounded below by the highest actual: with noise, the best
        # ceiling can sit a little under it.
        low.append(1e-3)
        high.append(1.0)
    # The surface has more than one valley: start from the plan's values
    # and from a small grid, find each start's valley roughly, and settle
    # the best of them precisely.
    starts = [(p, q, ceiling)] + [(sp, sq, ceiling) for sp in (0.005, 0.03, 0.1) for sq in (0.1, 0.4, 1.0)]
    bounds = np.asarray(low), np.asarray(high)
    rough: list[tuple[float, int, NDArray[np.float64]]] = []
    for number, (sp, sq, sc) in enumerate(starts):
        guess = [min(max(sp, 1e-6), 1.0 - 1e-6), min(max(sq, 1e-6), 5.0 - 1e-6)]
        if fit_ceiling:
            guess.append(min(max(sc, floor, 2e-3), 1.0 - 1e-9))
        found, cost = _least_squares(residuals, np.asarray(guess), *bounds, tolerance=1e-5)
        rough.append((cost, number, found))
    # Valleys a rough search leaves close in cost can swap places once
    # settled: settle the three best.
    settled = [_least_squares(residuals, found, *bounds) for _, _, found in sorted(rough, key=lambda r: r[:2])[:3]]
    best = min(settled, key=lambda each: each[1])[0]
    error = residuals(best)[0]
    rmse = float(math.sqrt(float(np.mean(error**2))))
    latest = float(data[-1])
    return Fit(float(best[0]), float(best[1]), float(best[2]) if fit_ceiling else ceiling, bool(fit_ceiling), rmse,
               rmse / latest if latest > 0 else 0.0, months)


@dataclass(frozen=True)
class KpiStatus:
    name: str
    baseline: float | None
    target: float | None
    by: dt.date | None
    latest: float | None
    latest_date: dt.date | None
    expected: float | None  # where the straight line to the target is at the latest date
    status: Status | None


def kpi_status(name: str, baseline: float | None, target: float | None, by: dt.date | None,
               observations: Sequence[tuple[dt.date, float]], start: dt.date, settings: TrackSettings) -> KpiStatus:
    """The latest value of a KPI against the straight line to its target.

    >>> s = TrackSettings()
    >>> k = kpi_status("hours", 6, 2, dt.date(2027, 12, 31), [(dt.date(2027, 1, 1), 6), (dt.date(2027, 7, 2), 4.4)],
    ...                dt.date(2027, 1, 1), s)
    >>> k.expected, k.status
    (4.0, 'at risk')
    """
    ordered = sorted(observations)
    if not ordered:
        return KpiStatus(name, baseline, target, by, None, None, None, None)
    latest_date, latest = ordered[-1]
    if baseline is None or target is None or by is None or target == baseline:
        return KpiStatus(name, baseline, target, by, latest, latest_date, None, None)
    begin = min(ordered[0][0], start)
    span = (by - begin).days
    elapsed = min(max((latest_date - begin).days, 0), span) if span > 0 else 0
    share = elapsed / span if span > 0 else 1.0
    expected = baseline + (target - baseline) * share
    progress, wanted = (latest - baseline) / (target - baseline), share
    status = status_of(max(progress, 0.0), wanted, settings) if wanted > 0 else "on track"
    return KpiStatus(name, baseline, target, by, latest, latest_date, expected, status)
