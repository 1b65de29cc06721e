"""The README's quick start stays true: CI runs its test command verbatim,
and its main command works on the example plan it names."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from socialplan.cli import app

ROOT = Path(__file__).resolve().parents[1]


def quick_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", section, flags=re.S)]


def test_the_quick_start_has_exactly_two_commands() -> None:
    commands = quick_start_commands()
    assert len(commands) == 2
    assert all("\n" not in command for command in commands)


def test_ci_runs_the_readme_test_command() -> None:
    test_command = quick_start_commands()[1]
    assert "pytest" in test_command
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_main_command_succeeds_on_its_example(monkeypatch: pytest.MonkeyPatch) -> None:
    main_command = quick_start_commands()[0]
    invocation = main_command.rsplit("&&", 1)[1].strip()
    words = shlex.split(invocation)
    assert words[0].endswith("socialplan")
    for word in words[1:]:
        if word.startswith("examples/"):
            assert (ROOT / word).exists(), word
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, words[1:])
    assert result.exit_code == 0, result.output


def test_the_plan_format_example_is_a_valid_plan(tmp_path: Path) -> None:
    from socialplan.validation import check_plan

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The plan format", 1)[1]
    example = re.search(r"```yaml\n(.*?)```", section, flags=re.S)
    assert example is not None
    plan = tmp_path / "plan.yaml"
    plan.write_text(example.group(1), encoding="utf-8")
    check, validated = check_plan(str(plan))
    assert check.valid, [f"{d.location}: {d.message}" for d in check.diagnostics]
    assert validated is not None and len(validated.plan.use_cases) == 1
