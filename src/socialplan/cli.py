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
from socialplan.errors import EXIT_INTERNAL, UserError

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
        "Exit codes: 0 ok, 1 invalid plan or failing findings, 2 usage error, 3 internal error (a bug)."
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


def _validate_format_help() -> str:
    # The choices are the keys of the reporter registry (a test keeps this
    # enum equal to them); the help text is derived from the registry.
    from socialplan.commands.validate import format_help

    return format_help()


OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file (atomically) instead of standard output.",
                 dir_okay=False, show_default=False),
]
PlanArgument = Annotated[
    str, typer.Argument(help="The plan: a file, a folder plan, or '-' for standard input.", show_default=False),
]
MaxBytesOption = Annotated[
    int | None,
    typer.Option("--max-bytes", min=1, help="Refuse plan files larger than this (default 5 MiB, "
                 "or SOCIALPLAN_MAX_BYTES).", show_default=False),
]

# Parallel checking of many plans (socialplan.batch).
JobsOption = Annotated[
    int | None,
    typer.Option("--jobs", "-j", min=1, show_default=False,
                 help="Check plans in this many processes at once (default: SOCIALPLAN_JOBS, else one per "
                      "available core; 1: one after another). Fewer than 50 plans under 1 MiB in all are "
                      "checked in one process. The report is the same whatever the number."),
]


@app.command(
    epilog=(
        "Examples:\n\n"
        "  socialplan validate plan.yaml plans/northwind\n\n"
        "  socialplan validate 'plans/**/*.yaml' --format sarif -o socialplan.sarif\n\n"
        "  socialplan validate --format github plans/\n\n"
        "  cat plan.yaml | socialplan validate -\n\n"
        "A folder holding files named after sections (objectives.yaml, use_cases.yaml...) is "
        "one plan, and so is a file of such a folder; any other folder is searched for plan files. "
        "Globs are expanded by socialplan ('**' is recursive), so quote them.\n\n"
        "The text report goes to standard error, machine formats to standard output, "
        "or either to -o FILE.\n\n"
        "Exit codes, whatever the format: 0 every plan valid, 1 a plan is invalid, "
        "2 usage error (bad option, missing file, glob matching nothing)."
    ),
)
def validate(
    paths: Annotated[
        list[str],
        typer.Argument(help="Plan files, folder plans, folders of plans or globs; '-' reads standard input.",
                       show_default=False, metavar="PATH"),
    ],
    output_format: Annotated[
        ValidateFormat, typer.Option("--format", "-f", help=_validate_format_help(), case_sensitive=False)
    ] = ValidateFormat.text,
    output: OutputOption = None,
    max_bytes: MaxBytesOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Text format: print only problems.")] = False,
    jobs: JobsOption = None,
) -> None:
    """Check plan files and say exactly what is wrong and where (file:line:column)."""
    from socialplan.commands.validate import run_validate

    code = run_validate(paths, output_format.value, output, max_bytes, quiet=quiet, jobs=jobs)
    raise typer.Exit(code)


class SchemaKind(str, Enum):
    """Keys of ``socialplan.commands.schema.SCHEMAS`` (a test keeps them equal)."""

    plan = "plan"
    validate_report = "validate-report"


def _schema_help() -> str:
    from socialplan.commands.schema import schema_help

    return schema_help()


@app.command(epilog=(
    "Examples:\n\n"
    "  socialplan schema -o plan.schema.json\n\n"
    "  socialplan schema validate-report -o validate-report.schema.json"
))
def schema(
    which: Annotated[
        SchemaKind, typer.Argument(help=_schema_help(), case_sensitive=False, metavar="SCHEMA"),
    ] = SchemaKind.plan,
    output: OutputOption = None,
) -> None:
    """Print the JSON Schema of the plan format (for editors and other tools), or of a report."""
    from socialplan.commands.schema import run_schema

    raise typer.Exit(run_schema(output, which.value))


# --- assess and rules commands (readiness scorecard) ---


class AssessFormat(str, Enum):
    """Keys of ``socialplan.commands.assess.FORMATTERS`` (a test keeps them equal)."""

    text = "text"
    json = "json"
    markdown = "markdown"
    sarif = "sarif"
    github = "github"


