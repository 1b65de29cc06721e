"""The JSON document of ``socialplan diff --format json``: what changed
between two versions of a plan, by meaning (findings, verdict, NPV, cost
and benefit lines, schedule), not by text."""

from __future__ import annotations

import datetime as dt
from typing import Final, Literal

from pydantic import Field

from socialplan.reports.base import TOOL, Number, ReportModel, Tool

DIFF_FORMAT_VERSION: Final = 1
Verdict = Literal["go", "pilot-first", "not-ready"]
Direction = Literal["better", "worse", "same"]
LineChange = Literal["added", "removed", "changed"]


class Side(ReportModel):
    """One of the two plans compared."""

    source: str = Field(description="The plan as named on the command line (a path or `REVISION:PATH`).")
    organisation: str = Field(description="The organisation's name in that plan.")
    currency: str = Field(description="ISO 4217 code of the plan's money.")
    missing: list[str] = Field(description="Reports that could not be made of this plan, and why.")


class VerdictChange(ReportModel):
    """The readiness verdict, before and after."""

    old: Verdict | None = Field(description="The verdict of the old plan, `null` when not assessed.")
    new: Verdict | None = Field(description="The verdict of the new plan, `null` when not assessed.")
    direction: Direction = Field(description="`better`, `worse` or `same` (not-ready < pilot-first < go).")


class NumberChange(ReportModel):
    """A figure before and after, and by how much it moved."""

    old: Number | None = Field(description="The old value, `null` when it does not exist.")
    new: Number | None = Field(description="The new value, `null` when it does not exist.")
    change: Number | None = Field(description="new - old, `null` unless both exist.")


class PairChange(ReportModel):
    """A figure as estimated and risk-adjusted, each before and after."""

    unadjusted: NumberChange = Field(description="As estimated.")
    risk_adjusted: NumberChange = Field(description="With the plan's risk and optimism-bias adjustments.")


class FindingRef(ReportModel):
    """A finding added or resolved."""

    code: str = Field(description="Rule code, e.g. `OP03`.")
    name: str = Field(description="Readable rule name.")
    severity: Literal["error", "warning", "info"] = Field(description="The finding's severity.")
    path: str = Field(description="Plan path the finding is about.")
    message: str = Field(description="What the rule found.")
    location: str = Field(description="`file:line:column` in the plan that has the finding.")


class Findings(ReportModel):
    """Findings added and resolved, matched by code and plan path."""

    added: list[FindingRef] = Field(description="Unsuppressed findings of the new plan that the old did not have "
                                                "(same code and plan path).")
    resolved: list[FindingRef] = Field(description="Unsuppressed findings of the old plan that the new has no more.")


class EstimateChange(ReportModel):
    """A three-point estimate, before and after."""

    low: NumberChange = Field(description="Low estimate.")
    likely: NumberChange = Field(description="Most likely estimate.")
    high: NumberChange = Field(description="High estimate.")


class TextChange(ReportModel):
    """A name before and after."""

    old: str | None = Field(description="Before, `null` when there is none.")
    new: str | None = Field(description="After, `null` when there is none.")


class DateChange(ReportModel):
    """A date before and after."""

    old: dt.date = Field(description="Before.")
    new: dt.date = Field(description="After.")


class PathChange(ReportModel):
    """The critical path, before and after."""

    old: list[str] = Field(description="Activity ids on the old critical path, in order.")
    new: list[str] = Field(description="Activity ids on the new critical path, in order.")
    added: list[str] = Field(description="Ids on the new path and not the old.")
    removed: list[str] = Field(description="Ids on the old path and not the new.")


class MoneyLine(ReportModel):
    """A cost or benefit line added, removed or changed."""

    name: str = Field(description="The cost or benefit line's name (the key lines are matched by).")
    change: LineChange = Field(description="`added`, `removed` or `changed`.")
    estimate: EstimateChange = Field(description="The estimate, old and new (`null` on the side without the line).")
    present_value: PairChange = Field(description="The line's present value, as estimated and risk-adjusted.")


class Business(ReportModel):
    """Changes in the business case."""

    preferred_option: TextChange = Field(description="The id of the option appraised.")
    npv: PairChange = Field(description="Net present value of the preferred option against the baseline.")
    prob_positive: PairChange = Field(description="Chance that the NPV is positive (0-1), from the simulation.")
    costs: list[MoneyLine] = Field(description="Cost lines added, removed or changed, by name.")
    benefits: list[MoneyLine] = Field(description="Benefit lines added, removed or changed, by name.")


class Activity(ReportModel):
    """An activity of the rollout."""

    id: str = Field(description="The activity's id.")
    name: str = Field(description="Its name.")


class Schedule(ReportModel):
    """Changes in the rollout schedule."""

    start: DateChange = Field(description="First day of the programme.")
    finish: DateChange = Field(description="Last day of the programme.")
    finish_days: int = Field(description="Calendar days the finish moved (later is positive).")
    critical_path: PathChange = Field(description="The critical path's activities.")
    activities_added: list[Activity] = Field(description="Activities the new schedule has and the old has not.")
    activities_removed: list[Activity] = Field(description="Activities the old schedule has and the new has not.")


class DiffReport(ReportModel):
    """What changed between two versions of a plan."""

    format_version: Literal[1] = Field(DIFF_FORMAT_VERSION, description="Version of this document's layout.")
    tool: Tool = Field(TOOL, description="The program that wrote it.")
    old: Side = Field(description="The old plan.")
    new: Side = Field(description="The new plan.")
    as_of: dt.date = Field(description="Day both plans were assessed as of.")
    simulations: int = Field(ge=0, description="Monte Carlo draws per business case (same seed both sides).")
    seed: int = Field(ge=0, description="The simulation's seed.")
    verdict: VerdictChange = Field(description="The readiness verdict.")
    score: NumberChange = Field(description="The overall readiness score (0-100).")
    findings: Findings = Field(description="Findings added and resolved.")
    business_case: Business | None = Field(description="Changes in the business case; `null` unless both plans "
                                                        "have one.")
    schedule: Schedule | None = Field(description="Changes in the rollout schedule; `null` unless both plans "
                                                  "can be scheduled.")
    npv_threshold: str = Field(description="How far the risk-adjusted NPV may fall before the change is worse "
                                           "(`5%` of the old NPV's size, or an amount).")
    worse: list[str] = Field(description="Why the new plan is worse (verdict dropped, NPV fell past the "
                                         "threshold); empty when it is not.")
