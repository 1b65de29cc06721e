"""docs/first-plan.md stays true: its YAML snippets, added up in order, are
a valid plan at every step; each step clears the findings it says it clears
(``<!-- clears: ... -->``) and gets the verdict and score it states; every
command it shows runs; the figures it quotes are the reports' own."""

from __future__ import annotations

import datetime as dt
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest

from clirunner import Runner
from socialplan.assess.engine import assess_plan
from socialplan.validation import check_plan

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "first-plan.md").read_text(encoding="utf-8")
AS_OF = dt.date(2026, 12, 1)
BLOCK = re.compile(r"```(yaml|sh)\n(.*?)```\n((?:<!-- [a-z]+: [^>]* -->\n)*)", re.S)


@dataclass
class Step:
    kind: str  # yaml or sh
    body: str
    marks: dict[str, str]
    plan: str  # every yaml block up to and including this one
    section: str  # the text of the heading it sits under


def _steps() -> list[Step]:
    steps, plan = [], ""
    for match in BLOCK.finditer(DOC):
        kind, body, marks = match.groups()
        if kind == "yaml":
            plan += body
        section = DOC[:match.start()].rsplit("\n## ", 1)[-1] + DOC[match.start():].split("\n## ", 1)[0]
        steps.append(Step(kind, body, dict(re.findall(r"<!-- ([a-z]+): ([^>]*) -->", marks)), plan, section))
    return steps


STEPS = _steps()
YAML_STEPS = [s for s in STEPS if s.kind == "yaml"]


def _open_codes(tmp_path: Path, text: str) -> tuple[set[str], str, float]:
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    check, validated = check_plan(str(path))
    assert check.valid, [f"{d.location}: {d.message}" for d in check.diagnostics]
    assert validated is not None
    assessment = assess_plan(validated, as_of=AS_OF)
    return {f.code for f in assessment.active}, assessment.verdict, assessment.score


def test_the_walkthrough_has_its_steps() -> None:
    assert len(YAML_STEPS) >= 6
    assert YAML_STEPS[0].body.startswith("organisation:")
    assert sum("clears" in s.marks for s in YAML_STEPS) >= 4


@pytest.mark.parametrize("index", range(len(YAML_STEPS)))
def test_each_step_is_a_valid_plan_that_clears_what_it_says(tmp_path: Path, index: int) -> None:
    step = YAML_STEPS[index]
    before = _open_codes(tmp_path, YAML_STEPS[index - 1].plan)[0] if index else set()
    after, verdict, score = _open_codes(tmp_path, step.plan)
    for code in step.marks.get("clears", "").split():
        assert code in before, f"{code} was not open before this step"
        assert code not in after, f"{code} is still open after this step"
        assert code in step.section, f"the step does not name {code}"
    for code in step.marks.get("opens", "").split():
        assert code in after, code
        assert code in step.section, f"the step does not name {code}"
    if "verdict" in step.marks:
        said, said_score = step.marks["verdict"].split()
        assert (verdict, f"{score:.1f}") == (said, said_score)
        assert f"`{said}`, score {said_score}" in step.section


def _run_commands(cli: Runner, step: Step, folder: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    (folder / "plan.yaml").write_text(step.plan, encoding="utf-8")
    monkeypatch.chdir(folder)
    outputs = []
    for line in step.body.splitlines():
        words = shlex.split(line, comments=True)
        assert words[0] == "socialplan", line
        result = cli(*words[1:])
        assert result.code == 0, (line, result.err)
        outputs.append(result.out + result.err)
    return outputs


@pytest.mark.parametrize("index", [i for i, s in enumerate(STEPS) if s.kind == "sh"])
def test_every_command_runs_as_written(cli: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       index: int) -> None:
    step = STEPS[index]
    # A command before the first snippet runs on the finished plan.
    if not step.plan:
        step = Step(step.kind, step.body, step.marks, YAML_STEPS[-1].plan, step.section)
    _run_commands(cli, step, tmp_path, monkeypatch)


def _quoted(pattern: str) -> str:
    found = re.search(pattern, DOC, flags=re.S)
    assert found is not None, pattern
    return found.group(1)


def test_the_quoted_business_case_figures_are_the_reports(cli: Runner, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    step = next(s for s in STEPS if s.kind == "sh" and "business-case" in s.body)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plan.yaml").write_text(step.plan, encoding="utf-8")
    result = cli("business-case", "plan.yaml", "-n", "0", "--as-of", AS_OF.isoformat())
    assert result.code == 0, result.err
    report = " ".join(result.out.split())
    npv = _quoted(r"risk-adjusted net\s+present value of (€[0-9,]+)")
    payback = _quoted(r"pays back in (month [0-9]+(?: \([A-Z][a-z]{2} [0-9]{4}\))?)")
    assert f"risk-adjusted net present value of {npv}" in report
    assert f"pays back in {payback}." in report


def test_the_quoted_go_live_is_the_rollouts(cli: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    go_live = dt.datetime.strptime(_quoted(r"Go-live\s+for this plan is ([0-9]+ [A-Z][a-z]+ [0-9]{4})"), "%d %B %Y")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plan.yaml").write_text(YAML_STEPS[-1].plan, encoding="utf-8")
    result = cli("rollout", "plan.yaml", "-f", "markdown")
    assert result.code == 0, result.err
    assert f"| Go-live | {go_live:%a} {go_live.day} {go_live:%b %Y} |" in result.out