class FailSeverity(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


class RulesFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


class RuleGroup(str, Enum):
    opportunity = "opportunity"
    use_cases = "use-cases"
    embedding = "embedding"
    data = "data"


@app.command(
    epilog=(
        "Examples:\n\n"
        "  socialplan assess examples/consulting-mobile-workforce.yaml\n\n"
        "  socialplan assess plan.yaml --format json -o assessment.json\n\n"
        "  socialplan assess plans/northwind --fail-under 70 --fail-on error\n\n"
        "  socialplan assess plan.yaml --format sarif --as-of 2027-01-31 > assess.sarif\n\n"
        "Settings (disabled rules, severities, thresholds) come from --config, else "
        ".socialplan.yaml beside the plan, else \\[tool.socialplan.assess] in the nearest "
        "pyproject.toml. See docs/rules.md and 'socialplan rules'.\n\n"
        "Exit codes: 0 assessed, 1 invalid plan or --fail-under/--fail-on met, 2 usage or "
        "configuration error."
    ),
)
def assess(
    plan: PlanArgument,
    output_format: Annotated[
        AssessFormat,
        typer.Option("--format", "-f", case_sensitive=False,
                     help="Output: a text scorecard, versioned JSON, Markdown, SARIF 2.1.0 or "
                          "GitHub workflow annotations."),
    ] = AssessFormat.text,
    output: OutputOption = None,
    fail_under: Annotated[
        float | None,
        typer.Option("--fail-under", min=0, max=100, metavar="SCORE", show_default=False,
                     help="Exit 1 when the overall score (0-100) is below SCORE."),
    ] = None,
    fail_on: Annotated[
        FailSeverity | None,
        typer.Option("--fail-on", case_sensitive=False, show_default=False,
                     help="Exit 1 when an unsuppressed finding has this severity or a worse one."),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", metavar="YYYY-MM-DD", show_default=False,
                     help="Judge dates (KPIs already due) as of this day instead of today."),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option("--config", "-c", dir_okay=False, show_default=False,
                     help="Read settings from this .socialplan.yaml-style file or pyproject.toml."),
    ] = None,
    no_config: Annotated[
        bool, typer.Option("--no-config", help="Ignore configuration files: use the default settings."),
    ] = False,
    max_bytes: MaxBytesOption = None,
) -> None:
    """Score a plan's readiness: verdict and reasons, findings, use-case priorities, stakeholder map."""
    from socialplan.commands.assess import run_assess
    from socialplan.commands.options import date_option

    code = run_assess(
        plan, output_format.value, output,
        fail_under=fail_under, fail_on=fail_on.value if fail_on else None,
        as_of=date_option(as_of, "--as-of"), config_path=config, use_config=not no_config, max_bytes=max_bytes,
    )
    raise typer.Exit(code)


rules_app = typer.Typer(
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@rules_app.callback(
    invoke_without_command=True,
    epilog=(
        "Examples:\n\n"
        "  socialplan rules\n\n"
        "  socialplan rules --group embedding\n\n"
        "  socialplan rules --format markdown -o rules.md\n\n"
        "  socialplan rules explain OP03"
    ),
)
def rules(
    ctx: typer.Context,
    output_format: Annotated[
        RulesFormat,
        typer.Option("--format", "-f", case_sensitive=False, help="Output: a table, Markdown reference or JSON."),
    ] = RulesFormat.text,
    group: Annotated[
        RuleGroup | None,
        typer.Option("--group", "-g", case_sensitive=False, show_default=False,
                     help="Only the rules of this group."),
    ] = None,
    output: OutputOption = None,
) -> None:
    """List the assessment rules (code, group, severity, name, summary), or explain one."""
    if ctx.invoked_subcommand is not None:
        return
    from socialplan.commands.rules import run_rules

    raise typer.Exit(run_rules(output_format.value, group.value if group else None, output))


@rules_app.command(
    epilog="Examples:\n\n  socialplan rules explain OP03\n\n  socialplan rules explain no-senior-briefing",
)
def explain(
    rule: Annotated[
        str, typer.Argument(help="A rule code (OP03) or name (objective-without-kpi).", show_default=False),
    ],
) -> None:
    """Print a rule's documentation, with a failing and a passing example plan."""
    from socialplan.commands.rules import run_explain

    raise typer.Exit(run_explain(rule))


app.add_typer(rules_app, name="rules")


# --- business-case and templates commands ---


class BusinessCaseFormat(str, Enum):
    """Keys of ``socialplan.commands.business_case.FORMATS``."""

    markdown = "markdown"
    html = "html"
    json = "json"


TemplateDirOption = Annotated[
    Path | None,
    typer.Option("--template-dir", "-t", file_okay=False, show_default=False,
                 help="Use templates from this folder in place of the defaults of the same name "
                      "(start from 'socialplan templates export DIR')."),
]


@app.command(
    "business-case",
    epilog=(
        "Examples:\n\n"
        "  socialplan business-case plan.yaml -o business-case.html\n\n"
        "  socialplan business-case plans/northwind --format markdown -o report/business-case.md\n\n"
        "  socialplan business-case plan.yaml --format json --simulations 100000 --seed 7\n\n"
        "  socialplan business-case plan.yaml -o case.html --template-dir my-templates\n\n"
        "The format follows -o's suffix (.html, .md, .json) unless --format is given; Markdown "
        "charts are SVG files written beside the report. Figures: NPV, ROI, benefit-cost ratio, "
        "payback month and IRR, each as estimated and risk-adjusted; see docs/business-case.md.\n\n"
        "Exit codes: 0 written, 1 the plan is invalid or cannot be modelled, 2 usage error."
    ),
)
def business_case(
    plan: PlanArgument,
    output_format: Annotated[
        BusinessCaseFormat | None,
        typer.Option("--format", "-f", case_sensitive=False, show_default=False,
                     help="markdown (GitHub), html (one self-contained printable file) or json "
                          "(figures for other tools). Default: from -o's suffix, else markdown."),
    ] = None,
    output: OutputOption = None,
    simulations: Annotated[
        int,
        typer.Option("--simulations", "-n", min=0, max=10_000_000,
                     help="Monte Carlo draws over the low/likely/high estimates; 0 skips the simulation."),
    ] = 10_000,  # socialplan.finance.simulation.DEFAULT_SIMULATIONS
    seed: Annotated[
        int, typer.Option("--seed", min=0, help="Seed of the simulation: the same seed gives the same figures."),
    ] = 2012,  # socialplan.finance.simulation.DEFAULT_SEED (not imported here: numpy loads lazily)
    template_dir: TemplateDirOption = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", metavar="YYYY-MM-DD", show_default=False,
                     help="Date the readiness verdict in the summary is judged on (default today)."),
    ] = None,
    max_bytes: MaxBytesOption = None,
) -> None:
    """Write the business case: NPV, risk, options, sensitivity and Monte Carlo in a five-case report.

    Costs and benefits over time, risk-adjusted, against doing nothing, as the Five Case Model
    (strategic, economic, commercial, financial, management)."""
    from socialplan.commands.business_case import run_business_case

    raise typer.Exit(run_business_case(
        plan, output_format.value if output_format else None, output, simulations=simulations, seed=seed,
        template_dir=template_dir, as_of=as_of, max_bytes=max_bytes,
    ))


