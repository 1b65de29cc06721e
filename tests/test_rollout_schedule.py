"""The scheduler against a calendar case worked by hand and against an
independent longest-path computation with networkx over the same graph."""

from __future__ import annotations

import datetime as dt
import random

import networkx as nx
import pytest

from socialplan.rollout.calendar import ClosedPeriod, WorkCalendar
from socialplan.rollout.schedule import Schedule, ScheduleError, cycle_problems, schedule
from socialplan.rollout.spec import ActivitySpec, Link

D = dt.date


def spec(ident: str, days: int, *after: str | tuple[str, int], pin: dt.date | None = None) -> ActivitySpec:
    links = [Link(a) if isinstance(a, str) else Link(a[0], a[1]) for a in after]
    return ActivitySpec(ident, ident.upper(), "plan", days, links, pin=pin)


# --- a calendar case worked by hand ---------------------------------------------------
#
# Easter 2027 in England: Good Friday 26 March, Easter Monday 29 March. The
# programme starts on Wednesday 24 March. Open days and their indices:
#   0 Wed 24 Mar, 1 Thu 25, (Fri 26 holiday, weekend, Mon 29 holiday),
#   2 Tue 30, 3 Wed 31, 4 Thu 1 Apr, 5 Fri 2, 6 Mon 5, 7 Tue 6, 8 Wed 7.
#
#   A 3 days            : 0..2   -> Wed 24 Mar to Tue 30 Mar, finishes at 3
#   B 2 days after A +1 : 4..5   -> Thu 1 Apr to Fri 2 Apr, finishes at 6
#   M milestone after B : 6      -> Mon 5 Apr
#   C 4 days after A    : 3..6   -> Wed 31 Mar to Mon 5 Apr, finishes at 7
#   D 1 day after M, C  : 7      -> Tue 6 Apr, finishes at 8 = the span
# Backward: D late start 7; C late finish 7 (float 0); M late start 7
# (float 1); B late finish 7, late start 5 (float 1); A late finish
# min(5 - 1, 3) = 3 (float 0). Critical path: A, C, D.

EASTER = WorkCalendar(D(2027, 3, 24), ["mon", "tue", "wed", "thu", "fri"], [D(2027, 3, 26), D(2027, 3, 29)])


def _easter() -> Schedule:
    return schedule([spec("a", 3), spec("b", 2, ("a", 1)), spec("m", 0, "b"), spec("c", 4, "a"),
                     spec("d", 1, "m", "c")], EASTER)


def test_hand_worked_dates() -> None:
    got = {a.id: (a.start, a.finish) for a in _easter().activities}
    assert got == {
        "a": (D(2027, 3, 24), D(2027, 3, 30)),
        "b": (D(2027, 4, 1), D(2027, 4, 2)),
        "m": (D(2027, 4, 5), D(2027, 4, 5)),
        "c": (D(2027, 3, 31), D(2027, 4, 5)),
        "d": (D(2027, 4, 6), D(2027, 4, 6)),
    }


def test_hand_worked_float_and_critical_path() -> None:
    result = _easter()
    assert {a.id: a.total_float for a in result.activities} == {"a": 0, "b": 1, "m": 1, "c": 0, "d": 0}
    assert [a.id for a in result.critical_path()] == ["a", "c", "d"]
    assert result.span == 8
    assert result.finish == D(2027, 4, 6)


def test_a_sunday_to_thursday_week() -> None:
    # 3 January 2027 is a Sunday; Friday and Saturday are the weekend.
    week = WorkCalendar(D(2027, 1, 3), ["sun", "mon", "tue", "wed", "thu"])
    result = schedule([spec("a", 5), spec("b", 1, "a")], week).by_id()
    assert (result["a"].start, result["a"].finish) == (D(2027, 1, 3), D(2027, 1, 7))
    assert result["b"].start == D(2027, 1, 10)


def test_a_pin_is_a_start_no_earlier_than() -> None:
    result = schedule([spec("a", 2), spec("b", 1, "a", pin=D(2027, 4, 6))], EASTER)
    b = result.by_id()["b"]
    assert b.start == D(2027, 4, 6)
    assert result.problems == []


def test_a_pin_the_dependencies_pass_is_a_warning_and_the_activity_moves() -> None:
    result = schedule([spec("a", 5), spec("b", 1, "a", pin=D(2027, 3, 25))], EASTER)
    assert result.by_id()["b"].start == D(2027, 4, 2)  # index 5, after a's five days (0..4)
    assert [(p.code, p.severity) for p in result.problems] == [("RL010", "warning")]


