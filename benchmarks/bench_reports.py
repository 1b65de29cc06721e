"""Benchmark the typed JSON reports: what building a report through its
pydantic model costs next to writing the same data as JSON.

Prints figures, asserts nothing: run it by hand or in a scheduled job.

    python benchmarks/bench_reports.py [--runs 5] [--diagnostics 20000]

1. ``socialplan validate --format json`` with many problems (the report
   with the most objects): the whole text through the model
   (``validate_json``) against ``json.dumps`` of the finished document
   alone. Target: at most 3x.
2. ``socialplan business-case --format json`` on the largest example:
   building the report model and its text against the analysis it reports
   (with 1,000 simulations). Target: at most 0.1x.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from socialplan.businesscase.analysis import analyse  # noqa: E402
from socialplan.businesscase.jsondoc import json_text  # noqa: E402
from socialplan.diagnostics import Diagnostic, Location, PlanCheck  # noqa: E402
from socialplan.loader import load_plan  # noqa: E402
from socialplan.model import Plan  # noqa: E402
from socialplan.reporters.machine import dumps, validate_document, validate_json  # noqa: E402


def median_seconds(run: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--diagnostics", type=int, default=20000)
    args = parser.parse_args()

    per_plan = max(1, args.diagnostics // 10)
    checks = [
        PlanCheck(f"plan{i}.yaml", [f"plan{i}.yaml"], [
            Diagnostic("SP010", f"unknown key 'k{j}'", Location(f"plan{i}.yaml", j + 1, 3), ("objectives", j),
                       "remove it")
            for j in range(per_plan)
        ])
        for i in range(10)
    ]
    finished = validate_document(checks)
    typed = median_seconds(lambda: validate_json(checks), args.runs)
    plain = median_seconds(lambda: dumps(finished), args.runs)
    print(f"validate --format json, {10 * per_plan:,} problems: through the model {typed:.3f}s, "
          f"json.dumps alone {plain:.3f}s, ratio {typed / plain:.2f}x (target <= 3x)")

    example = ROOT / "examples" / "retail-pilot-first.yaml"
    plan = Plan.model_validate(load_plan(str(example)).data)
    case = analyse(plan, str(example), simulations=1000, seed=1)
    analysis = median_seconds(lambda: analyse(plan, str(example), simulations=1000, seed=1), args.runs)
    report = median_seconds(lambda: json_text(case), args.runs)
    print(f"business-case --format json, {example.name}: report {report:.3f}s, analysis {analysis:.3f}s, "
          f"ratio {report / analysis:.2f}x (target <= 0.1x)")


if __name__ == "__main__":
    main()
