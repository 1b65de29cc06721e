"""The one way every report command prints problems and writes its report.

Warnings and problems go to standard error; the report goes to standard
output, or to ``-o FILE`` with the files that go beside it (charts, logo).
The report and its attachments are written all together or not at all
(see :func:`socialplan.output.write_files`), so a failed run never leaves
new charts beside an earlier report.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from socialplan.diagnostics import Diagnostic, PlanCheck
from socialplan.formats import Format

if TYPE_CHECKING:
    from socialplan.present import Rendered


def to_stdout(output: Path | None) -> bool:
    return output is None or str(output) == "-"


def print_problems(check: PlanCheck, *, quiet: bool = True) -> None:
    """Located problems on standard error, one line each with its hint."""
    from socialplan.reporters.text import print_checks

    print_checks([check], sys.stderr, quiet=quiet)


def print_warnings(check: PlanCheck, warnings: Iterable[Diagnostic]) -> None:
    listed = list(warnings)
    if listed:
        print_problems(PlanCheck(check.source, check.files, listed))


def print_notes(notes: Iterable[str]) -> None:
    """Warnings that belong to no place in the plan, as sentences."""
    for note in notes:
        sys.stderr.write(f"socialplan: warning: {note[:1].lower()}{note[1:]}\n")


def write_report(rendered: Rendered, output: Path | None) -> None:
    """The report to standard output or to ``output``, with its attachments beside it."""
    from socialplan.output import write_files

    content = rendered.content
    if to_stdout(output):
        sys.stdout.flush()
        if isinstance(content, bytes):  # iCalendar: CRLF line ends, written as they are
            sys.stdout.buffer.write(content)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(content)
            sys.stdout.flush()
        return
    assert output is not None
    # All files of the report or none: each is staged, then all are renamed
    # (a usage error, exit 2, if one cannot be written).
    files: dict[Path, str | bytes] = {output.with_name(name): data
                                      for name, data in sorted(rendered.attachments.items())}
    files[output] = content
    write_files(files)


def deliver(report: object, fmt: Format, output: Path | None, *, check: PlanCheck | None = None,
            template_dir: Path | None = None, quiet: bool = False, excel: bool = False, paper: str | None = None,
            reference_docx: Path | None = None) -> None:
    """Render ``report`` in ``fmt``, print the warnings found on the way
    (unless ``quiet``) and write it; a format with a stream printer (a rich
    scorecard) prints straight to the terminal or pipe when there is no -o."""
    if fmt.stream is not None and to_stdout(output):
        fmt.load("stream")(report, sys.stderr if fmt.stderr else sys.stdout)
        return
    from socialplan.present import RenderOptions, render  # not needed for a report printed as it is made

    stem = None if to_stdout(output) else Path(str(output)).stem
    rendered = render(report, fmt, RenderOptions(template_dir, stem, excel=excel, paper=paper,
                                                 reference_docx=reference_docx))
    if rendered.warnings and not quiet and check is not None:
        print_warnings(check, rendered.warnings)
    write_report(rendered, output)
