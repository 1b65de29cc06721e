"""``socialplan validate`` as people and CI use it: many sources in one call,
every output format, exit codes that never depend on the format, streams,
``-o FILE``, the documentation of every command and option, and the
pre-commit hook."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
import yaml

from clirunner import Result, Runner, offered
from socialplan import __version__
from socialplan.cli import app
from socialplan.formats import REPORTS

ROOT = Path(__file__).resolve().parents[1]
REPORTERS = REPORTS["validate"].formats
FORMATS = list(REPORTERS)
ANSI = re.compile(r"\x1b\[")

VALID_PLAN = """\
organisation:
  name: Northwind Advisory
  headcount: 1200
stakeholders:
  - id: partners
    headcount: 40
    senior: true
  - id: consultants
    headcount: 900
objectives:
  - id: connect-mobile-workforce
    title: Connect consultants who work on client sites
    sponsor: partners
use_cases:
  - id: project-rooms
    title: Run client projects in shared rooms
    objectives: [connect-mobile-workforce]
    stakeholders: [consultants]
"""
# One dangling reference: the use case names an objective that does not exist.
INVALID_PLAN = VALID_PLAN.replace("objectives: [connect-mobile-workforce]", "objectives: [connect-mobile]")




@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see the same output whatever the developer's or CI's terminal settings."""
    for name in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "SOCIALPLAN_MAX_BYTES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "100")




@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with single-file plans, a folder plan and a folder of plans."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "valid.yaml").write_text(VALID_PLAN)
    (tmp_path / "invalid.yaml").write_text(INVALID_PLAN)
    folder = tmp_path / "northwind"
    folder.mkdir()
    (folder / "organisation.yaml").write_text("organisation:\n  name: Northwind\n")
    (folder / "stakeholders.yaml").write_text("- id: partners\n  headcount: 40\n")
    (folder / "objectives.yaml").write_text("- id: grow\n  title: Grow the practice\n  sponsor: partners\n")
    nested = tmp_path / "portfolio" / "2027" / "deep"
    nested.mkdir(parents=True)
    (tmp_path / "portfolio" / "a.yaml").write_text(VALID_PLAN)
    (nested / "b.yml").write_text(VALID_PLAN)
    (tmp_path / "portfolio" / ".socialplan.yaml").write_text("not: a plan\n")
    (tmp_path / "portfolio" / "notes.txt").write_text("not yaml\n")
    return tmp_path


def _json(result: Result) -> dict[str, Any]:
    assert result.err == "", result.err
    document = json.loads(result.out)
    assert isinstance(document, dict)
    return document


def _sources(result: Result) -> list[str]:
    return [plan["source"] for plan in _json(result)["plans"]]


# --- exit codes: the same for every format ---------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["valid.yaml"], 0),
        (["valid.yaml", "northwind"], 0),
        (["invalid.yaml"], 1),
        (["valid.yaml", "invalid.yaml"], 1),
        (["valid.yaml", "missing.yaml"], 2),
        (["nothing/**/*.yaml"], 2),
    ],
)
def test_exit_code_never_depends_on_the_format(cli: Runner, tree: Path, fmt: str, args: list[str],
                                               expected: int) -> None:
    result = cli("validate", "--format", fmt, *args)
    assert result.code == expected, result.err
    if expected == 2:
        # Usage errors: a short message on stderr, nothing on stdout, no traceback.
        assert result.out == ""
        assert result.err.startswith("socialplan: error: ")
        assert "Traceback" not in result.err
    elif fmt == "text":
        # The text report is for people: stderr. Nothing pollutes stdout.
        assert result.out == ""
        assert ("invalid" in result.err) == (expected == 1)
    else:
        # Machine output on stdout only; stderr stays empty.
        assert result.err == ""
        if expected == 1:
            assert "invalid.yaml" in result.out


def test_usage_errors_exit_2(cli: Runner, tree: Path) -> None:
    bad_format = cli("validate", "--format", "xml", "valid.yaml")
    assert bad_format.code == 2
    assert "xml" in bad_format.err and bad_format.out == ""
    unknown = cli("validate", "--frobnicate", "valid.yaml")
    assert unknown.code == 2
    assert "--frobnicate" in unknown.err and unknown.out == ""
    assert cli("validate").code == 2
    twice = cli("validate", "-", "-")
    assert twice.code == 2 and "only once" in twice.err
    empty = cli("validate", "")
    assert empty.code == 2 and "empty" in empty.err


