"""The document of ``socialplan rollout --format json`` (format version 1):
the scheduled activities, critical path, milestones, RACI matrix,
communication and measurement plans."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Final, Literal

from pydantic import Field

from socialplan.reports.base import TOOL, Number, ReportModel, Severity, Stamp, Tool
from socialplan.rollout.spec import Phase

ROLLOUT_FORMAT_VERSION: Final = 1

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
RaciCell = Literal["A", "A/R", "R", "C", "I"]


class Blackout(ReportModel):
    """A closed period: no activity works in it."""

    name: str = Field(description="What it is, e.g. a trading freeze.")
    start: dt.date = Field(description="First closed day.")
    end: dt.date = Field(description="Last closed day.")


class RolloutCalendar(ReportModel):
    """The working-day calendar of the programme."""

    start: dt.date = Field(description="Programme start.")
    finish: dt.date = Field(description="Programme finish: the last working day of the last activity.")
    working_days: int = Field(ge=0, description="The programme's length in working days.")
    workdays: list[Weekday] = Field(description="Open days of the week, as given.")
    holidays: list[dt.date] = Field(description="Holidays, as given, in date order.")
    blackouts: list[Blackout] = Field(description="Closed periods.")


class PhaseSpan(ReportModel):
    """When a phase runs."""

    id: Phase = Field(description="`plan`, `pilot`, `launch` or `embed`.")
    title: str = Field(description="The phase's title.")
    start: dt.date = Field(description="Its first activity's start.")
    finish: dt.date = Field(description="Its last activity's finish.")


class Dependency(ReportModel):
    """An activity this one follows."""

    id: str = Field(description="The predecessor's id.")
    lag: int = Field(description="Working days after the predecessor finishes (negative: before).")


class GateOutcome(ReportModel):
    """What a pilot's decision gate decided, from the plan's evidence."""

    decision: Literal["scale", "revise", "stop", "pending"] = Field(
        description="The decision; `pending` when the evidence does not judge the pilot yet.")
    date: dt.date | None = Field(description="When the gate was held, as the evidence says; `null` if not given.")
    reason: str = Field(description="The reason the decision rests on.")


class Task(ReportModel):
    """One scheduled activity."""

    id: str = Field(description="Activity id.")
    name: str = Field(description="Activity name.")
    phase: Phase = Field(description="Its phase.")
    kind: str = Field(description="What sort of activity it is, e.g. `pilot` or `training`.")
    milestone: bool = Field(description="Whether it is a milestone (no duration).")
    days: int = Field(ge=0, description="Working days.")
    start: dt.date = Field(description="Earliest start.")
    finish: dt.date = Field(description="Earliest finish: the last working day (the day itself for a milestone).")
    late_start: dt.date = Field(description="Latest start that keeps the programme's finish.")
    late_finish: dt.date = Field(description="Latest finish that keeps the programme's finish.")
    float: int = Field(ge=0, description="Working days it can slip without moving the programme's finish.")
    critical: bool = Field(description="Whether it is on the critical path (float 0).")
    depends_on: list[Dependency] = Field(description="Its predecessors.")
    owner: str | None = Field(description="Who does it.")
    groups: list[str] = Field(description="Stakeholder groups it involves.")
    use_case: str | None = Field(description="The use case it belongs to, if any.")
    sessions: int | None = Field(description="Training sessions, for education activities.")
    notes: list[str] = Field(description="Hypothesis, success metrics and other notes.")
    pinned_start: dt.date | None = Field(description="The start date the plan pins, if any.")
    suggested: bool = Field(description="Whether the tool adds it though the plan did not ask for it.")
    suggested_because: str | None = Field(description="Why it is suggested, or `null`.")
    outcome: GateOutcome | None = Field(description="A pilot's decision gate: its outcome; `null` for other "
                                                     "activities.")


class Milestone(ReportModel):
    """A milestone and its date."""

    id: str = Field(description="Activity id.")
    name: str = Field(description="Its name.")
    date: dt.date = Field(description="Its date.")
    phase: Phase = Field(description="Its phase.")
    critical: bool = Field(description="Whether it is on the critical path.")


class RaciRole(ReportModel):
    """A role of the RACI matrix and who holds it."""

    key: str = Field(description="Role key, e.g. `sponsor`.")
    label: str = Field(description="Role name.")
    holders: list[str] = Field(description="Who holds it.")


class RaciRow(ReportModel):
    """One activity's row of the RACI matrix."""

    activity: str = Field(description="Activity id.")
    owner: str = Field(description="Who does it.")
    assignments: dict[str, RaciCell] = Field(description="Role key -> `A`, `A/R`, `R`, `C` or `I`.")
    problems: list[str] = Field(description="What is wrong with the row (no one accountable...).")


class Raci(ReportModel):
    """The RACI matrix."""

    roles: list[RaciRole] = Field(description="The roles, in column order.")
    rows: list[RaciRow] = Field(description="One per activity.")
    broken_rows: int = Field(ge=0, description="Rows with a problem.")


