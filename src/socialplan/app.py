"""The command-line application: parse options, call one command function,
return its exit status. Choices come from the registries (report formats,
schemas, rule groups), which are names only; every heavy module is imported
inside the command that needs it, so ``socialplan validate`` starts fast.

Help is click's plain layout (no rich panels): it reads the same in a
terminal, a pipe and a CI log, lists flags without a value placeholder, and
keeps choice lists in the option's help text, where they wrap between words.
"""

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

import typer

from socialplan import __version__
from socialplan.assess.groups import GROUPS
from socialplan.commands.schema import SCHEMAS, schema_help
from socialplan.formats import REPORTS, RULES_FORMATS


def _choice(names: list[str] | tuple[str, ...]) -> Any:
    """A Literal of ``names``: typer offers them as choices (case-insensitive,
    completed by the shell) and refuses anything else with a usage error."""
    return Literal[tuple(names)]


# For mypy these are plain strings; at run time typer reads the Literals.
if TYPE_CHECKING:
    from socialplan.assess.groups import Group as RuleGroup
    from socialplan.diagnostics import Severity as FailSeverity

    ValidateFormat = str
    AssessFormat = str
    BusinessCaseFormat = str
    RolloutFormat = str
    TrackFormat = str
    TrackFailOn = str
    EvidenceFormat = str
    RulesFormat = str
    SchemaName = str
    Paper = str
    ReportFormat = str
    PackStage = str
else:
    ValidateFormat = _choice(REPORTS["validate"].names)
    AssessFormat = _choice(REPORTS["assess"].names)
    BusinessCaseFormat = _choice(REPORTS["business-case"].names)
    RolloutFormat = _choice(REPORTS["rollout"].names)
    TrackFormat = _choice(REPORTS["track"].names)
    TrackFailOn = _choice(["off-track", "at-risk"])
    EvidenceFormat = _choice(REPORTS["evidence"].names)
    RulesFormat = _choice(list(RULES_FORMATS))
    SchemaName = _choice(list(SCHEMAS))
    FailSeverity = _choice(["error", "warning", "info"])
    RuleGroup = _choice(GROUPS)
    Paper = _choice(["a4", "letter"])
    ReportFormat = _choice(REPORTS["report"].names)
    PackStage = _choice(["pilot", "outline", "full"])  # socialplan.pack.STAGES

HELP = {"help_option_names": ["-h", "--help"]}


def _suffix_help(report: str) -> str:
    registry = REPORTS[report]
    return (f" Default: the format -o's suffix names ({', '.join(registry.suffixes)}), "
            f"else {registry.default}.")


ROOT_SETTINGS: dict[str, Any] = {
    "name": "socialplan",
    "help": (
        "Plan the adoption of an internal social network (Viva Engage, Slack, Workvivo, Jive; "
        "or moving off Workplace from Meta).\n\n"
        "Describe the organisation in YAML (objectives, use cases, stakeholders, options, finance, "
        "rollout) and socialplan checks it, assesses its readiness and writes the business case and "
        "the rollout plan."
    ),
    "epilog": (
        "Examples:\n\n"
        "\b\n"
        "  socialplan validate examples/*.yaml examples/sales-webinars\n"
        "  socialplan assess examples/retail-pilot-first.yaml\n"
        "  socialplan business-case examples/retail-pilot-first.yaml -o case.html\n"
        "  socialplan rollout examples/retail-pilot-first.yaml -o rollout.md\n\n"
        "Exit codes: 0 ok, 1 invalid plan or failing findings, 2 usage error, 3 internal error (a bug). "
        "Shell completion: socialplan --install-completion."
    ),
    "no_args_is_help": True,
    "add_completion": True,
    "rich_markup_mode": None,
    "pretty_exceptions_enable": False,
    "context_settings": HELP,
}

# Each command registers itself here, in the order --help lists them. Only
# the command being run is built: typer prepares every option of every
# command it holds (types, defaults, choices) before parsing, which would
# cost ``socialplan validate`` the time to set up all the others.
_REGISTRARS: dict[str, Callable[[typer.Typer], None]] = {}
F = TypeVar("F", bound=Callable[..., None])