@pytest.mark.parametrize(("pin", "words"), [
    (D(2027, 3, 27), "Saturday"),
    (D(2027, 3, 29), "holiday"),
    (D(2027, 3, 1), "before the programme starts"),
])
def test_a_pin_on_a_closed_day_or_before_the_start_is_an_error(pin: dt.date, words: str) -> None:
    with pytest.raises(ScheduleError) as caught:
        schedule([spec("a", 1, pin=pin)], EASTER)
    (problem,) = caught.value.problems
    assert problem.code == "RL003"
    assert words in problem.message


def test_a_cycle_is_named_in_the_order_work_flows() -> None:
    specs = [spec("a", 1), spec("b", 1, "a", "d"), spec("c", 1, "b"), spec("d", 1, "c")]
    specs[1].after[1] = Link("d", 0, ("rollout", "activities", 0, "after", 1))
    with pytest.raises(ScheduleError) as caught:
        schedule(specs, EASTER)
    (problem,) = caught.value.problems
    assert problem.code == "RL002"
    assert "b -> c -> d -> b" in problem.message
    assert problem.path == ("rollout", "activities", 0, "after", 1)  # the link the plan wrote


def test_every_separate_cycle_is_reported() -> None:
    # Two knots, a <-> b and c -> d -> e -> c, and work hanging after the
    # first (f after a) that is on no cycle itself.
    specs = [spec("a", 1, "b"), spec("b", 1, "a"), spec("c", 1, "e"), spec("d", 1, "c"), spec("e", 1, "d"),
             spec("f", 1, "a"), spec("g", 1)]
    with pytest.raises(ScheduleError) as caught:
        schedule(specs, EASTER)
    messages = [p.message for p in caught.value.problems]
    assert messages == ["the dependencies form a cycle: a -> b -> a",
                        "the dependencies form a cycle: c -> d -> e -> c"]


def test_cycles_leave_out_broken_links() -> None:
    # b -> a closes a loop only through a lead longer than a: that link is an
    # error of its own (RL004), not part of a cycle.
    specs = [spec("a", 2, ("b", -5)), spec("b", 1, "a"), spec("c", 1, "nowhere")]
    assert cycle_problems(specs) == []
    specs.append(spec("d", 1, "c", "e"))
    specs.append(spec("e", 1, "d"))
    assert [p.message for p in cycle_problems(specs)] == ["the dependencies form a cycle: d -> e -> d"]


def test_a_self_dependency_is_a_cycle() -> None:
    with pytest.raises(ScheduleError, match="cycle: a -> a"):
        schedule([spec("a", 1, "a")], EASTER)


def test_an_unknown_dependency_suggests_the_nearest_id() -> None:
    with pytest.raises(ScheduleError) as caught:
        schedule([spec("governance", 1), spec("b", 1, "governence")], EASTER)
    assert caught.value.problems[0].hint == "did you mean 'governance'?"


def test_a_lead_longer_than_the_predecessor_is_an_error() -> None:
    with pytest.raises(ScheduleError, match="lead of 4 working days is longer than 'a'"):
        schedule([spec("a", 3), spec("b", 1, ("a", -4))], EASTER)


def test_a_lead_within_the_predecessor_overlaps_it() -> None:
    b = schedule([spec("a", 3), spec("b", 1, ("a", -2))], EASTER).by_id()["b"]
    assert b.early_start == 1


# --- a second case by hand: a trading freeze, a lead and a pin that sets the finish ---
#
# Monday 8 November 2027 on, Friday 12 November a holiday, and a freeze from
# Monday 22 November to Friday 3 December. Open days and their indices:
#   0 Mon 8, 1 Tue 9, 2 Wed 10, 3 Thu 11, 4 Mon 15, 5 Tue 16, 6 Wed 17,
#   7 Thu 18, 8 Fri 19, (freeze), 9 Mon 6 Dec, 10 Tue 7, 11 Wed 8, 12 Thu 9,
#   13 Fri 10, 14 Mon 13, 15 Tue 14, 16 Wed 15.
#
#   A 4 days            : 0..3   Mon 8 to Thu 11 Nov, finishes at 4
#   B 6 days, A - 2     : 2..7   Wed 10 to Thu 18 Nov (starts 2 days before A ends)
#   M milestone after B : 8      Fri 19 Nov
#   C 3 days, M + 1     : 9..11  Mon 6 to Wed 8 Dec (the freeze in between)
#   D 1 day after C, A  : 12     Thu 9 Dec, finishes at 13
#   P 2 days, pinned to Mon 13 Dec, nothing before it: 14..15, finishes at 16
#
# With P the span is 16. Backward: P late start 14 (float 0); D late finish
# 16, late start 15 (float 3); C late finish 15 (float 3); M late start
# 12 - 1 = 11 (float 3); B late finish 11 (float 3); A late finish
# min(LS(B) + 2, LS(D)) = min(7, 15) = 7 (float 3). The pinned P alone is
# critical: its date, not the work, sets the finish.
# Without P the span is 13 and A, B, M, C, D all have float 0.

