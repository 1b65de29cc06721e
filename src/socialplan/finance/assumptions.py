"""Appraisal presets and the assumptions a model run uses.

Two conventions, taken from the methods they name:

``tei`` (Forrester Total Economic Impact)
    3-year horizon, 10% a year. The initial investment (one-off costs dated
    month 0) sits in an "Initial" period at time 0, undiscounted; every other
    flow is summed by programme year and discounted at the end of its year:
    factor ``1 / (1 + r) ** y`` for year ``y = 1..N``.

``greenbook`` (HM Treasury Green Book)
    3.5% a year, real terms. Years are numbered from 0 and year 0 (the first
    twelve months, including any initial investment) is undiscounted: factor
    ``1 / (1 + r) ** t`` for ``t = 0..N-1``.

A rate or horizon written in the plan overrides the preset's; the
discounting convention always follows the preset.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Convention = Literal["tei", "greenbook"]
Distribution = Literal["triangular", "pert"]
TimeUnit = Literal["month", "quarter", "year"]

MONTHS_PER_UNIT: dict[str, int] = {"month": 1, "quarter": 3, "year": 12}


@dataclass(frozen=True)
class Preset:
    """The defaults a named method brings."""

    name: Convention
    title: str
    discount_rate: float
    horizon_years: int
    description: str


PRESETS: dict[str, Preset] = {
    "tei": Preset(
        "tei", "Total Economic Impact", 0.10, 3,
        "initial investment at time 0 undiscounted; yearly flows discounted at the end of each year",
    ),
    "greenbook": Preset(
        "greenbook", "HM Treasury Green Book", 0.035, 3,
        "real terms; year 0 (the first twelve months) undiscounted, later years discounted",
    ),
}


@dataclass(frozen=True)
class Assumptions:
    """Everything a model run needs besides the plan's lines."""

    preset: Convention
    discount_rate: float
    horizon_years: int
    loaded_hourly_cost: float | None
    working_weeks: float
    benefit_risk: float
    cost_risk: float
    optimism_upper_bound: float
    optimism_mitigated: float
    distribution: Distribution
    # MIRR: the rate paid on money put in and the rate earned on money that
    # comes back; both default to the discount rate, the organisation's own
    # price of money, so MIRR compares directly with it.
    finance_rate: float = 0.0
    reinvestment_rate: float = 0.0

    @property
    def months(self) -> int:
        return 12 * self.horizon_years

    @property
    def optimism_uplift(self) -> float:
        """Green Book: applied uplift = upper bound x (1 - share mitigated)."""
        return self.optimism_upper_bound * (1.0 - self.optimism_mitigated)

    @property
    def convention(self) -> Preset:
        return PRESETS[self.preset]


def resolve_assumptions(
    preset: Convention,
    *,
    discount_rate: float | None = None,
    horizon_years: int | None = None,
    loaded_hourly_cost: float | None = None,
    working_weeks: float = 46,
    benefit_risk: float = 0.1,
    cost_risk: float = 0.05,
    optimism_upper_bound: float = 0.0,
    optimism_mitigated: float = 0.0,
    distribution: Distribution = "pert",
    finance_rate: float | None = None,
    reinvestment_rate: float | None = None,
) -> Assumptions:
    """The preset's defaults, overridden by whatever the plan states."""
    chosen = PRESETS[preset]
    rate = chosen.discount_rate if discount_rate is None else discount_rate
    return Assumptions(
        preset=preset,
        discount_rate=rate,
        finance_rate=rate if finance_rate is None else finance_rate,
        reinvestment_rate=rate if reinvestment_rate is None else reinvestment_rate,
        horizon_years=chosen.horizon_years if horizon_years is None else horizon_years,
        loaded_hourly_cost=loaded_hourly_cost,
        working_weeks=working_weeks,
        benefit_risk=benefit_risk,
        cost_risk=cost_risk,
        optimism_upper_bound=optimism_upper_bound,
        optimism_mitigated=optimism_mitigated,
        distribution=distribution,
    )
