"""``socialplan validate``: check plans, report in the chosen format."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from socialplan.diagnostics import VALIDATION_CODES, PlanCheck
from socialplan.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UserError
from socialplan.output import emit
from socialplan.sources import expand_sources
from socialplan.validation import check_plan


def _sarif(checks: Sequence[PlanCheck]) -> str:
    from socialplan.reporters.machine import sarif_log

    return sarif_log([d for c in checks for d in c.diagnostics], VALIDATION_CODES)


def _json(checks: Sequence[PlanCheck]) -> str:
    from socialplan.reporters.machine import validate_json

    return validate_json(checks)


def _github(checks: Sequence[PlanCheck]) -> str:
    from socialplan.reporters.machine import github_annotations

    return github_annotations([d for c in checks for d in c.diagnostics])


def _junit(checks: Sequence[PlanCheck]) -> str:
    from socialplan.reporters.machine import junit_xml

    return junit_xml(checks)


def _text(checks: Sequence[PlanCheck]) -> str:
    from socialplan.reporters.text import checks_as_text

    return checks_as_text(checks)


# Machine formats, by --format name. "text" is rendered for the terminal
# unless written to a file.
FORMATTERS: dict[str, Callable[[Sequence[PlanCheck]], str]] = {
    "text": _text,
    "json": _json,
    "github": _github,
    "sarif": _sarif,
    "junit": _junit,
}


def run_validate(arguments: list[str], output_format: str, output: Path | None,
                 max_bytes: int | None, *, quiet: bool = False) -> int:
    if arguments.count("-") > 1:
        raise UserError("standard input ('-') can be read only once")
    if output_format not in FORMATTERS:
        return EXIT_USAGE
    sources = expand_sources(arguments)
    checks = [check_plan(source, max_bytes)[0] for source in sources]
    if output_format == "text" and output is None:
        from socialplan.reporters.text import make_console, render_checks

        render_checks(checks, make_console(sys.stderr), quiet=quiet)
    else:
        emit(FORMATTERS[output_format](checks), output)
    return EXIT_OK if all(c.valid for c in checks) else EXIT_FINDINGS
