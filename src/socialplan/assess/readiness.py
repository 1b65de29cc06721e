"""Each stakeholder group's ADKAR readiness, from one source chosen once.

The source, in order:

1. the latest survey wave that reports the group: not suppressed (at least
   ``evidence.settings.min_group_size`` respondents), answered by at least
   ``min_response_rate`` of the group, closed on or before the assessment's
   day and no more than ``max_age_days`` before it, and read without a data
   problem (a wave whose export has problems is left out whole);
2. else the levels typed in the group's ``adkar:``;
3. else none.

Every rule and the stakeholder map read this one choice, so that a finding
and the map never speak from two sources. Survey means are decimals judged
against the evidence's ``barrier_threshold``; typed levels are whole numbers
judged as they always were (3 or less), so a plan without surveys assesses
exactly as before. Nothing here reads a file: the evidence was gathered
once, by the validated plan.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from socialplan.assess.adkar import BARRIER_AT_MOST, ELEMENTS, Element, barrier_point, levels_of, lowest_element
from socialplan.model import EvidenceSettings, Plan

if TYPE_CHECKING:
    from socialplan.evidence import Findings
    from socialplan.evidence.surveys import GroupReadiness, SurveyResult


@dataclass(frozen=True)
class GroupAdkar:
    """The ADKAR levels a group is judged by, and where they come from."""

    levels: dict[Element, float]  # typed levels stay ints; survey means are floats
    source: str  # "plan", or the survey wave with its figures
    threshold: float = BARRIER_AT_MOST
    survey: str | None = None  # the wave's id when the levels come from a survey
    date: dt.date | None = None
    top: int = 5  # the highest level: 5, or the top of the survey's scale

    @property
    def from_survey(self) -> bool:
        return self.survey is not None

    @property
    def barrier(self) -> Element | None:
        return barrier_point(self.levels, self.threshold)

    @property
    def lowest(self) -> Element:
        return lowest_element(self.levels)

    def level(self, element: Element) -> float | None:
        return self.levels.get(element)

    def shown(self, element: Element) -> str:
        """A level as messages print it: ``2`` typed, ``2.6`` from a survey."""
        value = self.levels[element]
        return f"{value:.1f}" if self.from_survey else f"{value:g}"

    def of_top(self, element: Element) -> str:
        """``2.6 of 5``."""
        return f"{self.shown(element)} of {self.top}"

    @property
    def cited(self) -> str:
        """``, from survey 'wave-2' of 2026-03-15`` for survey levels, else ``""``."""
        return f", from survey '{self.survey}' of {self.date}" if self.from_survey else ""


@dataclass(frozen=True)
class Wave:
    """One survey wave's figures for one group."""

    group: GroupReadiness
    survey: SurveyResult
    index: int  # the survey's position in the plan's evidence.surveys


@dataclass(frozen=True)
class Readiness:
    """The chosen levels of every group, and what the rules about evidence need."""

    groups: dict[str, GroupAdkar] = field(default_factory=dict)
    # Group id -> the latest wave that reports it, used or not.
    latest: dict[str, Wave] = field(default_factory=dict)
    settings: EvidenceSettings = field(default_factory=EvidenceSettings)
    as_of: dt.date | None = None
    # One sentence per survey that could not be used because its export has problems.
    unused: tuple[str, ...] = ()
    # Every wave read without problems, oldest first, with its index in evidence.surveys.
    waves: tuple[tuple[SurveyResult, int], ...] = ()

    def of(self, group_id: str) -> GroupAdkar | None:
        return self.groups.get(group_id)

    def age(self, survey: SurveyResult) -> int:
        """Days from the wave's close to the assessment's day."""
        return (self.as_of - survey.date).days if self.as_of is not None else 0

    def stale(self, survey: SurveyResult) -> bool:
        return self.age(survey) > self.settings.max_age_days

    def low_rate(self, group: GroupReadiness) -> bool:
        return group.response_rate is not None and group.response_rate < self.settings.min_response_rate


def describe(group: GroupReadiness, survey: SurveyResult) -> str:
    """``survey 'wave-2' of 2026-03-15 (42 responses, 35% response rate)``."""
    responses = group.responses or 0
    rate = f", {group.response_rate:.0%} response rate" if group.response_rate is not None else ""
    return f"survey '{survey.id}' of {survey.date} ({responses:,} response{'s' if responses != 1 else ''}{rate})"


def _survey_levels(group: GroupReadiness) -> dict[Element, float]:
    means = group.adkar or {}
    return {element: value for element in ELEMENTS if (value := means.get(element)) is not None}


def choose(plan: Plan, evidence: Findings | None, as_of: dt.date) -> Readiness:
    """Each group's levels from the first source that qualifies (see the module)."""
    settings = plan.evidence.settings
    index = {s.id: i for i, s in enumerate(plan.evidence.surveys)}
    tops = {s.id: s.scale[1] for s in plan.evidence.surveys}
    # Oldest first; a wave that closed after the assessment's day had not
    # closed on that day, so it is not part of what the plan knew then (an
    # assessment run again --as-of a past day gives the verdict of that day).
    surveys = [s for s in evidence.surveys if s.date <= as_of] if evidence is not None else []
    empty = Readiness(settings=settings, as_of=as_of, unused=_unused(plan, evidence))
    judge = Readiness(settings=settings, as_of=as_of)
    latest: dict[str, Wave] = {}
    chosen: dict[str, GroupAdkar] = {}
    for survey in reversed(surveys):
        for group in survey.groups:
            if group.suppressed:
                continue
            latest.setdefault(group.id, Wave(group, survey, index.get(survey.id, 0)))
            levels = _survey_levels(group)
            if (group.id in chosen or not levels or judge.low_rate(group) or judge.stale(survey)):
                continue
            chosen[group.id] = GroupAdkar(levels, describe(group, survey), settings.barrier_threshold,
                                          survey.id, survey.date, tops.get(survey.id, 5))
    for stakeholder in plan.stakeholders:
        if stakeholder.id not in chosen and stakeholder.adkar is not None:
            chosen[stakeholder.id] = GroupAdkar(levels_of(stakeholder.adkar), "plan")
    waves = tuple((survey, index.get(survey.id, 0)) for survey in surveys)
    return Readiness(chosen, latest, settings, as_of, empty.unused, waves)


def _unused(plan: Plan, evidence: Findings | None) -> tuple[str, ...]:
    """A warning for each survey whose export has problems: the first
    problem, located; ``socialplan evidence`` lists them all."""
    if evidence is None or not evidence.problems:
        return ()
    notes = []
    for survey in plan.evidence.surveys:
        problem = next((p for p in evidence.problems if p.file == survey.file), None)
        if problem is not None:
            notes.append(f"survey '{survey.id}' is not used: {problem}; run socialplan evidence PLAN for all")
    return tuple(notes)
