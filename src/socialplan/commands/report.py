"""``socialplan report``: the board pack, in HTML, Markdown, PDF or Word.

Order of work: check the options, load and validate the plan, make the
reports the stage needs (:func:`socialplan.api.pack`), render; only then
write, so a failed run leaves an earlier pack untouched.
"""

from __future__ import annotations

from pathlib import Path

from socialplan import api
from socialplan.commands import options
from socialplan.commands.writer import deliver, print_notes, print_problems
from socialplan.errors import EXIT_FINDINGS, EXIT_OK
from socialplan.formats import REPORTS
from socialplan.output import refuse_plan_files
from socialplan.sources import single_plan


def run_report(plan: str, output_format: str | None, output: Path | None, *, stage: str = "full",
               as_of: str | None = None, simulations: int = api.DEFAULT_SIMULATIONS, seed: int = api.DEFAULT_SEED,
               template_dir: Path | None = None, paper: str | None = None, reference_docx: Path | None = None,
               max_bytes: int | None = None) -> int:
    fmt = REPORTS["report"].for_output(output_format, output)
    options.template_dir_option(template_dir, fmt)
    options.document_options(fmt, output, paper, reference_docx)
    as_of_date = options.date_option(as_of, "--as-of")
    source = single_plan(plan)
    check, validated = api.check(source, max_bytes=max_bytes)
    refuse_plan_files(output, check.files)
    if validated is None:
        print_problems(check)
        return EXIT_FINDINGS
    result = api.pack(validated, stage=stage, as_of=as_of_date, simulations=simulations, seed=seed)
    if result.report is None:
        print_problems(result.check)
        return EXIT_FINDINGS
    print_notes(result.notes)
    deliver(result.report, fmt, output, check=check, template_dir=template_dir, paper=paper,
            reference_docx=reference_docx)
    return EXIT_OK
