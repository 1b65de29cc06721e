"""Working-day calendar: which days are open, and the n-th working day.

The scheduler counts time in working-day indices, not dates: index 0 is the
programme's first working day, index n the n-th open day after it. Durations
and lags are then plain integer arithmetic, and dates are looked up only at
the end. Weekends come from the plan's ``rollout.workdays`` (a Sunday-to-
Thursday week works as well as Monday-to-Friday), closed days from
``rollout.holidays`` and closed periods (a trading freeze, a shutdown) from
``rollout.blackouts``. A period is kept as a range, not as its days, so a
long one costs nothing and the day-by-day walk jumps over it.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

WEEKDAY_NAMES: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# A schedule that reaches this year is a mistake in the plan (a duration or
# lag of thousands of days), not a programme anyone will run.
LAST_YEAR = 9000


class CalendarError(ValueError):
    """The calendar cannot answer: no working days, or dates out of range."""


@dataclass(frozen=True, slots=True)
class ClosedPeriod:
    """Days ``first`` to ``last`` (both included) on which nobody works."""

    first: dt.date
    last: dt.date
    name: str

    def label(self) -> str:
        return f"'{self.name}', {self.first.isoformat()} to {self.last.isoformat()}"


class WorkCalendar:
    """Open days from ``start`` on, counted from 0."""

    def __init__(self, start: dt.date, workdays: Iterable[str], holidays: Iterable[dt.date] = (),
                 closed: Iterable[ClosedPeriod] = ()) -> None:
        self.start = start
        self.weekdays = frozenset(WEEKDAY_NAMES.index(name) for name in workdays)
        if not self.weekdays:
            raise CalendarError("the working week has no working days")
        self.holidays = frozenset(holidays)
        self.closed = tuple(sorted(closed, key=lambda p: (p.first, p.last)))
        # Overlapping periods merged into disjoint spans, for the bisection in
        # closed_until.
        spans: list[tuple[dt.date, dt.date]] = []
        for period in self.closed:
            if spans and period.first <= spans[-1][1] + dt.timedelta(days=1):
                spans[-1] = (spans[-1][0], max(spans[-1][1], period.last))
            else:
                spans.append((period.first, period.last))
        self._span_firsts = [first for first, _ in spans]
        self._spans = spans
        self._days: list[dt.date] = []  # the open days found so far, in order
        self._next = start  # the first date not yet examined

    @property
    def days_per_week(self) -> int:
        return len(self.weekdays)

    def closed_until(self, day: dt.date) -> dt.date | None:
        """The last day of the closed period that ``day`` falls in, if any."""
        if not self._spans:
            return None
        position = bisect.bisect_right(self._span_firsts, day) - 1
        if position >= 0 and day <= self._spans[position][1]:
            return self._spans[position][1]
        return None

    def period_of(self, day: dt.date) -> ClosedPeriod | None:
        """The closed period that holds ``day`` (the earliest to start, where they overlap)."""
        return next((p for p in self.closed if p.first <= day <= p.last), None)

    def is_open(self, day: dt.date) -> bool:
        return (day.weekday() in self.weekdays and day not in self.holidays
                and (not self._spans or self.closed_until(day) is None))

    def closed_reason(self, day: dt.date) -> str:
        """Why ``day`` is not a working day, in words for a message."""
        period = self.period_of(day)
        if period is not None:
            return f"in the closed period {period.label()} in rollout.blackouts"
        if day in self.holidays:
            return "a holiday in rollout.holidays"
        return f"a {day.strftime('%A')}, outside rollout.workdays"

    def _extend_to_index(self, index: int) -> None:
        days, day = self._days, self._next
        one = dt.timedelta(days=1)
        while len(days) <= index:
            if day.year >= LAST_YEAR:
                raise CalendarError(f"the schedule runs past the year {LAST_YEAR}")
            if self.is_open(day):
                days.append(day)
            elif (until := self.closed_until(day)) is not None:
                if until.year >= LAST_YEAR:
                    raise CalendarError(f"the schedule runs past the year {LAST_YEAR}")
                day = until
            day += one
        self._next = day

    def _extend_to_date(self, target: dt.date) -> None:
        while self._next <= target:
            self._extend_to_index(len(self._days))

    def date_at(self, index: int) -> dt.date:
        """The date of working day ``index`` (0 = the start)."""
        if index < 0:
            raise CalendarError("a working-day index cannot be negative")
        if index >= len(self._days):
            self._extend_to_index(index)
        return self._days[index]

    def index_of(self, day: dt.date) -> int | None:
        """The index of an open day on or after the start, else None."""
        if day < self.start or not self.is_open(day):
            return None
        if day.year >= LAST_YEAR:  # past the end: say so before walking there
            raise CalendarError(f"the schedule runs past the year {LAST_YEAR}")
        self._extend_to_date(day)
        position = bisect.bisect_left(self._days, day)
        return position if position < len(self._days) and self._days[position] == day else None

    def next_open(self, day: dt.date) -> dt.date:
        """The first open day on or after ``day`` (which may be before the start)."""
        one = dt.timedelta(days=1)
        while not self.is_open(day):
            last_closed = self.closed_until(day) or day
            if last_closed.year >= LAST_YEAR:
                raise CalendarError(f"no working day before the year {LAST_YEAR}")
            day = last_closed + one
        return day
