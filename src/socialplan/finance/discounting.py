"""Periods, discount factors, NPV, IRR, MIRR and payback.

Flows are discounted by period (see :mod:`socialplan.finance.assumptions` for
the two conventions); payback is read from the undiscounted monthly flows.
``npv``, ``irr`` and ``mirr`` follow numpy-financial's definitions exactly
(``sum(v_t / (1 + r) ** t)``, a root of it, and its ``mirr``), which the
tests check.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from socialplan.finance.assumptions import Convention

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class Periods:
    """How months group into discounting periods."""

    labels: tuple[str, ...]
    exponents: tuple[int, ...]  # t in 1 / (1 + r) ** t, one per period
    month_period: tuple[int, ...]  # period index of each month
    initial: bool  # whether period 0 holds only the initial investment (TEI)

    def factors(self, rate: float) -> FloatArray:
        return np.asarray([(1.0 + rate) ** -t for t in self.exponents], dtype=np.float64)

    def matrix(self) -> FloatArray:
        """Months x periods: 1 where a month's flows fall in a period."""
        out = np.zeros((len(self.month_period), len(self.labels)))
        out[np.arange(len(self.month_period)), list(self.month_period)] = 1.0
        return out


def periods_for(convention: Convention, horizon_years: int) -> Periods:
    """TEI: Initial, Year 1..N; Green Book: Year 0..N-1."""
    months = 12 * horizon_years
    if convention == "tei":
        labels = ("Initial", *(f"Year {y}" for y in range(1, horizon_years + 1)))
        return Periods(labels, tuple(range(horizon_years + 1)),
                       tuple(m // 12 + 1 for m in range(months)), initial=True)
    labels = tuple(f"Year {t}" for t in range(horizon_years))
    return Periods(labels, tuple(range(horizon_years)), tuple(m // 12 for m in range(months)), initial=False)


def npv(rate: float, flows: Sequence[float] | FloatArray) -> float:
    """Net present value of flows at t = 0, 1, 2...: sum(v_t / (1 + rate) ** t)."""
    values = np.asarray(flows, dtype=np.float64)
    return float((values / (1.0 + rate) ** np.arange(len(values))).sum())


def irr(flows: Sequence[float] | FloatArray) -> float | None:
    """The internal rate of return, or None where none exists.

    The rate solves ``npv(rate, flows) == 0``: a root ``x = 1 / (1 + rate)``
    of the polynomial ``sum(v_t x**t)``. Only real positive ``x`` (rates
    above -100%) count; where several exist the one closest to zero is
    returned, as numpy-financial does. Unlike a strict ``imag == 0`` test,
    roots whose imaginary part is rounding noise are kept, then polished.
    """
    values = np.asarray(flows, dtype=np.float64)
    scale = float(np.abs(values).sum()) if len(values) else 0.0
    if scale == 0 or not np.isfinite(scale):
        return None
    # Work on flows scaled to a total of 1; amounts too small to matter
    # next to the others are rounding, not a change of sign.
    full = values / scale
    values = full.copy()
    values[np.abs(values) < 1e-12] = 0.0
    if not ((values > 0).any() and (values < 0).any()):
        return None  # no sign change: no rate makes the flows balance
    roots = np.roots(values[::-1])
    real = roots[(np.abs(roots.imag) <= 1e-9 * np.maximum(1.0, np.abs(roots))) & (roots.real > 0)].real
    rates = []
    with np.errstate(all="ignore"):  # a far-off root may overflow; it is then dropped
        for x in real:
            # Polished and checked on the flows as given: near -100% a flow
            # dropped as rounding above is multiplied enormously, so a root
            # of the rounded flows need not balance the real ones.
            rate = _polish(full, float(1.0 / x - 1.0))
            if rate > -1.0 and abs(npv(rate, full)) <= 1e-7:
                rates.append(rate)
    if not rates:
        return None
    return min(rates, key=abs)


def mirr(flows: Sequence[float] | FloatArray, finance_rate: float, reinvestment_rate: float) -> float | None:
    """The modified internal rate of return, or None without both an outlay
    and a return.

    The outlays (negative flows) are discounted to time 0 at the finance
    rate, the returns (positive flows) compounded to the last period at the
    reinvestment rate, and MIRR is the rate that grows the one into the
    other: ``(FV(returns) / PV(outlays)) ** (1 / (n - 1)) - 1``, as
    numpy-financial's ``mirr``. Unlike IRR it has one value, and it does not
    assume that early returns earn the IRR itself again.
    """
    values = np.asarray(flows, dtype=np.float64)
    n = len(values)
    if n < 2 or not ((values > 0).any() and (values < 0).any()):
        return None
    t = np.arange(n)
    returns = float((np.where(values > 0, values, 0.0) * (1.0 + reinvestment_rate) ** (n - 1 - t)).sum())
    outlays = float(-(np.where(values < 0, values, 0.0) / (1.0 + finance_rate) ** t).sum())
    return float((returns / outlays) ** (1.0 / (n - 1)) - 1.0)


IRR_MISLEADS_ABOVE = 1.0  # an IRR above 100% a year is explained, not printed bare


def irr_explanation(flows: Sequence[float] | FloatArray, rate: float | None) -> str | None:
    """Why an IRR is absent or above 100%, in words; None when it needs no
    explanation. Such an IRR comes from flows with little or nothing put in
    before the returns start: the rate then measures how fast a small first
    sum grows, not what the money at stake earns."""
    values = np.asarray(flows, dtype=np.float64)
    scale = float(np.abs(values).sum()) if len(values) else 0.0
    tiny = 1e-12 * scale
    if rate is None:
        if not (values < -tiny).any():
            return "no IRR: the net cash flow is never negative, so there is no outlay for a rate to repay"
        if not (values > tiny).any():
            return "no IRR: the net cash flow is never positive, so nothing is ever paid back"
        return "no IRR: no single rate makes the net cash flows balance"
    if rate <= IRR_MISLEADS_ABOVE:
        return None
    outlay = float(-values[values < 0].sum())
    returns = float(values[values > 0].sum())
    share = outlay / returns if returns > 0 else 0.0
    return (f"IRR above 100% a year: the net outlay ({share:.1%} of what comes back) is small next to the "
            "returns, so IRR measures how fast that small sum grows, not the return on the programme; "
            "read the MIRR")


def _polish(values: FloatArray, rate: float) -> float:
    """A few Newton steps on NPV(rate) to remove the root finder's rounding."""
    t = np.arange(len(values))
    for _ in range(6):
        base = 1.0 + rate
        if base <= 0:
            break
        f = float((values * base ** -t).sum())
        df = float((-t * values * base ** (-t - 1)).sum())
        if df == 0:
            break
        step = f / df
        rate -= step
        if abs(step) < 1e-15:
            break
    return rate


def payback_month(monthly_net: Sequence[float] | FloatArray) -> int | None:
    """The month (1 = the first) at the end of which the cumulative
    undiscounted net flow is no longer negative, and stays so to the end of
    the horizon; None if it is still negative at the end."""
    cumulative = np.cumsum(np.asarray(monthly_net, dtype=np.float64))
    if len(cumulative) == 0:
        return None
    tolerance = 1e-9 * max(1.0, float(np.abs(monthly_net).sum()))
    negative = np.flatnonzero(cumulative < -tolerance)
    if len(negative) == 0:
        return 1
    last = int(negative[-1])
    if last == len(cumulative) - 1:
        return None
    return last + 2
