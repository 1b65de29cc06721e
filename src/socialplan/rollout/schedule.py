"""Critical-path scheduling over working days.

Forward pass: an activity starts at the latest of the programme start, its
pinned date and, for each predecessor, that predecessor's finish plus the
lag. Backward pass: it must finish by the earliest of the programme finish
and each successor's latest start minus the lag. Total float is latest
start minus earliest start; the critical path is the activities with no
float. Both passes walk a topological order once, so the work grows with
activities plus dependencies.

Times are working-day indices (see :mod:`socialplan.rollout.calendar`): an
activity of ``d`` days starting at index ``s`` works days ``s .. s+d-1`` and
finishes at index ``s+d``; a milestone (0 days) happens at the start of day
``s``. A pinned start means "not before this date", as in most planning
tools: dependencies that finish later push the activity later (and the plan
is told), and the pin does not change the backward pass.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

from socialplan.rollout.calendar import CalendarError, WorkCalendar
from socialplan.rollout.problems import Problem
from socialplan.rollout.spec import ActivitySpec
from socialplan.suggest import did_you_mean


@dataclass(frozen=True, slots=True)
class ScheduledActivity:
    spec: ActivitySpec
    early_start: int
    early_finish: int
    late_start: int
    late_finish: int
    start: dt.date
    finish: dt.date  # the last working day (the day itself for a milestone)

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def total_float(self) -> int:
        return self.late_start - self.early_start

    @property
    def critical(self) -> bool:
        return self.total_float == 0


@dataclass
class Schedule:
    activities: list[ScheduledActivity]  # in a stable topological order
    calendar: WorkCalendar
    problems: list[Problem]  # warnings (pins pushed later)

    @property
    def span(self) -> int:
        """Working days from the programme start to its finish."""
        return max((a.early_finish for a in self.activities), default=0)

    @property
    def start(self) -> dt.date:
        return self.calendar.start

    @property
    def finish(self) -> dt.date:
        return max((a.finish for a in self.activities), default=self.calendar.start)

    def by_id(self) -> dict[str, ScheduledActivity]:
        return {a.id: a for a in self.activities}

    def critical_path(self) -> list[ScheduledActivity]:
        """Zero-float activities in the order they happen."""
        order = {a.id: i for i, a in enumerate(self.activities)}
        critical = [a for a in self.activities if a.critical]
        return sorted(critical, key=lambda a: (a.early_start, a.early_finish, order[a.id]))

    def set_by_pins(self) -> list[ScheduledActivity]:
        """Critical activities whose start only their pinned date sets: every
        predecessor (with its lag) is ready earlier, and the pin is later than
        the programme start. The critical path begins at such a pin, and the
        work before it has float, however long that work is."""
        by_id = self.by_id()
        out = []
        for a in self.critical_path():
            if a.spec.pin is None or a.start != a.spec.pin or a.early_start == 0:
                continue
            if any(by_id[link.id].early_finish + link.lag == a.early_start
                   for link in a.spec.after if link.id in by_id):
                continue
            out.append(a)
        return out


class ScheduleError(Exception):
    """The activities cannot be scheduled; ``problems`` say why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


def _find_cycle(remaining: set[int], preds: list[list[int]]) -> list[int]:
    """A cycle among nodes that all still wait for a predecessor in
    ``remaining``: walk back through predecessors until a node repeats."""
    node = min(remaining)
    seen: dict[int, int] = {}
    trail: list[int] = []
    while node not in seen:
        seen[node] = len(trail)
        trail.append(node)
        node = min(p for p in preds[node] if p in remaining)
    cycle = trail[seen[node]:]
    cycle.reverse()  # walked backwards; present in the order work flows
    return cycle


def _on_cycles(nodes: set[int], preds: list[list[int]], succs: list[list[int]]) -> set[int]:
    """The nodes of ``nodes`` that wait, through nodes of ``nodes``, for a
    cycle: peel off (Kahn's way) every node with no predecessor left."""
    waiting = {i: sum(p in nodes for p in preds[i]) for i in nodes}
    ready = [i for i, count in waiting.items() if count == 0]
    while ready:
        node = ready.pop()
        del waiting[node]
        for follower in succs[node]:
            if follower in waiting:
                waiting[follower] -= 1
                if waiting[follower] == 0:
                    ready.append(follower)
    return set(waiting)


