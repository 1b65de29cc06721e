"""``socialplan track``: adoption and KPIs after launch, against the plan.

load -> validate -> read the usage exports and KPI files (DuckDB) ->
analyse (forecast against actual, re-fit, business case re-run) -> present
-> write. Problems in the plan print located (file:line:column); problems
in the data print located by file, row and column. Exit 1 for either, or
when ``--fail-on`` is met; the report is still written when only the
status fails.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from socialplan import api
from socialplan.commands import options
from socialplan.commands.run import ReportRequest, print_data_problems, run_plan_report
from socialplan.errors import EXIT_FINDINGS, EXIT_OK, UserError

if TYPE_CHECKING:
    from socialplan.results import Result, TrackReport

# --fail-on LEVEL: the statuses that fail the run at that level.
FAIL_ON: dict[str, tuple[str, ...]] = {"off-track": ("off track",), "at-risk": ("at risk", "off track")}


def run_track(plan_argument: str, output_format: str | None, output: Path | None, *, as_of: str | None = None,
              fail_on: str | None = None, template_dir: Path | None = None, max_bytes: int | None = None,
              quiet: bool = False) -> int:
    request = ReportRequest("track", plan_argument, output_format, output, template_dir=template_dir,
                            quiet=quiet, max_bytes=max_bytes)
    fmt = request.format()
    day = options.date_option(as_of, "--as-of")
    if fail_on is not None and fail_on not in FAIL_ON:
        raise UserError(f"--fail-on: unknown level '{fail_on}'", hint=f"choose one of: {', '.join(FAIL_ON)}")

    def usable(result: Result[TrackReport]) -> int:
        # Warnings about the data unless --quiet; errors always, and they
        # stop the run without a report.
        assert result.report is not None
        errors = [p for p in result.report.problems if p.severity == "error"]
        if not quiet:
            print_data_problems([p for p in result.report.problems if p.severity != "error"])
        print_data_problems(errors)
        return EXIT_FINDINGS if errors else EXIT_OK

    def status(report: TrackReport) -> int:
        # The report is written either way; the status fails the run.
        if fail_on is not None and report.analysis.status in FAIL_ON[fail_on]:
            sys.stderr.write(f"socialplan: adoption is {report.analysis.status} (--fail-on {fail_on})\n")
            return EXIT_FINDINGS
        return EXIT_OK

    return run_plan_report(request, fmt, lambda plan: api.track(plan, as_of=day), inspect=usable, verdict=status)
