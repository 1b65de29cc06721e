"""The readiness verdict of every example plan, through the CLI as a user
runs it (``socialplan assess EXAMPLE --as-of 2026-12-01 --format json``).

The examples show the three verdicts: the complete plans are ``go``, the
weak plan ``not-ready`` and the retail plan ``pilot-first``. The retail plan
must stay well inside its band, so that a small change to a rule does not
quietly turn it into another ``go`` example, and its header comment must
keep telling readers what the command prints.
"""

from __future__ import annotations

import collections
import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from socialplan.cli import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
RETAIL = "retail-pilot-first.yaml"
AS_OF = "2026-12-01"

EXPECTED_VERDICTS = {
    "consulting-mobile-workforce.yaml": "go",
    "global-tech-innovation.yaml": "go",
    "sales-webinars": "go",
    "weak-plan.yaml": "not-ready",
    RETAIL: "pilot-first",
}

# "Comfortably inside the band": this far from every threshold.
MARGIN = 2.0


def _examples() -> set[str]:
    files = {p.name for p in EXAMPLES.glob("*.yaml")}
    folders = {p.name for p in EXAMPLES.iterdir() if p.is_dir() and any(p.glob("*.yaml"))}
    return files | folders


def _assess(name: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, ["assess", str(EXAMPLES / name), "--as-of", AS_OF, "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert isinstance(document, dict)
    return document


@pytest.fixture(scope="module")
def assessments() -> dict[str, dict[str, Any]]:
    return {name: _assess(name) for name in EXPECTED_VERDICTS}


def _counted_groups(document: dict[str, Any]) -> list[str]:
    return [g for g, weight in document["group_weights"].items() if weight > 0]


def test_every_example_has_an_expected_verdict() -> None:
    # A new example must say here which verdict it demonstrates.
    assert _examples() == set(EXPECTED_VERDICTS)


@pytest.mark.parametrize("name", sorted(EXPECTED_VERDICTS))
def test_example_verdict(assessments: dict[str, dict[str, Any]], name: str) -> None:
    document = assessments[name]
    assert document["valid"] is True
    assert document["as_of"] == AS_OF
    assert document["verdict"] == EXPECTED_VERDICTS[name], document["reasons"]


@pytest.mark.parametrize("name", sorted(EXPECTED_VERDICTS))
def test_verdict_follows_the_documented_thresholds(assessments: dict[str, dict[str, Any]], name: str) -> None:
    # The verdict table of docs/rules.md, applied to the printed scores.
    document = assessments[name]
    t = document["thresholds"]
    score, groups = document["score"], document["groups"]
    counted = _counted_groups(document)
    errors = [f for f in document["findings"] if f["severity"] == "error" and not f["suppressed"]]
    assert document["summary"]["error"] == len(errors)
    if errors or score < t["not_ready_score"] or any(groups[g] < t["group_floor"] for g in counted):
        expected = "not-ready"
    elif score >= t["go_score"] and all(groups[g] >= t["go_group_min"] for g in counted):
        expected = "go"
    else:
        expected = "pilot-first"
    assert document["verdict"] == expected
    # The overall score is the weighted mean of the group scores; the groups
    # are printed rounded, so allow for their rounding.
    weights = document["group_weights"]
    mean = sum(groups[g] * weights[g] for g in groups) / sum(weights.values())
    assert abs(mean - score) <= 0.1


# --- the retail plan: pilot-first, with no error --------------------------------------------


def test_retail_plan_has_no_error_finding(assessments: dict[str, dict[str, Any]]) -> None:
    document = assessments[RETAIL]
    assert [f["code"] for f in document["findings"] if f["severity"] == "error"] == []
    assert document["summary"]["error"] == 0


def test_retail_score_is_well_inside_the_pilot_first_band(assessments: dict[str, dict[str, Any]]) -> None:
    document = assessments[RETAIL]
    t = document["thresholds"]
    assert t["not_ready_score"] + MARGIN < document["score"] < t["go_score"] - MARGIN
    for group in _counted_groups(document):
        value = document["groups"][group]
        assert value > t["group_floor"] + MARGIN, group
        # A group near go_group_min would add or drop a reason with any small change.
        assert abs(value - t["go_group_min"]) > MARGIN, group


def test_retail_reasons_name_what_go_still_needs(assessments: dict[str, dict[str, Any]]) -> None:
    document = assessments[RETAIL]
    t, reasons = document["thresholds"], document["reasons"]
    expected: list[tuple[str, ...]] = []
    if document["score"] < t["go_score"]:
        expected.append(("overall score", f"{document['score']:.1f}", f"{t['go_score']:g}"))
    for group in _counted_groups(document):
        if document["groups"][group] < t["go_group_min"]:
            expected.append((group, f"{document['groups'][group]:.1f}", f"{t['go_group_min']:g}"))
    assert expected, "a pilot-first plan misses at least one threshold for go"
    assert len(reasons) == len(expected), reasons
    for words in expected:
        assert any(all(w in reason for w in words) and reason.endswith("for go") for reason in reasons), words
    # Nothing blocks: no reason is a finding (those start with a rule code).
    assert not [r for r in reasons if re.match(r"[A-Z]{2}\d{2} ", r)]


def test_retail_gaps_are_the_pilot_first_kind(assessments: dict[str, dict[str, Any]]) -> None:
    # What the pilots and the next round of research are for: benefits not yet
    # valued, KPIs without a baseline, hypotheses without a pass mark, the
    # frontline not surveyed, too few champions, no usability test yet.
    codes = {f["code"] for f in assessments[RETAIL]["findings"] if not f["suppressed"]}
    assert {"UC08", "OP04", "UC04", "EM04", "EM09", "EM06"} <= codes


def _header(path: Path) -> str:
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("#").strip())
    return "\n".join(lines)


def _listed_findings(header: str) -> collections.Counter[tuple[str, str]]:
    # The block under the expected assessment: "warnings  OP03 OP04 (x3) ...",
    # continued on lines that start with a code.
    listed: collections.Counter[tuple[str, str]] = collections.Counter()
    severity = None
    for line in header.splitlines():
        first = line.split(" ", 1)[0]
        if first in ("warnings", "info", "errors"):
            severity = {"warnings": "warning", "errors": "error"}.get(first, first)
            line = line[len(first):]
        elif severity is None or not re.match(r"[A-Z]{2}\d{2}\b", line):
            severity = None
            continue
        for code, times in re.findall(r"([A-Z]{2}\d{2})(?: \(x(\d+)\))?", line):
            listed[(severity, code)] += int(times or 1)
    return listed


def test_retail_header_tells_what_assess_prints(assessments: dict[str, dict[str, Any]]) -> None:
    document = assessments[RETAIL]
    header = _header(EXAMPLES / RETAIL)
    stated = re.search(r"as of (\d{4}-\d{2}-\d{2})\): ([A-Z-]+), score (\d+\.\d)", header)
    assert stated, "the header states the expected verdict and score"
    assert stated.group(1) == AS_OF
    assert stated.group(2).lower() == document["verdict"]
    assert float(stated.group(3)) == document["score"]
    found = collections.Counter((f["severity"], f["code"]) for f in document["findings"] if not f["suppressed"])
    assert _listed_findings(header) == found
