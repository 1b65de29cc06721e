"""No command writes its report over a file of the plan it read, and an
unwritable output is a usage error, never a crash."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from clirunner import Runner

ROOT = Path(__file__).resolve().parents[1]
FOLDER_PLAN = ROOT / "examples" / "sales-webinars"

COMMANDS = [
    ["validate", "--format", "json"],
    ["assess", "--format", "json"],
    ["business-case", "--format", "json", "-n", "0"],
    ["rollout", "--format", "csv"],
]


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    copy = tmp_path / "plan"
    shutil.copytree(FOLDER_PLAN, copy)
    return copy


@pytest.mark.parametrize("command", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_a_report_never_replaces_a_file_of_the_plan(plan: Path, command: list[str], cli: Runner) -> None:
    target = plan / "rollout.yaml"
    before = target.read_bytes()
    result = cli(*command, str(plan), "-o", str(target))
    assert result.code == 2, result
    assert "file of the plan itself" in result.err
    assert target.read_bytes() == before


@pytest.mark.parametrize("command", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_an_unwritable_output_is_a_usage_error(plan: Path, tmp_path: Path, command: list[str], cli: Runner) -> None:
    result = cli(*command, str(plan), "-o", str(tmp_path / "missing" / "report.out"))
    assert result.code == 2, result
    assert "cannot write the file" in result.err


@pytest.mark.parametrize("command", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_a_report_is_written_beside_the_plan(plan: Path, tmp_path: Path, command: list[str], cli: Runner) -> None:
    target = tmp_path / "report.out"
    result = cli(*command, str(plan), "-o", str(target))
    assert result.code == 0, result
    assert target.stat().st_size > 0