def _command(name: str, **settings: Any) -> Callable[[F], F]:
    def register(function: F) -> F:
        def add(target: typer.Typer) -> None:
            target.command(name, **settings)(function)

        _REGISTRARS[name] = add
        return function

    return register


def _group(name: str, group: typer.Typer) -> None:
    _REGISTRARS[name] = lambda target: target.add_typer(group, name=name)


def make_app(command: str | None = None) -> typer.Typer:
    """The application; with ``command``, holding only that command (when it
    is one) so that running it does not prepare the others."""
    app = typer.Typer(**ROOT_SETTINGS)
    app.callback()(_root)
    names = [command] if command in _REGISTRARS else list(_REGISTRARS)
    for name in names:
        _REGISTRARS[name](app)
    return app



def _version(value: bool) -> None:
    if value:
        typer.echo(f"socialplan {__version__}")
        raise typer.Exit()


def _root(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """Plan the adoption of an internal social network."""


OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="FILE", dir_okay=False, show_default=False,
                 help="Write to this file (atomically) instead of standard output."),
]
PlanArgument = Annotated[
    str, typer.Argument(metavar="PLAN", show_default=False,
                        help="The plan: a file, a folder plan, or '-' for standard input."),
]
MaxBytesOption = Annotated[
    int | None,
    typer.Option("--max-bytes", metavar="BYTES", min=1, show_default=False,
                 help="Refuse plan files larger than this (default 5 MiB, or SOCIALPLAN_MAX_BYTES)."),
]
TemplateDirOption = Annotated[
    Path | None,
    typer.Option("--template-dir", "-t", metavar="DIR", file_okay=False, show_default=False,
                 help="Use templates from this folder in place of the defaults of the same name, file by file "
                      "(start from 'socialplan templates export DIR')."),
]

# PDF and Word (the pdf and docx formats of every report).
PaperOption = Annotated[
    Paper | None,
    typer.Option("--paper", metavar="SIZE", case_sensitive=False, show_default=False,
                 help="Page size of a PDF: a4 (the default) or letter."),
]
ReferenceDocxOption = Annotated[
    Path | None,
    typer.Option("--reference-docx", metavar="FILE", dir_okay=False, show_default=False,
                 help="A Word document whose styles, page size, headers and footers a docx report takes "
                      "(your firm's template)."),
]


# Parallel checking of many plans (socialplan.batch).
JobsOption = Annotated[
    int | None,
    typer.Option("--jobs", "-j", metavar="N", min=1, show_default=False,
                 help="Check plans in this many processes at once (default: SOCIALPLAN_JOBS, else one per "
                      "available core; 1: one after another). Fewer than 50 plans under 1 MiB in all are "
                      "checked in one process. The report is the same whatever the number."),
]


@_command(
    "validate",
    short_help="Check plans; say what is wrong and where (file:line:column).",
    epilog=(
        "Examples:\n\n"
        "\b\n"
        "  socialplan validate plan.yaml plans/northwind\n"
        "  socialplan validate 'plans/**/*.yaml' --format sarif -o socialplan.sarif\n"
        "  socialplan validate --format github plans/\n"
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
        typer.Argument(metavar="PATH", show_default=False,
                       help="Plan files, folder plans, folders of plans or globs; '-' reads standard input."),
    ],
    output_format: Annotated[
        ValidateFormat,
        typer.Option("--format", "-f", metavar="FORMAT", case_sensitive=False,
                     help=REPORTS["validate"].help()),
    ] = "text",
    output: OutputOption = None,
    max_bytes: MaxBytesOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Text format: print only problems.")] = False,
    jobs: JobsOption = None,
) -> None:
    """Check plan files and say exactly what is wrong and where (file:line:column)."""
    from socialplan.commands.validate import run_validate

    raise typer.Exit(run_validate(paths, output_format, output, max_bytes, quiet=quiet, jobs=jobs))


@_command(
    "schema",
    short_help="Print the JSON Schema of the plan format or of a report.",
    epilog=(
        "Examples:\n\n"
        "\b\n"
        "  socialplan schema -o plan.schema.json\n"
        "  socialplan schema validate-report -o validate-report.schema.json"
    ),
)
def schema(
    which: Annotated[
        SchemaName, typer.Argument(help=schema_help(), case_sensitive=False, metavar="SCHEMA", show_choices=False),
    ] = "plan",
    output: OutputOption = None,
) -> None:
    """Print the JSON Schema of the plan format (for editors and other tools), or of a report."""
    from socialplan.commands.schema import run_schema

    raise typer.Exit(run_schema(output, which))


