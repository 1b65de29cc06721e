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

import os
import re
from dataclasses import dataclass
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


# --- the plain invocation, without the command-line framework ----------------
#
# ``socialplan validate FILE...`` runs in every pre-commit hook and CI step,
# where start-up is most of its time, and typer (with click) takes longer to
# import than a plan takes to check. The commonest invocations are parsed
# here instead; anything this parser does not fully understand (help, a
# misspelt or abbreviated option, a bad value, shell completion) returns
# None and goes to typer, which gives the usual message. The options, their
# defaults and checks are those of ``socialplan.app.validate``; a test runs
# both paths over the same arguments and compares every byte and exit code.


@dataclass(frozen=True)
class ValidateArguments:
    paths: list[str]
    output_format: str = "text"
    output: Path | None = None
    max_bytes: int | None = None
    quiet: bool = False
    jobs: int | None = None


# Option spellings -> field, for options taking a value and for flags.
VALUE_OPTIONS = {"-f": "output_format", "--format": "output_format", "-o": "output", "--output": "output",
                 "--max-bytes": "max_bytes", "-j": "jobs", "--jobs": "jobs"}
FLAG_OPTIONS = {"-q": "quiet", "--quiet": "quiet"}
_WHOLE = re.compile(r"[0-9]+")  # ASCII digits only: click's int() takes more, the fast path need not
COMPLETION_ENV = "_SOCIALPLAN_COMPLETE"


def _value(field: str, text: str) -> object | None:
    """The option's value as typer would make it, or None to let typer judge it."""
    if field == "output_format":
        return text if text in REPORTS["validate"].formats else None
    if field == "output":
        # click refuses a folder (dir_okay=False); an empty name is its own case.
        return Path(text) if text and not os.path.isdir(text) else None
    if _WHOLE.fullmatch(text) and int(text) >= 1:  # --max-bytes and --jobs: min=1
        return int(text)
    return None


def plain_arguments(args: list[str]) -> ValidateArguments | None:
    """The arguments after ``validate``, when they are plain paths and
    options given once each in a form typer reads the same way; else None."""
    if COMPLETION_ENV in os.environ:
        return None
    values: dict[str, object] = {}
    paths: list[str] = []
    index = 0
    while index < len(args):
        word = args[index]
        index += 1
        if word == "-" or not word.startswith("-"):
            paths.append(word)
            continue
        name, equals, attached = word.partition("=")
        if not equals or not name.startswith("--"):
            name, attached = word, ""
        value: object
        if name in FLAG_OPTIONS and not equals:
            field, value = FLAG_OPTIONS[name], True
        elif name in VALUE_OPTIONS:
            if not equals:
                if index == len(args):
                    return None
                attached = args[index]
                index += 1
            field = VALUE_OPTIONS[name]
            value = _value(field, attached)
        else:
            return None
        if value is None or field in values:
            return None
        values[field] = value
    if not paths:
        return None
    return ValidateArguments(paths, **values)  # type: ignore[arg-type]


def run_plain(arguments: ValidateArguments) -> int:
    """What ``socialplan.app.validate`` does with the same arguments."""
    return run_validate(arguments.paths, arguments.output_format, arguments.output, arguments.max_bytes,
                        quiet=arguments.quiet, jobs=arguments.jobs)
