"""``socialplan diff OLD NEW``: what changed between two versions of a plan.

Exit codes: 0 compared (unless ``--fail-on worse`` and the new plan is
worse); 1 a plan is invalid, or it is worse and ``--fail-on worse`` was
given; 2 usage error (a bad revision, a missing file, a bad option).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from socialplan import api
from socialplan.commands.writer import deliver, print_problems
from socialplan.errors import EXIT_FINDINGS, EXIT_OK
from socialplan.formats import REPORTS


def run_diff(old: str, new: str, output_format: str | None, output: Path | None, *, fail_on: str | None,
             npv_threshold: str, simulations: int, seed: int, as_of: dt.date | None,
             max_bytes: int | None) -> int:
    fmt = REPORTS["diff"].for_output(output_format, output)
    result = api.diff(old, new, as_of=as_of, simulations=simulations, seed=seed, npv_threshold=npv_threshold,
                      max_bytes=max_bytes)
    if result.report is None:
        for check in (result.old, result.new):
            if not check.valid:
                print_problems(check, quiet=True)
                sys.stderr.write(f"socialplan: {check.source} is not a valid plan; fix it before comparing "
                                 "(see 'socialplan validate')\n")
        return EXIT_FINDINGS
    deliver(result.report, fmt, output)
    document = result.report.document
    if fail_on == "worse" and document.worse:
        for reason in document.worse:
            sys.stderr.write(f"socialplan: failing: {reason}\n")
        return EXIT_FINDINGS
    return EXIT_OK