def test_format_is_case_insensitive_and_the_choices_are_the_registry(cli: Runner, tree: Path,
                                                                     monkeypatch: pytest.MonkeyPatch,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert offered(monkeypatch, capsys, "validate", "--format", "") == list(REPORTERS)
    assert _json(cli("validate", "--format", "JSON", "valid.yaml"))["valid"] is True


def test_invalid_plan_is_located_at_the_bad_reference(cli: Runner, tree: Path) -> None:
    # Where the bad id sits, found in the text independently of the loader.
    lines = INVALID_PLAN.splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "connect-mobile]" in text)
    column = lines[line - 1].index("connect-mobile]") + 1
    document = _json(cli("validate", "-f", "json", "invalid.yaml"))
    (plan,) = document["plans"]
    (problem,) = plan["diagnostics"]
    assert (problem["code"], problem["line"], problem["column"]) == ("SP021", line, column)
    assert problem["path"] == "use_cases[0].objectives[0]"
    text = cli("validate", "invalid.yaml")
    assert f"invalid.yaml:{line}:{column}: error SP021" in text.err


# --- many sources in one call ---------------------------------------------------------------


def test_files_folders_and_globs_in_one_call(cli: Runner, tree: Path) -> None:
    result = cli("validate", "-f", "json", "valid.yaml", "northwind", "portfolio/**/*.y*ml")
    assert _sources(result) == ["valid.yaml", "northwind", "portfolio/2027/deep/b.yml", "portfolio/a.yaml"]
    assert result.code == 0


def test_a_folder_of_plans_is_searched_recursively_skipping_hidden_files(cli: Runner, tree: Path) -> None:
    result = cli("validate", "-f", "json", "portfolio")
    # Files of a folder first (sorted), then its sub-folders.
    assert _sources(result) == [str(Path("portfolio/a.yaml")), str(Path("portfolio/2027/deep/b.yml"))]


def test_a_folder_plan_is_one_plan_however_it_is_named(cli: Runner, tree: Path) -> None:
    by_folder = _json(cli("validate", "-f", "json", "northwind"))
    assert [p["source"] for p in by_folder["plans"]] == ["northwind"]
    assert sorted(by_folder["plans"][0]["files"]) == sorted(
        str(Path("northwind") / n) for n in ("objectives.yaml", "organisation.yaml", "stakeholders.yaml")
    )
    # A section file alone means nothing: it stands for its folder plan, and
    # naming several of them (or a glob over them) checks that plan once.
    by_files = cli("validate", "-f", "json", "northwind/objectives.yaml", "northwind/stakeholders.yaml",
                   "northwind/*.yaml", "./northwind")
    assert _sources(by_files) == ["northwind"]
    assert by_files.code == 0


def test_a_broken_cross_reference_between_section_files_is_found_from_one_file(cli: Runner, tree: Path) -> None:
    (tree / "northwind" / "objectives.yaml").write_text("- id: grow\n  title: Grow\n  sponsor: partner\n")
    result = cli("validate", "-f", "json", "northwind/stakeholders.yaml")
    assert result.code == 1
    (problem,) = _json(result)["plans"][0]["diagnostics"]
    assert (problem["code"], problem["file"], problem["line"], problem["column"]) == (
        "SP021", str(Path("northwind/objectives.yaml")), 3, 12)


def test_the_same_file_named_twice_is_checked_once(cli: Runner, tree: Path) -> None:
    assert _sources(cli("validate", "-f", "json", "valid.yaml", "./valid.yaml", "v*.yaml")) == ["valid.yaml"]


def test_glob_matching_only_non_plans_is_a_usage_error(cli: Runner, tree: Path) -> None:
    result = cli("validate", "portfolio/*.txt")
    assert result.code == 2
    assert "matches no plan files" in result.err


def test_folder_without_plans_is_a_usage_error(cli: Runner, tree: Path) -> None:
    (tree / "empty").mkdir()
    result = cli("validate", "empty")
    assert result.code == 2 and "holds no plan files" in result.err


