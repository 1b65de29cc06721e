"""Benchmark the rollout scheduler: 500 and 5,000 activities.

Prints figures and exits non-zero when the target is missed:

    python benchmarks/bench_rollout.py [--runs 25] [--seed 2027]

Each activity follows four earlier ones on average (0 to 8, chosen from the
previous 200, with lags and leads), a tenth of them are milestones and one
in fifty has a pinned start, over a calendar with weekends, holidays and a
closed period.
The time covers what ``socialplan rollout`` does after generating
activities: topological order, both passes, float, dates from the calendar
and the critical path. The target: scheduling 5,000 activities takes at most
12 times as long as 500 (the work grows with activities plus dependencies,
so about 10x is expected).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import statistics
import sys
import time

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
        began = time.perf_counter()
        schedule(specs, calendar).critical_path()
        return time.perf_counter() - began
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
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
