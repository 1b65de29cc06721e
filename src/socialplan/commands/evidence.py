"""``socialplan evidence``: what the plan's surveys and pilots found.

load -> validate -> gather (read the exports, aggregate per group, judge
each pilot) -> present -> write. An export that cannot be used is printed
located (file, row, column name, with a hint) on standard error and the
command exits 1 without a report: a report missing a wave would look
complete.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from socialplan import api
from socialplan.commands import options
from socialplan.commands.writer import deliver, print_problems
from socialplan.data.tabular import DataProblem
from socialplan.errors import EXIT_FINDINGS, EXIT_OK
from socialplan.formats import REPORTS
from socialplan.output import refuse_plan_files
from socialplan.sources import single_plan


def print_data_problems(problems: Iterable[DataProblem]) -> None:
    """One line per problem (file, row, column: code message), its hint below."""
    for problem in problems:
        label = "" if problem.severity == "error" else f"{problem.severity}: "
        sys.stderr.write(f"{problem.where}: {label}{problem.code} {problem.message}\n")
        if problem.hint:
            sys.stderr.write(f"  hint: {problem.hint}\n")


def run_evidence(plan_argument: str, output_format: str | None, output: Path | None, *,
                 template_dir: Path | None = None, as_of: str | None = None, max_bytes: int | None = None) -> int:
    fmt = REPORTS["evidence"].for_output(output_format, output)
    options.template_dir_option(template_dir, fmt)
    as_of_date = options.date_option(as_of, "--as-of")
    source = single_plan(plan_argument)
    check, validated = api.check(source, max_bytes=max_bytes)
    refuse_plan_files(output, check.files)
    if validated is None:
        print_problems(check)
        return EXIT_FINDINGS
    result = api.evidence(validated, as_of=as_of_date)
    report = result.report
    if report is None:  # pragma: no cover - the plan is valid
        print_problems(result.check)
        return EXIT_FINDINGS
    print_data_problems(report.findings.problems)
    if report.errors:
        return EXIT_FINDINGS
    deliver(report, fmt, output, check=check, template_dir=template_dir)
    return EXIT_OK
