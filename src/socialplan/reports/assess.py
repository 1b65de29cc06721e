"""The document of ``socialplan assess --format json`` (format version 1).

An assessed plan gives an :class:`AssessReport`; a plan that does not
validate gives an :class:`InvalidPlanReport`, which has no scores and lists
the validation problems instead. ``valid`` tells them apart.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Final, Literal

from pydantic import Field, WithJsonSchema

from socialplan.assess.adkar import Element
from socialplan.assess.priorities import Measure, Quadrant
from socialplan.assess.rule import Group
from socialplan.assess.scoring import Verdict
from socialplan.assess.stakeholder_map import GridQuadrant
from socialplan.model import Level
from socialplan.reports.base import TOOL, Number, ReportModel, Severity, Tool
from socialplan.reports.validate import DiagnosticEntry

ASSESS_FORMAT_VERSION: Final = 1
KIND: Final = "socialplan-assessment"

Score = Annotated[float, Field(ge=0, le=100)]
RuleCode = Annotated[str, Field(pattern=r"^[A-Z]{2}[0-9]{2}$")]
# Typed scores are whole numbers 1-5 (written as ints); survey means are
# decimals on the survey's scale.
AdkarLevel = Annotated[int | float, WithJsonSchema({"type": "number"})]
Attitude = Literal["champion", "supportive", "neutral", "sceptical", "resistant"]


class FindingEntry(ReportModel):
    """One finding of a rule, where it was written."""

    code: RuleCode = Field(description="Permanent rule code, e.g. `UC05`.")
    name: str = Field(description="Readable rule name.")
    group: Group = Field(description="The rule's group.")
    severity: Severity = Field(description="`error`, `warning` or `info`.")
    message: str = Field(description="What the rule found.")
    hint: str | None = Field(description="How to fix it, when known.")
    file: str = Field(description="The file the finding is in.")
    line: int = Field(ge=1, description="1-based line.")
    column: int = Field(ge=1, description="1-based column.")
    path: str = Field(description="Plan path, e.g. `use_cases[2].pilot`.")
    suppressed: bool = Field(description="Whether the plan's `ignore` suppresses it.")
    reason: str | None = Field(description="Why the plan suppresses it, else `null`.")
    blocks_go: bool = Field(description="Whether its rule keeps the plan from `go` when unsuppressed.")


class FindingCounts(ReportModel):
    """Unsuppressed findings per severity, and the suppressed ones."""

    error: int = Field(ge=0, description="Unsuppressed errors.")
    warning: int = Field(ge=0, description="Unsuppressed warnings.")
    info: int = Field(ge=0, description="Unsuppressed notes.")
    suppressed: int = Field(ge=0, description="Findings the plan suppresses.")


class RuleResultEntry(ReportModel):
    """How one rule that ran fared."""

    code: RuleCode = Field(description="Rule code.")
    group: Group = Field(description="The rule's group.")
    weight: Number = Field(ge=0, description="Its weight in the group score.")
    checked: int = Field(ge=0, description="Things it checked.")
    failed: int = Field(ge=0, description="Things that failed it, suppressed or not.")
    suppressed: int = Field(ge=0, description="Failures the plan suppresses.")
    passed_share: Annotated[float, Field(ge=0, le=1)] | None = Field(
        description="Share of the checked things that passed, 4 decimals; `null` when it checked nothing.")


class UseCasePriority(ReportModel):
    """A use case's place in the ranking."""

    rank: int = Field(ge=1, description="1 for the first to do.")
    id: str = Field(description="Use case id.")
    title: str = Field(description="Use case title.")
    reach: int | None = Field(description="People it reaches (RICE), when known.")
    impact: Number | None = Field(description="RICE impact, when given.")
    confidence: Number | None = Field(description="RICE confidence, when given.")
    effort: Number | None = Field(description="Effort in person-months, when given.")
    rice: Number | None = Field(description="RICE score, 2 decimals, when computable.")
    weighted: Number | None = Field(description="Weighted criteria score, 2 decimals, when the plan scores criteria.")
    value: Number | None = Field(description="The value the ranking used, 2 decimals.")
    quadrant: Quadrant | None = Field(description="Value/effort quadrant, when both are known.")
    reasons: list[str] = Field(description="Why it sits where it does.")


class StakeholderEntry(ReportModel):
    """A stakeholder group on the power/interest grid, with its ADKAR barrier."""

    id: str = Field(description="Group id.")
    name: str = Field(description="Group label.")
    headcount: int = Field(ge=0, description="People in the group.")
    senior: bool = Field(description="Whether it is a senior (sponsoring) group.")
    power: Level = Field(description="Power over the programme.")
    interest: Level = Field(description="Interest in it.")
    attitude: Attitude = Field(description="Attitude towards it.")
    quadrant: GridQuadrant = Field(description="Power/interest quadrant.")
    strategy: str = Field(description="The engagement strategy of the quadrant.")
    research: str = Field(description="Planned research method, else the suggested one.")
    research_planned: bool = Field(description="Whether the plan names the research method.")
    adkar: dict[Element, AdkarLevel] | None = Field(
        description="The ADKAR levels the group is judged by: its typed scores (1-5), or the means of its latest "
                    "usable survey wave (decimals on the survey's scale; an element the survey did not ask is "
                    "left out); `null` when neither exists.")
    adkar_source: str | None = Field(
        description="Where `adkar` comes from: `plan` (the typed `adkar:`), or the survey wave with its figures "
                    "(`survey 'wave-2' of 2026-03-15 (42 responses, 35% response rate)`); `null` with `adkar`.")
    barrier: Element | None = Field(
        description="First ADKAR element at or below the barrier (3 for typed scores, the evidence's "
                    "`barrier_threshold` for survey means), or `null`.")
    lowest: Element | None = Field(
        description="Lowest-scoring ADKAR element (the first on a tie), or `null`: what the barrier point can hide.")
    action: str = Field(description="What to do about the barrier point.")