@_command(
    "assess",
    short_help="Score a plan's readiness: verdict, findings, priorities.",
    epilog=(
        "Examples:\n\n"
        "\b\n"
        "  socialplan assess examples/consulting-mobile-workforce.yaml\n"
        "  socialplan assess plan.yaml --format json -o assessment.json\n"
        "  socialplan assess plans/northwind --fail-under 70 --fail-on error\n"
        "  socialplan assess plan.yaml --format sarif --as-of 2027-01-31 > assess.sarif\n\n"
        "Settings (disabled rules, severities, thresholds) come from --config, else "
        ".socialplan.yaml beside the plan, else [tool.socialplan.assess] in the nearest "
        "pyproject.toml. See docs/rules.md and 'socialplan rules'.\n\n"
        "Exit codes: 0 assessed, 1 invalid plan or --fail-under/--fail-on met, 2 usage or "
        "configuration error."
    ),
)
def assess(
    plan: PlanArgument,
    output_format: Annotated[
        AssessFormat | None,
        typer.Option("--format", "-f", metavar="FORMAT", case_sensitive=False, show_default=False,
                     help=REPORTS["assess"].help() + _suffix_help("assess")),
    ] = None,
    output: OutputOption = None,
    fail_under: Annotated[
        float | None,
        typer.Option("--fail-under", min=0, max=100, metavar="SCORE", show_default=False,
                     help="Exit 1 when the overall score (0-100) is below SCORE."),
    ] = None,
    fail_on: Annotated[
        FailSeverity | None,
        typer.Option("--fail-on", metavar="SEVERITY", case_sensitive=False, show_default=False,
                     help="Exit 1 when an unsuppressed finding has this severity (error, warning or info) "
                          "or a worse one."),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", metavar="YYYY-MM-DD", show_default=False,
                     help=("Judge as of this day instead of today: KPIs already due, and only the survey waves and "
                           "pilot decisions known by then.")),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option("--config", "-c", metavar="FILE", dir_okay=False, show_default=False,
                     help="Read settings from this .socialplan.yaml-style file or pyproject.toml."),
    ] = None,
    no_config: Annotated[
        bool, typer.Option("--no-config", help="Ignore configuration files: use the default settings."),
    ] = False,
    max_bytes: MaxBytesOption = None,
    paper: PaperOption = None,
    reference_docx: ReferenceDocxOption = None,
) -> None:
    """Score a plan's readiness: verdict and reasons, findings, use-case priorities, stakeholder map."""
    from socialplan.commands.assess import run_assess
    from socialplan.commands.options import date_option

    raise typer.Exit(run_assess(
        plan, output_format, output, fail_under=fail_under, fail_on=fail_on,
        as_of=date_option(as_of, "--as-of"), config_path=config, use_config=not no_config, max_bytes=max_bytes,
        paper=paper, reference_docx=reference_docx,
    ))


rules_app = typer.Typer(add_completion=False, rich_markup_mode=None, context_settings=HELP)


@rules_app.callback(
    invoke_without_command=True,
    short_help="List the assessment rules, or explain one.",
    epilog=(
        "Examples:\n\n"
        "\b\n"
        "  socialplan rules\n"
        "  socialplan rules --group embedding\n"
        "  socialplan rules --format markdown -o rules.md\n"
        "  socialplan rules explain OP03"
    ),
)
def rules(
    ctx: typer.Context,
    output_format: Annotated[
        RulesFormat,
        typer.Option("--format", "-f", metavar="FORMAT", case_sensitive=False,
                     help="Output format: " + "; ".join(f"{k} ({v})" for k, v in RULES_FORMATS.items()) + "."),
    ] = "text",
    group: Annotated[
        RuleGroup | None,
        typer.Option("--group", "-g", metavar="GROUP", case_sensitive=False, show_default=False,
                     help="Only the rules of this group: " + ", ".join(GROUPS) + "."),
    ] = None,
    output: OutputOption = None,
) -> None:
    """List the assessment rules (code, group, severity, name, summary), or explain one."""
    if ctx.invoked_subcommand is not None:
        return
    from socialplan.commands.rules import run_rules

    raise typer.Exit(run_rules(output_format, group, output))