templates_app = typer.Typer(
    name="templates",
    help="Work with the report templates (Jinja) to give reports your own look.",
    epilog=(
        "Example:\n\n"
        "  socialplan templates export my-templates\n\n"
        "  socialplan business-case plan.yaml -o case.html --template-dir my-templates"
    ),
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(templates_app)


@templates_app.command(
    "export",
    epilog=(
        "Examples:\n\n"
        "  socialplan templates export my-templates\n\n"
        "  socialplan templates export my-templates --force\n\n"
        "Files already in DIR are kept unless --force is given."
    ),
)
def templates_export(
    directory: Annotated[
        Path, typer.Argument(help="Folder to copy the default templates into (created if missing).",
                             file_okay=False, show_default=False, metavar="DIR"),
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Replace files of the same name already in DIR."),
    ] = False,
) -> None:
    """Copy the default report templates into DIR, to edit and use with --template-dir."""
    from socialplan.commands.templates import run_templates_export

    raise typer.Exit(run_templates_export(directory, force=force))


# --- rollout command ---


class RolloutFormat(str, Enum):
    """Keys of ``socialplan.commands.rollout.FORMATS`` (a test keeps them equal)."""

    markdown = "markdown"
    html = "html"
    json = "json"
    ics = "ics"
    csv = "csv"


@app.command(
    epilog=(
        "Examples:\n\n"
        "  socialplan rollout examples/global-tech-innovation.yaml -o rollout.md\n\n"
        "  socialplan rollout plan.yaml --format html -o rollout.html\n\n"
        "  socialplan rollout plan.yaml -o rollout.ics        (format from the suffix)\n\n"
        "  socialplan rollout plans/northwind --format csv --start 2027-03-01 > tasks.csv\n\n"
        "Activities come from the plan (stakeholder research, governance, champions, usability "
        "tests, pilots with decision gates, briefings, communications, launch education, 30/60/90-day "
        "reviews); rollout.activities adds, removes, renames or re-times them. Dates are working days "
        "(rollout.workdays, rollout.holidays, closed periods in rollout.blackouts); float and the critical "
        "path come from the dependencies; see docs/rollout.md.\n\n"
        "Exit codes: 0 written, 1 invalid plan or unschedulable rollout, 2 usage error."
    ),
)
def rollout(
    plan: PlanArgument,
    output_format: Annotated[
        RolloutFormat | None,
        typer.Option("--format", "-f", case_sensitive=False, show_default=False,
                     help="Output: Markdown with a Mermaid Gantt chart, self-contained printable HTML with "
                          "an SVG Gantt chart, JSON (tasks, critical path, milestones, RACI), iCalendar "
                          "(.ics) or CSV for Planner, Jira or a spreadsheet. Default: from the -o suffix, "
                          "else markdown."),
    ] = None,
    output: OutputOption = None,
    template_dir: Annotated[
        Path | None,
        typer.Option("--template-dir", "-t", file_okay=False, show_default=False,
                     help="Use report templates from this folder first (rollout.md.j2, rollout.html.j2, "
                          "rollout_style.css.j2), falling back to the defaults file by file."),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option("--start", metavar="YYYY-MM-DD", show_default=False,
                     help="Start the programme on this working day instead of rollout.start."),
    ] = None,
    max_bytes: MaxBytesOption = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Do not print warnings (broken RACI rows, unframed messages)."),
    ] = False,
) -> None:
    """Write the rollout plan: a schedule from research to launch, with critical path, RACI and plans.

    Activities from stakeholder research to launch and embedding, pilots with decision gates, the
    critical path, RACI, and the communication and measurement plans."""
    from socialplan.commands.rollout import run_rollout

    code = run_rollout(plan, output_format.value if output_format else None, output,
                       template_dir=template_dir, start=start, max_bytes=max_bytes, quiet=quiet)
    raise typer.Exit(code)


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
