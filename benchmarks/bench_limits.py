"""Every command on the largest plan socialplan accepts (tests/worstcase.py:
every main list at its limit), timed against the budget of 30 seconds.

    python benchmarks/bench_limits.py [--command business-case]

Prints, for each command and format, the seconds of CPU time and wall time
and the ratio of the wall time to the budget; exits non-zero when a run
fails or goes over the budget.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from worstcase import worst_case_text  # noqa: E402

BUDGET = 30.0
RUNS = [
    ("validate", "-f", "json"), ("assess", "-f", "json"), ("assess",),
    ("business-case", "-f", "json"), ("business-case", "-f", "html"), ("business-case", "-f", "markdown"),
    ("rollout", "-f", "html"), ("rollout", "-f", "markdown"), ("rollout", "-f", "ics"), ("rollout", "-f", "csv"),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--command", action="append", metavar="NAME",
                        help="only this command (repeatable); default: every command")
    args = parser.parse_args()
    failed = False
    with tempfile.TemporaryDirectory() as folder:
        plan = Path(folder) / "worst.yaml"
        plan.write_text(worst_case_text(), encoding="utf-8")
        print(f"plan: {plan.stat().st_size:,} bytes")
        for run in [r for r in RUNS if not args.command or r[0] in args.command]:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "socialplan", run[0], str(plan), *run[1:],
                                   "-o", str(Path(folder) / "report")], capture_output=True, check=False)
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            ok = done.returncode == 0 and wall <= BUDGET
            failed |= not ok
            print(f"{' '.join(run):32} exit {done.returncode}  cpu {cpu:6.1f} s  wall {wall:6.1f} s  "
                  f"wall/budget {wall / BUDGET:.2f}{'' if ok else '  OVER or FAILED'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
