"""The document of ``socialplan track --format json`` (format version 1):
adoption per group and month against the plan's forecast, the re-fitted
curve, the KPIs, the business case re-run with actual adoption, and the
pilot gates and reviews with what the data said on their dates."""

from __future__ import annotations

import datetime as dt
from typing import Final, Literal

from pydantic import Field

from socialplan.reports.base import TOOL, ReportModel, Tool

TRACK_FORMAT_VERSION: Final = 1

Status = Literal["on track", "at risk", "off track"]


class Month(ReportModel):
    """One calendar month of one group."""

    month: str = Field(pattern=r"^\d{4}-\d{2}$", description="The calendar month, YYYY-MM.")
    forecast: float = Field(ge=0, description="People on the network by the month's end, as the plan's adoption "
                                              "curve forecasts (the business case's Bass model).")
    actual: int | None = Field(ge=0, description="Active users counted in the month from the usage exports; null: "
                                                 "no data for the month.")
    complete: bool = Field(description="Whether the data covers the month to its last day; a month still running "
                                       "is shown but neither judged nor fitted.")
    reforecast: float | None = Field(description="The re-fitted curve for the month (from launch); null before "
                                                 "launch or without data to fit.")
    status: Status | None = Field(description="Actual against forecast: on track at or above tracking.settings."
                                              "at_risk x forecast, at risk at or above off_track x forecast, else "
                                              "off track; null when the month is not judged.")


class Fit(ReportModel):
    """The Bass curve re-fitted to the actuals since launch."""

    p: float = Field(ge=0, description="Coefficient of innovation, per month.")
    q: float = Field(ge=0, description="Coefficient of imitation, per month.")
    ceiling: float = Field(ge=0, le=1, description="Share of the group that adopts in the end.")
    ceiling_fitted: bool = Field(description="Whether the ceiling was fitted (six months or more, past the "
                                             "peak of growth) or kept at the plan's.")
    error: float = Field(ge=0, description="Root mean square gap between the curve and the actuals, in users.")
    relative_error: float = Field(ge=0, description="The error as a share of the latest actual.")
    months: int = Field(ge=0, description="Months fitted.")


class Group(ReportModel):
    """A stakeholder group with usage data."""

    id: str = Field(description="The stakeholder group's id.")
    name: str = Field(description="Its name in the plan.")
    headcount: float = Field(ge=0, description="People in the group.")
    launch_adopters: float = Field(ge=0, description="People on the network at launch, as planned (the pilots' "
                                                     "participants); where the re-fitted curve starts.")
    status: Status | None = Field(description="The latest judged month's status; null: no judged month.")
    fit: Fit | None = Field(description="The re-fitted curve; null: no judged month since launch.")
    months: list[Month] = Field(description="Every month from the rollout start to the horizon.")


class Kpi(ReportModel):
    """A KPI's latest value against the straight line to its target."""

    objective: str = Field(description="The objective the KPI belongs to.")
    name: str = Field(description="The KPI's name.")
    baseline: float | None = Field(description="The plan's baseline.")
    target: float | None = Field(description="The plan's target.")
    by: dt.date | None = Field(description="When the target is to be reached.")
    latest: float | None = Field(description="The latest observation up to the as-of date.")
    latest_date: dt.date | None = Field(description="Its date.")
    expected: float | None = Field(description="Where the straight line from the baseline to the target is at "
                                               "that date.")
    status: Status | None = Field(description="Progress against the line, as for adoption; null without a "
                                              "baseline, target and date, or without observations.")


class Switch(ReportModel):
    """A switching value: where a driver would have to go for the NPV to reach zero."""

    subject: str = Field(description="The driver, in words.")
    unit: str = Field(description="minutes, share, money-per-year, money-per-hour or multiple.")
    planned: float = Field(description="Its planned value.")
    approved: float | None = Field(description="The switching value in the approved case (risk-adjusted); null: "
                                               "no value makes the NPV zero.")
    now: float | None = Field(description="The switching value with actual adoption to date and the re-forecast.")


class BusinessCase(ReportModel):
    """The business case re-run with actual adoption, for the leading option."""

    option: str = Field(description="The leading option's id.")
    approved_npv: float = Field(description="Risk-adjusted NPV as approved: the business case run as planned.")
    reforecast_npv: float = Field(description="Risk-adjusted NPV with actual adoption to date, then the re-fitted "
                                              "curves.")
    plan_continued_npv: float = Field(description="Risk-adjusted NPV with actual adoption to date, then the plan's "
                                                  "own Bass model run on from where adoption stands.")
    realised_benefits: float = Field(description="Risk-adjusted benefits to the last judged month, undiscounted, "
                                                 "at actual adoption.")
    planned_benefits: float = Field(description="What the plan expected by the same month, the same way.")
    through: str | None = Field(description="The last month counted (YYYY-MM); null: no judged month yet.")
    switching: list[Switch] = Field(description="The switching values, as approved and now; the last is the "
                                                "adoption still to come after the last month counted, as a share "
                                                "of the forecast (of the plan's curves approved, of the "
                                                "re-forecast now), see docs/track.md.")


class Review(ReportModel):
    """A pilot decision gate or post-launch review, and what the data said on its date."""

    name: str = Field(description="The activity's name in the rollout plan.")
    date: dt.date = Field(description="Its date in the schedule.")
    status: Status | None = Field(description="The programme's status from the months judged by then; null: none.")
    month: str | None = Field(description="The last month judged by then.")


class DataNote(ReportModel):
    """A problem found in the data, located by file, row and column."""

    code: str = Field(description="The problem code (EV...), see docs/codes.md.")
    severity: Literal["error", "warning", "info"] = Field(description="error: the source was left out.")
    file: str = Field(description="The file or folder, as the plan names it.")
    row: int | None = Field(description="The row, counted as a spreadsheet shows it; null: the whole file.")
    column: str | None = Field(description="The column header.")
    message: str = Field(description="What is wrong.")


class TrackReport(ReportModel):
    """The document ``socialplan track --format json`` prints."""

    format_version: Literal[1] = Field(TRACK_FORMAT_VERSION, description="Version of this document's format.")
    tool: Tool = Field(TOOL, description="The program that wrote it.")
    source: str = Field(description="The plan, as given.")
    as_of: dt.date = Field(description="The day the actuals are judged as of.")
    start: dt.date = Field(description="The rollout start: month 0 of the forecast.")
    launch: dt.date = Field(description="Go-live: where the Bass diffusion starts.")
    latest_data: dt.date | None = Field(description="The latest day the usage data covers.")
    status: Status | None = Field(description="The programme's status: its worst judged group's; null: no data.")
    users: int = Field(ge=0, description="Users in the usage exports.")
    unmapped_users: int = Field(ge=0, description="Users the directory maps to no group (counted, not dropped).")
    files_read: int = Field(ge=0, description="Snapshot files read.")
    groups: list[Group] = Field(description="The groups with usage data, in plan order.")
    kpis: list[Kpi] = Field(description="The KPIs with observations.")
    business_case: BusinessCase | None = Field(description="The business case re-run; null when the plan cannot "
                                                           "be modelled.")
    reviews: list[Review] = Field(description="Pilot gates and 30/60/90-day reviews, in date order.")
    problems: list[DataNote] = Field(description="Problems in the data files.")