@pytest.mark.skipif(not hasattr(os, "symlink") or sys.platform == "win32", reason="needs symbolic links")
def test_a_symbolic_link_loop_ends(cli: Runner, tree: Path) -> None:
    (tree / "portfolio" / "2027" / "loop").symlink_to(tree / "portfolio", target_is_directory=True)
    result = cli("validate", "-f", "json", "portfolio")
    assert result.code == 0
    assert len(_sources(result)) == 2


def test_standard_input(cli: Runner, tree: Path) -> None:
    ok = cli("validate", "-f", "json", "-", stdin=VALID_PLAN)
    assert ok.code == 0 and _sources(ok) == ["<stdin>"]
    bad = cli("validate", "-f", "json", "valid.yaml", "-", stdin=INVALID_PLAN)
    assert bad.code == 1
    plans = _json(bad)["plans"]
    assert [p["valid"] for p in plans] == [True, False]
    assert plans[1]["diagnostics"][0]["file"] == "<stdin>"
    annotations = cli("validate", "-f", "github", "-", stdin=INVALID_PLAN)
    # Standard input is no file of the workspace: the position goes in the message.
    assert annotations.out.startswith("::error title=socialplan SP021::<stdin>:")


# --- output to a file -----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_file_gets_the_report_and_stdout_stays_empty(cli: Runner, tree: Path, fmt: str) -> None:
    target = tree / "report.out"
    result = cli("validate", "-f", fmt, "-o", str(target), "valid.yaml", "invalid.yaml")
    assert result.code == 1
    assert result.out == "" and result.err == ""
    written = target.read_text(encoding="utf-8")
    assert "invalid.yaml" in written
    assert not ANSI.search(written)
    # Nothing but the report is left in the folder (no temporary files).
    assert sorted(p.name for p in tree.iterdir() if p.name.startswith(".")) == []


