"""The working-day calendar: open days, indices and their limits."""

from __future__ import annotations

import datetime as dt

import pytest

from socialplan.rollout.calendar import CalendarError, ClosedPeriod, WorkCalendar

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


# A trading freeze from Monday 22 November to Friday 3 December 2027, and
# Friday 12 November a holiday. Open days from Monday 8 November:
#   0 Mon 8, 1 Tue 9, 2 Wed 10, 3 Thu 11, 4 Mon 15 ... 8 Fri 19,
#   9 Mon 6 Dec (the first day after the freeze), 10 Tue 7 ...
FREEZE = ClosedPeriod(D(2027, 11, 22), D(2027, 12, 3), "Peak trading freeze")


def test_a_closed_period_is_skipped_like_a_weekend() -> None:
    calendar = WorkCalendar(D(2027, 11, 8), WEEK, [D(2027, 11, 12)], [FREEZE])
    assert [calendar.date_at(i) for i in (3, 4, 8, 9, 10)] == [
        D(2027, 11, 11), D(2027, 11, 15), D(2027, 11, 19), D(2027, 12, 6), D(2027, 12, 7)]
    assert calendar.index_of(D(2027, 11, 24)) is None
    assert calendar.index_of(D(2027, 12, 6)) == 9
    assert calendar.next_open(D(2027, 11, 22)) == D(2027, 12, 6)
    assert calendar.closed_reason(D(2027, 11, 24)) == (
        "in the closed period 'Peak trading freeze', 2027-11-22 to 2027-12-03 in rollout.blackouts")
    assert "holiday" in calendar.closed_reason(D(2027, 11, 12))
    assert "Saturday" in calendar.closed_reason(D(2027, 11, 13))


def test_overlapping_closed_periods_close_every_day_of_either() -> None:
    periods = [ClosedPeriod(D(2027, 1, 11), D(2027, 1, 20), "a"), ClosedPeriod(D(2027, 1, 18), D(2027, 1, 29), "b"),
               ClosedPeriod(D(2027, 1, 13), D(2027, 1, 14), "inside a")]
    calendar = WorkCalendar(D(2027, 1, 4), WEEK, [], periods)
    naive = [d for d in (D(2027, 1, 4) + dt.timedelta(days=n) for n in range(60))
             if d.weekday() < 5 and not any(p.first <= d <= p.last for p in periods)]
    assert [calendar.date_at(i) for i in range(len(naive))] == naive
    assert calendar.period_of(D(2027, 1, 19)) == periods[0]  # of those that hold it, the first to start


def test_a_closed_period_running_for_millennia() -> None:
    calendar = WorkCalendar(D(2027, 1, 4), WEEK, [], [ClosedPeriod(D(2027, 2, 1), D(8990, 12, 31), "long")])
    assert calendar.date_at(19) == D(2027, 1, 29)
    assert calendar.date_at(20) == D(8991, 1, 3)  # the 1st is a Saturday
    with pytest.raises(CalendarError, match="past the year"):
        WorkCalendar(D(2027, 1, 4), WEEK, [], [ClosedPeriod(D(2027, 2, 1), D(9999, 12, 31), "x")]).date_at(20)
    with pytest.raises(CalendarError):
        WorkCalendar(D(2027, 1, 4), WEEK, [], [ClosedPeriod(D(2027, 2, 1), D(9999, 12, 31), "x")]).next_open(
            D(2027, 2, 1))
