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
from collections.abc import Sequence
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


def fit_bass(actual: Sequence[float], start: float, headcount: float, *, p: float, q: float, ceiling: float) -> Fit:
    """Fit p and q (and the ceiling when the data allow) to monthly actuals
    since launch; ``p``, ``q`` and ``ceiling`` are the plan's, the first guess."""
    from scipy.optimize import least_squares

    data = np.asarray(actual, dtype=np.float64)
    months = len(data)
    increases = np.diff(np.concatenate([[start], data]))
    fit_ceiling = months >= MIN_MONTHS_FOR_CEILING and increases[-1] < np.max(increases) and headcount > 0
    floor = float(np.max(data)) / headcount if headcount > 0 else 0.0
    # More people active than the group holds (noise, or a directory behind
    # the headcount) changes nothing here: the ceiling's bounds stop at the
    # whole group already, and forcing it to 1.0 would fit noisy data worse
    # than the curve that made it.

    def residuals(x: NDArray[np.float64]) -> NDArray[np.float64]:
        share = x[2] if fit_ceiling else ceiling
        return bass_path(start, share * headcount, x[0], x[1], months) - data

    if months == 0 or headcount <= 0:
        return Fit(p, q, ceiling, False, 0.0, 0.0, 0)
    low, high = [0.0, 0.0], [1.0, 5.0]
    if fit_ceiling:
        # Not bounded below by the highest actual: with noise, the best
        # ceiling can sit a little under it.
        low.append(1e-3)
        high.append(1.0)
    # The surface has more than one valley: start from the plan's values
    # and from a small grid, and keep the best.
    starts = [(p, q, ceiling)] + [(sp, sq, ceiling) for sp in (0.005, 0.03, 0.1) for sq in (0.1, 0.4, 1.0)]
    best: NDArray[np.float64] | None = None
    best_cost = math.inf
    for sp, sq, sc in starts:
        guess = [min(max(sp, 1e-6), 1.0 - 1e-6), min(max(sq, 1e-6), 5.0 - 1e-6)]
        if fit_ceiling:
            guess.append(min(max(sc, floor, 2e-3), 1.0 - 1e-9))
        result = least_squares(residuals, np.asarray(guess), bounds=(low, high), method="trf", x_scale="jac",
                               max_nfev=2000)
        if result.cost < best_cost:
            best, best_cost = result.x, float(result.cost)
    assert best is not None
    error = residuals(best)
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