@rules_app.command(
    short_help="Explain one rule, with a failing and a passing example.",
    epilog="Examples:\n\n\b\n  socialplan rules explain OP03\n  socialplan rules explain no-senior-briefing",
)
def explain(
    rule: Annotated[
        str, typer.Argument(metavar="RULE", show_default=False,
                            help="A rule code (OP03) or name (objective-without-kpi)."),
    ],
) -> None:
    """Print a rule's documentation, with a failing and a passing example plan."""
    from socialplan.commands.rules import run_explain

    raise typer.Exit(run_explain(rule))


_group("rules", rules_app)


@_command(
    "business-case",
    short_help="Write the business case: NPV, risk, options, Monte Carlo.",
    epilog=(
        "Examples:\n\n"
        "\b\n"
        "  socialplan business-case plan.yaml -o business-case.html\n"
        "  socialplan business-case plans/northwind -f markdown -o report/case.md\n"
        "  socialplan business-case plan.yaml -f json --simulations 100000 --seed 7\n"
        "  socialplan business-case plan.yaml -o case.html --template-dir my-templates\n\n"
        "Markdown charts are SVG files written beside the report. Figures: NPV, ROI, benefit-cost ratio, "
        "payback month and IRR, each as estimated and risk-adjusted; see docs/business-case.md.\n\n"
        "Exit codes: 0 written, 1 the plan is invalid or cannot be modelled, 2 usage error."
    ),
)
def business_case(
    plan: PlanArgument,
    output_format: Annotated[
        BusinessCaseFormat | None,
        typer.Option("--format", "-f", metavar="FORMAT", case_sensitive=False, show_default=False,
                     help=REPORTS["business-case"].help() + _suffix_help("business-case")),
    ] = None,
    output: OutputOption = None,
    simulations: Annotated[
        int,
        typer.Option("--simulations", "-n", metavar="DRAWS", min=0, max=10_000_000,
                     help="Monte Carlo draws over the low/likely/high estimates; 0 skips the simulation."),
    ] = 10_000,  # socialplan.api.DEFAULT_SIMULATIONS
    seed: Annotated[
        int, typer.Option("--seed", metavar="SEED", min=0,
                          help="Seed of the simulation: the same seed gives the same figures."),
    ] = 2012,  # socialplan.api.DEFAULT_SEED (not imported here: it would load the models)
    template_dir: TemplateDirOption = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", metavar="YYYY-MM-DD", show_default=False,
                     help=("The day the report speaks for (default today): the verdict is judged on it and only "
                           "pilot decisions taken by then apply.")),
    ] = None,
    max_bytes: MaxBytesOption = None,
    paper: PaperOption = None,
    reference_docx: ReferenceDocxOption = None,
) -> None:
    """Write the business case: NPV, risk, options, sensitivity and Monte Carlo in a five-case report.

    Costs and benefits over time, risk-adjusted, against doing nothing, as the Five Case Model
    (strategic, economic, commercial, financial, management)."""
    from socialplan.commands.business_case import run_business_case

    raise typer.Exit(run_business_case(
        plan, output_format, output, simulations=simulations, seed=seed,
        template_dir=template_dir, as_of=as_of, max_bytes=max_bytes, paper=paper, reference_docx=reference_docx,
    ))


