"""Benchmark ``socialplan report``, the board pack.

Prints figures and exits 1 when a target is missed:

    python benchmarks/bench_pack.py [--runs 5] [--plan examples/global-tech-innovation.yaml]

Times are CPU seconds (user + system), the median of ``--runs`` runs, so
the other work on a shared machine moves them less than wall time would;
the load average is printed beside them all the same.

- the pack in HTML against the three reports it holds made on their own
  in HTML (assess, business case, rollout), in this process from a plan
  loaded and validated once: the pack reuses them, so it should cost little
  more than making them. Target: at most 1.3x.
- ``socialplan report -f pdf`` against ``socialplan report -f html``, each
  a fresh process as a user runs it: typst keeps what it has laid out for
  the life of a process, so compiling the same pack twice in one process
  would time only its cache. Target: at most 2x.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from socialplan import api  # noqa: E402
from socialplan.present import render  # noqa: E402
from socialplan.sources import single_plan  # noqa: E402

SIMULATIONS = 10_000  # the commands' default


def cpu_here(function: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.process_time()
        function()
        times.append(time.process_time() - start)
    return statistics.median(times)


def cpu_child(command: list[str], runs: int) -> float:
    """Median CPU time of a command run as its own process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    times = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--plan", default=str(ROOT / "examples" / "global-tech-innovation.yaml"))
    args = parser.parse_args()
    _, validated = api.check(single_plan(args.plan))
    assert validated is not None

    def separately() -> None:
        render(api.assess(validated).report, "html")
        render(api.business_case(validated, simulations=SIMULATIONS).report, "html")
        render(api.rollout(validated).report, "html")

    def pack() -> object:
        return render(api.pack(validated, simulations=SIMULATIONS).report, "html")

    load_before = os.getloadavg()[0]
    parts = cpu_here(separately, args.runs)
    html_here = cpu_here(pack, args.runs)
    with tempfile.TemporaryDirectory() as folder:
        def report(fmt: str) -> list[str]:
            return [sys.executable, "-m", "socialplan", "report", args.plan, "-f", fmt,
                    "-o", str(Path(folder) / f"pack.{fmt}")]

        html = cpu_child(report("html"), args.runs)
        pdf = cpu_child(report("pdf"), args.runs)
        docx = cpu_child(report("docx"), args.runs)
    load_after = os.getloadavg()[0]
    pack_ratio, pdf_ratio = html_here / parts, pdf / html
    print(f"CPU seconds, median of {args.runs} runs; load average {load_before:.2f} before, {load_after:.2f} after")
    print(f"three reports in HTML, separately: {parts:.2f} s")
    print(f"the pack in HTML:                  {html_here:.2f} s  ({pack_ratio:.2f}x the three; target <= 1.3x)")
    print(f"socialplan report -f html:         {html:.2f} s")
    print(f"socialplan report -f pdf:          {pdf:.2f} s  ({pdf_ratio:.2f}x html; target <= 2x)")
    print(f"socialplan report -f docx:         {docx:.2f} s  ({docx / html:.2f}x html)")
    return 0 if pack_ratio <= 1.3 and pdf_ratio <= 2.0 else 1


if __name__ == "__main__":
    sys.exit(main())
