"""The library API: the docs example runs, the API writes nothing, and what
it renders is what the command line writes; the format registries drive
suffix inference and refuse what does not fit."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from clirunner import Runner
from socialplan import api
from socialplan.formats import REPORTS

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "retail-pilot-first.yaml"


def test_the_docs_example_runs(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    (code,) = re.findall(r"```python\n(.*?)```", text, re.S)
    monkeypatch.chdir(ROOT)
    exec(compile(code, "docs/api.md", "exec"), {})
    out = capsys.readouterr().out
    assert "verdict: " in out and "leading option: " in out
    assert "examples/weak-plan.yaml:" in out and " error SP10" in out


def test_the_api_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(EXAMPLE.read_bytes())
    monkeypatch.chdir(tmp_path)
    before = sorted(tmp_path.rglob("*"))
    case = api.business_case(str(plan), simulations=50)
    assert case.report is not None
    rendered = api.render(case.report, "markdown", stem="report")
    assert rendered.attachments and all(f"]({name})" in rendered.text or f'src="{name}"' in rendered.text
                                        or name in rendered.text for name in rendered.attachments)
    roll = api.rollout(str(plan))
    assert roll.report is not None
    for fmt in REPORTS["rollout"].names:
        api.render(roll.report, fmt)
    assert sorted(tmp_path.rglob("*")) == before


def test_a_plan_is_read_once_for_every_report() -> None:
    check, plan = api.check(EXAMPLE)
    assert plan is not None and check.valid
    assert api.assess(plan).ok and api.rollout(plan).ok and api.business_case(plan, simulations=0).ok


def test_invalid_plans_are_data_not_exceptions(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("organisation: {name: x}\nnonsense: 1\n")
    for result in (api.assess(bad), api.business_case(bad, simulations=0), api.rollout(bad)):
        assert result.report is None and not result.check.valid
        assert {d.code for d in result.check.diagnostics} >= {"SP010"}
        assert all(d.location.file == str(bad) for d in result.check.diagnostics)


@pytest.mark.parametrize("fmt", REPORTS["rollout"].names)
def test_render_is_what_the_command_writes(cli: Runner, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"out.{fmt}"
    assert cli("rollout", str(EXAMPLE), "-f", fmt, "-o", str(target)).code == 0
    result = api.rollout(EXAMPLE)
    assert result.report is not None
    rendered = api.render(result.report, fmt, stem="out")
    assert target.read_bytes() == (rendered.content if isinstance(rendered.content, bytes)
                                   else rendered.content.encode("utf-8"))


# --- suffix inference and fit, from the registries ----------------------------------------------


@pytest.mark.parametrize(("report", "suffix"), [(r, s) for r in ("business-case", "rollout")
                                                for s in REPORTS[r].suffixes])
def test_the_suffix_picks_the_format_the_registry_names(cli: Runner, tmp_path: Path, report: str,
                                                        suffix: str) -> None:
    fmt = REPORTS[report].suffixes[suffix]
    inferred, explicit = tmp_path / "a", tmp_path / "b"
    inferred.mkdir()
    explicit.mkdir()
    extra = ("-n", "0") if report == "business-case" else ()
    assert cli(report, str(EXAMPLE), *extra, "-o", str(inferred / f"case{suffix}")).code == 0
    assert cli(report, str(EXAMPLE), *extra, "-f", fmt, "-o", str(explicit / f"case{suffix}")).code == 0
    assert sorted(p.name for p in inferred.iterdir()) == sorted(p.name for p in explicit.iterdir())
    for path in inferred.iterdir():
        assert path.read_bytes() == (explicit / path.name).read_bytes(), path.name


def test_a_suffix_of_another_report_is_refused(cli: Runner, tmp_path: Path) -> None:
    result = cli("business-case", str(EXAMPLE), "-n", "0", "-o", str(tmp_path / "case.ics"))
    assert result.code == 2 and "cannot be written as a .ics file" in result.err and "hint:" in result.err
    assert list(tmp_path.iterdir()) == []
    # A suffix no report claims keeps the default, as a name the user chose.
    assert cli("rollout", str(EXAMPLE), "-o", str(tmp_path / "plan.txt")).code == 0
    assert (tmp_path / "plan.txt").read_text(encoding="utf-8").startswith("#")


@pytest.mark.parametrize("report", ["business-case", "rollout"])
def test_template_dir_only_with_a_templated_format(cli: Runner, tmp_path: Path, report: str) -> None:
    untemplated = [f.name for f in REPORTS[report].formats.values() if f.template is None]
    assert untemplated
    for fmt in untemplated:
        result = cli(report, str(EXAMPLE), "-f", fmt, "--template-dir", str(tmp_path))
        assert result.code == 2 and "--template-dir has no effect" in result.err


def test_markdown_attachments_are_written_before_the_report_and_linked(cli: Runner, tmp_path: Path) -> None:
    target = tmp_path / "case.md"
    assert cli("business-case", str(EXAMPLE), "-n", "200", "-o", str(target)).code == 0
    charts = sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".svg")
    assert charts and all(name.startswith("case-") for name in charts)
    text = target.read_text(encoding="utf-8")
    assert all(name in text for name in charts)
    assert all((tmp_path / n).stat().st_mtime_ns <= target.stat().st_mtime_ns for n in charts)


def test_assess_machine_formats_render_an_invalid_plan(cli: Runner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("organisation: {name: x}\nnonsense: 1\n")
    formats = list(REPORTS["assess"].formats.values())
    for fmt in formats:
        result = cli("assess", str(bad), "-f", fmt.name)
        assert result.code == 1
        if fmt.invalid is None:
            assert result.out == "" and "SP010" in result.err
        else:
            assert "SP010" in result.out
    assert json.loads(cli("assess", str(bad), "-f", "json").out)["valid"] is False
