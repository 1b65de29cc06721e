"""``socialplan validate``: check plans, report in the chosen format.

Streams: the text report is for people and goes to standard error, like
every other message of socialplan; the machine formats go to standard
output. ``-o FILE`` writes the report (any format, text without colour) to
the file instead, atomically and only once the run got that far: a usage
error or a missing plan leaves an existing file as it was.

The exit code depends only on the plans, never on the format: 0 all valid,
1 any invalid, 2 usage error (raised as :class:`UserError` before anything
is written).
"""

from __future__ import annotations

from pathlib import Path

from socialplan.errors import EXIT_FINDINGS, EXIT_OK
from socialplan.formats import REPORTS


def run_validate(arguments: list[str], output_format: str, output: Path | None,
                 max_bytes: int | None, *, quiet: bool = False, jobs: int | None = None) -> int:
    fmt = REPORTS["validate"].get(output_format)
    from socialplan.batch import check_plans, jobs_from
    from socialplan.commands.writer import deliver
    from socialplan.output import refuse_plan_files
    from socialplan.results import ValidateReport
    from socialplan.sources import expand_sources

    workers = jobs_from(jobs)
    sources = expand_sources(arguments)
    # Many plans are checked on every available core (see socialplan.batch);
    # the checks come back in the order of the sources either way.
    checks = check_plans(sources, max_bytes, workers)
    refuse_plan_files(output, [file for check in checks for file in check.files])
    deliver(ValidateReport(checks, quiet), fmt, output)
    return EXIT_OK if all(c.valid for c in checks) else EXIT_FINDINGS
