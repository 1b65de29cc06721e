"""Benchmark the rollout: the scheduler at 500 and 5,000 activities, and the
whole rollout of a plan ten times larger in groups and in use cases.

Prints figures and exits non-zero when a target is missed:

    python benchmarks/bench_rollout.py [--runs 25] [--seed 2027]

Times are the CPU time of this process (``time.process_time``): on a shared
machine, other work then inflates them less than it does wall time.

**Scheduler.** Each activity follows four earlier ones on average (0 to 8,
chosen from the previous 200, with lags and leads), a tenth of them are
milestones and one in fifty has a pinned start, over a calendar with
weekends, holidays and a closed period.
The time covers what ``socialplan rollout`` does after generating
activities: topological order, both passes, float, dates from the calendar
and the critical path. The target: scheduling 5,000 activities takes at most
12 times as long as 500 (the work grows with activities plus dependencies,
so about 10x is expected).

**Whole plan.** A generated plan of 70 stakeholder groups and 70 use cases
(about 500 activities), then one of 700 and 700 (about 5,000): each use
case concerns three groups, half of them are piloted, and every third
group holds a programme role (so a role has hundreds of holders). The time
covers ``build_rollout``: generating the activities, scheduling them, the
RACI matrix, the communication plan and the measurement plan. Ten times
the groups and the use cases is a hundred times their pairs, so a step
that pairs every group with every use case, or every activity with every
other of a role, would show far above the target, again at most 12x.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import statistics
import sys
import time
from typing import Any

from socialplan.model import Plan
from socialplan.rollout import build_rollout
from socialplan.rollout.calendar import ClosedPeriod, WorkCalendar
from socialplan.rollout.schedule import schedule
from socialplan.rollout.spec import ActivitySpec, Link

START = dt.date(2027, 1, 4)
HOLIDAYS = [dt.date(2027, 4, 2), dt.date(2027, 4, 5), dt.date(2027, 5, 3), dt.date(2027, 12, 27)]
CLOSED = [ClosedPeriod(dt.date(2027, 8, 2), dt.date(2027, 8, 13), "summer shutdown")]
TARGET_RATIO = 12.0


def generated(count: int, seed: int) -> list[ActivitySpec]:
    rng = random.Random(seed)
    specs: list[ActivitySpec] = []
    for i in range(count):
        days = 0 if rng.random() < 0.1 else rng.randint(1, 15)
        links = []
        if i:
            window = range(max(0, i - 200), i)
            for j in rng.sample(window, k=min(len(window), rng.randint(0, 8))):
                lag = rng.choice([0, 0, 0, 1, 3, -min(specs[j].days, 2)])
                links.append(Link(f"a{j}", lag))
        pin = START + dt.timedelta(days=rng.randint(0, 300)) if rng.random() < 0.02 else None
        specs.append(ActivitySpec(f"a{i}", f"Activity {i}", "plan", days, links, pin=pin))
    calendar = WorkCalendar(START, ["mon", "tue", "wed", "thu", "fri"], HOLIDAYS, CLOSED)
    for spec in specs:  # pins on open days, as a valid plan has them
        if spec.pin is not None:
            spec.pin = calendar.next_open(spec.pin)
    return specs


def timed_run(specs: list[ActivitySpec]) -> float:
    """One scheduling, with the garbage collector paused as timeit does, so
    a collection triggered by earlier work does not land in the figure."""
    calendar = WorkCalendar(START, ["mon", "tue", "wed", "thu", "fri"], HOLIDAYS, CLOSED)
    gc.collect()
    gc.disable()
    try:
        began = time.process_time()
        schedule(specs, calendar).critical_path()
        return time.process_time() - began
    finally:
        gc.enable()


def measure(sizes: tuple[int, ...], seed: int, runs: int) -> dict[int, list[float]]:
    """Runs of every size in turn, round after round, so a busy moment on the
    machine affects both sizes alike."""
    inputs = {count: generated(count, seed) for count in sizes}
    times: dict[int, list[float]] = {count: [] for count in sizes}
    for _ in range(runs):
        for count in sizes:
            times[count].append(timed_run(inputs[count]))
    return times


def generated_plan(groups: int, use_cases: int, seed: int) -> Plan:
    rng = random.Random(seed)
    roles = ["group-lead", "champions", "communications"]
    stakeholders: list[dict[str, Any]] = [
        {"id": f"group-{g}", "name": f"Group {g}", "headcount": rng.randint(20, 3000),
         "goals": [f"the targets of group {g}"], "wiifm": f"answers for group {g}",
         "roles": [rng.choice(roles)] if g % 3 == 0 else [],
         "education": [rng.choice(["workshop", "webinar", "e-learning", "seminar"])]}
        for g in range(groups)
    ]
    stakeholders[0]["roles"] = ["sponsor"]
    stakeholders[1]["roles"] = ["project-owner", "it", "hr"]
    cases: list[dict[str, Any]] = []
    for u in range(use_cases):
        members = rng.sample([g["id"] for g in stakeholders], 3)
        case: dict[str, Any] = {"id": f"use-case-{u}", "title": f"Use case {u}", "stakeholders": members}
        if u % 2 == 0:
            case["pilot"] = {"participants": 20, "weeks": rng.randint(4, 10), "groups": members[:1]}
        cases.append(case)
    return Plan.model_validate({
        "version": 1, "organisation": {"name": "Benchmark Holdings", "platform": "A network"},
        "use_cases": cases, "stakeholders": stakeholders,
        "rollout": {"start": "2027-03-01", "holidays": ["2027-04-02", "2027-04-05"], "session_capacity": 25,
                    "staff_per_champion": 100},
    })


def timed_rollout(plan: Plan) -> float:
    gc.collect()
    gc.disable()
    try:
        began = time.process_time()
        build_rollout(plan)
        return time.process_time() - began
    finally:
        gc.enable()


def whole_plan(seed: int, runs: int) -> bool:
    sizes = (70, 700)
    plans = {n: generated_plan(n, n, seed) for n in sizes}
    times: dict[int, list[float]] = {n: [] for n in sizes}
    for _ in range(runs):
        for n in sizes:
            times[n].append(timed_rollout(plans[n]))
    for n in sizes:
        activities = len(build_rollout(plans[n]).schedule.activities)
        print(f"{n:>4} groups x {n:>4} use cases, {activities:>5} activities: best {min(times[n]) * 1000:8.2f} ms, "
              f"median {statistics.median(times[n]) * 1000:8.2f} ms")
    ratio = min(times[sizes[1]]) / min(times[sizes[0]])
    verdict = "ok" if ratio <= TARGET_RATIO else "MISSED"
    print(f"ratio whole rollout, 10x groups and use cases (best times): {ratio:.2f}x "
          f"(target at most {TARGET_RATIO:g}x): {verdict}")
    return ratio <= TARGET_RATIO


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=25, help="rounds (the best and median are shown)")
    parser.add_argument("--seed", type=int, default=2027, help="seed of the generated activities")
    args = parser.parse_args()
    sizes = (500, 5000)
    times = measure(sizes, args.seed, args.runs)
    for count in sizes:
        specs = generated(count, args.seed)
        links = sum(len(s.after) for s in specs)
        print(f"{count:>5} activities, {links:>6} dependencies ({links / count:.2f} each): "
              f"best {min(times[count]) * 1000:8.2f} ms, median {statistics.median(times[count]) * 1000:8.2f} ms")
    ratio = min(times[5000]) / min(times[500])
    verdict = "ok" if ratio <= TARGET_RATIO else "MISSED"
    print(f"ratio 5,000 / 500 (best times): {ratio:.2f}x (target at most {TARGET_RATIO:g}x): {verdict}")
    whole = whole_plan(args.seed, args.runs)
    return 0 if ratio <= TARGET_RATIO and whole else 1


if __name__ == "__main__":
    sys.exit(main())
