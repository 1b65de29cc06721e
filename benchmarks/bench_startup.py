"""Benchmark how fast socialplan starts, against floors built here.

Prints figures, asserts nothing: run it by hand or in a scheduled job.

    python benchmarks/bench_startup.py [--runs 15] [--plan examples/retail-pilot-first.yaml]

The ``socialplan`` script beside the running Python is measured (``python -m
socialplan`` when there is none), with ``src/`` first on the path.

1. ``socialplan --version`` against ``python -c pass`` (the interpreter
   alone). Target: at most 2x.
2. ``socialplan validate PLAN`` against a floor process that imports
   pydantic and PyYAML's C loader and builds the real ``Plan`` model from the
   same file (the least work any validator of the plan format must do).
   Target: at most 1.2x. A third line measures the library's check alone
   (no command line) against the same floor, to show where the time goes.

Every figure is the median CPU time (user + system, the child's own
``getrusage``) of several runs of a fresh process (15 by default), each run
of a command followed by one of its floor: CPU time, not wall time, and the
two sides in turn, so other work on a shared machine moves the ratios less.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

LIBRARY_CHECK = """
import sys
from socialplan.validation import check_plan
check_plan(sys.argv[1])
"""

FLOOR_VALIDATE = """
import sys, yaml
from socialplan.model import Plan
with open(sys.argv[1], encoding="utf-8") as stream:
    Plan.model_validate(yaml.load(stream, Loader=yaml.CSafeLoader))
"""


def _environment() -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    # As installed, modules load from cached bytecode; without it every run
    # would compile socialplan's sources and measure the compiler instead.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def cpu_seconds(command: list[str]) -> float:
    """CPU time of one run of ``command`` (its children included)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=_environment())
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def compare(label: str, command: list[str], floor: list[str], target: float, runs: int) -> None:
    """Median CPU time of ``command`` and of ``floor`` over ``runs`` rounds,
    the two run in turn, so a change in the machine's load falls on both."""
    cpu_seconds(command)  # warm the file cache and the bytecode cache
    cpu_seconds(floor)
    rounds = [(cpu_seconds(command), cpu_seconds(floor)) for _ in range(runs)]
    ours = statistics.median(o for o, _ in rounds)
    base = statistics.median(b for _, b in rounds)
    ratio = ours / base if base else float("inf")
    verdict = "ok" if ratio <= target else "ABOVE TARGET"
    print(f"{label:<28} {ours * 1000:7.1f} ms  floor {base * 1000:7.1f} ms  ratio {ratio:5.2f}x "
          f"(target <= {target:g}x: {verdict})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--plan", default=str(ROOT / "examples" / "retail-pilot-first.yaml"))
    args = parser.parse_args()
    python = sys.executable
    # The installed script, as users run it (``python -m`` adds runpy's imports).
    script = Path(python).parent / "socialplan"
    socialplan = [str(script)] if script.exists() else [python, "-m", "socialplan"]
    compare("socialplan --version", [*socialplan, "--version"], [python, "-c", "pass"], 2.0, args.runs)
    # The installed script is the installer's wrapper, which imports re before
    # calling socialplan.cli:main; the entry point alone:
    compare("  of which: cli.main alone", [python, "-c", "from socialplan.cli import main; main(['--version'])"],
            [python, "-c", "pass"], 2.0, args.runs)
    compare("socialplan validate PLAN", [*socialplan, "validate", args.plan],
            [python, "-c", FLOOR_VALIDATE, args.plan], 1.2, args.runs)
    # The same report through typer (an upper-case format name is one the
    # plain path leaves to it): what the plain path saves.
    compare("  the same through typer", [*socialplan, "validate", "--format", "TEXT", args.plan],
            [python, "-c", FLOOR_VALIDATE, args.plan], 1.2, args.runs)
    # Where the rest goes: the same check without the command line (socialplan's
    # reader keeps every value's position and checks references, which the
    # floor does not), against the same floor.
    compare("  of which: check_plan alone", [python, "-c", LIBRARY_CHECK, args.plan],
            [python, "-c", FLOOR_VALIDATE, args.plan], 1.2, args.runs)


if __name__ == "__main__":
    main()
