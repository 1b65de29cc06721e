"""``socialplan validate`` without typer: the plain invocations are parsed
by socialplan.commands.validate.plain_arguments and must give, byte for
byte, the output, files and exit code the typer application gives; all
else goes to typer."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from clirunner import Result, Runner
from socialplan.commands import validate as command
from socialplan.formats import REPORTS

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "retail-pilot-first.yaml"
INVALID = sorted((ROOT / "tests" / "data" / "invalid").glob("*.yaml"))[:3]
FORMATS = REPORTS["validate"].names


@pytest.fixture(autouse=True)
def _plans(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "SOCIALPLAN_MAX_BYTES",
                 "SOCIALPLAN_JOBS", command.COMPLETION_ENV):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.chdir(tmp_path)
    shutil.copyfile(EXAMPLE, "valid.yaml")
    for index, plan in enumerate(INVALID):
        shutil.copyfile(plan, f"invalid-{index}.yaml")
    shutil.copytree(ROOT / "examples" / "sales-webinars", "folder-plan")
    Path("out").mkdir()


def _both(cli: Runner, monkeypatch: pytest.MonkeyPatch, args: list[str], stdin: str = "") -> tuple[Result, Result]:
    """The run through the fast path, then through typer (the fast path
    turned off), each with the files it wrote under out/."""
    def run() -> tuple[Result, dict[str, bytes]]:
        for old in Path("out").iterdir():
            old.unlink()
        result = cli("validate", *args, stdin=stdin)
        return result, {p.name: p.read_bytes() for p in sorted(Path("out").iterdir())}

    assert command.plain_arguments(args) is not None, "the fast path should take these arguments"
    fast, fast_files = run()
    with monkeypatch.context() as patch:
        patch.setattr(command, "plain_arguments", lambda _args: None)
        full, full_files = run()
    assert fast_files == full_files
    return fast, full


INVOCATIONS = [
    ["valid.yaml"],
    ["invalid-0.yaml"],
    ["valid.yaml", "invalid-0.yaml", "invalid-1.yaml", "invalid-2.yaml", "folder-plan"],
    ["-q", "valid.yaml", "invalid-1.yaml"],
    ["valid.yaml", "--quiet", "invalid-1.yaml"],
    ["--max-bytes", "100", "valid.yaml"],
    ["--max-bytes=100000000", "-j", "1", "invalid-2.yaml"],
    ["--jobs=2", "valid.yaml", "invalid-0.yaml"],
    ["-o", "out/report.txt", "invalid-0.yaml"],
    ["--output=out/report.txt", "valid.yaml"],
    ["missing.yaml"],  # a usage error, exit 2
    ["nothing-*.yaml"],  # a glob matching nothing
    ["-"],  # standard input
    ["-o", "valid.yaml", "valid.yaml"],  # never over the plan itself
]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("args", INVOCATIONS, ids=" ".join)
def test_the_fast_path_gives_what_typer_gives(cli: Runner, monkeypatch: pytest.MonkeyPatch, args: list[str],
                                              fmt: str) -> None:
    options = [] if fmt == "text" and len(args) % 2 else (["-f", fmt] if len(args) % 2 else [f"--format={fmt}"])
    stdin = EXAMPLE.read_text(encoding="utf-8") if args == ["-"] else ""
    fast, full = _both(cli, monkeypatch, [*options, *args], stdin=stdin)
    assert fast == full
    assert fast.code in (0, 1, 2) and "Traceback" not in fast.err


@pytest.mark.parametrize("args", [
    ["--help"], ["-h"], ["valid.yaml", "--help"], [],  # help, and typer's "missing argument"
    ["-f", "JSON", "valid.yaml"], ["-f", "yaml", "valid.yaml"], ["-fjson", "valid.yaml"],  # typer judges these
    ["-qf", "json", "valid.yaml"], ["--format"], ["valid.yaml", "-o"], ["--", "valid.yaml"],
    ["-f", "json", "-f", "text", "valid.yaml"], ["--formats", "json", "valid.yaml"], ["--form", "json", "valid.yaml"],
    ["-o", "out", "valid.yaml"], ["-o", "", "valid.yaml"], ["--quiet=yes", "valid.yaml"],
    ["--max-bytes", "0", "valid.yaml"], ["--max-bytes", "1e3", "valid.yaml"], ["-j", "0", "valid.yaml"],
    ["-j", "²", "valid.yaml"], ["--jobs", " 2", "valid.yaml"], ["-x", "valid.yaml"],
])
def test_anything_else_goes_to_typer(args: list[str]) -> None:
    assert command.plain_arguments(args) is None


def test_shell_completion_goes_to_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(command.COMPLETION_ENV, "complete_bash")
    assert command.plain_arguments(["valid.yaml"]) is None


def test_typer_still_answers_what_the_fast_path_leaves(cli: Runner) -> None:
    assert cli("validate", "--help").out.startswith("Usage: socialplan validate")
    bad = cli("validate", "-f", "yaml", "valid.yaml")
    assert bad.code == 2 and "Invalid value for '--format'" in bad.err
    assert cli("validate", "-f", "JSON", "valid.yaml").out.startswith("{")


def test_the_fast_path_knows_every_option_of_the_command_as_typer_declares_it() -> None:
    import typer.main

    from socialplan.app import make_app

    group = typer.main.get_command(make_app("validate"))
    params = group.commands["validate"].params  # type: ignore[attr-defined]
    defaults = command.ValidateArguments(paths=[])
    declared = {}
    for param in params:
        if param.name == "paths":
            continue
        field = "output_format" if param.name == "output_format" else param.name
        declared[field] = (sorted([*param.opts, *param.secondary_opts]), param.default)
    known: dict[str, list[str]] = {}
    for table in (command.VALUE_OPTIONS, command.FLAG_OPTIONS):
        for spelling, field in table.items():
            known.setdefault(field, []).append(spelling)
    assert {field: (sorted(spellings), getattr(defaults, field)) for field, spellings in known.items()} == declared


def test_the_fast_path_imports_no_command_line_framework() -> None:
    code = ("import sys\nfrom socialplan.cli import main\n"
            "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            "sys.stderr.write(' '.join(sorted(sys.modules)))\n")
    done = subprocess.run([sys.executable, "-c", code, "validate", "-f", "json", str(EXAMPLE)],
                          capture_output=True, text=True, check=False, timeout=120, stdin=subprocess.DEVNULL)
    loaded = set(done.stderr.split())
    assert "socialplan.validation" in loaded  # it did run
    # Nor, for one plan, the worker pool's machinery.
    assert {"typer", "click", "rich", "socialplan.app", "multiprocessing", "concurrent.futures"} & loaded == set()
