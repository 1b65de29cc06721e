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

from socialplan import api
from socialplan.commands import options
from socialplan.commands.writer import deliver, print_notes, print_problems
from socialplan.data.tabular import DataProblem
from socialplan.errors import EXIT_FINDINGS, EXIT_OK, UserError
from socialplan.formats import REPORTS
from socialplan.output import refuse_plan_files
from socialplan.sources import single_plan

# --fail-on LEVEL: the statuses that fail the run at that level.
FAIL_ON: dict[str, tuple[str, ...]] = {"off-track": ("off track",), "at-risk": ("at risk", "off track")}


def print_data_problems(problems: list[DataProblem]) -> None:
    """One line per problem, located by file, row and column, with its hint."""
    for problem in problems:
        sys.stderr.write(f"{problem.where}: {problem.severity} {problem.code}: {problem.message}\n")
        if problem.hint:
            sys.stderr.write(f"  hint: {problem.hint}\n")


def run_track(plan_argument: str, output_format: str | None, output: Path | None, *, as_of: str | None = None,
              fail_on: str | None = None, template_dir: Path | None = None, max_bytes: int | None = None,
              quiet: bool = False) -> int:
    fmt = REPORTS["track"].for_output(output_format, output)
    options.template_dir_option(template_dir, fmt)
    day = options.date_option(as_of, "--as-of")
    if fail_on is not None and fail_on not in FAIL_ON:
        raise UserError(f"--fail-on: unknown level '{fail_on}'", hint=f"choose one of: {', '.join(FAIL_ON)}")
    source = single_plan(plan_argument)
    check, validated = api.check(source, max_bytes=max_bytes)
    refuse_plan_files(output, check.files)
    if validated is None:
        print_problems(check)
        return EXIT_FINDINGS
    result = api.track(validated, as_of=day)
    if result.report is None:
        print_problems(result.check)
        return EXIT_FINDINGS
    report = result.report
    errors = [p for p in report.problems if p.severity == "error"]
    if not quiet:
        print_notes(result.notes)
        print_data_problems([p for p in report.problems if p.severity != "error"])
    if errors:
        print_data_problems(errors)
        return EXIT_FINDINGS
    deliver(report, fmt, output, check=check, template_dir=template_dir, quiet=quiet)
    if fail_on is not None and report.analysis.status in FAIL_ON[fail_on]:
        sys.stderr.write(f"socialplan: adoption is {report.analysis.status} (--fail-on {fail_on})\n")
        return EXIT_FINDINGS
    return EXIT_OK