FREEZE = WorkCalendar(D(2027, 11, 8), ["mon", "tue", "wed", "thu", "fri"], [D(2027, 11, 12)],
                      [ClosedPeriod(D(2027, 11, 22), D(2027, 12, 3), "Peak trading freeze")])


def _freeze(*extra: ActivitySpec) -> Schedule:
    return schedule([spec("a", 4), spec("b", 6, ("a", -2)), spec("m", 0, "b"), spec("c", 3, ("m", 1)),
                     spec("d", 1, "c", "a"), *extra], FREEZE)


def test_hand_worked_freeze_dates() -> None:
    got = {a.id: (a.start, a.finish) for a in _freeze(spec("p", 2, pin=D(2027, 12, 13))).activities}
    assert got == {
        "a": (D(2027, 11, 8), D(2027, 11, 11)),
        "b": (D(2027, 11, 10), D(2027, 11, 18)),
        "m": (D(2027, 11, 19), D(2027, 11, 19)),
        "c": (D(2027, 12, 6), D(2027, 12, 8)),
        "d": (D(2027, 12, 9), D(2027, 12, 9)),
        "p": (D(2027, 12, 13), D(2027, 12, 14)),
    }


def test_a_pin_that_ends_last_is_the_whole_critical_path_and_is_said_to_be() -> None:
    result = _freeze(spec("p", 2, pin=D(2027, 12, 13)))
    assert result.span == 16
    assert {a.id: a.total_float for a in result.activities} == {"a": 3, "b": 3, "m": 3, "c": 3, "d": 3, "p": 0}
    assert [a.id for a in result.critical_path()] == ["p"]
    assert [a.id for a in result.set_by_pins()] == ["p"]


def test_without_the_pin_the_work_is_the_critical_path() -> None:
    result = _freeze()
    assert result.span == 13
    assert [a.id for a in result.critical_path()] == ["a", "b", "m", "c", "d"]
    assert result.set_by_pins() == []


def test_a_pin_met_exactly_by_its_predecessors_does_not_start_the_path() -> None:
    # Pinned to Fri 10 Dec (index 13), just when D finishes: the work and the
    # pin agree, so the path runs through the work and nothing is set by the pin.
    result = _freeze(spec("p", 2, "d", pin=D(2027, 12, 10)))
    assert [a.id for a in result.critical_path()] == ["a", "b", "m", "c", "d", "p"]
    assert result.set_by_pins() == []
    # One day later the pin alone holds P back, and D gets a day of float.
    later = _freeze(spec("p", 2, "d", pin=D(2027, 12, 13)))
    assert [a.id for a in later.set_by_pins()] == ["p"]
    assert later.by_id()["d"].total_float == 1


def test_a_pin_in_a_closed_period_is_an_error_that_names_it() -> None:
    with pytest.raises(ScheduleError) as caught:
        schedule([spec("a", 1, pin=D(2027, 11, 24))], FREEZE)
    (problem,) = caught.value.problems
    assert problem.code == "RL003"
    assert "closed period 'Peak trading freeze'" in problem.message
    assert problem.hint == "the next working day is 2027-12-06"


def test_a_pin_past_the_calendar_is_an_error_not_a_crash() -> None:
    with pytest.raises(ScheduleError) as caught:
        schedule([spec("a", 1, pin=D(9500, 1, 3))], EASTER)
    assert [p.code for p in caught.value.problems] == ["RL009"]


# --- against networkx ------------------------------------------------------------------


