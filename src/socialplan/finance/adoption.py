"""Adoption per stakeholder group: the pilot, then Bass diffusion.

Before launch only the pilot participants use the network, each from the
month their pilot starts (month 0 when no schedule says otherwise). From
the launch month the group follows the discrete Bass model

    new(t) = (p + q * N(t-1) / M) * (M - N(t-1)),   M = ceiling x headcount

starting from the participants of the pilots that have started by then.
``p`` and ``q`` are stated per time
unit (month, quarter or year); the model steps monthly with ``p / k`` and
``q / k``, ``k`` being the months in the time unit. ``N`` never exceeds
``M`` (a large ``q`` in monthly steps could otherwise overshoot). The
adopters counted in month ``m`` are those who have adopted by its end.

The curves count people on the network (per-user costs, the adoption
chart). The benefit pilot participants realise before launch is smaller,
and ramps up over the pilot: see :func:`pilot_ramp`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
WEEKS_PER_MONTH = 52.0 / 12.0


@dataclass(frozen=True)
class GroupSettings:
    """One stakeholder group as the adoption model sees it."""

    id: str
    label: str
    headcount: float
    p: float
    q: float
    ceiling: float
    months_per_unit: int
    pilot: float = 0.0  # participants using the network before launch
    # The ceiling that "a yearly value at full adoption" refers to: the
    # planned one, even when a sensitivity run scales the ceiling (None: the
    # ceiling itself). Otherwise a smaller ceiling would make each adopter
    # worth more and the value would not fall with adoption.
    value_ceiling: float | None = None
    # When the pilot participants join: (month, people) pairs, from the
    # rollout schedule. Empty: all of ``pilot`` from month 0.
    pilot_joins: tuple[tuple[int, float], ...] = ()

    def joins(self) -> tuple[tuple[int, float], ...]:
        return self.pilot_joins or ((0, self.pilot),)


@dataclass(frozen=True)
class AdoptionCurves:
    """Adopters of every group, month by month."""

    groups: tuple[GroupSettings, ...]
    launch_month: int
    adopters: FloatArray  # groups x months

    @property
    def months(self) -> int:
        return int(self.adopters.shape[1])

    def index(self, group_ids: tuple[str, ...]) -> list[int]:
        wanted = set(group_ids)
        return [i for i, g in enumerate(self.groups) if g.id in wanted]

    def adopters_of(self, group_ids: tuple[str, ...]) -> FloatArray:
        rows = self.index(group_ids)
        if not rows:
            return np.zeros(self.months)
        total: FloatArray = self.adopters[rows].sum(axis=0)
        return total

    def full_adoption_of(self, group_ids: tuple[str, ...]) -> float:
        """People who adopt once adoption has run its course as planned (ceiling x headcount)."""
        return float(sum(
            (g.ceiling if g.value_ceiling is None else g.value_ceiling) * g.headcount
            for g in (self.groups[i] for i in self.index(group_ids))
        ))

    @property
    def total(self) -> FloatArray:
        if not self.groups:
            return np.zeros(self.months)
        total: FloatArray = self.adopters.sum(axis=0)
        return total

    @property
    def eligible(self) -> float:
        return float(sum(g.headcount for g in self.groups))


def pilot_months(weeks: int) -> int:
    """A pilot's length in whole months, rounded up."""
    return math.ceil(weeks / WEEKS_PER_MONTH - 1e-9)


def launch_month_for(pilot_weeks: list[int]) -> int:
    """Launch follows the longest pilot, rounded up to whole months."""
    if not pilot_weeks:
        return 0
    return pilot_months(max(pilot_weeks))


def pilot_ramp(length: int, launch_month: int, months: int, first: int = 0) -> FloatArray:
    """The share of a pilot's full benefit realised in each month before launch.

    Participants are on the network from the pilot's first day, but they do
    not realise a use case's full benefit from that day: they are learning
    it, and the pilot is there to find out whether it works at all. So the
    benefit ramps linearly from nothing at the start of the pilot (month
    ``first``) to full at its end (``length`` months later): the pilot's
    month ``k`` (0 = ``first``) gets the ramp's mean over that month, ``(k +
    0.5) / length``. Before the pilot the share is 0; after it its
    participants keep the full benefit until launch; from launch the group's
    adoption curve takes over (the share is 0 there).
    """
    out = np.zeros(months)
    for month in range(max(0, first), min(launch_month, months)):
        out[month] = min(1.0, (month - first + 0.5) / length) if length > 0 else 1.0
    return out


def bass_adoption(groups: tuple[GroupSettings, ...], months: int, launch_month: int) -> AdoptionCurves:
    """Adopters per group and month: the pilots' participants before launch
    (each from the month their pilot starts), Bass after."""
    count = len(groups)
    headcount = np.asarray([g.headcount for g in groups], dtype=np.float64)
    market = np.asarray([g.ceiling * g.headcount for g in groups], dtype=np.float64)
    step = np.asarray([g.months_per_unit for g in groups], dtype=np.float64)
    p = np.asarray([g.p for g in groups], dtype=np.float64) / np.where(step > 0, step, 1.0)
    q = np.asarray([g.q for g in groups], dtype=np.float64) / np.where(step > 0, step, 1.0)
    out: FloatArray = np.zeros((count, months))
    launch = min(launch_month, months)
    # Pilot participants by the end of each month up to launch (the last
    # column is where diffusion starts from); a pilot starting after launch
    # adds nobody here: by then its people adopt with everyone else.
    joined: FloatArray = np.zeros((count, launch + 1))
    for i, g in enumerate(groups):
        for month, people in g.joins():
            if month <= launch:
                joined[i, max(0, month):] += people
    joined = np.minimum(joined, headcount[:, None])
    out[:, :launch] = joined[:, :launch]
    adopted = joined[:, launch]
    with np.errstate(divide="ignore", invalid="ignore"):
        for month in range(launch, months):
            share = np.where(market > 0, adopted / market, 1.0)
            new = np.where(adopted < market, (p + q * share) * (market - adopted), 0.0)
            adopted = np.where(adopted < market, np.minimum(market, adopted + new), adopted)
            out[:, month] = adopted
    return AdoptionCurves(groups, launch_month, out)


def month_reaching(curve: FloatArray, level: float) -> int | None:
    """The first month (1 = the first) whose adopters reach ``level``."""
    if level <= 0:
        return 1
    hits = np.flatnonzero(curve >= level * (1 - 1e-12))
    return int(hits[0]) + 1 if len(hits) else None
