"""The measurement plan: what is measured, against which baseline and
target, and when it is reviewed.

Measured in order, as vendor adoption guides advise: adoption first (active
users over 7, 30 and 90 days), then engagement (who posts, replies and
reacts; about 20% of users engaged is typical), then business value (the
pilots' success metrics and the objectives' KPIs). The 30-, 60- and 90-day
reviews are activities in the schedule, and each KPI's own review dates
follow its cadence from go-live.
"""

from __future__ import annotations

import calendar as gregorian
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from socialplan.model import KPI, Plan
from socialplan.rollout.activities import REVIEW_DAYS, metric_text
from socialplan.rollout.calendar import CalendarError
from socialplan.rollout.schedule import Schedule

TYPICAL_ENGAGED_SHARE = 0.2
MAX_REVIEW_DATES = 60
_CADENCE_MONTHS = {"monthly": 1, "quarterly": 3}
_REVIEW_FOCUS = {
    30: "Adoption: active users over 7 and 30 days, by group, against the plan.",
    60: "Adoption and engagement: who posts, replies and reacts; help the groups that lag.",
    90: "Adoption, engagement and business value: pilot metrics and objective KPIs; decide what scales next.",
}


@dataclass(frozen=True)
class KpiRow:
    objective: str
    objective_title: str
    name: str
    unit: str | None
    direction: str
    baseline: float | None
    target: float | None
    by: dt.date | None
    owner: str | None
    cadence: str
    review_dates: tuple[dt.date, ...]
    gaps: tuple[str, ...]  # what the KPI lacks to be SMART


@dataclass(frozen=True)
class Metric:
    name: str
    definition: str
    target: str
    dates: tuple[tuple[str, dt.date], ...]  # when it is looked at: (what happens, date)

    def reviewed(self, day: Callable[[dt.date], str] = dt.date.isoformat) -> str:
        """``gate Mon 10 May 2027; reviews ...``, with dates written by ``day``."""
        out: list[str] = []
        for label, date in self.dates:
            if out and out[-1].startswith(label):
                out[-1] += f", {day(date)}"
            else:
                out.append(f"{label} {day(date)}")
        return "; ".join(out)


@dataclass(frozen=True)
class Review:
    id: str
    name: str
    date: dt.date
    focus: str


@dataclass(frozen=True)
class GroupAdoption:
    group: str
    label: str
    headcount: int
    ceiling: float
    expected_adopters: int
    champions: int


@dataclass
class MeasurementPlan:
    kpis: list[KpiRow]
    adoption: list[Metric]
    engagement: list[Metric]
    business_value: list[Metric]
    reviews: list[Review]
    groups: list[GroupAdoption]
    eligible: int
    expected_adopters: int


def _add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, gregorian.monthrange(year, month)[1]))


def review_dates(kpi: KPI, first: dt.date, schedule: Schedule) -> tuple[dt.date, ...]:
    """Every review from one cadence step after go-live up to the KPI's date
    (a year when it has none), each on the next working day."""
    until = kpi.by or _add_months(first, 12)
    out: list[dt.date] = []
    step = 1
    while len(out) < MAX_REVIEW_DATES:
        if kpi.review == "weekly":
            day = first + dt.timedelta(weeks=step)
        else:
            day = _add_months(first, _CADENCE_MONTHS[kpi.review] * step)
        if day > until:
            break
        try:
            out.append(schedule.calendar.next_open(day))
        except CalendarError:  # closed to the end of the calendar: no more reviews to hold
            break
        step += 1
    return tuple(out)


def _kpi_gaps(kpi: KPI) -> tuple[str, ...]:
    gaps = [f"no {name}" for name, value in (("baseline", kpi.baseline), ("target", kpi.target),
                                              ("date", kpi.by), ("owner", kpi.owner)) if value is None]
    return tuple(gaps)


def measurement_plan(plan: Plan, schedule: Schedule, champions: dict[str, int]) -> MeasurementPlan:
    activities = schedule.by_id()
    launch = activities["launch"].start if "launch" in activities else schedule.start
    kpis = [
        KpiRow(objective.id, objective.title, kpi.name, kpi.unit, kpi.direction, kpi.baseline, kpi.target,
               kpi.by, kpi.owner, kpi.review, review_dates(kpi, launch, schedule), _kpi_gaps(kpi))
        for objective in plan.objectives for kpi in objective.kpis
    ]
    default_ceiling = plan.finance.adoption.ceiling
    groups = []
    for group in plan.stakeholders:
        if not group.must_adopt:
            continue
        ceiling = group.adoption.ceiling if group.adoption and group.adoption.ceiling is not None else default_ceiling
        groups.append(GroupAdoption(group.id, group.label, group.headcount, ceiling,
                                    round(group.headcount * ceiling), champions.get(group.id, 0)))
    eligible = sum(g.headcount for g in groups)
    expected = sum(g.expected_adopters for g in groups)
    share = f"{expected / eligible:.0%}" if eligible else "0%"
    reviews = [Review(a.id, a.spec.name, a.start, _REVIEW_FOCUS.get(days, "Adoption review."))
               for days in REVIEW_DAYS if (a := activities.get(f"review-{days}")) is not None]
    review_dates_by_days = {days: r.date for days, r in zip(
        [d for d in REVIEW_DAYS if f"review-{d}" in activities], reviews, strict=True)}

    def at(*days: int) -> tuple[tuple[str, dt.date], ...]:
        return tuple(("review", review_dates_by_days[d]) for d in days if d in review_dates_by_days)

    ceiling_text = (f"towards {expected:,} people ({share} of {eligible:,} eligible staff), "
                    "the adoption ceiling in the plan")
    adoption = [
        Metric("Active users, last 7 days", "People who read, posted, replied or reacted in the past 7 days.",
               ceiling_text, (("weekly from go-live", launch), *at(30, 60, 90))),
        Metric("Active users, last 30 days", "People active at least once in the past 30 days.",
               ceiling_text, at(30, 60, 90)),
        Metric("Active users, last 90 days", "People active at least once in the past 90 days.",
               ceiling_text, at(90)),
    ]
    engagement = [
        Metric("Engaged users", "Share of active users who posted or replied in the past 30 days.",
               f"about {TYPICAL_ENGAGED_SHARE:.0%} is typical", at(60, 90)),
        Metric("Interactions per active user", "Posts, replies and reactions per active user per week.",
               "rising month on month", at(60, 90)),
        Metric("Living communities", "Communities with posts from three or more people in the past 30 days.",
               "every piloted use case has one", at(60, 90)),
    ]
    value: list[Metric] = []
    for use_case in plan.use_cases:
        if use_case.pilot is None:
            continue
        gate = activities.get(f"gate.{use_case.id}")
        when = (("decision gate", gate.start),) if gate else ()
        for metric in use_case.pilot.metrics:
            threshold = "" if metric.threshold is None else f"{metric.threshold:g}"
            value.append(Metric(
                metric_text(metric.name, metric.baseline, metric.threshold, metric.unit, metric.direction),
                f"Pilot success metric of '{use_case.title}'.",
                f"{threshold} {metric.unit or ''}".strip() or "threshold not set",
                (*when, *at(90))))
    return MeasurementPlan(kpis, adoption, engagement, value, reviews, groups, eligible, expected)
