"""Benchmark ``socialplan business-case``: the Monte Carlo simulation must not
dominate the command, and an HTML report (charts and all) must cost little
more than the JSON figures.

Prints figures and exits 1 when a target is missed:

    python benchmarks/bench_business_case.py [--runs 5] [--format html] [--only simulation|formats]

**Simulation.** A generated plan with 50 benefit lines (10 use cases of 5
benefits, each a three-point estimate, hours saved or a yearly value), 12
cost lines of every kind, 8 stakeholder groups with pilots and 3 options,
appraised over 60 months (a 5-year horizon). The whole command runs as a
user runs it, in a fresh process writing the report with -o: once with
10,000 simulations and once with --simulations 0. Runs alternate between
the two so both see the same machine; the figure is the median of each.
Target: the command with 10,000 simulations takes at most 2x the command
without.

**Formats.** Every example plan, written with ``-f html`` and with ``-f
json`` (default simulations), alternately; the figure is the CPU time of
the child process (user + system, so other work on the machine counts
less than in wall time), median of the runs. Target: HTML takes at most
1.3x JSON, summed over the examples.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

TARGET_RATIO = 2.0
FORMAT_RATIO = 1.3
SIMULATIONS = 10_000
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def generated_plan(seed: int = 7) -> dict[str, Any]:
    rng = random.Random(seed)
    groups = [{"id": f"group-{g}", "name": f"Group {g}", "headcount": rng.randint(100, 4000),
               "adoption": {"ceiling": round(rng.uniform(0.5, 0.95), 2)}} for g in range(8)]
    use_cases = []
    for u in range(10):
        members = rng.sample([g["id"] for g in groups], 3)
        benefits = []
        for b in range(5):
            likely = round(rng.uniform(0.1, 1.5), 2)
            if b % 2 == 0:
                value: dict[str, Any] = {"hours_per_user_week": {"low": round(likely * 0.5, 2), "likely": likely,
                                                                 "high": round(likely * 2, 2)}}
            else:
                amount = rng.randint(20, 400) * 1000
                value = {"category": "cost-avoided", "cash_releasing": True,
                         "annual_value": {"low": amount // 2, "likely": amount, "high": amount * 2}}
            benefits.append({"name": f"benefit {u}.{b}", "risk": round(rng.uniform(0.05, 0.3), 2), **value})
        use_cases.append({"id": f"use-case-{u}", "title": f"Use case {u}", "stakeholders": members,
                          "benefits": benefits,
                          "pilot": {"participants": rng.randint(20, 200), "weeks": rng.randint(4, 12),
                                    "groups": members[:2]}})
    kinds = [("one-off", "implementation"), ("recurring", "community"), ("per-user", "licence")]
    costs = []
    for c in range(12):
        kind, category = kinds[c % 3]
        likely = {"one-off": 80_000, "recurring": 60_000, "per-user": 4}[kind] * rng.uniform(0.5, 1.5)
        cost: dict[str, Any] = {
            "name": f"cost {c}", "category": category, "kind": kind, "month": rng.randint(0, 12),
            "amount": {"low": round(likely * 0.8, 2), "likely": round(likely, 2), "high": round(likely * 1.5, 2)},
        }
        if kind == "per-user":
            cost.update(per="month", users=rng.choice(["eligible", "active"]))
        costs.append(cost)
    return {
        "organisation": {"name": "Benchmark Holdings", "currency": "EUR", "platform": "A network"},
        "use_cases": use_cases,
        "stakeholders": groups,
        "options": [
            {"id": "do-nothing", "title": "Carry on", "baseline": True},
            {"id": "full", "title": "The full network"},
            {"id": "lite", "title": "A lighter tool", "benefit_share": 0.6},
        ],
        "finance": {
            "preset": "tei", "horizon_years": 5, "loaded_hourly_cost": 60.0,
            "optimism_bias": {"upper_bound": 0.5, "mitigated": 0.4},
            "adoption": {"p": 0.03, "q": 0.38, "ceiling": 0.8, "time_unit": "quarter"},
            "costs": costs,
        },
    }


def run_command(plan: Path, output: Path, simulations: int, fmt: str) -> float:
    command = [sys.executable, "-m", "socialplan", "business-case", str(plan), "-f", fmt, "-o", str(output),
               "--simulations", str(simulations)]
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def cpu_seconds(command: list[str]) -> float | None:
    """User + system CPU time of one child process; None if it failed."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_utime + usage.ru_stime if process.returncode == 0 else None


