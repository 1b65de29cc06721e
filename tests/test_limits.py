"""Documented limits (docs/limits.md): numbers, dates and list lengths out of
range are located errors, a plan with many problems lists the first 100,
and the largest accepted plan runs through every command."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from clirunner import Runner
from socialplan import model
from socialplan.validation import MAX_PROBLEMS, check_plan
from worstcase import worst_case_plan, worst_case_text

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "global-tech-innovation.yaml"
TIMEOUT = 300  # seconds per command: a guard against a hang, not a speed target


def _example() -> dict:  # type: ignore[type-arg]
    data: dict = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))  # type: ignore[type-arg]
    return data


def _write(tmp_path: Path, data: object, name: str = "plan.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_the_limits_are_documented() -> None:
    doc = (ROOT / "docs" / "limits.md").read_text(encoding="utf-8")
    rows = {"Stakeholder groups": model.MAX_GROUPS, "Use cases": model.MAX_USE_CASES,
            "Objectives": model.MAX_OBJECTIVES, "Options": model.MAX_OPTIONS,
            "Cost lines (`finance.costs`)": model.MAX_COSTS,
            "Rollout activities (`rollout.activities`)": model.MAX_ACTIVITIES,
            "Holidays, and closed periods (`rollout.blackouts`), each": model.MAX_DAYS_OFF,
            "Benefits of one use case": model.MAX_BENEFITS}
    for label, value in rows.items():
        assert f"| {label} | {value:,} |" in doc, label
    assert f"links of one item, each | {model.MAX_ITEMS} |" in doc
    assert f"`staff_per_champion`) | {model.MAX_PEOPLE:,} |" in doc
    assert f"the years {model.FIRST_YEAR} to {model.LAST_YEAR}" in doc
    assert f"| {MAX_PROBLEMS} |" in doc


@pytest.mark.parametrize(("section", "limit"), [("stakeholders", model.MAX_GROUPS),
                                                 ("use_cases", model.MAX_USE_CASES),
                                                 ("options", model.MAX_OPTIONS)])
def test_a_list_over_its_limit_is_a_located_error(tmp_path: Path, section: str, limit: int) -> None:
    data = _example()
    item = data[section][-1]
    data[section] = [{**item, "id": f"n{i}", "baseline": False} if section == "options" else {**item, "id": f"n{i}"}
                     for i in range(limit + 1)]
    path = _write(tmp_path, data)
    check, validated = check_plan(str(path))
    assert validated is None
    [d] = [d for d in check.diagnostics if d.path == (section,)]
    assert d.code == "SP012"
    assert d.message == f"too many items: at most {limit:,} are allowed here, this has {limit + 1:,}"
    line = path.read_text().splitlines()[d.location.line - 1]
    assert line.startswith(f"{section}:") or line.lstrip().startswith("- ")


@pytest.mark.parametrize(("where", "value", "words"), [
    (("organisation", "headcount"), 10**400, "at most 10000000"),
    (("finance", "loaded_hourly_cost"), 1e308, "at most 1e+15"),
    (("rollout", "start"), "9999-12-01", "outside the years 1900 to 2999"),
], ids=["headcount", "hourly-cost", "start"])
def test_numbers_and_dates_out_of_range_are_refused_by_every_command(
        cli: Runner, tmp_path: Path, where: tuple[str, str], value: object, words: str) -> None:
    data = _example()
    data[where[0]][where[1]] = value
    path = _write(tmp_path, data)
    for run in (["validate"], ["assess"], ["business-case", "-n", "10", "-f", "html"],
                ["business-case", "-n", "10", "-f", "markdown"], ["rollout"]):
        out = tmp_path / "out"
        result = cli(run[0], str(path), *run[1:], "-o", str(out))
        assert result.code == 1, (run, result.err[-1000:])
        # validate writes its report, the problems, to -o; the others write nothing.
        report = result.err + (out.read_text(encoding="utf-8") if run[0] == "validate" else "")
        assert words in report and f"[{'.'.join(where)}]" in report, (run, report[-1000:])
        assert run[0] == "validate" or not out.exists()
        out.unlink(missing_ok=True)


def test_a_cost_of_1e308_is_refused(tmp_path: Path) -> None:
    data = _example()
    data["finance"]["costs"][0]["amount"] = 1e308
    check, validated = check_plan(str(_write(tmp_path, data)))
    assert validated is None
    [d] = check.diagnostics
    assert d.path == ("finance", "costs", 0, "amount")
    assert "at most 1e+15" in d.message


def test_many_unknown_keys_list_the_first_hundred_and_count_the_rest(tmp_path: Path) -> None:
    count = 30_000
    path = tmp_path / "plan.yaml"
    path.write_text("organisation: {name: x}\n" + "".join(f"unknown{i}: 1\n" for i in range(count)))
    check, _ = check_plan(str(path))
    assert len(check.diagnostics) == MAX_PROBLEMS + 1
    listed, summary = check.diagnostics[:-1], check.diagnostics[-1]
    # The first ones by position, in order, each with its own line.
    assert [d.location.line for d in listed] == list(range(2, MAX_PROBLEMS + 2))
    assert [d.message for d in listed] == [f"unknown key 'unknown{i}'" for i in range(MAX_PROBLEMS)]
    assert summary.code == "SP013"
    more = count - MAX_PROBLEMS
    assert summary.message == f"and {more:,} more problems, not listed (at most 100 are listed per plan)"
    assert summary.location.line == MAX_PROBLEMS + 2


def test_a_misspelt_required_key_is_still_reported_once(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("organisation: {nme: x}\n" + "".join(f"unknown{i}: 1\n" for i in range(500)))
    check, _ = check_plan(str(path))
    codes = [(d.code, d.message) for d in check.diagnostics if d.path[:1] == ("organisation",)]
    assert codes == [("SP010", "unknown key 'nme'")]


def test_the_worst_case_plan_is_at_the_limits() -> None:
    plan = worst_case_plan()
    assert len(plan["stakeholders"]) == model.MAX_GROUPS  # type: ignore[arg-type]
    assert len(plan["use_cases"]) == model.MAX_USE_CASES  # type: ignore[arg-type]
    assert len(plan["options"]) == model.MAX_OPTIONS  # type: ignore[arg-type]
    assert len(plan["rollout"]["activities"]) == model.MAX_ACTIVITIES  # type: ignore[index]


@pytest.fixture(scope="module")
def worst_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The largest accepted plan, written once (making it takes seconds); the
    commands only read it."""
    plan = tmp_path_factory.mktemp("worst") / "worst.yaml"
    plan.write_text(worst_case_text(), encoding="utf-8")
    return plan


@pytest.mark.slow
# Every command and the heaviest formats; the simulation is cut short here (its
# cost grows with draws, not with the plan's limits). The times against the
# 30-second budget are measured by benchmarks/bench_limits.py.
@pytest.mark.parametrize("run", [
    # The business case once, in HTML (the model, every chart and a short
    # simulation); its JSON is the same model, written plainly.
    ("validate", "-f", "json"), ("assess", "-f", "json"), ("business-case", "-f", "html", "-n", "200"),
    ("rollout", "-f", "html"),
], ids=lambda r: "-".join(r))
def test_every_command_finishes_the_largest_accepted_plan(worst_plan: Path, tmp_path: Path,
                                                          run: tuple[str, ...]) -> None:
    plan = worst_plan
    done = subprocess.run([sys.executable, "-m", "socialplan", run[0], str(plan), *run[1:],
                           "-o", str(tmp_path / "report")], capture_output=True, timeout=TIMEOUT, check=False,
                          env={**os.environ, "SOCIALPLAN_DEBUG": ""})
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    assert (tmp_path / "report").stat().st_size > 0
    assert not re.search(rb"internal error|Traceback", done.stderr)
