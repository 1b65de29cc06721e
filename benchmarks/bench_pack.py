"""Benchmark ``socialplan report``, the board pack.

Prints figures and exits 1 when a target is missed:

    python benchmarks/bench_pack.py [--runs 3] [--plan examples/global-tech-innovation.yaml]

Two ratios, each of best times (the least disturbed by the rest of the
machine), from a plan loaded and validated once:

- the pack in HTML against the sum of the three reports it holds made on
  their own in HTML (assess, business case, rollout): the pack reuses them,
  so it should cost little more than making them. Target: at most 1.3x.
- the pack in PDF against the pack in HTML: typesetting is the extra work.
  Target: at most 2x.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from socialplan import api  # noqa: E402
from socialplan.present import render  # noqa: E402
from socialplan.sources import single_plan  # noqa: E402

SIMULATIONS = 10_000  # the commands' default


def best(function: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--plan", default=str(ROOT / "examples" / "global-tech-innovation.yaml"))
    args = parser.parse_args()
    _, validated = api.check(single_plan(args.plan))
    assert validated is not None

    def separately() -> None:
        render(api.assess(validated).report, "html")
        render(api.business_case(validated, simulations=SIMULATIONS).report, "html")
        render(api.rollout(validated).report, "html")

    def pack(fmt: str) -> Callable[[], object]:
        return lambda: render(api.pack(validated, simulations=SIMULATIONS).report, fmt)

    parts = best(separately, args.runs)
    html = best(pack("html"), args.runs)
    pdf = best(pack("pdf"), args.runs)
    pack_ratio, pdf_ratio = html / parts, pdf / html
    print(f"three reports in HTML, separately: {parts:.2f} s")
    print(f"report -f html:                    {html:.2f} s  ({pack_ratio:.2f}x the three; target <= 1.3x)")
    print(f"report -f pdf:                     {pdf:.2f} s  ({pdf_ratio:.2f}x html; target <= 2x)")
    return 0 if pack_ratio <= 1.3 and pdf_ratio <= 2.0 else 1


if __name__ == "__main__":
    sys.exit(main())