def test_text_written_to_a_file_has_no_colour_even_when_forced(cli: Runner, tree: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    forced = cli("validate", "invalid.yaml")
    assert ANSI.search(forced.err), "FORCE_COLOR should colour the terminal report"
    target = tree / "report.txt"
    cli("validate", "-o", str(target), "invalid.yaml")
    text = target.read_text()
    assert not ANSI.search(text)
    assert "invalid.yaml:" in text and "1 of 1 plan invalid, 1 problem" in text


@pytest.mark.parametrize(
    "args",
    [
        ["--format", "xml", "valid.yaml"],
        ["--bogus", "valid.yaml"],
        ["valid.yaml", "missing.yaml"],
        ["nothing/**/*.yaml"],
        ["-", "-"],
    ],
)
def test_a_failing_run_leaves_an_existing_output_file_untouched(cli: Runner, tree: Path, args: list[str]) -> None:
    target = tree / "report.json"
    target.write_text("previous report\n")
    before = target.stat()
    result = cli("validate", "-o", str(target), *args)
    assert result.code == 2
    assert target.read_text() == "previous report\n"
    assert target.stat().st_mtime_ns == before.st_mtime_ns


def test_output_file_replaces_the_previous_one_atomically(cli: Runner, tree: Path) -> None:
    target = tree / "report.json"
    target.write_text("previous report\n")
    target.chmod(0o640)
    assert cli("validate", "-f", "json", "-o", str(target), "valid.yaml").code == 0
    assert json.loads(target.read_text())["valid"] is True
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o640


def test_output_into_a_missing_folder_is_a_short_error(cli: Runner, tree: Path) -> None:
    result = cli("validate", "-f", "json", "-o", "no/such/folder/report.json", "valid.yaml")
    assert result.code == 2
    assert result.err.startswith("socialplan: error: no/such/folder/report.json: cannot write the file")
    assert "Traceback" not in result.err and "internal error" not in result.err


# --- colour ---------------------------------------------------------------------------------------


def _run_on_terminal(args: list[str], cwd: Path, env: dict[str, str]) -> bytes:
    """Run socialplan with stderr on a pseudo-terminal; return what it showed."""
    import pty

    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen([sys.executable, "-m", "socialplan", *args], cwd=cwd, env=env,
                                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=follower)
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal closes when the process ends (Linux: EIO)
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert process.wait(timeout=60) == 1
    finally:
        os.close(leader)
    return b"".join(chunks)


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_colour_on_a_terminal_unless_no_color(tree: Path) -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")}
    env["TERM"] = "xterm-256color"
    coloured = _run_on_terminal(["validate", "invalid.yaml"], tree, env)
    assert b"\x1b[" in coloured and b"invalid.yaml" in coloured
    plain = _run_on_terminal(["validate", "invalid.yaml"], tree, {**env, "NO_COLOR": "1"})
    assert b"\x1b[" not in plain and b"invalid.yaml" in plain


def test_no_colour_when_not_a_terminal(cli: Runner, tree: Path) -> None:
    assert not ANSI.search(cli("validate", "invalid.yaml").err)


# --- plan text that tries to break the formats -----------------------------------------------------

HOSTILE_PLAN = (
    'organisation:\n'
    '  name: "100% <Northwind> & \\"Co\\" :: ok"\n'
    '  "bad\\nkey": 1\n'
    '  "%0A::error file=x::<&>\\x01\\e[31m\\u2028\\0": 2\n'
    'stakeholders:\n'
    '  - id: partners\n'
    '    headcount: 10\n'
    'objectives:\n'
    '  - id: grow\n'
    '    title: "50% & <more> \\"quoted\\" \\x07"\n'
    '    sponsor: "nobody::,%\\x01<&>"\n'
)
HOSTILE_KEY = "%0A::error file=x::<&>\x01\x1b[31m\u2028\x00"


def test_hostile_plan_text_keeps_every_format_well_formed(cli: Runner, tree: Path) -> None:
    (tree / "hostile.yaml").write_text(HOSTILE_PLAN, encoding="utf-8")
    document = _json(cli("validate", "-f", "json", "hostile.yaml"))
    diagnostics = document["plans"][0]["diagnostics"]
    # JSON keeps the plan text exactly.
    assert any(d["message"] == "unknown key 'bad\nkey'" for d in diagnostics)
    assert any(d["message"] == f"unknown key '{HOSTILE_KEY}'" for d in diagnostics)
    count = len(diagnostics)
    assert count >= 4

    sarif = json.loads(cli("validate", "-f", "sarif", "hostile.yaml").out)
    assert len(sarif["runs"][0]["results"]) == count

    junit = ElementTree.fromstring(cli("validate", "-f", "junit", "hostile.yaml").out.encode("utf-8"))
    (case,) = junit.iter("testcase")
    failure = case.find("failure")
    assert failure is not None and failure.text is not None
    assert len(failure.text.splitlines()) == count
    assert "unknown key 'bad\\nkey'" in failure.text

    github = cli("validate", "-f", "github", "hostile.yaml").out
    lines = github.split("\n")
    lines = lines[:-1] if lines[-1] == "" else lines
    assert len(lines) == count
    for line in lines:
        assert re.fullmatch(r"::error file=hostile\.yaml,line=\d+,col=\d+,title=socialplan SP\d{3}::[^\r\n]*", line)
        assert not re.search(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", line)

    text = cli("validate", "hostile.yaml").err
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]", text)
    assert "unknown key 'bad\\nkey'" in text


# --- version, help, documentation ---------------------------------------------------------------


def test_version(cli: Runner) -> None:
    result = cli("--version")
    assert (result.code, result.out.strip()) == (0, f"socialplan {__version__}")


@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_help_has_examples(cli: Runner, flag: str) -> None:
    top = cli(flag)
    assert top.code == 0 and "Examples" in top.out and "validate" in top.out
    sub = cli("validate", flag)
    assert sub.code == 0
    assert "socialplan validate" in sub.out and "Examples" in sub.out
    for name in REPORTERS:
        assert name in sub.out


def test_python_dash_m_runs_the_cli(tree: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "socialplan", "validate", "-f", "json", "invalid.yaml"],
                          cwd=tree, capture_output=True, text=True, check=False, timeout=60)
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)["valid"] is False
    version = subprocess.run([sys.executable, "-m", "socialplan", "--version"],
                             capture_output=True, text=True, check=False, timeout=60)
    assert (version.returncode, version.stdout.strip()) == (0, f"socialplan {__version__}")


def _commands() -> tuple[Any, list[tuple[str, Any]]]:
    """The root group and every command under it, sub-groups included, by full name."""
    import typer.main

    root: Any = typer.main.get_command(app)
    found: list[tuple[str, Any]] = []

    def walk(group: Any, prefix: str) -> None:
        for name, command in sorted(group.commands.items()):
            found.append((f"{prefix}{name}", command))
            if hasattr(command, "commands"):
                walk(command, f"{prefix}{name} ")

    walk(root, "")
    return root, found


