"""The rollout plan: activities from stakeholder research to launch and
embedding, scheduled over working days, with the RACI matrix, the
communication plan and the measurement plan.

Pure analysis: no file I/O, no terminal. :func:`build_rollout` takes a
validated :class:`~socialplan.model.Plan` and returns a
:class:`RolloutPlan`, or raises :class:`RolloutError` whose problems carry
plan paths for the command to locate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from socialplan.model import Plan
from socialplan.rollout.activities import champion_count, generate
from socialplan.rollout.calendar import WEEKDAY_NAMES, CalendarError, ClosedPeriod, WorkCalendar
from socialplan.rollout.communications import CommunicationRow, communication_plan
from socialplan.rollout.measurement import MeasurementPlan, measurement_plan
from socialplan.rollout.overrides import apply_overrides
from socialplan.rollout.problems import ROLLOUT_CODES, Problem
from socialplan.rollout.raci import Raci, build_raci
from socialplan.rollout.schedule import Schedule, ScheduledActivity, ScheduleError, check_pins, cycle_problems
from socialplan.rollout.schedule import schedule as schedule_activities
from socialplan.rollout.spec import PHASES

if TYPE_CHECKING:
    from socialplan.evidence.pilots import PilotOutcome

__all__ = ["ROLLOUT_CODES", "Problem", "RolloutError", "RolloutPlan", "build_rollout"]


class RolloutError(Exception):
    """The plan's rollout cannot be scheduled; ``problems`` say where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


@dataclass
class RolloutPlan:
    plan: Plan
    schedule: Schedule
    raci: Raci
    communications: list[CommunicationRow]
    measurement: MeasurementPlan
    champions: dict[str, int]
    warnings: list[Problem]

    @property
    def activities(self) -> list[ScheduledActivity]:
        """Activities by phase, then in the order they start."""
        return in_report_order(self.schedule.activities)


def in_report_order(activities: list[ScheduledActivity]) -> list[ScheduledActivity]:
    """By phase, then start, then finish; ties keep the schedule's stable order."""
    order = {a.id: i for i, a in enumerate(activities)}
    return sorted(activities, key=lambda a: (PHASES.index(a.spec.phase), a.early_start, a.early_finish, order[a.id]))


def _calendar(plan: Plan, start: dt.date | None, start_from_option: bool) -> tuple[WorkCalendar | None,
                                                                                 list[Problem]]:
    """The working-day calendar and every problem with it; no calendar when
    there is no start date or no working day to count from."""
    rollout = plan.rollout
    problems = [Problem("RL011", f"the closed period '{b.name}' ends on {b.end.isoformat()}, before it "
                        f"starts on {b.start.isoformat()}", ("rollout", "blackouts", i, "end"),
                        "give the last closed day as end, on or after start")
                for i, b in enumerate(rollout.blackouts) if b.end < b.start]
    if not rollout.workdays:
        problems.append(Problem("RL009", "rollout.workdays lists no working day", ("rollout", "workdays"),
                                "list the open days, e.g. [mon, tue, wed, thu, fri]"))
    if start is None:
        problems.append(Problem("RL008", "the rollout has no start date", ("rollout",),
                                "add 'start: YYYY-MM-DD' under rollout, or pass --start"))
    if start is None or not rollout.workdays:
        return None, problems
    # A backwards period closes no day, so it is left out here and the start
    # is still checked against the others.
    closed = [ClosedPeriod(b.start, b.end, b.name) for b in rollout.blackouts if b.start <= b.end]
    calendar = WorkCalendar(start, rollout.workdays, rollout.holidays, closed)
    if not calendar.is_open(start):
        why = calendar.closed_reason(start)
        where = None if start_from_option else ("rollout", "start")
        what = "--start" if start_from_option else "the rollout start"
        try:
            hint = f"start on the next working day, {calendar.next_open(start).isoformat()}"
        except CalendarError:
            hint = None
        problems.append(Problem("RL003", f"{what} {start.isoformat()} is not a working day ({why})", where,
                                hint))
    return calendar, problems


def _errors(problems: list[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)


def build_rollout(plan: Plan, start: dt.date | None = None, pilots: Iterable[PilotOutcome] = ()) -> RolloutPlan:
    """Generate, override, schedule and describe the rollout of ``plan``.
    ``start`` replaces ``rollout.start`` (the ``--start`` option); ``pilots``,
    the pilots the plan's evidence judged, give the decision gates their
    outcomes (the dates do not move).

    Problems are collected stage by stage and raised together before
    scheduling, so one run names them all: the calendar's, the plan's
    changes to the activities, and the cycles among the links that are not
    broken themselves. Only with no working day at all are the activities
    not checked, as their lengths in working days cannot be worked out."""
    calendar, problems = _calendar(plan, start or plan.rollout.start, start is not None)
    if not plan.rollout.workdays:
        raise RolloutError(problems)
    weekdays = frozenset(WEEKDAY_NAMES.index(day) for day in plan.rollout.workdays)
    specs, changes = apply_overrides(generate(plan, weekdays), plan.rollout.activities)
    if calendar is None or _errors(problems) or _errors(changes):
        # Pinned dates are checked only against a sound calendar: against a
        # start that is itself wrong, their messages would mislead.
        if calendar is not None and not _errors(problems):
            check_pins(specs, calendar, changes)
        raise RolloutError([*problems, *changes, *cycle_problems(specs)])
    try:
        timed = schedule_activities(specs, calendar)
    except ScheduleError as error:
        raise RolloutError(error.problems) from None
    from socialplan.rollout.gates import record_outcomes

    record_outcomes(timed.activities, pilots)
    raci = build_raci(plan, [a.spec for a in in_report_order(timed.activities)])
    communications, framing = communication_plan(plan, timed, raci.roles)
    champions = {g.id: champion_count(g, plan.rollout.staff_per_champion) for g in plan.stakeholders}
    measurement = measurement_plan(plan, timed, champions)
    warnings = [*changes, *timed.problems, *raci.problems, *framing]
    return RolloutPlan(plan, timed, raci, communications, measurement, champions, warnings)
