"""The business case's readiness risks speak from the same ADKAR levels as
the scorecard: a group judged by a survey wave in assess is judged by it in
the case too, and a group whose surveyed barrier rose above 2 is no longer
listed."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from socialplan import api

ROOT = Path(__file__).resolve().parents[1]
RETAIL = ROOT / "examples" / "retail-pilot-first.yaml"


def _expected(as_of: dt.date) -> set[tuple[str, str]]:
    """(group name, barrier) of every group whose barrier level assess gives as 2 or less."""
    report = api.assess(RETAIL, as_of=as_of, use_config=False).report
    assert report is not None
    groups = json.loads(api.render(report, "json").text)["stakeholders"]
    return {(g["name"], g["barrier"]) for g in groups
            if g["barrier"] is not None and g["adkar"][g["barrier"]] <= 2}


@pytest.mark.parametrize("as_of", [dt.date(2026, 12, 1), dt.date(2027, 7, 1)])
def test_the_cases_readiness_risks_are_the_scorecards(as_of: dt.date) -> None:
    report = api.business_case(RETAIL, simulations=0, as_of=as_of).report
    assert report is not None
    markdown = api.render(report, "markdown").text
    listed = set(re.findall(r"Readiness: (.+?) have their ADKAR barrier point at (\w+)", markdown))
    assert listed == _expected(as_of)


def test_a_survey_moves_the_risks() -> None:
    """The example's surveys lift some groups above 2 by mid-2027: the two
    days must differ, or the test above proves nothing about the source."""
    assert _expected(dt.date(2026, 12, 1)) != _expected(dt.date(2027, 7, 1))
