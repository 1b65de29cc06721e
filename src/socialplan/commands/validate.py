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
                 max_bytes: int | None, *, quiet: bool = False) -> int:
    fmt = REPORTS["validate"].get(output_format)
    from socialplan.commands.writer import deliver
    from socialplan.output import refuse_plan_files
    from socialplan.results import ValidateReport
    from socialplan.sources import expand_sources
    from socialplan.validation import check_plan

    sources = expand_sources(arguments)
    checks = [check_plan(source, max_bytes)[0] for source in sources]
    refuse_plan_files(output, [file for check in checks for file in check.files])
    deliver(ValidateReport(checks, quiet), fmt, output)
    return EXIT_OK if all(c.valid for c in checks) else EXIT_FINDINGS