def cycle_problems(specs: Sequence[ActivitySpec]) -> list[Problem]:
    """One problem for each cycle that does not share an activity with one
    already reported. Links to unknown ids and over-long leads are left out:
    they are problems of their own, and the cycles in what remains are
    independent of them. A cycle that shares activities with a reported one
    shows up once that one is broken."""
    index = {s.id: i for i, s in enumerate(specs)}
    preds: list[list[int]] = [[] for _ in specs]
    succs: list[list[int]] = [[] for _ in specs]
    for i, spec in enumerate(specs):
        for link in spec.after:
            j = index.get(link.id)
            if j is None or (link.lag < 0 and -link.lag > specs[j].days):
                continue
            preds[i].append(j)
            succs[j].append(i)
    problems = []
    remaining = _on_cycles(set(range(len(specs))), preds, succs)
    while remaining:
        cycle = _find_cycle(remaining, preds)
        problems.append(_cycle_problem(cycle, specs))
        remaining = _on_cycles(remaining - set(cycle), preds, succs)
    return problems


def _cycle_problem(cycle: list[int], specs: Sequence[ActivitySpec]) -> Problem:
    # Rotate so the cycle starts at its first activity in plan order, for a
    # message that does not depend on where the search began.
    start = min(range(len(cycle)), key=lambda i: cycle[i])
    cycle = cycle[start:] + cycle[:start]
    names = [specs[i].id for i in cycle]
    text = " -> ".join([*names, names[0]])
    # Point at a dependency the plan wrote: generated ones never form cycles.
    path = None
    for position, node in enumerate(cycle):
        follower = specs[cycle[(position + 1) % len(cycle)]]
        for link in follower.after:
            if link.id == specs[node].id and link.path is not None:
                path = link.path
                break
        if path is not None:
            break
    if path is None:
        path = next((specs[i].origin for i in cycle if specs[i].origin is not None), None)
    return Problem("RL002", f"the dependencies form a cycle: {text}", path,
                   "each activity waits for the one before it; remove one of these dependencies")


def check_pins(specs: Sequence[ActivitySpec], calendar: WorkCalendar, problems: list[Problem]) -> list[int]:
    """The working-day index of each pinned start (0 when not pinned)."""
    pins = [0] * len(specs)
    for i, spec in enumerate(specs):
        if spec.pin is None:
            continue
        where = spec.pin_path or spec.origin
        if spec.pin < calendar.start:
            problems.append(Problem("RL003", f"'{spec.id}' is pinned to {spec.pin.isoformat()}, before the "
                                    f"programme starts on {calendar.start.isoformat()}", where,
                                    "pin a later date or move rollout.start"))
            continue
        try:
            position = calendar.index_of(spec.pin)
        except CalendarError as error:
            problems.append(Problem("RL009", f"'{spec.id}' is pinned to {spec.pin.isoformat()}: {error}", where,
                                    "pin a date within the programme"))
            continue
        if position is None:
            try:
                hint: str | None = f"the next working day is {calendar.next_open(spec.pin).isoformat()}"
            except CalendarError:
                hint = None
            problems.append(Problem("RL003", f"'{spec.id}' is pinned to {spec.pin.isoformat()}, which is "
                                    f"not a working day ({calendar.closed_reason(spec.pin)})", where, hint))
            continue
        pins[i] = position
    return pins