class FindingRef(ReportModel):
    """A finding, named by its rule, message and place."""

    code: RuleCode = Field(description="Rule code.")
    finding: str = Field(description="The finding's message.")
    file: str = Field(description="The file the finding is in.")
    line: int = Field(ge=1, description="1-based line.")
    path: str = Field(description="Plan path.")


class NextStepEntry(FindingRef):
    """One unsuppressed finding resolved on its own, and what the plan would then score."""

    score_gain: Number = Field(ge=0, description="Score points gained, one decimal.")
    new_score: Score = Field(description="The overall score with the finding resolved.")
    new_verdict: Verdict = Field(description="The verdict with the finding resolved.")
    lifts_verdict: bool = Field(
        description="Whether the verdict moves up a band (`not-ready` -> `pilot-first` -> `go`).")


class NextBandEntry(ReportModel):
    """Findings that, resolved together, lift the verdict a band."""

    verdict: Verdict = Field(description="The verdict they reach.")
    score: Score = Field(description="The overall score with them resolved.")
    findings: list[FindingRef] = Field(
        description="The findings: first those the next verdict cannot have, then by score gained.")


class _AssessHeader(ReportModel):
    format_version: Literal[1] = Field(ASSESS_FORMAT_VERSION, description="1; bumped on any incompatible change.")
    kind: Literal["socialplan-assessment"] = Field(KIND, description="Always `socialplan-assessment`.")
    tool: Tool = Field(TOOL, description="The program that wrote the report.")
    source: str = Field(description="The plan as named on the command line.")
    files: list[str] = Field(description="The files read.")


class AssessReport(_AssessHeader):
    """The readiness assessment of a valid plan."""

    valid: Literal[True] = Field(True, description="`true`: the plan validates and was assessed.")
    as_of: dt.date = Field(description="The date dates were judged against.")
    plan_digest: str = Field(description=(
        "The first 12 hex digits of SHA-256 over the plan files' bytes (`sha256sum plan.yaml`): which version "
        "of the plan was assessed."))
    configuration: str | None = Field(description="The settings file used, or `null` for the defaults.")
    score: Score = Field(description="Overall score, 0-100, one decimal.")
    verdict: Verdict = Field(description="`go`, `pilot-first` or `not-ready`.")
    reasons: list[str] = Field(description="Why: blocking findings and thresholds missed, or what `go` still needs.")
    groups: dict[Group, Score] = Field(description="Score per group, 0-100.")
    summary: FindingCounts = Field(description="Findings per severity.")
    # As the settings hold them (a default of 80 stays 80): the settings
    # model, not this report, says what each threshold may be.
    thresholds: dict[str, Number | str] = Field(
        description="The thresholds the verdict used (`assess.thresholds` in the settings, defaults filled in).")
    group_weights: dict[Group, Annotated[Number, Field(ge=0)]] = Field(description="The weight of each group.")
    blocks_go: list[RuleCode] = Field(
        description="Codes of the rules whose unsuppressed findings keep the plan from `go` (as configured).")
    findings: list[FindingEntry] = Field(description="Every finding, suppressed ones included.")
    rules: list[RuleResultEntry] = Field(description="Per rule that ran.")
    ranking: Measure = Field(description="What `use_cases` is ranked by: `weighted` or `rice`.")
    use_cases: list[UseCasePriority] = Field(description="Use cases in priority order.")
    stakeholders: list[StakeholderEntry] = Field(description="Stakeholder groups in plan order.")
    next_steps: list[NextStepEntry] = Field(
        description="For a plan that is not `go`: each unsuppressed finding resolved on its own, best first "
                    "(those that lift the verdict, then by score gained); empty for `go`.")
    next_band: NextBandEntry | None = Field(
        description="The findings that, resolved together, lift the verdict a band; `null` for `go`.")
    validation: list[DiagnosticEntry] = Field(description="Empty: the plan is valid.")


class InvalidPlanReport(_AssessHeader):
    """What the assessment prints for a plan that does not validate."""

    valid: Literal[False] = Field(False, description="`false`: the plan does not validate and was not assessed.")
    score: None = Field(None, description="`null`: an invalid plan is not scored.")
    verdict: None = Field(None, description="`null`.")
    reasons: list[str] = Field(description="Why there is no verdict.")
    findings: list[FindingEntry] = Field(default_factory=list, description="Empty.")
    use_cases: list[UseCasePriority] = Field(default_factory=list, description="Empty.")
    stakeholders: list[StakeholderEntry] = Field(default_factory=list, description="Empty.")
    validation: list[DiagnosticEntry] = Field(
        description="The validation problems, as `socialplan validate` gives them.")


AssessDocument = AssessReport | InvalidPlanReport
