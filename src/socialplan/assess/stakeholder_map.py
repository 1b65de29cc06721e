"""The stakeholder map: for each group, where it sits on Mendelow's
power-interest grid and the engagement strategy that goes with it, how it is
researched, and its ADKAR barrier point with what to do about it (and its
lowest element, which the barrier point can hide).

The plan rates power and interest low, medium or high; the grid has two
sides. ``thresholds.mendelow_high`` (``high`` by default) is the lowest level
on the high side.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from socialplan.assess.adkar import Element, barrier_action
from socialplan.assess.readiness import Readiness, choose
from socialplan.assess.rule import LEVELS
from socialplan.assess.thresholds import Thresholds
from socialplan.model import Plan, StakeholderGroup

GridQuadrant = Literal["manage closely", "keep satisfied", "keep informed", "monitor"]
GRID: dict[tuple[bool, bool], GridQuadrant] = {
    (True, True): "manage closely",
    (True, False): "keep satisfied",
    (False, True): "keep informed",
    (False, False): "monitor",
}
STRATEGIES: dict[GridQuadrant, str] = {
    "manage closely": "involve them in decisions, consult early and brief them often",
    "keep satisfied": "meet their needs and brief them on outcomes and risks, without overloading them",
    "keep informed": "tell them regularly what is happening; recruit testers and champions here",
    "monitor": "light-touch updates; watch for changes in their power or interest",
}


@dataclass(frozen=True)
class StakeholderView:
    """One group on the map."""

    id: str
    name: str
    headcount: int
    senior: bool
    power: str
    interest: str
    attitude: str
    quadrant: GridQuadrant
    strategy: str
    research: str
    research_planned: bool
    barrier: Element | None
    # The lowest-scoring element: what a barrier point of awareness at 3 can
    # hide (desire at 1, say).
    lowest: Element | None
    # Typed levels stay ints; survey means are floats.
    adkar: dict[str, float] | None
    action: str
    # Where the levels come from: "plan", a survey wave with its figures, or None.
    adkar_source: str | None = None

    @property
    def lowest_note(self) -> str:
        """`` (lowest: desire 1)`` when the lowest element scores below the
        barrier point, else ``""``."""
        if self.adkar is None or self.barrier is None or self.lowest is None:
            return ""
        if self.adkar[self.lowest] >= self.adkar[self.barrier]:
            return ""
        value = self.adkar[self.lowest]
        shown = f"{value:g}" if isinstance(value, int) else f"{value:.1f}"
        return f" (lowest: {self.lowest} {shown})"


def grid_quadrant(power: str, interest: str, thresholds: Thresholds) -> GridQuadrant:
    split = LEVELS.index(thresholds.mendelow_high)
    return GRID[(LEVELS.index(power) >= split, LEVELS.index(interest) >= split)]


def suggested_research(group: StakeholderGroup, thresholds: Thresholds) -> str:
    """Interviews for senior managers, surveys for large workforce groups,
    focus groups for the rest."""
    if group.senior:
        return "interview"
    if group.headcount >= thresholds.large_group:
        return "survey"
    return "focus-group"


def map_stakeholders(plan: Plan, thresholds: Thresholds, readiness: Readiness | None = None) -> list[StakeholderView]:
    """Every stakeholder group, in plan order, with the ADKAR levels the
    readiness chose for it (the typed ones when none is given)."""
    chosen = readiness or choose(plan, None, dt.date.today())
    out = []
    for group in plan.stakeholders:
        where = grid_quadrant(group.power, group.interest, thresholds)
        planned = group.research is not None and group.research != "none"
        adkar = chosen.of(group.id)
        barrier, action = barrier_action(adkar.levels if adkar else None, adkar.threshold if adkar else 3)
        out.append(StakeholderView(
            id=group.id,
            name=group.label,
            headcount=group.headcount,
            senior=group.senior,
            power=group.power,
            interest=group.interest,
            attitude=group.attitude,
            quadrant=where,
            strategy=STRATEGIES[where],
            research=group.research if planned and group.research else suggested_research(group, thresholds),
            research_planned=planned,
            barrier=barrier,
            lowest=adkar.lowest if adkar else None,
            adkar={str(element): level for element, level in adkar.levels.items()} if adkar else None,
            action=action,
            adkar_source=adkar.source if adkar else None,
        ))
    return out