class Communication(ReportModel):
    """The communication plan of one stakeholder group."""

    group: str = Field(description="Stakeholder group id.")
    name: str = Field(description="Group label.")
    headcount: int = Field(ge=0, description="People in the group.")
    goals: list[str] = Field(description="The group's own goals.")
    message: str = Field(description="The message, framed against those goals.")
    use_cases: list[str] = Field(description="Use cases that concern the group.")
    channel: str = Field(description="The channel.")
    channel_suggested: bool = Field(description="Whether socialplan suggested the channel.")
    messenger: str = Field(description="Who delivers the message.")
    messenger_suggested: bool = Field(description="Whether socialplan suggested the messenger.")
    timing: str = Field(description="When the group hears what, in words.")
    first_date: dt.date | None = Field(description="The first date the group is addressed.")
    framed: bool = Field(description="Whether the message is framed against the group's goals.")


class KpiPlan(ReportModel):
    """A KPI of an objective and when it is reviewed."""

    objective: str = Field(description="Objective id.")
    name: str = Field(description="The measure.")
    unit: str | None = Field(description="Its unit.")
    direction: Literal["increase", "decrease"] = Field(description="Which way is success.")
    baseline: Number | None = Field(description="Baseline, if given.")
    target: Number | None = Field(description="Target, if given.")
    by: dt.date | None = Field(description="Target date, if given.")
    owner: str | None = Field(description="Who reports it.")
    review: str = Field(description="Review cadence.")
    review_dates: list[dt.date] = Field(description="Review dates within the programme.")
    gaps: list[str] = Field(description="What the KPI is missing (`no baseline`...).")


class MetricPlan(ReportModel):
    """A measure of adoption, engagement or business value."""

    name: str = Field(description="The measure.")
    definition: str = Field(description="How it is measured.")
    target: str = Field(description="The target, in words.")
    reviewed: str = Field(description="When it is reviewed, in words.")
    dates: list[dt.date] = Field(description="The review dates.")


class Review(ReportModel):
    """A scheduled review."""

    id: str = Field(description="Review id.")
    name: str = Field(description="Its name.")
    date: dt.date = Field(description="Its date.")
    focus: str = Field(description="What it looks at.")


class MeasurementGroup(ReportModel):
    """Expected adoption of one group."""

    group: str = Field(description="Stakeholder group id.")
    headcount: int = Field(ge=0, description="People in the group.")
    ceiling: Number = Field(description="Share expected to adopt.")
    expected_adopters: int = Field(ge=0, description="headcount x ceiling, rounded.")
    champions: int = Field(ge=0, description="Champions the group needs.")


class Measurement(ReportModel):
    """The measurement plan."""

    eligible: int = Field(ge=0, description="People eligible to adopt.")
    expected_adopters: int = Field(ge=0, description="People expected to adopt.")
    kpis: list[KpiPlan] = Field(description="The objectives' KPIs.")
    adoption: list[MetricPlan] = Field(description="Adoption measures.")
    engagement: list[MetricPlan] = Field(description="Engagement measures.")
    business_value: list[MetricPlan] = Field(description="Business-value measures (the pilots' success metrics).")
    reviews: list[Review] = Field(description="Scheduled reviews.")
    groups: list[MeasurementGroup] = Field(description="Expected adoption per group.")


class RolloutWarning(ReportModel):
    """A located problem that did not stop the plan."""

    code: str = Field(pattern=r"^[A-Z]+[0-9]+$", description="Problem code, e.g. `RL021`.")
    severity: Severity = Field(description="`error`, `warning` or `info`.")
    message: str = Field(description="What is wrong.")
    file: str = Field(description="The file it is in.")
    line: int = Field(ge=1, description="1-based line.")
    column: int = Field(ge=1, description="1-based column.")
    path: str = Field(description="Plan path.")
    hint: str | None = Field(description="How to fix it, when known.")


class ReadinessEntry(ReportModel):
    """What ``socialplan assess`` says about the same plan."""

    verdict: Literal["go", "pilot-first", "not-ready"] = Field(description="The readiness verdict.")
    score: Annotated[float, Field(ge=0, le=100)] = Field(description="The readiness score, 0-100, one decimal.")
    as_of: dt.date = Field(description="The day it was judged: the programme start.")
    reasons: list[str] = Field(description="Why: what blocks the verdict, or what `go` still needs.")


class RolloutReport(ReportModel):
    """The rollout plan, scheduled."""

    format_version: Literal[1] = Field(ROLLOUT_FORMAT_VERSION,
                                       description="1; bumped only when a key changes meaning or disappears.")
    tool: Tool = Field(TOOL, description="The program that wrote the report.")
    stamp: Stamp = Field(description="The date it speaks for (`--as-of`) and the digest of the plan it was made from.")
    organisation: str = Field(description="Whose plan.")
    source: str = Field(description="The plan file or folder.")
    calendar: RolloutCalendar = Field(description="The working-day calendar.")
    phases: list[PhaseSpan] = Field(description="The phases that have activities, in order.")
    tasks: list[Task] = Field(description="One per activity, by phase, then start.")
    critical_path: list[str] = Field(description="Ids of the zero-float activities in the order they happen.")
    milestones: list[Milestone] = Field(description="The milestones.")
    raci: Raci = Field(description="The RACI matrix.")
    communications: list[Communication] = Field(description="The communication plan, per group.")
    measurement: Measurement = Field(description="The measurement plan.")
    warnings: list[RolloutWarning] = Field(description="Located problems that did not stop the plan.")
    readiness: ReadinessEntry | None = Field(
        None, description="The plan's readiness as `socialplan assess` judges it as of the programme start.")
