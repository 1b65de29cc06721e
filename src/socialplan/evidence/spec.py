"""The plan's ``evidence`` section: the survey exports it names and how
their columns map to ADKAR elements and stakeholder groups."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from socialplan.model import Model, PlanDate, Slug, Text

Element = Literal["awareness", "desire", "knowledge", "ability", "reinforcement"]
ELEMENTS: tuple[Element, ...] = ("awareness", "desire", "knowledge", "ability", "reinforcement")

# The five-point agreement scale most survey tools use, with the spellings
# they export. A survey's own ``labels`` replace these.
DEFAULT_LABELS: dict[str, int] = {
    "strongly disagree": 1,
    "disagree": 2,
    "neither agree nor disagree": 3,
    "neither agree or disagree": 3,
    "neutral": 3,
    "agree": 4,
    "strongly agree": 5,
}


class Survey(Model):
    """One wave of a readiness survey: an export and how to read it."""

    id: Slug
    date: PlanDate = Field(description="When the survey closed (waves are ordered by it).")
    file: Text = Field(description="The export: a CSV (UTF-8, comma or semicolon) or .xlsx file, "
                                   "relative to the plan's folder.")
    sheet: Text | None = Field(None, description="The workbook sheet to read (default: the first).")
    group_column: Text = Field(description="The column whose answer says the respondent's group: its header "
                                           "text, or its position as '#3'.")
    groups: dict[Text, Slug] = Field(description="Answers in the group column -> stakeholder group ids.")
    questions: dict[Element, Annotated[list[Text], Field(min_length=1, max_length=50)]] = Field(
        description="ADKAR element -> the columns (header texts, or positions as '#7') rating it."
    )
    scale: tuple[int, int] = Field((1, 5), description="The lowest and highest numeric answer.")
    labels: dict[Text, int] | None = Field(
        None, description="Answer labels -> numbers (default: Strongly disagree 1 ... Strongly agree 5)."
    )


class EvidenceSettings(Model):
    """How the evidence is judged."""

    min_group_size: Annotated[int, Field(ge=3, le=1000)] = Field(
        5, description="Groups with fewer respondents are not reported (anonymity); never below 3."
    )
    barrier_threshold: Annotated[float, Field(ge=1, le=5)] = Field(
        3, description="An ADKAR element at or below this mean is a barrier."
    )
    min_response_rate: Annotated[float, Field(ge=0, le=1)] = Field(
        0.2, description="A group's survey answered by fewer than this share of its people is not trusted."
    )
    max_age_days: Annotated[int, Field(ge=1, le=3650)] = Field(
        180, description="A survey older than this (at --as-of) is out of date."
    )


class MetricResult(Model):
    """What a pilot measured for one of its metrics, with the sample behind it.

    Give the sample in the form that fits the measure: ``n`` and ``sd`` for
    a mean (calls per team per week over n teams); ``successes`` and ``n``
    for a proportion (questions answered within 2 hours); ``events`` and
    ``exposure`` for a rate (posts over person-weeks)."""

    metric: Text = Field(description="The name of one of the pilot's metrics.")
    observed: float | None = Field(None, description="The value measured (for a proportion or a rate it can be "
                                                     "left out: it follows from the counts).")
    n: Annotated[int, Field(ge=1, le=100_000_000)] | None = Field(
        None, description="How many were measured: participants, teams or questions.")
    sd: Annotated[float, Field(ge=0)] | None = Field(None, description="Standard deviation of the measure (means).")
    successes: Annotated[int, Field(ge=0)] | None = Field(None, description="Successes out of n (proportions).")
    events: Annotated[int, Field(ge=0)] | None = Field(None, description="Events counted (rates).")
    exposure: Annotated[float, Field(gt=0)] | None = Field(
        None, description="What the events are counted over, in the metric's unit (person-weeks...).")
    start: PlanDate | None = Field(None, description="First day measured.")
    end: PlanDate | None = Field(None, description="Last day measured.")


class PilotResults(Model):
    """A pilot's results: inline, or in a CSV or YAML file the plan names."""

    use_case: Slug = Field(description="The use case whose pilot this is.")
    date: PlanDate | None = Field(None, description="When the pilot's gate was (or is) held.")
    file: Text | None = Field(None, description="A results file (CSV with a header row naming the fields of a "
                                                "result, or YAML: a list of results), relative to the plan.")
    results: list[MetricResult] = Field(default_factory=list, description="Results, one per metric measured.")
    scale_when_met: Annotated[int, Field(ge=1)] | Literal["all"] = Field(
        "all", description="How many metrics must meet their thresholds, beyond noise, to scale.")
    confidence: Annotated[float, Field(ge=0.5, le=0.999)] = Field(
        0.95, description="Confidence level of the intervals.")


class Evidence(Model):
    """What the plan's pilots and surveys have found."""

    settings: EvidenceSettings = Field(default_factory=EvidenceSettings)
    surveys: list[Survey] = Field(default_factory=list, description="Survey waves (readiness per group).")
    pilots: list[PilotResults] = Field(default_factory=list, description="Pilot results (decision gates).")
