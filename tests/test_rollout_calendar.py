"""The working-day calendar: open days, indices and their limits."""

from __future__ import annotations

import datetime as dt

import pytest

from socialplan.rollout.calendar import CalendarError, WorkCalendar

D = dt.date
WEEK = ["mon", "tue", "wed", "thu", "fri"]


def test_indices_count_open_days_only() -> None:
    # Friday 1 January 2027 is a holiday here; the first open day is Monday 4.
    calendar = WorkCalendar(D(2027, 1, 4), WEEK, [D(2027, 1, 1), D(2027, 1, 6)])
    assert [calendar.date_at(i) for i in range(5)] == [
        D(2027, 1, 4), D(2027, 1, 5), D(2027, 1, 7), D(2027, 1, 8), D(2027, 1, 11)]
    assert calendar.index_of(D(2027, 1, 11)) == 4
    assert calendar.index_of(D(2027, 1, 6)) is None  # a holiday
    assert calendar.index_of(D(2027, 1, 9)) is None  # a Saturday
    assert calendar.index_of(D(2026, 12, 31)) is None  # before the start


def test_index_and_date_are_inverse_over_two_years() -> None:
    calendar = WorkCalendar(D(2027, 1, 4), WEEK, [D(2027, 12, 27), D(2028, 1, 3)])
    for index in range(0, 520, 7):
        assert calendar.index_of(calendar.date_at(index)) == index
    # 2027 has 261 weekdays (52 weeks and Friday 31 December). One, Friday 1
    # January, is before the start and Monday 27 December is a holiday: 259
    # open days, indices 0-258. 1-2 January 2028 is a weekend and Monday 3 a
    # holiday, so Tuesday 4 January 2028 is index 259.
    assert calendar.index_of(D(2028, 1, 4)) == 259


def test_next_open_skips_weekends_and_holidays() -> None:
    calendar = WorkCalendar(D(2027, 3, 24), WEEK, [D(2027, 3, 26), D(2027, 3, 29)])
    assert calendar.next_open(D(2027, 3, 26)) == D(2027, 3, 30)
    assert calendar.next_open(D(2027, 3, 30)) == D(2027, 3, 30)


def test_a_week_without_working_days_is_refused() -> None:
    with pytest.raises(CalendarError):
        WorkCalendar(D(2027, 1, 4), [])


def test_a_schedule_that_runs_for_millennia_is_refused() -> None:
    calendar = WorkCalendar(D(8995, 1, 4), ["mon"])  # about 52 open days a year left
    assert calendar.date_at(200).year == 8998
    with pytest.raises(CalendarError, match="past the year"):
        calendar.date_at(400)
