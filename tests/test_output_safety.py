"""No command writes its report over a file of the plan it read, and an
unwritable output is a usage error, never a crash."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from socialplan.cli import main

ROOT = Path(__file__).resolve().parents[1]
FOLDER_PLAN = ROOT / "examples" / "sales-webinars"

COMMANDS = [
    ["validate", "--format", "json"],
    ["assess", "--format", "json"],
    ["business-case", "--format", "json", "-n", "0"],
    ["rollout", "--format", "csv"],
]


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """The command as a user runs it: through main(), the error boundary."""
    with pytest.raises(SystemExit) as stop:
        main(argv)
    captured = capsys.readouterr()
    return int(stop.value.code or 0), captured.out + captured.err


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    copy = tmp_path / "plan"
    shutil.copytree(FOLDER_PLAN, copy)
    return copy


@pytest.mark.parametrize("command", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_a_report_never_replaces_a_file_of_the_plan(plan: Path, command: list[str],
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    target = plan / "rollout.yaml"
    before = target.read_bytes()
    code, output = run([*command, str(plan), "-o", str(target)], capsys)
    assert code == 2, output
    assert "file of the plan itself" in output
    assert target.read_bytes() == before


@pytest.mark.parametrize("command", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_an_unwritable_output_is_a_usage_error(plan: Path, tmp_path: Path, command: list[str],
                                               capsys: pytest.CaptureFixture[str]) -> None:
    code, output = run([*command, str(plan), "-o", str(tmp_path / "missing" / "report.out")], capsys)
    assert code == 2, output
    assert "cannot write the file" in output


@pytest.mark.parametrize("command", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_a_report_is_written_beside_the_plan(plan: Path, tmp_path: Path, command: list[str],
                                             capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "report.out"
    code, output = run([*command, str(plan), "-o", str(target)], capsys)
    assert code == 0, output
    assert target.stat().st_size > 0
