"""Working-day calendar: which days are open, and the n-th working day.

The scheduler counts time in working-day indices, not dates: index 0 is the
programme's first working day, index n the n-th open day after it. Durations
and lags are then plain integer arithmetic, and dates are looked up only at
the end. Weekends come from the plan's ``rollout.workdays`` (a Sunday-to-
Thursday week works as well as Monday-to-Friday) and closed days from
``rollout.holidays``.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable

WEEKDAY_NAMES: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# A schedule that reaches this year is a mistake in the plan (a duration or
# lag of thousands of days), not a programme anyone will run.
LAST_YEAR = 9000


class CalendarError(ValueError):
    """The calendar cannot answer: no working days, or dates out of range."""


class WorkCalendar:
    """Open days from ``start`` on, counted from 0."""

    def __init__(self, start: dt.date, workdays: Iterable[str], holidays: Iterable[dt.date] = ()) -> None:
        self.start = start
        self.weekdays = frozenset(WEEKDAY_NAMES.index(name) for name in workdays)
        if not self.weekdays:
            raise CalendarError("the working week has no working days")
        self.holidays = frozenset(holidays)
        self._days: list[dt.date] = []  # the open days found so far, in order
        self._next = start  # the first date not yet examined

    @property
    def days_per_week(self) -> int:
        return len(self.weekdays)

    def is_open(self, day: dt.date) -> bool:
        return day.weekday() in self.weekdays and day not in self.holidays

    def _extend_to_index(self, index: int) -> None:
        days, day = self._days, self._next
        one = dt.timedelta(days=1)
        while len(days) <= index:
            if day.year >= LAST_YEAR:
                raise CalendarError(f"the schedule runs past the year {LAST_YEAR}")
            if self.is_open(day):
                days.append(day)
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
        self._extend_to_date(day)
        position = bisect.bisect_left(self._days, day)
        return position if position < len(self._days) and self._days[position] == day else None

    def next_open(self, day: dt.date) -> dt.date:
        """The first open day on or after ``day`` (which may be before the start)."""
        one = dt.timedelta(days=1)
        while not self.is_open(day):
            if day.year >= LAST_YEAR:
                raise CalendarError(f"no working day before the year {LAST_YEAR}")
            day += one
        return day