templates_app = typer.Typer(
    name="templates",
    help="Work with the report templates (Jinja) to give reports your own look.",
    short_help="Export the report templates to give reports your own look.",
    epilog=(
        "Example:\n\n"
        "\b\n"
        "  socialplan templates export my-templates\n"
        "  socialplan business-case plan.yaml -o case.html --template-dir my-templates"
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings=HELP,
)
_group("templates", templates_app)


@templates_app.command(
    "export",
    short_help="Copy the default report templates into DIR.",
    epilog=(
        "Examples:\n\n"
        "\b\n"
        "  socialplan templates export my-templates\n"
        "  socialplan templates export my-templates --force\n\n"
        "Files already in DIR are kept unless --force is given."
    ),
)
def templates_export(
    directory: Annotated[
        str, typer.Argument(help="Folder to copy the default templates into (created if missing).",
                            show_default=False, metavar="DIR"),
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Replace files of the same name already in DIR."),
    ] = False,
) -> None:
    """Copy the default report templates into DIR, to edit and use with --template-dir."""
    from socialplan.commands.templates import run_templates_export
    from socialplan.output import named_path

    # Taken as text: a Path would read '' as '.', the current folder.
    raise typer.Exit(run_templates_export(named_path(directory, "DIR"), force=force))


@_command(
    "rollout",
    short_help="Write the rollout plan: schedule, critical path, RACI.",
    epilog=(
        "Examples:\n\n"
        "\b\n"
        "  socialplan rollout examples/global-tech-innovation.yaml -o rollout.md\n"
        "  socialplan rollout plan.yaml --format html -o rollout.html\n"
        "  socialplan rollout plan.yaml -o rollout.ics        (format from the suffix)\n"
        "  socialplan rollout plans/northwind -f csv --start 2027-03-01 > tasks.csv\n"
        "  socialplan rollout plan.yaml -o tasks.csv --excel    (for Excel)\n\n"
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
        typer.Option("--format", "-f", metavar="FORMAT", case_sensitive=False, show_default=False,
                     help=REPORTS["rollout"].help() + _suffix_help("rollout")),
    ] = None,
    output: OutputOption = None,
    template_dir: TemplateDirOption = None,
    start: Annotated[
        str | None,
        typer.Option("--start", metavar="YYYY-MM-DD", show_default=False,
                     help="Start the programme on this working day instead of rollout.start."),
    ] = None,
    # Printing: the report's date stamp, and CSV for Excel.
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", metavar="YYYY-MM-DD", show_default=False,
                     help=("The day the report speaks for (default: today): its stamp, and the pilot decisions its "
                           "gates show; give it for byte-identical reruns.")),
    ] = None,
    excel: Annotated[
        bool, typer.Option("--excel", help="CSV for Excel: UTF-8 with a byte-order mark, so accents survive."),
    ] = False,
    max_bytes: MaxBytesOption = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Do not print warnings (broken RACI rows, unframed messages)."),
    ] = False,
    paper: PaperOption = None,
    reference_docx: ReferenceDocxOption = None,
) -> None:
    """Write the rollout plan: a schedule from research to launch, with critical path, RACI and plans.

    Activities from stakeholder research to launch and embedding, pilots with decision gates, the
    critical path, RACI, and the communication and measurement plans."""
    from socialplan.commands.rollout import run_rollout

    raise typer.Exit(run_rollout(plan, output_format, output, template_dir=template_dir, start=start,
                                 max_bytes=max_bytes, quiet=quiet, as_of=as_of, excel=excel, paper=paper,
                                 reference_docx=reference_docx))


# --- socialplan init ---------------------------------------------------------

from socialplan.starter import MIGRATIONS, PRESETS  # noqa: E402  (names only; yaml loads when writing)

if TYPE_CHECKING:
    InitPlatform = str
    InitMigration = str
else:
    InitPlatform = _choice(list(PRESETS))
    InitMigration = _choice(list(MIGRATIONS))


