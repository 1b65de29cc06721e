"""``socialplan rollout``: the scheduled rollout plan, in the chosen format.

load -> validate -> build (generate, override, schedule, RACI,
communications, measurement) -> present (template or exporter) -> write.
Problems in the plan are printed located (file:line:column) on standard
error with exit code 1; warnings are printed too but do not stop the plan.
"""

from __future__ import annotations

from pathlib import Path

from socialplan import api
from socialplan.commands import options
from socialplan.commands.writer import deliver, print_problems
from socialplan.errors import EXIT_FINDINGS, EXIT_OK, UserError
from socialplan.formats import REPORTS
from socialplan.output import refuse_plan_files
from socialplan.sources import single_plan


def run_rollout(plan_argument: str, output_format: str | None, output: Path | None, *,
                template_dir: Path | None = None, start: str | None = None, max_bytes: int | None = None,
                quiet: bool = False, as_of: str | None = None, excel: bool = False, paper: str | None = None,
                reference_docx: Path | None = None) -> int:
    fmt = REPORTS["rollout"].for_output(output_format, output)
    options.template_dir_option(template_dir, fmt)
    options.document_options(fmt, output, paper, reference_docx)
    if excel and fmt.name != "csv":
        raise UserError(f"--excel applies to CSV, not {fmt.name}", hint="add --format csv or write to a .csv file")
    start_date = options.date_option(start, "--start")
    as_of_date = options.date_option(as_of, "--as-of")
    source = single_plan(plan_argument)
    check, validated = api.check(source, max_bytes=max_bytes)
    refuse_plan_files(output, check.files)
    if validated is None:
        print_problems(check)
        return EXIT_FINDINGS
    result = api.rollout(validated, start=start_date, as_of=as_of_date)
    if result.report is None:
        print_problems(result.check)
        return EXIT_FINDINGS
    deliver(result.report, fmt, output, check=check, template_dir=template_dir, quiet=quiet, excel=excel,
            paper=paper, reference_docx=reference_docx)
    return EXIT_OK
