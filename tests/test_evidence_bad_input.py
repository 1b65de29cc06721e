"""Evidence a user gets wrong ends in a located message, never exit 3, and
the reports that use the evidence say when part of it could not be used."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from clirunner import Runner

ROOT = Path(__file__).resolve().parents[1]
RETAIL = ROOT / "examples" / "retail-pilot-first.yaml"


def _copy(tmp_path: Path, old: str, new: str) -> Path:
    shutil.copytree(ROOT / "examples" / "evidence", tmp_path / "evidence")
    text = RETAIL.read_text(encoding="utf-8")
    assert old in text
    plan = tmp_path / "plan.yaml"
    plan.write_text(text.replace(old, new), encoding="utf-8")
    return plan


def test_more_successes_than_n_is_refused_where_it_is_written(cli: Runner, tmp_path: Path) -> None:
    plan = _copy(tmp_path, "successes: 41, n: 110", "successes: 141, n: 110")
    for command in (["validate"], ["assess", "--as-of", "2026-12-01"], ["evidence"]):
        result = cli(command[0], str(plan), *command[1:])
        assert result.code == 1, (command, result.err)
        assert "SP012 141 successes out of 110: successes are at most n" in result.err
        assert "internal error" not in result.err


def test_more_successes_than_n_in_a_results_file_is_located(cli: Runner, tmp_path: Path) -> None:
    plan = _copy(tmp_path, "file: evidence/retail/store-brief-pilot-results.csv", "file: evidence/bad.csv")
    (tmp_path / "evidence" / "bad.csv").write_text(
        "metric,successes,n\nhours store managers spend on head-office email per week,50,40\n", encoding="utf-8")
    result = cli("evidence", str(plan), "--as-of", "2027-07-01")
    assert result.code == 1
    assert "evidence/bad.csv, row 2, column 'successes': error EV016 50 successes out of 40" in result.err
    for command in ("assess", "rollout"):  # they go on, and say what they could not use
        done = cli(command, str(plan), "--as-of", "2027-07-01", "-f", "json")
        assert done.code == 0, done.err
        assert "some pilot results cannot be used" in done.err and "evidence/bad.csv, row 2" in done.err


def test_a_result_naming_no_metric_is_a_warning_in_assess_and_rollout(cli: Runner, tmp_path: Path) -> None:
    plan = _copy(tmp_path, "- {metric: pilot-store colleagues signed in,",
                 "- {metric: pilot store colleagues signed-in,")
    for command in ("assess", "rollout"):
        done = cli(command, str(plan), "--as-of", "2027-07-01", "-f", "json")
        assert done.code == 0, done.err
        assert "some pilot results cannot be used" in done.err and "EV017" in done.err
        assert f"{plan.name}:" in done.err  # located in the plan


def test_a_long_cell_beside_an_unknown_group_is_located_not_a_crash(cli: Runner, tmp_path: Path) -> None:
    plan = _copy(tmp_path, "file: evidence/retail/store-readiness-baseline.csv", "file: evidence/big.csv")
    with (tmp_path / "evidence" / "retail" / "store-readiness-baseline.csv").open(encoding="utf-8",
                                                                                   newline="") as handle:
        rows = list(csv.reader(handle))
    rows[4][18] = "free text " * 20_000  # 200,000 characters: past Python's csv default of 128 KiB
    group = rows[2].index("What is your role?") if "What is your role?" in rows[2] else 12
    rows[10][group] = "Cashier"
    with (tmp_path / "evidence" / "big.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    result = cli("evidence", str(plan), "--as-of", "2027-07-01")
    assert result.code == 1
    assert "EV005" in result.err and "internal error" not in result.err
    assert "Cashier" not in result.err  # one respondent's answer is not quoted
