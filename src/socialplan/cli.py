"""The command line: parse options, call one core function, hand the result to
a reporter, return an exit status. Heavy modules are imported inside the
commands that need them, so ``socialplan validate`` starts fast.

Exit codes (stable, whatever the output format):
  0  success (every plan valid; no blocking finding)
  1  a plan is invalid, or findings fail the run
  2  usage error: bad option, missing file, glob matching nothing
  3  internal error (a bug: please report it)
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from socialplan import __version__
from socialplan.errors import EXIT_INTERNAL, EXIT_USAGE, UserError

app = typer.Typer(
    name="socialplan",
    help=(
        "Plan the adoption of an internal social network (Viva Engage, Workplace, "
        "Slack, Chatter...).\n\n"
        "Describe the organisation in YAML (objectives, use cases, stakeholders, "
        "options, finance, rollout) and socialplan checks it, assesses its readiness "
        "and writes the business case and the rollout plan."
    ),
    epilog=(
        "Examples:\n\n"
        "  socialplan validate examples/*.yaml examples/sales-webinars\n\n"
        "  socialplan validate --format github plans/\n\n"
        "  socialplan schema -o plan.schema.json\n\n"
        "Exit codes: 0 ok, 1 invalid plan or failing findings, 2 usage error."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"socialplan {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """Plan the adoption of an internal social network."""


class ValidateFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"
    junit = "junit"


OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file (atomically) instead of standard output.",
                 dir_okay=False, show_default=False),
]
MaxBytesOption = Annotated[
    int | None,
    typer.Option("--max-bytes", min=1, help="Refuse plan files larger than this (default 5 MiB, "
                 "or SOCIALPLAN_MAX_BYTES).", show_default=False),
]


@app.command(
    epilog=(
        "Examples:\n\n"
        "  socialplan validate plan.yaml\n\n"
        "  socialplan validate 'plans/**/*.yaml' --format sarif -o socialplan.sarif\n\n"
        "  cat plan.yaml | socialplan validate -\n\n"
        "A folder holding files named after sections (objectives.yaml, use_cases.yaml...) is "
        "one plan; any other folder is searched for plan files."
    ),
)
def validate(
    paths: Annotated[
        list[str],
        typer.Argument(help="Plan files, folder plans, folders of plans or globs; '-' reads standard input.",
                       show_default=False),
    ],
    output_format: Annotated[
        ValidateFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
    ] = ValidateFormat.text,
    output: OutputOption = None,
    max_bytes: MaxBytesOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Text format: print only problems.")] = False,
) -> None:
    """Check plan files and say exactly what is wrong and where (file:line:column)."""
    from socialplan.commands.validate import run_validate

    code = run_validate(paths, output_format.value, output, max_bytes, quiet=quiet)
    raise typer.Exit(code)


@app.command(epilog="Example:\n\n  socialplan schema -o plan.schema.json")
def schema(output: OutputOption = None) -> None:
    """Print the JSON Schema of the plan format, for editors and other tools."""
    from socialplan.commands.schema import run_schema

    raise typer.Exit(run_schema(output))


# --- assess and rules commands (readiness scorecard) ---


# --- business-case and templates commands ---


# --- rollout command ---


def _report_internal_error(exc: BaseException) -> int:
    if os.environ.get("SOCIALPLAN_DEBUG"):
        raise exc
    sys.stderr.write(
        f"socialplan: internal error: {type(exc).__name__}: {exc}\n"
        "This is a bug in socialplan; set SOCIALPLAN_DEBUG=1 for the details and please report it.\n"
    )
    return EXIT_INTERNAL


def main(argv: list[str] | None = None) -> None:
    """Entry point: the one boundary between user errors, bugs and exit codes."""
    try:
        app(args=argv, prog_name="socialplan")
    except UserError as error:
        sys.stderr.write(f"socialplan: error: {error.message}\n")
        if error.hint:
            sys.stderr.write(f"  hint: {error.hint}\n")
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("socialplan: interrupted\n")
        sys.exit(130)
    except BrokenPipeError:
        # The reader went away (e.g. `| head`); not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    except Exception as exc:  # the boundary: no traceback for users
        sys.exit(_report_internal_error(exc))