@_command(
    "init",
    short_help="Write a first folder plan from a few answers.",
    epilog=(
        "Examples:\n\n"
        "\b\n"
        "  socialplan init plans/northwind\n"
        "  socialplan init plans/northwind --organisation Northwind --headcount 12000 --platform slack \\\n"
        "      --group 'Partners=150' --group 'Consultants=9000' --objective 'Share client know-how'\n"
        "  socialplan init plans/move --platform viva-engage --migrating-from workplace --start 2027-03-01\n\n"
        "On a terminal the questions that flags do not answer are asked; in a script or CI the "
        "flags are all there is and the rest takes its default. The plan is valid as written; "
        "'TODO' marks what to fill in, and 'socialplan assess' will not rate it go until that is "
        "done. An existing plan is never replaced without --force.\n\n"
        "Exit codes: 0 written, 2 usage error (bad answer, a plan already there)."
    ),
)
def init(
    directory: Annotated[
        str, typer.Argument(metavar="DIR", help="Folder to write the plan into (created if missing)."),
    ] = "plan",
    organisation: Annotated[
        str | None, typer.Option("--organisation", metavar="NAME", show_default=False,
                                 help="The organisation's name."),
    ] = None,
    headcount: Annotated[
        str | None, typer.Option("--headcount", metavar="PEOPLE", show_default=False,
                                 help="Everyone who will be invited (default 1000)."),
    ] = None,
    platform: Annotated[
        InitPlatform | None,
        typer.Option("--platform", metavar="PLATFORM", case_sensitive=False, show_default=False,
                     help="The platform to adopt: " + ", ".join(PRESETS) + " (default viva-engage)."),
    ] = None,
    migrating_from: Annotated[
        InitMigration | None,
        typer.Option("--migrating-from", metavar="PLATFORM", case_sensitive=False, show_default=False,
                     help="A closed platform to move off: " + ", ".join(
                         f"{k} ({v})" for k, v in MIGRATIONS.items()) + "."),
    ] = None,
    group: Annotated[
        list[str] | None,
        typer.Option("--group", metavar="NAME=HEADCOUNT", show_default=False,
                     help="A stakeholder group and its headcount; repeat it, the senior group first."),
    ] = None,
    objective: Annotated[
        list[str] | None,
        typer.Option("--objective", metavar="TEXT", show_default=False,
                     help="A business objective in your words; repeat it for more."),
    ] = None,
    currency: Annotated[
        str | None, typer.Option("--currency", metavar="CODE", show_default=False,
                                 help="ISO 4217 currency code (default GBP)."),
    ] = None,
    start: Annotated[
        str | None, typer.Option("--start", metavar="YYYY-MM-DD", show_default=False,
                                 help="The programme's first working day."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the files of a plan already in DIR.")] = False,
) -> None:
    """Write a first folder plan (one file per section) from a few answers, ready to validate and assess."""
    from socialplan.commands.init import run_init_command

    raise typer.Exit(run_init_command(
        directory, organisation=organisation, headcount=headcount, platform=platform,
        migrating_from=migrating_from, groups=group or [], objectives=objective or [], currency=currency,
        start=start, force=force,
    ))


# --- socialplan diff ---------------------------------------------------------

if TYPE_CHECKING:
    DiffFormat = str
    DiffFailOn = str
else:
    DiffFormat = _choice(REPORTS["diff"].names)
    DiffFailOn = _choice(["worse"])


@_command(
    "diff",
    short_help="Say what changed between two versions of a plan, by meaning.",
    epilog=(
        "Examples:\n\n"
        "\b\n"
        "  socialplan diff old/acme.yaml plans/acme.yaml\n"
        "  socialplan diff main:plans/acme.yaml plans/acme.yaml\n"
        "  socialplan diff origin/main:plans/northwind HEAD:plans/northwind -f markdown -o diff.md\n"
        "  socialplan diff main:plans/acme.yaml plans/acme.yaml --fail-on worse --npv-threshold 50000\n\n"
        "OLD and NEW are plan files or folder plans, or REVISION:PATH read from the git repository "
        "here (the path from the top of the repository). Both are assessed as of the same day with the "
        "default settings, and their business cases simulated with the same seed, so only the plan's "
        "changes move the figures. See docs/diff.md.\n\n"
        "Exit codes: 0 compared; 1 a plan is invalid, or --fail-on worse and the new plan is worse; "
        "2 usage error (a bad revision, a missing file)."
    ),
)
def diff(
    old: Annotated[str, typer.Argument(metavar="OLD", show_default=False,
                                       help="The plan before: a file, a folder plan or REVISION:PATH.")],
    new: Annotated[str, typer.Argument(metavar="NEW", show_default=False,
                                       help="The plan after: a file, a folder plan or REVISION:PATH.")],
    output_format: Annotated[
        DiffFormat | None,
        typer.Option("--format", "-f", metavar="FORMAT", case_sensitive=False, show_default=False,
                     help=REPORTS["diff"].help() + _suffix_help("diff")),
    ] = None,
    output: OutputOption = None,
    fail_on: Annotated[
        DiffFailOn | None,
        typer.Option("--fail-on", metavar="CHANGE", case_sensitive=False, show_default=False,
                     help="'worse': exit 1 when the verdict drops or the risk-adjusted NPV falls by more "
                          "than --npv-threshold."),
    ] = None,
    npv_threshold: Annotated[
        str, typer.Option("--npv-threshold", metavar="AMOUNT|PCT",
                          help="How far the risk-adjusted NPV may fall before the plan is worse: a share "
                               "of the old NPV's size (5%) or an amount in the plan's currency (50000)."),
    ] = "5%",
    simulations: Annotated[
        int, typer.Option("--simulations", "-n", metavar="DRAWS", min=0, max=1_000_000,
                          help="Monte Carlo draws per business case; 0 skips the chance that NPV > 0."),
    ] = 2_000,  # socialplan.api.DIFF_SIMULATIONS
    seed: Annotated[int, typer.Option("--seed", metavar="SEED", min=0,
                                      help="Seed of both simulations.")] = 2012,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", metavar="YYYY-MM-DD", show_default=False,
                     help="Assess both plans as of this day instead of today."),
    ] = None,
    max_bytes: MaxBytesOption = None,
) -> None:
    """Say what changed between two versions of a plan: findings, verdict, NPV, costs, schedule."""
    from socialplan.commands.diff import run_diff
    from socialplan.commands.options import date_option

    raise typer.Exit(run_diff(old, new, output_format, output, fail_on=fail_on, npv_threshold=npv_threshold,
                              simulations=simulations, seed=seed, as_of=date_option(as_of, "--as-of"),
                              max_bytes=max_bytes))
