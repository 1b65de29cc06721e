"""The README's quick start stays true: CI runs its test command verbatim,
and its main command works on the example plan it names."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clirunner import Runner
from socialplan.cli import app
from socialplan.model import Plan

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


# --- every command the README marks as runnable runs, and shown output is real ----------


def _marked_blocks(mark: str) -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(rf"<!-- {mark} -->\n```[a-z]+\n(.*?)```", readme, flags=re.S)


def test_the_readme_marks_its_main_commands() -> None:
    assert len(_marked_blocks("runnable")) >= 2
    assert len(_marked_blocks("output")) >= 3


@pytest.mark.slow
@pytest.mark.parametrize("block", _marked_blocks("runnable"))
def test_runnable_blocks_run_as_written(block: str, tmp_path: Path) -> None:
    # In a scratch folder beside the examples, with the socialplan script of
    # the environment running the tests first on the PATH, as after the
    # quick start.
    import os
    import subprocess
    import sys

    (tmp_path / "examples").symlink_to(ROOT / "examples", target_is_directory=True)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", block], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    for word in shlex.split(block, comments=True):
        if word.endswith((".html", ".md")) and not word.startswith("examples/"):
            assert (tmp_path / word).stat().st_size > 0, word


@pytest.mark.parametrize("block", _marked_blocks("output"))
def test_shown_output_is_what_the_command_prints(block: str, cli: Runner,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    command, *shown = block.rstrip("\n").split("\n")
    assert command.startswith("$ socialplan ")
    monkeypatch.chdir(ROOT)
    result = cli(*shlex.split(command)[2:])
    assert result.code == 0, result.err
    printed = [line.rstrip() for line in (result.out + result.err).splitlines()]
    # The shown lines, in order; '...' stands for lines left out.
    position = 0
    for line in shown:
        if line.strip() == "...":
            continue
        assert line.rstrip() in printed[position:], line
        position = printed.index(line.rstrip(), position) + 1


# --- the first-plan summary and the sections list name real things --------------------


def _section(title: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_the_first_plan_table_names_real_fields_sections_and_rules() -> None:
    from socialplan.assess.registry import RULES
    from socialplan.model import SECTIONS

    schema = json.dumps(Plan.model_json_schema())
    codes = {rule.code for rule in RULES}
    rows = [line for line in _section("Your first plan").splitlines() if re.match(r"\| [0-9]+ \|", line)]
    assert len(rows) == 6
    for row in rows:
        _, _, sections, fields, satisfies, _ = (cell.strip() for cell in row.split("|")[:6])
        for section in re.findall(r"`([a-z_]+)`", sections):
            assert section in SECTIONS, section
        for field in re.findall(r"`([a-z_]+)(?::[^`]*)?`", fields):
            assert f'"{field}"' in schema, field
        for code in re.findall(r"\b[A-Z]{2}[0-9]{2}\b", satisfies):
            assert code in codes, code


def test_the_plan_format_names_every_top_level_key() -> None:
    from socialplan.model import TOP_LEVEL_KEYS

    sections = _section("The plan format").split("Sections:", 1)[1].split("\n\n", 1)[0]
    assert set(re.findall(r"`([a-z_]+)`", sections)) >= set(TOP_LEVEL_KEYS)


# --- Workplace from Meta is a platform to move from, not one to choose -----------------

WORKPLACE = re.compile(r"(?<![Dd]igital )\bWorkplace\b")
GONE = re.compile(r"closed|retired|read-only|moving off|migrat|shut", re.I)


def _prose_files() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), *sorted((ROOT / "examples").rglob("*.yaml"))]


def test_workplace_is_only_named_as_closed() -> None:
    for path in _prose_files():
        text = " ".join(path.read_text(encoding="utf-8").split())
        for found in WORKPLACE.finditer(text):
            around = text[max(0, found.start() - 200):found.end() + 200]
            assert text[found.end():].startswith(" from Meta"), (path.name, around)
            assert GONE.search(around), (path.name, around)


def test_no_plan_chooses_workplace() -> None:
    from socialplan.validation import check_plan

    for plan in [*sorted((ROOT / "examples").glob("*.yaml")), ROOT / "examples" / "sales-webinars"]:
        _, validated = check_plan(str(plan))
        assert validated is not None, plan
        platforms = [validated.plan.organisation.platform, *(o.platform for o in validated.plan.options)]
        assert not any(p and "Workplace" in p for p in platforms), plan
    assert "Workplace" not in str(Plan.model_json_schema())
