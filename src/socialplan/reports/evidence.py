"""The document of ``socialplan evidence --format json`` (format version 1):
each survey wave aggregated to ADKAR per stakeholder group (small groups
suppressed), and each pilot's result judged at its gate.

No respondent-level value appears here: only per-group aggregates, and a
suppressed group has its id and nothing else."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Final, Literal

from pydantic import Field

from socialplan.reports.base import TOOL, ReportModel, Tool

EVIDENCE_FORMAT_VERSION: Final = 1

Element = Literal["awareness", "desire", "knowledge", "ability", "reinforcement"]
Share = Annotated[float, Field(ge=0, le=1)]
Mean = Annotated[float, Field(ge=0)]


class Adkar(ReportModel):
    """The group's mean answer per ADKAR element, on the survey's scale
    (null: no question rates the element, or nobody answered one)."""

    awareness: Mean | None = Field(description="Mean rating of awareness.")
    desire: Mean | None = Field(description="Mean rating of desire.")
    knowledge: Mean | None = Field(description="Mean rating of knowledge.")
    ability: Mean | None = Field(description="Mean rating of ability.")
    reinforcement: Mean | None = Field(description="Mean rating of reinforcement.")


class BarrierShares(ReportModel):
    """The share of the group's respondents whose own barrier point is each
    element (`none`: no element at or below the threshold)."""

    awareness: Share = Field(description="Share stuck at awareness.")
    desire: Share = Field(description="Share stuck at desire.")
    knowledge: Share = Field(description="Share stuck at knowledge.")
    ability: Share = Field(description="Share stuck at ability.")
    reinforcement: Share = Field(description="Share stuck at reinforcement.")
    none: Share = Field(description="Share with no barrier point.")


class GroupEntry(ReportModel):
    """One stakeholder group's answers to one wave."""

    id: str = Field(description="The stakeholder group's id.")
    headcount: int | None = Field(description="The group's headcount in the plan.")
    suppressed: bool = Field(description="True when fewer people answered than `evidence.settings.min_group_size`: "
                                         "every figure below is then null, the count too.")
    responses: int | None = Field(description="Respondents in the group.")
    response_rate: Share | None = Field(description="Respondents over headcount (null without a headcount).")
    trusted: bool | None = Field(description="False when the response rate is below "
                                             "`evidence.settings.min_response_rate`.")
    adkar: Adkar | None = Field(description="Mean rating per element.")
    barrier: Element | None = Field(description="The first element, in ADKAR order, whose mean is at or below the "
                                                "threshold (null: none is).")
    lowest: Element | None = Field(description="The element with the lowest mean.")
    barrier_shares: BarrierShares | None = Field(description="How respondents' own barrier points are spread.")


class SurveyEntry(ReportModel):
    """One survey wave, aggregated."""

    id: str = Field(description="The survey's id in the plan.")
    date: dt.date = Field(description="When it closed.")
    file: str = Field(description="The export, as the plan names it.")
    age_days: int = Field(description="Days from its date to the report's `as_of` (negative: after it).")
    stale: bool = Field(description="True when older than `evidence.settings.max_age_days`.")
    responses: int = Field(ge=0, description="Respondents in the groups reported (suppressed groups not counted).")
    suppressed_groups: int = Field(ge=0, description="How many groups are suppressed.")
    unassigned: int = Field(ge=0, description="Rows that answered questions but gave no group.")
    groups: list[GroupEntry] = Field(description="One per group the survey maps, by id.")


class IntervalEntry(ReportModel):
    """A confidence interval around the observed value."""

    low: float = Field(description="Lower end.")
    high: float = Field(description="Upper end.")
    method: str = Field(description="How it was computed (Student t, Wilson score, exact Poisson).")
    confidence: float = Field(description="Its confidence level, e.g. 0.95.")


class EffectEntry(ReportModel):
    """The share of the hoped-for change (baseline to threshold) achieved."""

    low: float = Field(description="At the interval's less favourable end.")
    mid: float = Field(description="At the observed value.")
    high: float = Field(description="At the interval's more favourable end.")


class MetricEntry(ReportModel):
    """One of the pilot's metrics, judged."""

    name: str = Field(description="The metric's name.")
    unit: str | None = Field(description="Its unit.")
    direction: Literal["increase", "decrease"] = Field(description="Which way is better.")
    baseline: float | None = Field(description="The value before the pilot.")
    threshold: float | None = Field(description="The value the pilot must reach.")
    measured: bool = Field(description="False when the results hold nothing for it.")
    observed: float | None = Field(description="The value measured.")
    n: int | None = Field(description="The sample size.")
    met: bool | None = Field(description="Whether the observed value reaches the threshold (null: not measured, or "
                                         "no threshold).")
    interval: IntervalEntry | None = Field(description="The interval around the observed value, when the sample "
                                                       "allows one.")
    noise: bool | None = Field(description="Whether the change from the baseline could be noise (null: unknown).")
    worse: bool = Field(description="Worse than the baseline beyond noise.")
    effect: EffectEntry | None = Field(description="The share of the hoped-for change achieved.")
    reason: str = Field(description="The metric's judgement in a sentence.")


class PilotEntry(ReportModel):
    """One pilot's result at its gate."""

    use_case: str = Field(description="The use case whose pilot it is.")
    date: dt.date | None = Field(description="When the gate was (or is) held.")
    decision: Literal["scale", "revise", "stop", "pending"] = Field(description="What the results say.")
    rule: str = Field(description="The decision rule applied.")
    reasons: list[str] = Field(description="Why: the lead reason, then one per metric.")
    metrics: list[MetricEntry] = Field(description="One per metric of the pilot, in the plan's order.")


class EvidenceSettingsEntry(ReportModel):
    """The settings the evidence was judged with (`evidence.settings`)."""

    min_group_size: int = Field(description="Groups with fewer respondents are suppressed.")
    barrier_threshold: float = Field(description="An element at or below this mean is a barrier.")
    min_response_rate: Share = Field(description="Below this response rate a group's answers are not trusted.")
    max_age_days: int = Field(description="A survey older than this is out of date.")


class EvidenceReport(ReportModel):
    """What the plan's surveys and pilots found."""

    format_version: Literal[1] = Field(EVIDENCE_FORMAT_VERSION,
                                       description="1; bumped only when a key changes meaning or disappears.")
    tool: Tool = Field(TOOL, description="The program that wrote the report.")
    organisation: str = Field(description="Whose plan.")
    source: str = Field(description="The plan file or folder.")
    as_of: dt.date = Field(description="The day ages are counted to.")
    settings: EvidenceSettingsEntry = Field(description="How the evidence is judged.")
    surveys: list[SurveyEntry] = Field(description="Survey waves, oldest first.")
    pilots: list[PilotEntry] = Field(description="Pilot results, in the plan's order.")