@_command(
    "track",
    short_help="Track adoption and KPIs against the plan's forecast.",
    epilog=(
        "Examples:\n\n"
        "\b\n"
        "  socialplan track examples/global-tech-innovation.yaml\n"
        "  socialplan track plan.yaml -o track.html\n"
        "  socialplan track plan.yaml -f json --as-of 2027-11-30 > track.json\n"
        "  socialplan track plan.yaml --fail-on off-track          (in a scheduled job)\n\n"
        "Reads the usage exports (Viva Engage, Slack or plain counts) and KPI observations named in the "
        "plan's tracking section, relative to the plan's folder. The forecast is the business case's own "
        "adoption curve, timed by the rollout schedule; see docs/track.md.\n\n"
        "Exit codes: 0 written, 1 invalid plan, a problem in the data (file, row, column) or the status "
        "--fail-on names, 2 usage error."
    ),
)
def track(
    plan: PlanArgument,
    output_format: Annotated[
        TrackFormat | None,
        typer.Option("--format", "-f", metavar="FORMAT", case_sensitive=False, show_default=False,
                     help=REPORTS["track"].help() + _suffix_help("track")),
    ] = None,
    output: OutputOption = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", metavar="YYYY-MM-DD", show_default=False,
                     help="Judge the actuals as of this day (default tracking.as_of, else the latest data)."),
    ] = None,
    fail_on: Annotated[
        TrackFailOn | None,
        typer.Option("--fail-on", metavar="STATUS", case_sensitive=False, show_default=False,
                     help="Exit 1 when adoption is off-track, or at-risk (at risk or off track)."),
    ] = None,
    template_dir: TemplateDirOption = None,
    max_bytes: MaxBytesOption = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Do not print warnings about the data."),
    ] = False,
) -> None:
    """Track adoption and KPIs after launch: actual against the plan's forecast, re-forecast, business case."""
    from socialplan.commands.track import run_track

    raise typer.Exit(run_track(plan, output_format, output, as_of=as_of, fail_on=fail_on,
                               template_dir=template_dir, max_bytes=max_bytes, quiet=quiet))
