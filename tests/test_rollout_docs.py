"""docs/rollout.md keeps up with the code: every problem code, generated
activity, option, CSV column and JSON key is in it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import typer

from socialplan.cli import app
from socialplan.rollout import ROLLOUT_CODES, build_rollout
from socialplan.rollout.exporters import CSV_COLUMNS
from socialplan.validation import check_plan

ROOT = Path(__file__).resolve().parents[1]
DOCS = (ROOT / "docs" / "rollout.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = DOCS.index(title)
    following = DOCS.find("\n## ", start + 1)
    return DOCS[start:] if following < 0 else DOCS[start:following]


def test_every_problem_code_is_documented() -> None:
    table = _section("## Problems")
    documented = set(re.findall(r"^\| `(RL\d{3})` \|", table, re.M))
    assert documented == set(ROLLOUT_CODES)


@pytest.mark.parametrize("example", ["global-tech-innovation.yaml", "retail-pilot-first.yaml", "sales-webinars"])
def test_every_generated_activity_is_documented(example: str) -> None:
    check, validated = check_plan(str(ROOT / "examples" / example))
    assert validated is not None, check.diagnostics
    table = _section("## Activities generated from the plan")
    plan_ids = {entry.id for entry in validated.plan.rollout.activities}
    for activity in build_rollout(validated.plan).activities:
        if activity.id in plan_ids and activity.spec.kind == "custom":
            continue  # added by the plan, not generated
        stem, dot, _ = activity.id.partition(".")
        wanted = f"`{stem}.<" if dot else f"`{activity.id}`"
        assert wanted in table, activity.id


def test_every_option_is_documented() -> None:
    root: Any = typer.main.get_command(app)
    command = root.commands["rollout"]
    table = _section("# `socialplan rollout`")
    for param in command.params:
        for flag in param.opts:
            if flag.startswith("--") and flag != "--help":
                assert f"`{flag}" in table or f", {flag}" in table, flag


def test_every_csv_column_is_documented() -> None:
    table = DOCS[DOCS.index("**CSV**"):DOCS.index("**iCalendar**")]
    documented = {name for cell in re.findall(r"^\| ([^|]+) \|", table, re.M)
                  for name in re.findall(r"`([a-z_]+)`", cell)}
    assert set(CSV_COLUMNS) <= documented


def test_every_json_key_of_the_exporter_is_documented() -> None:
    from socialplan.rollout import exporters

    keys = set(re.findall(r"``([a-z_]+)(?:\[\])?``", exporters.__doc__ or ""))
    table = DOCS[DOCS.index("**JSON**"):DOCS.index("**CSV**")]
    missing = {key for key in keys if f"`{key}`" not in table and f"`{key}[]`" not in table}
    assert missing == set()