def schedule(specs: Sequence[ActivitySpec], calendar: WorkCalendar) -> Schedule:
    """Dates, float and the critical path; raises :class:`ScheduleError`."""
    index = {s.id: i for i, s in enumerate(specs)}
    count = len(specs)
    problems: list[Problem] = []
    # Dependencies in compressed rows: the predecessors of activity i are
    # pred_node[pred_at[i]:pred_at[i + 1]] with their lags in pred_lag. Flat
    # lists of integers keep the passes below compact in memory.
    pred_at = [0] * (count + 1)
    pred_node: list[int] = []
    pred_lag: list[int] = []
    for i, spec in enumerate(specs):
        for link in spec.after:
            j = index.get(link.id)
            if j is None:
                near = did_you_mean(link.id, index)
                problems.append(Problem("RL001", f"'{link.id}' is not the id of any activity",
                                        link.path or spec.origin, f"did you mean '{near}'?" if near else None))
            elif link.lag < 0 and -link.lag > specs[j].days:
                lead = f"{-link.lag} working day{'' if link.lag == -1 else 's'}"
                problems.append(Problem("RL004", f"a lead of {lead} is longer than "
                                        f"'{link.id}' ({specs[j].days} days)", link.path or spec.origin))
            else:
                pred_node.append(j)
                pred_lag.append(link.lag)
        pred_at[i + 1] = len(pred_node)
    pins = check_pins(specs, calendar, problems)
    if problems:
        raise ScheduleError(problems)

    # Successors in the same form, by counting.
    succ_at = [0] * (count + 1)
    for j in pred_node:
        succ_at[j + 1] += 1
    for i in range(count):
        succ_at[i + 1] += succ_at[i]
    succ_node = [0] * len(pred_node)
    succ_lag = [0] * len(pred_node)
    fill = succ_at[:-1]
    for i in range(count):
        for k in range(pred_at[i], pred_at[i + 1]):
            j = pred_node[k]
            position = fill[j]
            succ_node[position] = i
            succ_lag[position] = pred_lag[k]
            fill[j] = position + 1

    # Kahn's algorithm, taking ready activities in plan order for stable output.
    waiting = [pred_at[i + 1] - pred_at[i] for i in range(count)]
    queue = deque(i for i in range(count) if waiting[i] == 0)
    order: list[int] = []
    while queue:
        node = queue.popleft()
        order.append(node)
        for k in range(succ_at[node], succ_at[node + 1]):
            follower = succ_node[k]
            waiting[follower] -= 1
            if waiting[follower] == 0:
                queue.append(follower)
    if len(order) < count:
        raise ScheduleError(cycle_problems(specs))

    days = [s.days for s in specs]
    early_start = [0] * count
    early_finish = [0] * count
    for node in order:
        start = pins[node]
        for k in range(pred_at[node], pred_at[node + 1]):
            ready = early_finish[pred_node[k]] + pred_lag[k]
            if ready > start:
                start = ready
        early_start[node] = start
        early_finish[node] = start + days[node]
    span = max(early_finish, default=0)
    late_finish = [span] * count
    late_start = [0] * count
    for node in reversed(order):
        finish = span
        for k in range(succ_at[node], succ_at[node + 1]):
            latest = late_start[succ_node[k]] - succ_lag[k]
            if latest < finish:
                finish = latest
        late_finish[node] = finish
        late_start[node] = finish - days[node]

    for node in range(count):
        spec = specs[node]
        if spec.pin is not None and early_start[node] > pins[node]:
            problems.append(Problem(
                "RL010", f"'{spec.id}' is pinned to {spec.pin.isoformat()} but its dependencies let it "
                f"start only {early_start[node] - pins[node]} working days later",
                spec.pin_path or spec.origin, "move the pin, or shorten what it follows", severity="warning"))
    try:
        date_at = calendar.date_at
        scheduled = []
        for node in order:
            start_date = date_at(early_start[node])
            finish_date = date_at(early_finish[node] - 1) if days[node] > 0 else start_date
            scheduled.append(ScheduledActivity(specs[node], early_start[node], early_finish[node],
                                               late_start[node], late_finish[node], start_date, finish_date))
    except CalendarError as error:
        raise ScheduleError([Problem("RL009", str(error), None,
                                     "check the durations and lags in rollout.activities, and the closed "
                                     "periods in rollout.blackouts")]) from None
    return Schedule(scheduled, calendar, problems)

