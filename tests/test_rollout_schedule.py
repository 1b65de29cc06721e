"""The scheduler against a calendar case worked by hand and against an
independent longest-path computation with networkx over the same graph."""

from __future__ import annotations

import datetime as dt
import random

import networkx as nx
import pytest

from socialplan.rollout.calendar import WorkCalendar
from socialplan.rollout.schedule import Schedule, ScheduleError, schedule
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
