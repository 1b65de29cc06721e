"""Three-point estimates as probability distributions, sampled in bulk.

* triangular(low, likely, high): mean ``(low + likely + high) / 3``, drawn by
  inverting its distribution function;
* PERT (beta-PERT with the usual weight 4): ``low + (high - low) x
  Beta(a, b)`` with ``a = 1 + 4 (likely - low) / (high - low)`` and
  ``b = 1 + 4 (high - likely) / (high - low)``; mean ``(low + 4 likely +
  high) / 6``.

An estimate with ``low == high`` is a constant. Arrays hold one estimate per
column; every draw is a row.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from socialplan.finance.assumptions import Distribution

FloatArray = NDArray[np.float64]


def mean(distribution: Distribution, low: FloatArray, likely: FloatArray, high: FloatArray) -> FloatArray:
    if distribution == "triangular":
        return (low + likely + high) / 3.0
    return (low + 4.0 * likely + high) / 6.0


def sample(distribution: Distribution, low: FloatArray, likely: FloatArray, high: FloatArray,
           rows: int, rng: np.random.Generator) -> FloatArray:
    """``rows`` independent draws of every estimate: shape (rows, estimates)."""
    width = high - low
    spread = width > 0
    safe_width = np.where(spread, width, 1.0)
    if distribution == "triangular":
        u = rng.random((rows, len(low)))
        cut = np.where(spread, (likely - low) / safe_width, 0.0)
        left = low + np.sqrt(u * safe_width * (likely - low))
        right = high - np.sqrt((1.0 - u) * safe_width * (high - likely))
        draws = np.where(u < cut, left, right)
    else:
        a = np.where(spread, 1.0 + 4.0 * (likely - low) / safe_width, 1.0)
        b = np.where(spread, 1.0 + 4.0 * (high - likely) / safe_width, 1.0)
        draws = low + width * rng.beta(a, b, size=(rows, len(low)))
    return np.where(spread, draws, low)


# Points of the grid the PERT distribution function is tabulated on. Beta's
# inverse distribution function is not in numpy; with shape parameters of 1
# or more (always so for PERT) the density is bounded and smooth, so a
# trapezoid table this fine inverts it to well under 0.1% of the range,
# which is all a handful of quantiles needs (scipy is not worth adding).
_GRID = 4097


def quantile(distribution: Distribution, low: float, likely: float, high: float,
             probabilities: FloatArray) -> FloatArray:
    """The values below which the given shares of the distribution lie."""
    u = np.clip(np.asarray(probabilities, dtype=np.float64), 0.0, 1.0)
    width = high - low
    if width <= 0:
        return np.full(u.shape, low)
    if distribution == "triangular":
        cut = (likely - low) / width
        left = low + np.sqrt(u * width * (likely - low))
        right = high - np.sqrt((1.0 - u) * width * (high - likely))
        out: FloatArray = np.where(u < cut, left, right)
        return out
    a = 1.0 + 4.0 * (likely - low) / width
    b = 1.0 + 4.0 * (high - likely) / width
    x = np.linspace(0.0, 1.0, _GRID)
    density = x ** (a - 1.0) * (1.0 - x) ** (b - 1.0)
    cdf = np.concatenate(([0.0], np.cumsum((density[1:] + density[:-1]) / 2.0)))
    cdf /= cdf[-1]
    values: FloatArray = low + width * np.interp(u, cdf, x)
    return values