def _random_specs(seed: int, count: int) -> list[ActivitySpec]:
    rng = random.Random(seed)
    specs: list[ActivitySpec] = []
    for i in range(count):
        days = rng.choice([0, 0, 1, 2, 3, 5, 8, 13])
        links = []
        for j in sorted(rng.sample(range(i), k=min(i, rng.randint(0, 4)))):
            before = specs[j].days
            lag = rng.choice([0, 0, 0, 2, 5, -min(before, 2)])
            links.append(Link(f"t{j}", lag))
        pin = None
        if rng.random() < 0.1:
            pin = EASTER.date_at(rng.randint(0, 40))
        specs.append(ActivitySpec(f"t{i}", f"T{i}", "plan", days, links, pin=pin))
    return specs


def _networkx_times(specs: list[ActivitySpec]) -> tuple[dict[str, int], dict[str, int], int]:
    """Earliest starts and floats as longest paths: a source edge to each
    activity weighs its pinned start (else 0), an edge u -> v weighs u's
    duration plus the lag, and every activity reaches the sink with its own
    duration. Longest paths on a DAG are shortest paths of the negated
    weights, which Bellman-Ford accepts."""
    graph = nx.DiGraph()
    for s in specs:
        pin = EASTER.index_of(s.pin) if s.pin else 0
        assert pin is not None
        graph.add_edge("source", s.id, w=pin)
        graph.add_edge(s.id, "sink", w=s.days)
        for link in s.after:
            before = next(p for p in specs if p.id == link.id)
            graph.add_edge(link.id, s.id, w=before.days + link.lag)
    span = nx.dag_longest_path_length(graph, weight="w")
    negated = {(u, v): -d["w"] for u, v, d in graph.edges(data=True)}
    nx.set_edge_attributes(graph, negated, "neg")
    from_source = nx.single_source_bellman_ford_path_length(graph, "source", weight="neg")
    to_sink = nx.single_source_bellman_ford_path_length(graph.reverse(copy=True), "sink", weight="neg")
    earliest = {s.id: -from_source[s.id] for s in specs}
    floats = {s.id: span - earliest[s.id] - (-to_sink[s.id]) for s in specs}
    return earliest, floats, span


@pytest.mark.parametrize("seed", range(12))
def test_times_match_networkx_longest_paths(seed: int) -> None:
    specs = _random_specs(seed, 60)
    result = schedule(specs, EASTER)
    earliest, floats, span = _networkx_times(specs)
    assert result.span == span
    assert {a.id: a.early_start for a in result.activities} == earliest
    assert {a.id: a.total_float for a in result.activities} == floats
    assert {a.id for a in result.critical_path()} == {i for i, f in floats.items() if f == 0}


def _naive_open_days(start: dt.date, count: int) -> list[dt.date]:
    """The open days counted one by one, without the calendar class."""
    days, day = [], start
    while len(days) < count:
        if day.weekday() < 5 and day not in (D(2027, 3, 26), D(2027, 3, 29)):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


@pytest.mark.parametrize("seed", range(4))
def test_dates_are_the_nth_open_day(seed: int) -> None:
    specs = _random_specs(seed, 40)
    result = schedule(specs, EASTER)
    open_days = _naive_open_days(EASTER.start, result.span + 2)
    for a in result.activities:
        assert a.start == open_days[a.early_start]
        assert a.finish == (a.start if a.spec.milestone else open_days[a.early_finish - 1])
        assert EASTER.is_open(a.start) and EASTER.is_open(a.finish)


def test_dates_skip_closed_periods() -> None:
    freezes = [(D(2027, 4, 12), D(2027, 4, 23)), (D(2027, 5, 31), D(2027, 6, 4))]
    calendar = WorkCalendar(EASTER.start, ["mon", "tue", "wed", "thu", "fri"], [D(2027, 3, 26), D(2027, 3, 29)],
                            [ClosedPeriod(first, last, "freeze") for first, last in freezes])
    specs = _random_specs(7, 40)
    for s in specs:  # re-pin on days open in this calendar
        s.pin = calendar.next_open(s.pin) if s.pin else None
    result = schedule(specs, calendar)
    open_days = [d for d in _naive_open_days(EASTER.start, result.span + 40)
                 if not any(first <= d <= last for first, last in freezes)]
    for a in result.activities:
        assert a.start == open_days[a.early_start]
        assert a.finish == (a.start if a.spec.milestone else open_days[a.early_finish - 1])
    assert any(a.start < D(2027, 4, 12) <= a.finish for a in result.activities)  # some work spans a freeze
