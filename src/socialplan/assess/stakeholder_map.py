"""The stakeholder map: for each group, where it sits on Mendelow's
power-interest grid and the engagement strategy that goes with it, how it is
researched, and its ADKAR barrier point with what to do about it (and its
lowest element, which the barrier point can hide).

The plan rates power and interest low, medium or high; the grid has two
sides. ``thresholds.mendelow_high`` (``high`` by default) is the lowest level
on the high side.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from socialplan.assess.adkar import Element, barrier_action, lowest_element
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
    adkar: dict[str, int] | None
    action: str

    @property
    def lowest_note(self) -> str:
        """`` (lowest: desire 1)`` when the lowest element scores below the
        barrier point, else ``""``."""
        if self.adkar is None or self.barrier is None or self.lowest is None:
            return ""
        if self.adkar[self.lowest] >= self.adkar[self.barrier]:
            return ""
        return f" (lowest: {self.lowest} {self.adkar[self.lowest]})"


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


def map_stakeholders(plan: Plan, thresholds: Thresholds) -> list[StakeholderView]:
    """Every stakeholder group, in plan order."""
    out = []
    for group in plan.stakeholders:
        where = grid_quadrant(group.power, group.interest, thresholds)
        planned = group.research is not None and group.research != "none"
        barrier, action = barrier_action(group.adkar)
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
            lowest=lowest_element(group.adkar) if group.adkar else None,
            adkar=group.adkar.model_dump() if group.adkar else None,
            action=action,
        ))
    return out
