"""``assess -f html``: the scorecard for a client, checked against the
assessment itself: every active finding, every group score, the verdict and
its reasons, the priorities and the stakeholder map are in it, plan text is
escaped, and the file stands alone."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from clirunner import Runner
from socialplan import api
from socialplan.sources import single_plan

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.mark.parametrize("plan", ["weak-plan.yaml", "global-tech-innovation.yaml"])
def test_the_scorecard_shows_what_the_assessment_found(plan: str) -> None:
    from socialplan.present import render

    result = api.assess(single_plan(str(EXAMPLES / plan)))
    assert result.report is not None and result.report.assessment is not None
    a = result.report.assessment
    page = html.unescape(render(result.report, "html").text)
    assert f"{a.verdict} · {a.score:.1f} / 100" in page
    for reason in a.reasons:
        assert reason in page
    for group, score in a.groups.items():
        assert f"{score:.1f}" in page, group
    for finding in a.active:
        assert finding.message in page and f"{finding.code} {finding.name}" in page
    for priority in a.priorities:
        assert (priority.title or priority.id) in page
    for group in a.stakeholders:
        assert (group.name or group.id) in page and group.action in page


def test_plan_text_is_escaped_and_nothing_is_fetched(cli: Runner, tmp_path: Path) -> None:
    import yaml

    data = yaml.safe_load((EXAMPLES / "weak-plan.yaml").read_text(encoding="utf-8"))
    data["organisation"]["name"] = "<script>alert(1)</script> & Co"
    plan = tmp_path / "plan.yaml"
    plan.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    out = tmp_path / "scorecard.html"
    result = cli("assess", str(plan), "-f", "html", "-o", str(out), "--as-of", "2026-12-01")
    assert result.code == 0, result.err
    page = out.read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # nothing outside the file
    again = tmp_path / "again.html"
    assert cli("assess", str(plan), "-f", "html", "-o", str(again), "--as-of", "2026-12-01").code == 0
    assert again.read_bytes() == out.read_bytes()
