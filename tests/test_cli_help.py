"""--help reads well at 80 columns, the choices come from the registries,
shell completion works, and ``--version`` starts nothing heavy."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from clirunner import Runner, offered
from socialplan import __version__
from socialplan.formats import REPORTS

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = [(), ("validate",), ("schema",), ("assess",), ("business-case",), ("rollout",), ("rules",),
            ("rules", "explain"), ("templates",), ("templates", "export")]


def _help(cli: Runner, monkeypatch: pytest.MonkeyPatch, *command: str) -> str:
    monkeypatch.setenv("COLUMNS", "80")
    result = cli(*command, "--help")
    assert result.code == 0, result.err
    return result.out


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "socialplan")
def test_help_fits_80_columns_without_placeholders(cli: Runner, monkeypatch: pytest.MonkeyPatch,
                                                    command: tuple[str, ...]) -> None:
    text = _help(cli, monkeypatch, *command)
    assert "<bool>" not in text
    assert max(len(line) for line in text.splitlines()) <= 80, text
    usage = text.splitlines()[0]
    # Arguments are named one way: upper case, in braces when required.
    assert not re.search(r"[{\[][a-z]", usage.replace("[OPTIONS]", "").replace("[ARGS]", "")), usage


@pytest.mark.parametrize("report", ["validate", "assess", "business-case", "rollout"])
def test_every_registry_format_is_a_whole_word_of_the_format_help(cli: Runner, monkeypatch: pytest.MonkeyPatch,
                                                                  capsys: pytest.CaptureFixture[str],
                                                                  report: str) -> None:
    names = REPORTS[report].names
    words = ("validate", "--format", "") if report == "validate" else (report, "plan.yaml", "--format", "")
    assert offered(monkeypatch, capsys, *words) == names
    text = _help(cli, monkeypatch, report)
    option = text[text.index("--format FORMAT"):text.index("-o, --output")]
    for name in names:  # each choice whole on one line, never split across two
        assert re.search(rf"(?<![\w-]){re.escape(name)} \(", option), (name, option)


def test_the_command_list_gives_each_command_one_line(cli: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    text = _help(cli, monkeypatch)
    listed = text[text.index("Commands:"):text.index("Examples:")].strip().splitlines()[1:]
    rows = [line for line in listed if line.strip()]
    names = [row.split()[0] for row in rows]
    assert names == ["validate", "schema", "assess", "business-case", "rollout", "init", "diff", "track", "evidence",
                     "report", "rules", "templates"]
    assert all(re.match(r"  [a-z-]+ +\S", row) and row.rstrip().endswith(".") for row in rows), rows


def test_the_top_help_shows_the_main_jobs_and_live_platforms(cli: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    text = _help(cli, monkeypatch)
    examples = text[text.index("Examples:"):]
    for job in ("assess", "business-case", "rollout", "validate"):
        assert f"socialplan {job} " in examples
    # Workplace from Meta closed in June 2026: only a network to move off.
    assert "Viva Engage" in text and re.findall(r"\S+ Workplace", " ".join(text.split())) == ["off Workplace"]


def test_unknown_choices_are_usage_errors(cli: Runner) -> None:
    for args in (("validate", "-f", "yaml", "x.yaml"), ("business-case", "x.yaml", "-f", "pdf"),
                 ("rules", "--group", "nope"), ("schema", "nope")):
        result = cli(*args)
        assert result.code == 2 and "Traceback" not in result.err, args


def test_shell_completion_is_offered(cli: Runner, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert "--install-completion" in _help(cli, monkeypatch)
    # Without a shell to detect (as under a test runner), typer's completion
    # options take the shell's name; this variable is typer's own for tests.
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    script = cli("--show-completion", "bash")
    assert script.code == 0 and "_SOCIALPLAN_COMPLETE=complete_bash" in script.out
    assert offered(monkeypatch, capsys, "") == [
        "validate", "schema", "assess", "business-case", "rollout", "init", "diff", "track", "evidence", "report",
        "rules", "templates"]
    assert offered(monkeypatch, capsys, "rules", "") == ["explain"]


def _modules_after(*args: str) -> set[str]:
    code = ("import sys\nfrom socialplan.cli import main\n"
            "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            "sys.stderr.write(' '.join(sorted(sys.modules)))\n")
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=False,
                          timeout=120, cwd=ROOT, stdin=subprocess.DEVNULL)
    return set(done.stderr.split())


def test_version_starts_nothing_heavy() -> None:
    loaded = _modules_after("--version")
    assert {"typer", "click", "pydantic", "rich", "yaml"} & loaded == set()
    done = subprocess.run([sys.executable, "-m", "socialplan", "-V"], capture_output=True, text=True, check=False,
                          timeout=60)
    assert (done.returncode, done.stdout) == (0, f"socialplan {__version__}\n")


def test_validate_loads_no_report_machinery() -> None:
    loaded = _modules_after("validate", "examples/retail-pilot-first.yaml")
    assert "socialplan.validation" in loaded  # it did run
    heavy = {"rich", "jinja2", "numpy", "matplotlib", "socialplan.api", "socialplan.assess.engine",
             "socialplan.present"}
    assert heavy & loaded == set()


def test_the_formats_table_in_the_docs_is_current() -> None:
    from socialplan.formats import formats_markdown

    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- formats:start -->\n(.*)<!-- formats:end -->", text, re.S)
    assert found is not None, "docs/cli.md lost its generated section markers"
    assert found.group(1) == formats_markdown(), "docs/cli.md is out of date; paste:\n" + formats_markdown()


def test_every_command_is_in_the_docs_overview() -> None:
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for command in ("validate", "assess", "business-case", "rollout", "rules", "schema", "templates export", "init",
                    "diff", "track", "evidence", "report"):
        assert f"socialplan {command} " in text, command
