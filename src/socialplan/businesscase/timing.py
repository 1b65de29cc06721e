"""The business case's timing, taken from the rollout schedule when there is one.

``socialplan rollout`` schedules research, champions, usability tests, the
pilots with their decision gates and go-live over working days. The business
case uses the same schedule, so both documents give the same dates:

* month 0 is the calendar month of ``rollout.start``;
* each use case's pilot runs, for its benefits, in the months its ``pilot.<use
  case>`` activity runs (from the month of its first day to the month of its
  last, both included);
* launch, where Bass diffusion starts, is the month of go-live (the
  ``launch`` milestone).

When the plan cannot be scheduled (no ``rollout.start``, a problem in
``rollout.activities``, or no go-live left in it), the model falls back on
the pilot lengths: every pilot starts in month 0 and launch follows the
longest. :class:`TimingChoice` records which was used and why.

Pure: the rollout is built here, but nothing is read or written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Literal

from socialplan.diagnostics import PlanPath, format_path
from socialplan.finance.timing import PilotWindow, Timing
from socialplan.model import Plan
from socialplan.problems import Problem

GO_LIVE = "launch"  # the generated go-live milestone's id (see socialplan.rollout.activities)
PILOT_PREFIX = "pilot."


@dataclass(frozen=True)
class PilotDates:
    use_case: str
    title: str
    start: dt.date
    finish: dt.date  # the last working day
    window: PilotWindow


@dataclass(frozen=True)
class ScheduleDates:
    """The key dates of the rollout schedule."""

    start: dt.date
    go_live: dt.date
    finish: dt.date  # the last day of the rollout plan (handover)
    pilots: tuple[PilotDates, ...] = ()


@dataclass(frozen=True)
class TimingChoice:
    """The timing the model runs on: from the schedule (``timing`` and
    ``dates`` set) or from the pilot lengths (``reason`` says why)."""

    timing: Timing | None = None
    dates: ScheduleDates | None = None
    reason: str | None = None
    # Why the rollout could not be scheduled (its own problems, with their
    # severity lowered: they do not stop the business case).
    problems: tuple[Problem, ...] = field(default_factory=tuple)

    @property
    def scheduled(self) -> bool:
        return self.timing is not None

    @property
    def basis(self) -> Literal["rollout-schedule", "pilot-lengths"]:
        return "rollout-schedule" if self.scheduled else "pilot-lengths"


def month_index(start: dt.date, day: dt.date) -> int:
    """Calendar months from ``start``'s month to ``day``'s (0: the same month)."""
    return (day.year - start.year) * 12 + day.month - start.month


Locate = Callable[[PlanPath], str]


def timing_from_schedule(plan: Plan, locate: Locate | None = None) -> TimingChoice:
    """Schedule the plan's rollout and read the model's timing from it."""
    from socialplan.rollout import RolloutError, build_rollout

    if plan.rollout.start is None:
        return TimingChoice(reason="the plan has no rollout.start, so the rollout cannot be scheduled")
    try:
        rollout = build_rollout(plan)
    except RolloutError as error:
        problems = tuple(replace(p, severity="warning") for p in error.problems)
        first = problems[0] if problems else None
        where = None if first is None or first.path is None else \
            (locate(first.path) if locate else format_path(first.path))
        detail = "" if first is None else f": {first.message}" + (f" ({where})" if where else "")
        more = f", and {len(problems) - 1} more problem{'s' if len(problems) > 2 else ''}" if len(problems) > 1 \
            else ""
        return TimingChoice(reason=f"the rollout cannot be scheduled{detail}{more}", problems=problems)
    schedule = rollout.schedule
    by_id = schedule.by_id()
    go_live = by_id.get(GO_LIVE)
    if go_live is None:
        return TimingChoice(reason=f"the rollout schedule has no go-live: rollout.activities removes "
                                   f"'{GO_LIVE}'")
    start = schedule.start
    titles = {u.id: u.title for u in plan.use_cases}
    pilots = []
    for use_case in plan.use_cases:
        run = by_id.get(PILOT_PREFIX + use_case.id)
        if use_case.pilot is None or run is None:
            continue
        window = PilotWindow(month_index(start, run.start), month_index(start, run.finish))
        pilots.append(PilotDates(use_case.id, titles[use_case.id], run.start, run.finish, window))
    timing = Timing(month_index(start, go_live.start), {p.use_case: p.window for p in pilots})
    return TimingChoice(timing, ScheduleDates(start, go_live.start, schedule.finish, tuple(pilots)))