def compare_formats(runs: int) -> bool:
    plans = sorted([*EXAMPLES.glob("*.yaml"), *(p for p in EXAMPLES.iterdir() if p.is_dir() and any(p.glob("*.yaml")))])
    totals = {"html": 0.0, "json": 0.0}
    print(f"formats: example plans, html against json, CPU time, median of {runs} runs")
    with tempfile.TemporaryDirectory() as folder:
        for plan in plans:
            times: dict[str, list[float]] = {"html": [], "json": []}
            for run in range(runs + 1):  # the first round warms the file cache and byte-code
                for fmt in ("html", "json"):
                    output = Path(folder) / f"{plan.stem}.{fmt}"
                    spent = cpu_seconds([sys.executable, "-m", "socialplan", "business-case", str(plan),
                                         "-f", fmt, "-o", str(output)])
                    if spent is not None and run:
                        times[fmt].append(spent)
            if not times["json"]:
                print(f"  {plan.name:<36} skipped: the plan has errors (exit 1)")
                continue
            html, json = statistics.median(times["html"]), statistics.median(times["json"])
            totals["html"] += html
            totals["json"] += json
            print(f"  {plan.name:<36} html {html:6.3f} s   json {json:6.3f} s   {html / json:5.2f}x")
    ratio = totals["html"] / totals["json"]
    print(f"  {'all examples':<36} html {totals['html']:6.3f} s   json {totals['json']:6.3f} s   {ratio:5.2f}x"
          f"  (target: at most {FORMAT_RATIO:.1f}x)")
    if ratio > FORMAT_RATIO:
        print("FAIL: an HTML report costs too much more than the JSON figures", file=sys.stderr)
        return False
    return True


def compare_simulation(runs: int, fmt: str) -> bool:
    with tempfile.TemporaryDirectory() as folder:
        plan = Path(folder) / "plan.yaml"
        data = generated_plan()
        plan.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        lines = sum(len(u["benefits"]) for u in data["use_cases"])
        suffix = {"html": "html", "markdown": "md", "json": "json"}[fmt]
        output = Path(folder) / f"case.{suffix}"
        run_command(plan, output, SIMULATIONS, fmt)  # warm the file cache and byte-code
        with_sim, without = [], []
        for _ in range(runs):
            with_sim.append(run_command(plan, output, SIMULATIONS, fmt))
            without.append(run_command(plan, output, 0, fmt))

    fast, slow = statistics.median(without), statistics.median(with_sim)
    ratio = slow / fast
    print(f"simulation: {lines} benefit lines, {len(data['finance']['costs'])} cost lines, "
          f"{len(data['stakeholders'])} groups, {12 * data['finance']['horizon_years']} months; "
          f"format {fmt}; {runs} runs each (median)")
    print(f"  --simulations 0       {fast:7.3f} s   (runs: {', '.join(f'{t:.3f}' for t in without)})")
    print(f"  --simulations {SIMULATIONS:<7,d} {slow:7.3f} s   (runs: {', '.join(f'{t:.3f}' for t in with_sim)})")
    print(f"  ratio                 {ratio:7.2f}x  (target: at most {TARGET_RATIO:.1f}x)")
    if ratio > TARGET_RATIO:
        print("FAIL: the simulation takes more than the rest of the command", file=sys.stderr)
        return False
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each command (default 5)")
    parser.add_argument("--format", default="html", choices=["html", "markdown", "json"],
                        help="report format of the simulation benchmark (default html, which draws every chart)")
    parser.add_argument("--only", choices=["simulation", "formats"], help="run one of the two benchmarks")
    args = parser.parse_args()
    ok = True
    if args.only in (None, "simulation"):
        ok = compare_simulation(args.runs, args.format) and ok
    if args.only in (None, "formats"):
        ok = compare_formats(args.runs) and ok
    print("ok" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