def test_every_command_and_option_is_documented() -> None:
    """Documentation cannot drift: a new command needs a help text and (unless
    it is a group of commands) an example epilog; a new option or argument
    needs a help text."""
    root, commands = _commands()
    assert commands, "no commands found"
    undocumented: list[str] = []
    for name, command in commands:
        if not (command.help or "").strip():
            undocumented.append(f"{name}: no help text (a docstring)")
        if not hasattr(command, "commands") and "example" not in (command.epilog or "").lower():
            undocumented.append(f"{name}: no example in the epilog")
        for param in command.params:
            if not (getattr(param, "help", None) or "").strip():
                undocumented.append(f"{name} {param.name}: no help")
    for param in root.params:
        if not (getattr(param, "help", None) or "").strip():
            undocumented.append(f"socialplan {param.name}: no help")
    assert undocumented == []


def test_every_command_is_in_the_help_of_its_group(cli: Runner) -> None:
    _, commands = _commands()
    for name, _command in commands:
        *group, last = name.split(" ")
        shown = cli(*group, "--help")
        assert shown.code == 0, name
        assert re.search(rf"\b{re.escape(last)}\b", shown.out), name


# --- the pre-commit hook ----------------------------------------------------------------------------

MANIFEST_KEYS = {
    "id", "name", "entry", "language", "alias", "files", "exclude", "types", "types_or", "exclude_types",
    "additional_dependencies", "args", "always_run", "fail_fast", "pass_filenames", "description",
    "language_version", "log_file", "minimum_pre_commit_version", "require_serial", "stages", "verbose",
}


def _hook() -> dict[str, Any]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    (hook,) = [h for h in hooks if h.get("id") == "socialplan-validate"]
    return hook


def test_pre_commit_hook_manifest_is_well_formed() -> None:
    hook = _hook()
    assert {"id", "name", "entry", "language"} <= set(hook) <= MANIFEST_KEYS
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is True
    program, *arguments = shlex.split(hook["entry"])
    # The entry is the console script the package installs, running validate.
    (script,) = entry_points(group="console_scripts", name=program)
    assert script.value == "socialplan.cli:main"
    assert arguments == ["validate"]


def _staged(hook: dict[str, Any], paths: list[str]) -> list[str]:
    """The files pre-commit would pass: those matching `files` and not `exclude`."""
    include, exclude = re.compile(hook["files"]), re.compile(hook.get("exclude", "^$"))
    return [p for p in paths if include.search(p) and not exclude.search(p)]


def test_pre_commit_hook_selects_plan_files() -> None:
    hook = _hook()
    plans = ["plan.yaml", "plans/northwind.yaml", "plans/northwind/objectives.yaml", "docs/plan/x.yml",
             "strategy/northwind-plan.yaml", "northwind.plan.yml", "a_plan.yaml"]
    others = [".pre-commit-config.yaml", ".github/workflows/ci.yaml", "docker-compose.yml", "mkdocs.yml",
              "plans/.socialplan.yaml", ".socialplan.yaml", "plans/README.md", "socialplan.yaml", "airplane.yaml",
              "explanation.yaml"]
    assert _staged(hook, plans + others) == plans


def test_pre_commit_hook_runs_like_pre_commit_would(cli: Runner, tree: Path) -> None:
    hook = _hook()
    plans = tree / "plans"
    plans.mkdir()
    (tree / "northwind").rename(plans / "northwind")
    (plans / "solo.yaml").write_text(VALID_PLAN)
    (plans / ".socialplan.yaml").write_text("not: a plan\n")
    staged = sorted(p.relative_to(tree).as_posix() for p in plans.rglob("*") if p.is_file())
    files = _staged(hook, staged)
    assert "plans/.socialplan.yaml" not in files and len(files) == 4
    _, *arguments = shlex.split(hook["entry"])
    ok = cli(*arguments, "--format", "json", *files)
    assert ok.code == 0
    assert _sources(ok) == ["plans/northwind", "plans/solo.yaml"]
    # One changed section file re-checks its whole folder plan.
    (plans / "northwind" / "stakeholders.yaml").write_text("- id: partner\n  headcount: 40\n")
    failed = cli(*arguments, "plans/northwind/stakeholders.yaml")
    assert failed.code == 1
    assert "plans/northwind/objectives.yaml:3:12: error SP021" in failed.err