@_command(
    "evidence",
    short_help="Report what surveys and pilots found: ADKAR, pilot decisions.",
    epilog=(
        "Examples:\n\n"
        "\b\n"
        "  socialplan evidence examples/consulting-mobile-workforce.yaml\n"
        "  socialplan evidence plan.yaml -o evidence.html\n"
        "  socialplan evidence plan.yaml -f json --as-of 2027-06-30 > evidence.json\n\n"
        "Reads the survey exports (Google Forms, Microsoft Forms, Qualtrics, SurveyMonkey: CSV or .xlsx) and "
        "pilot results the plan's evidence section names. Only per-group figures are reported; groups with "
        "fewer than evidence.settings.min_group_size responses are suppressed. See docs/evidence.md.\n\n"
        "Exit codes: 0 written, 1 invalid plan or an export that cannot be used (file, row and column "
        "named), 2 usage error."
    ),
)
def evidence(
    plan: PlanArgument,
    output_format: Annotated[
        EvidenceFormat | None,
        typer.Option("--format", "-f", metavar="FORMAT", case_sensitive=False, show_default=False,
                     help=REPORTS["evidence"].help() + _suffix_help("evidence")),
    ] = None,
    output: OutputOption = None,
    template_dir: TemplateDirOption = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", metavar="YYYY-MM-DD", show_default=False,
                     help="Count the surveys' ages to this day instead of today."),
    ] = None,
    max_bytes: MaxBytesOption = None,
) -> None:
    """Report what the plan's surveys and pilots found: ADKAR per group and wave, pilot decisions.

    Survey waves aggregated to ADKAR means, barrier points and response rates per stakeholder
    group (small groups suppressed), and each pilot judged at its gate: scale, revise or stop."""
    from socialplan.commands.evidence import run_evidence

    raise typer.Exit(run_evidence(plan, output_format, output, template_dir=template_dir, as_of=as_of,
                                  max_bytes=max_bytes))


@_command(
    "report",
    short_help="Write the board pack: one document for the decision.",
    epilog=(
        "Examples:\n\n"
        "\b\n"
        "  socialplan report plan.yaml -o board-pack.html\n"
        "  socialplan report plan.yaml --stage pilot -o pilot-decision.pdf\n"
        "  socialplan report plan.yaml -f docx --reference-docx firm.docx -o pack.docx\n\n"
        "The decision summary comes first (verdict and why, recommendation, key figures as estimated and "
        "risk-adjusted, the biggest risks, what is asked of the board); the reports of the stage follow, and a "
        "sign-off and decision log close it. --stage pilot: readiness and the rollout (a pilot go/no-go); "
        "outline: readiness and the business case; full: all three. See docs/report.md.\n\n"
        "Exit codes: 0 written, 1 the plan is invalid or cannot be modelled, 2 usage error."
    ),
)
def report(
    plan: PlanArgument,
    output_format: Annotated[
        ReportFormat | None,
        typer.Option("--format", "-f", metavar="FORMAT", case_sensitive=False, show_default=False,
                     help=REPORTS["report"].help() + _suffix_help("report")),
    ] = None,
    output: OutputOption = None,
    stage: Annotated[
        PackStage,
        typer.Option("--stage", metavar="STAGE", case_sensitive=False,
                     help="What the pack is for: pilot (go/no-go), outline (an outline case) or full (a full case)."),
    ] = "full",
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", metavar="YYYY-MM-DD", show_default=False,
                     help="Judge as of this day instead of today (only the evidence known by then counts)."),
    ] = None,
    simulations: Annotated[
        int,
        typer.Option("--simulations", "-n", metavar="DRAWS", min=0, max=10_000_000,
                     help="Monte Carlo draws of the business case; 0 skips the simulation."),
    ] = 10_000,
    seed: Annotated[
        int, typer.Option("--seed", metavar="SEED", min=0, help="Seed of the simulation."),
    ] = 2012,
    template_dir: TemplateDirOption = None,
    paper: PaperOption = None,
    reference_docx: ReferenceDocxOption = None,
    max_bytes: MaxBytesOption = None,
) -> None:
    """Write the board pack: a decision summary, then the scorecard, the business case and the rollout plan."""
    from socialplan.commands.report import run_report

    raise typer.Exit(run_report(plan, output_format, output, stage=stage, as_of=as_of, simulations=simulations,
                                seed=seed, template_dir=template_dir, paper=paper, reference_docx=reference_docx,
                                max_bytes=max_bytes))


def __getattr__(name: str) -> Any:
    # ``socialplan.app.app``: the whole application, for tests and tools.
    if name == "app":
        return make_app()
    raise AttributeError(name)
