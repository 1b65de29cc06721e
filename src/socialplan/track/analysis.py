"""Adoption and KPIs after launch, against the plan: what ``socialplan track`` reports.

Pure: the actuals (:mod:`socialplan.track.actuals`) and the KPI observations
come in already read; nothing here reads or writes.

* **Forecast**: the business case's own adoption curves
  (:func:`socialplan.finance.adoption.bass_adoption` on
  :func:`socialplan.finance.inputs.model_inputs`), timed by the rollout
  schedule, so model month 0 is the calendar month of ``rollout.start`` and
  the launch month is the month of go-live.
* **Actual**: active users per group and calendar month. Only months the
  data covers to their last day are judged and fitted: a month still running
  counts only part of its active users and would look behind.
* **Re-forecast**: :func:`socialplan.track.forecast.fit_bass` on the judged
  months since launch, starting from the people on the network at launch
  (the plan's pilot participants), run on to the horizon.
* **Business case**: the same appraisal the business case runs
  (:func:`socialplan.finance.appraisal.appraise`), fed other adoption curves:
  actual adoption to date, then either the plan's Bass model continued from
  where adoption stands, or the re-fitted curve.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from socialplan.businesscase.timing import TimingChoice, month_index
from socialplan.data.tabular import DataProblem
from socialplan.finance.adoption import AdoptionCurves, bass_adoption
from socialplan.finance.appraisal import Appraisal, OptionAppraisal, appraise, figures_of
from socialplan.finance.cashflow import option_lines
from socialplan.finance.discounting import periods_for
from socialplan.finance.sensitivity import solve_switch, switching_values
from socialplan.model import Plan
from socialplan.track.actuals import Actuals
from socialplan.track.forecast import Fit, KpiStatus, Status, bass_path, fit_bass, kpi_status, status_of, worst
from socialplan.track.spec import TrackSettings

if TYPE_CHECKING:
    from socialplan.evidence.pilots import PilotOutcome

FloatArray = NDArray[np.float64]
# The business case's switching value of adoption scales the plan's
# ceilings and rebuilds the plan's own curves, so it says nothing about
# curves fed in from actuals; the track report solves its own
# (:func:`adoption_to_come_switch`) on both sides instead.
ADOPTION_SWITCH = ("finance", "adoption", "ceiling")


@dataclass(frozen=True)
class MonthTrack:
    month: str  # YYYY-MM
    index: int  # model month (0: the month of rollout.start)
    forecast: float  # adopters by the month's end, as planned
    actual: int | None  # active users counted in the month
    complete: bool  # the data covers the month to its last day
    reforecast: float | None  # the re-fitted curve (from launch)
    status: Status | None  # None: no actual, or a month still running


@dataclass(frozen=True)
class GroupTrack:
    id: str
    name: str
    headcount: float
    months: tuple[MonthTrack, ...]  # the months with data, and the plan to the horizon
    fit: Fit | None  # None: no judged month since launch
    status: Status | None  # the latest judged month's
    launch_adopters: float  # people on the network at launch, as planned (pilot participants)

    @property
    def judged(self) -> list[MonthTrack]:
        return [m for m in self.months if m.status is not None]


@dataclass(frozen=True)
class Switch:
    subject: str
    unit: str
    planned: float
    approved: float | None  # the switching value of the approved case (risk-adjusted)
    now: float | None  # with actual adoption and the re-forecast


@dataclass(frozen=True)
class CaseTrack:
    """The business case re-run with what adoption has done."""

    option: str
    approved_npv: float  # risk-adjusted, as planned
    reforecast_npv: float  # actual to date, then the re-fitted curves
    plan_continued_npv: float  # actual to date, then the plan's Bass model from there
    realised_benefits: float  # benefits to the last judged month, risk-adjusted, undiscounted
    planned_benefits: float  # what the plan expected by then, the same way
    through: str | None  # the last month counted (YYYY-MM)
    switching: tuple[Switch, ...]


@dataclass(frozen=True)
class Review:
    """A pilot gate or post-launch review, and what the data said on its day."""

    name: str
    date: dt.date
    status: Status | None  # None: no judged month by then
    month: str | None  # the last judged month by then


@dataclass(frozen=True)
class TrackAnalysis:
    as_of: dt.date
    start: dt.date  # month 0
    launch: dt.date  # go-live
    launch_month: int
    groups: tuple[GroupTrack, ...]
    kpis: tuple[tuple[str, KpiStatus], ...]  # (objective, status)
    case: CaseTrack | None
    reviews: tuple[Review, ...]
    status: Status | None  # the worst judged group's; None: no data yet
    users: int
    unmapped_users: int
    files_read: int
    latest: dt.date | None
    warnings: tuple[DataProblem, ...]
    timing_note: str | None  # why the dates come from the pilot lengths, when they do


def month_label(start: dt.date, index: int) -> str:
    year, month = divmod(start.year * 12 + start.month - 1 + index, 12)
    return f"{year:04d}-{month + 1:02d}"


def month_end(label: str) -> dt.date:
    year, month = int(label[:4]), int(label[5:7])
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _group_track(group_id: str, name: str, headcount: float, forecast: FloatArray, actual: Mapping[str, int],
                 start: dt.date, launch_month: int, as_of: dt.date, latest: dt.date | None, p: float, q: float,
                 ceiling: float, settings: TrackSettings) -> GroupTrack:
    launch_adopters = float(forecast[launch_month - 1]) if launch_month > 0 else 0.0
    horizon = len(forecast)
    last_day = min(as_of, latest) if latest is not None else as_of
    last_index = month_index(start, as_of)
    values = [actual.get(month_label(start, i)) if i <= last_index else None for i in range(horizon)]
    complete = [month_end(month_label(start, i)) <= last_day for i in range(horizon)]
    judged = [values[i] is not None and complete[i] for i in range(horizon)]
    # The fit runs over the judged months that follow each other from the
    # first one since launch: a month missing from the exports is a gap,
    # not a month without users. From launch it starts at the people on the
    # network then; data that begins later starts from its own first month.
    run: list[int] = []
    for index in range(launch_month, horizon):
        if judged[index]:
            run.append(index)
        elif run:
            break
    fit: Fit | None = None
    path: FloatArray | None = None
    origin = launch_month
    if run:
        series = [float(values[i] or 0) for i in run]
        level = launch_adopters
        if run[0] != launch_month:
            origin, level, series = run[0] + 1, series[0], series[1:]
        if series:
            fit = fit_bass(series, level, headcount, p=p, q=q, ceiling=ceiling)
            path = bass_path(level, fit.ceiling * headcount, fit.p, fit.q, horizon - origin)
    months = []
    for index in range(horizon):
        value = values[index]
        status = status_of(value, float(forecast[index]), settings) if judged[index] and value is not None else None
        refit = float(path[index - origin]) if path is not None and index >= origin else None
        months.append(MonthTrack(month_label(start, index), index, float(forecast[index]), value, complete[index],
                                 refit, status))
    statuses = [m.status for m in months if m.status is not None]
    return GroupTrack(group_id, name, headcount, tuple(months), fit, statuses[-1] if statuses else None,
                      launch_adopters)


def _fed_curves(plan_curves: AdoptionCurves, groups: Sequence[GroupTrack], *, refit: bool) -> AdoptionCurves:
    """The plan's curves with each tracked group's actual months in place of
    the forecast, then the re-fitted curve (``refit``) or the plan's Bass
    model run on from the latest actual."""
    adopters = plan_curves.adopters.copy()
    by_id = {g.id: g for g in groups}
    for row, settings in enumerate(plan_curves.groups):
        track = by_id.get(settings.id)
        if track is None or track.fit is None:
            continue
        judged = track.judged
        last = judged[-1].index
        for month in track.months:
            if month.index <= last and month.index >= plan_curves.launch_month and month.status is not None:
                adopters[row, month.index] = float(month.actual or 0)
        remaining = plan_curves.months - last - 1
        if remaining <= 0:
            continue
        level = float(adopters[row, last])
        if refit:
            market, p, q = track.fit.ceiling * track.headcount, track.fit.p, track.fit.q
        else:
            k = max(settings.months_per_unit, 1)
            market, p, q = settings.ceiling * settings.headcount, settings.p / k, settings.q / k
        adopters[row, last + 1:] = bass_path(level, market, p, q, remaining)
    return AdoptionCurves(plan_curves.groups, plan_curves.launch_month, adopters)


def future_scaled(curves: AdoptionCurves, last: Sequence[int], scale: float) -> AdoptionCurves:
    """Each group's adoption after its month ``last[row]`` at ``scale`` x
    its growth from there, within the group (0 to its headcount): 1 is the
    curves as given, 0 is nobody else joining. The months up to ``last``
    (the actuals) stay as they are: they have happened."""
    adopters = curves.adopters.copy()
    for row, group in enumerate(curves.groups):
        start = last[row]
        level = adopters[row, start]
        adopters[row, start + 1:] = np.clip(level + scale * (adopters[row, start + 1:] - level), 0.0,
                                            group.headcount)
    return AdoptionCurves(curves.groups, curves.launch_month, adopters)


def adoption_to_come_switch(appraisal: Appraisal, option: OptionAppraisal, last: Sequence[int]) -> float | None:
    """The share of the adoption still to come (after each group's month
    ``last[row]``, as ``appraisal``'s curves have it) at which the option's
    risk-adjusted NPV is zero; None when no share in range gets there.

    The range ends where the first group would take in everyone it holds,
    as the business case's ceiling range ends at the first group reaching
    all its people. The model is re-run in full at each trial share: the
    curves enter per-user costs and benefits, and the cap at the headcount
    bends NPV, so it is not solved from weights."""
    curves = appraisal.adoption
    tops = []
    for row, group in enumerate(curves.groups):
        level = float(curves.adopters[row, last[row]])
        growth = float(np.max(curves.adopters[row, last[row]:])) - level
        if growth > 1e-9:
            tops.append((group.headcount - level) / growth)
    if not tops:
        return None  # nothing still to come: no share changes NPV
    inputs = appraisal.inputs
    assumptions = inputs.assumptions
    periods = periods_for(assumptions.preset, assumptions.horizon_years)

    def npv(scale: float) -> float:
        lines = option_lines(inputs, option.option, future_scaled(curves, last, scale), periods)
        return figures_of(lines, periods, assumptions.discount_rate, assumptions.months, adjusted=True).npv

    figures = option.risk_adjusted
    # Zero to a billionth of the present values, as the business case's.
    tolerance = 1e-9 * max(1.0, abs(figures.pv_benefits), abs(figures.pv_costs))
    return solve_switch(npv, 0.0, max(min(tops), 1.0), 1.0, tolerance)


def _benefits_to(option: OptionAppraisal, through: int) -> float:
    """Risk-adjusted benefits from month 0 to ``through``, undiscounted."""
    return float(option.risk_adjusted.monthly_benefits[: through + 1].sum())


def _case(plan: Plan, timing: TimingChoice, groups: Sequence[GroupTrack],
          pilots: Sequence[PilotOutcome] = ()) -> CaseTrack | None:
    from socialplan.finance.inputs import model_inputs, model_problems

    if not plan.options or model_problems(plan):
        return None
    inputs = model_inputs(plan, timing.timing, pilots)
    approved = appraise(inputs)
    judged = [m.index for g in groups for m in g.judged]
    if not judged:
        return CaseTrack(approved.leading.option.id, approved.leading.risk_adjusted.npv,
                         approved.leading.risk_adjusted.npv, approved.leading.risk_adjusted.npv, 0.0, 0.0, None, ())
    through = max(judged)
    refitted = appraise(inputs, adoption=_fed_curves(approved.adoption, groups, refit=True))
    continued = appraise(inputs, adoption=_fed_curves(approved.adoption, groups, refit=False))
    leading = approved.leading.option.id
    refit_option = next(o for o in refitted.options if o.option.id == leading)
    continued_option = next(o for o in continued.options if o.option.id == leading)
    before = {s.subject: s for s in switching_values(approved, approved.leading) if s.path != ADOPTION_SWITCH}
    after = {s.subject: s for s in switching_values(refitted, refit_option) if s.path != ADOPTION_SWITCH}
    switches = [Switch(name, s.unit, s.planned, s.risk_adjusted, after[name].risk_adjusted if name in after else None)
                for name, s in before.items()]
    # Each tracked group from its last judged month, the others from the
    # last month counted: the same months on both sides, so they compare.
    lasts = {g.id: g.judged[-1].index for g in groups if g.fit is not None}
    last = [lasts.get(g.id, through) for g in approved.adoption.groups]
    switches.append(Switch(f"adoption still to come after {month_label(timing_start(plan, timing), through)}, "
                           "as a share of the forecast", "share", 1.0,
                           adoption_to_come_switch(approved, approved.leading, last),
                           adoption_to_come_switch(refitted, refit_option, last)))
    return CaseTrack(leading, approved.leading.risk_adjusted.npv, refit_option.risk_adjusted.npv,
                     continued_option.risk_adjusted.npv, _benefits_to(refit_option, through),
                     _benefits_to(approved.leading, through), month_label(timing_start(plan, timing), through),
                     tuple(switches))


def timing_start(plan: Plan, timing: TimingChoice) -> dt.date:
    if timing.dates is not None:
        return timing.dates.start
    return plan.rollout.start or dt.date(2000, 1, 1)


def _reviews(groups: Sequence[GroupTrack], review_dates: Sequence[tuple[str, dt.date]]) -> tuple[Review, ...]:
    out = []
    for name, day in review_dates:
        statuses: list[Status] = []
        last_month: str | None = None
        for group in groups:
            seen = [m for m in group.judged if month_end(m.month) <= day]
            if seen:
                statuses.append(seen[-1].status or "on track")
                last_month = max(last_month or seen[-1].month, seen[-1].month)
        out.append(Review(name, day, worst(statuses) if statuses else None, last_month))
    return tuple(out)


def analyse_track(plan: Plan, timing: TimingChoice, actuals: Actuals,
                  kpi_observations: Mapping[tuple[str, str], Sequence[tuple[dt.date, float]]],
                  as_of: dt.date | None, review_dates: Sequence[tuple[str, dt.date]] = (),
                  pilots: Sequence[PilotOutcome] = ()) -> TrackAnalysis:
    """Forecast against actual for every group with data, the KPIs, and the
    business case re-run; ``as_of`` defaults to the latest data. ``pilots``
    are the pilots the plan's evidence judged: those decided by the report's
    day shape the case as they do in ``socialplan business-case`` (a stopped
    use case's benefits out, a scaled one's observed effect in)."""
    from socialplan.finance.inputs import model_inputs

    tracking = plan.tracking
    settings = tracking.settings if tracking is not None else TrackSettings()
    # Default: the latest day any data covers, so the same data gives the
    # same report on any day; today only when there is no data at all.
    data_days = [d for values in kpi_observations.values() for d, _ in values]
    if actuals.latest is not None:
        data_days.append(actuals.latest)
    day = as_of or (tracking.as_of if tracking is not None else None) or max(data_days, default=dt.date.today())
    start = timing_start(plan, timing)
    known = tuple(p for p in pilots if p.date is None or p.date <= day)
    inputs = model_inputs(plan, timing.timing, known)
    curves = bass_adoption(inputs.groups, inputs.assumptions.months, inputs.launch_month)
    names = {g.id: g.name for g in plan.stakeholders}
    tracked = sorted({m.group for m in actuals.months})
    groups = []
    for row, g in enumerate(curves.groups):
        if g.id not in tracked:
            continue
        k = max(g.months_per_unit, 1)
        series = {m.month: m.active for m in actuals.months if m.group == g.id}
        groups.append(_group_track(g.id, names.get(g.id) or g.label, g.headcount, curves.adopters[row], series, start,
                                   inputs.launch_month, day, actuals.latest, g.p / k, g.q / k, g.ceiling, settings))
    kpis = []
    targets = {(o.id, k.name): k for o in plan.objectives for k in o.kpis}
    for (objective, name), observations in kpi_observations.items():
        kpi = targets.get((objective, name))
        seen = [(d, v) for d, v in observations if d <= day]
        kpis.append((objective, kpi_status(name, getattr(kpi, "baseline", None), getattr(kpi, "target", None),
                                           getattr(kpi, "by", None), seen, start, settings)))
    judged = [g.status for g in groups if g.status is not None]
    launch = timing.dates.go_live if timing.dates is not None else _first_of(start, inputs.launch_month)
    return TrackAnalysis(
        as_of=day, start=start, launch=launch, launch_month=inputs.launch_month, groups=tuple(groups),
        kpis=tuple(kpis), case=_case(plan, timing, groups, known), reviews=_reviews(groups, review_dates),
        status=worst(judged) if judged else None, users=actuals.users, unmapped_users=actuals.unmapped_users,
        files_read=actuals.files_read, latest=actuals.latest, warnings=tuple(actuals.warnings),
        timing_note=timing.reason)


def _first_of(start: dt.date, index: int) -> dt.date:
    label = month_label(start, index)
    return dt.date(int(label[:4]), int(label[5:7]), 1)
