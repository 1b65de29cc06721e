"""``socialplan business-case`` end to end: the three formats, escaping of
plan text in each, determinism, located errors, custom templates, branding
and safe writing."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
import yaml

from clirunner import Runner
from socialplan.commands.business_case import run_business_case
from test_finance_model import BENEFITS_MONTH, COSTS_MONTH, INITIAL, annuity, hand_plan

SCRIPT = "<script>alert(1)</script>"
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
       b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")


def hostile_plan() -> dict[str, Any]:
    """The hand-worked plan with text that would break an unescaped report."""
    data = hand_plan()
    data["organisation"]["context"] = "Teams say {{ 7*7 }} and {% raw %} while $5 & R&D costs | rise"
    data["organisation"]["branding"] = {"name": "Acme | Partners", "primary_colour": "#123456",
                                        "accent_colour": "#abcdef", "prepared_by": "Example & Co"}
    data["stakeholders"][0]["name"] = SCRIPT
    data["use_cases"][0]["title"] = "Rooms | calls {{ 7*7 }}"
    data["use_cases"][0]["hypothesis"] = "- fewer calls\n1. and emails"
    data["options"] = [
        {"id": "do-nothing", "title": "Keep the intranet", "baseline": True},
        {"id": "network", "title": "Adopt the network", "considerations": ["Strategic fit {{ 7*7 }}"]},
    ]
    return data


def write_plan(folder: Path, data: dict[str, Any], name: str = "plan.yaml") -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("NO_COLOR", "1")


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One run per format of the hostile plan, shared by the tests that read them."""
    folder = tmp_path_factory.mktemp("reports")
    plan = write_plan(folder, hostile_plan())
    out = {}
    for fmt, name in (("html", "case.html"), ("markdown", "case.md"), ("json", "case.json")):
        target = folder / name
        assert run_business_case(str(plan), fmt, target, simulations=2000, seed=7) == 0
        out[fmt] = target
    return out


# --- JSON ------------------------------------------------------------------------------------------


HEADLINE = ("npv", "roi", "bcr", "payback_month", "irr", "pv_costs", "pv_benefits")


def test_json_has_the_documented_keys_each_unadjusted_and_risk_adjusted(reports: dict[str, Path]) -> None:
    doc = json.loads(reports["json"].read_text(encoding="utf-8"))
    for key in (*HEADLINE, "cash_flows", "options", "sensitivity", "simulation"):
        assert key in doc, key
    for key in HEADLINE:
        assert set(doc[key]) == {"unadjusted", "risk_adjusted"}, key
    for period in doc["cash_flows"]:
        assert set(period["unadjusted"]) == set(period["risk_adjusted"]) == {"costs", "benefits", "net",
                                                                               "present_value"}
    for option in doc["options"]:
        assert all(set(option[key]) == {"unadjusted", "risk_adjusted"} for key in HEADLINE)
    assert [o["id"] for o in doc["options"] if o["preferred"]] == ["network"]
    for bar in doc["sensitivity"]:
        assert set(bar["npv_low"]) == set(bar["npv_high"]) == {"unadjusted", "risk_adjusted"}
    for key in ("p10", "p50", "p90", "prob_positive"):
        assert set(doc["simulation"][key]) == {"unadjusted", "risk_adjusted"}


def test_json_figures_are_the_hand_worked_ones(reports: dict[str, Path]) -> None:
    doc = json.loads(reports["json"].read_text(encoding="utf-8"))
    a = annuity(0.10, 3)
    npv = 12 * (BENEFITS_MONTH - COSTS_MONTH) * a - INITIAL
    assert doc["npv"]["unadjusted"] == pytest.approx(round(npv, 2), abs=0.01)
    assert doc["payback_month"] == {"unadjusted": 6, "risk_adjusted": 9}
    assert [p["period"] for p in doc["cash_flows"]] == ["Initial", "Year 1", "Year 2", "Year 3"]
    assert doc["cash_flows"][0]["unadjusted"]["costs"] == INITIAL
    sim = doc["simulation"]
    assert sim["simulations"] == 2000 and sim["seed"] == 7
    assert sim["p10"]["risk_adjusted"] <= sim["p50"]["risk_adjusted"] <= sim["p90"]["risk_adjusted"]


def test_the_same_seed_gives_the_same_json_and_another_seed_other_draws(cli: Runner, tmp_path: Path) -> None:
    plan = write_plan(tmp_path, hand_plan())
    first = cli("business-case", str(plan), "-f", "json", "-n", "3000", "--seed", "1")
    again = cli("business-case", str(plan), "-f", "json", "-n", "3000", "--seed", "1")
    other = cli("business-case", str(plan), "-f", "json", "-n", "3000", "--seed", "2")
    assert first.code == again.code == other.code == 0
    assert first.out == again.out
    assert json.loads(first.out)["simulation"]["p50"] != json.loads(other.out)["simulation"]["p50"]


def test_no_simulation_with_zero_draws(cli: Runner, tmp_path: Path) -> None:
    plan = write_plan(tmp_path, hand_plan())
    result = cli("business-case", str(plan), "-o", str(tmp_path / "out.json"), "--simulations", "0")
    assert result.code == 0, result.err
    assert json.loads((tmp_path / "out.json").read_text())["simulation"] is None  # format from the suffix


# --- HTML ------------------------------------------------------------------------------------------


def test_html_is_one_self_contained_file_with_inline_charts(reports: dict[str, Path]) -> None:
    html = reports["html"].read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "<style>" in html and "<link" not in html and "<script" not in html
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert html.count("<svg") == 4  # cash flow, tornado, NPV distribution, adoption
    for heading in ("Executive summary", "Strategic case", "Economic case", "Commercial case",
                    "Financial case", "Management case"):
        assert heading in html
    assert "@page { size: A4" in html
    assert "--primary: #123456" in html and "--accent: #abcdef" in html
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "ids clash between inline charts"


def test_plan_text_is_shown_as_text_in_html(reports: dict[str, Path]) -> None:
    html = reports["html"].read_text(encoding="utf-8")
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Teams say {{ 7*7 }} and" in html and "Rooms | calls {{ 7*7 }}" in html
    assert "Teams say 49" not in html and "calls 49" not in html
    assert "{% raw %}" in html
    assert "Acme | Partners" in html and "Example &amp; Co" in html


# --- Markdown --------------------------------------------------------------------------------------


def _unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


def test_markdown_charts_are_svg_files_beside_the_report(reports: dict[str, Path]) -> None:
    md = reports["markdown"]
    text = md.read_text(encoding="utf-8")
    for key in ("cash-flow", "tornado", "npv-distribution", "adoption"):
        chart = md.with_name(f"case-{key}.svg")
        assert f"](case-{key}.svg)" in text
        root = ElementTree.fromstring(chart.read_bytes())
        assert root.tag.endswith("svg")
    assert "## 1 Strategic case" in text and "## 5 Management case" in text


def test_plan_text_cannot_break_markdown(reports: dict[str, Path]) -> None:
    text = reports["markdown"].read_text(encoding="utf-8")
    assert SCRIPT not in text and r"\<script\>alert(1)\</script\>" in text
    assert r"Teams say {{ 7\*7 }} and" in text and "Teams say 49" not in text
    # Every row of every table has as many cell separators as its header.
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("| ---") or line.startswith("| --- "):
            header = _unescaped_pipes(lines[index - 1])
            row = index + 1
            while row < len(lines) and lines[row].startswith("|"):
                assert _unescaped_pipes(lines[row]) == header, lines[row]
                row += 1
    assert r"Rooms \| calls" in text
    # A value that starts a line cannot start a list.
    assert "\n- fewer calls" not in text and "\n1. and emails" not in text
    assert r"\$5 \& R\&D" in text


def test_reports_are_byte_for_byte_reproducible(tmp_path: Path, reports: dict[str, Path]) -> None:
    plan = reports["json"].with_name("plan.yaml")  # the same plan path: it is quoted in the report
    for fmt, name in (("markdown", "case.md"), ("html", "case.html")):
        assert run_business_case(str(plan), fmt, tmp_path / name, simulations=2000, seed=7) == 0
    for name in ("case.md", "case.html", "case-tornado.svg", "case-cash-flow.svg", "case-adoption.svg",
                 "case-npv-distribution.svg"):
        assert (tmp_path / name).read_bytes() == reports["html"].with_name(name).read_bytes(), name


def test_markdown_on_stdout_has_no_chart_links(cli: Runner, tmp_path: Path) -> None:
    plan = write_plan(tmp_path, hand_plan())
    result = cli("business-case", str(plan), "-n", "100")
    assert result.code == 0, result.err
    assert result.out.startswith("# Business case")
    assert ".svg)" not in result.out
    assert list(tmp_path.iterdir()) == [plan]


# --- errors -----------------------------------------------------------------------------------------


def test_an_invalid_plan_is_reported_with_its_location(cli: Runner, tmp_path: Path) -> None:
    data = hand_plan()
    data["finance"]["discount_rate"] = "ten percent"
    plan = write_plan(tmp_path, data)
    line = next(i for i, text in enumerate(plan.read_text().splitlines(), 1) if "discount_rate" in text)
    result = cli("business-case", str(plan), "-o", str(tmp_path / "out.html"))
    assert result.code == 1
    assert f"{plan}:{line}:" in result.err and "Traceback" not in result.err
    assert not (tmp_path / "out.html").exists()


def test_an_estimate_out_of_order_is_located(cli: Runner, tmp_path: Path) -> None:
    data = hand_plan()
    data["finance"]["costs"][0]["amount"] = {"low": 9, "likely": 5, "high": 7}
    plan = write_plan(tmp_path, data)
    lines = plan.read_text().splitlines()
    costs = next(i for i, text in enumerate(lines) if "costs:" in text)
    amount = next(i for i, text in enumerate(lines[costs:], costs + 1) if "amount:" in text)
    result = cli("business-case", str(plan))
    assert result.code == 1
    assert "SP101" in result.err and "out of order" in result.err
    assert re.search(rf"{re.escape(str(plan))}:({amount}|{amount + 1}):\d+", result.err), result.err


def test_a_failed_run_leaves_the_earlier_report_untouched(cli: Runner, tmp_path: Path) -> None:
    plan = write_plan(tmp_path, hand_plan())
    report = tmp_path / "case.html"
    assert cli("business-case", str(plan), "-o", str(report), "-n", "200").code == 0
    before = report.read_bytes()
    broken = tmp_path / "mine"
    broken.mkdir()
    files = sorted(tmp_path.iterdir())

    (broken / "business-case.html.j2").write_text("{% for x in %}\n")
    result = cli("business-case", str(plan), "-o", str(report), "--template-dir", str(broken))
    assert result.code == 2 and "business-case.html.j2:1" in result.err
    (broken / "business-case.html.j2").write_text("{{ no_such_value.missing }}\n")
    assert cli("business-case", str(plan), "-o", str(report), "--template-dir", str(broken)).code == 2

    data = hand_plan()
    data["finance"]["costs"][0]["amount"] = -5
    write_plan(tmp_path, data)
    assert cli("business-case", str(plan), "-o", str(report)).code == 1

    assert report.read_bytes() == before
    assert sorted(tmp_path.iterdir()) == files  # no temporary file left behind


def test_the_plan_itself_is_never_overwritten(cli: Runner, tmp_path: Path) -> None:
    plan = write_plan(tmp_path, hand_plan(), name="plan.md")
    before = plan.read_bytes()
    result = cli("business-case", str(plan), "-o", str(plan))
    assert result.code == 2 and "the plan itself" in result.err
    assert plan.read_bytes() == before


def test_a_missing_template_dir_or_plan_is_a_usage_error(cli: Runner, tmp_path: Path) -> None:
    plan = write_plan(tmp_path, hand_plan())
    assert cli("business-case", str(plan), "--template-dir", str(tmp_path / "nope")).code == 2
    assert cli("business-case", str(tmp_path / "missing.yaml")).code == 2
    assert cli("business-case", str(plan), "--as-of", "tomorrow").code == 2


# --- custom look --------------------------------------------------------------------------------------


def test_a_template_in_template_dir_replaces_the_default(cli: Runner, tmp_path: Path) -> None:
    plan = write_plan(tmp_path, hostile_plan())
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "business-case.md.j2").write_text(
        "OUR LOOK: {{ summary.recommendation }} / {{ strategic.context }}\n", encoding="utf-8")
    result = cli("business-case", str(plan), "--template-dir", str(mine), "-n", "100")
    assert result.code == 0, result.err
    assert result.out.startswith("OUR LOOK: Proceed with Adopt the network")
    assert r"{{ 7\*7 }}" in result.out and "49" not in result.out  # plan text is data in any template


def test_the_sandbox_keeps_templates_away_from_python(cli: Runner, tmp_path: Path) -> None:
    plan = write_plan(tmp_path, hand_plan())
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "business-case.md.j2").write_text("{{ title.__class__.__mro__[1].__subclasses__() }}\n")
    result = cli("business-case", str(plan), "--template-dir", str(mine), "-n", "0")
    assert result.code == 2 and "Traceback" not in result.err


def test_a_local_logo_is_embedded_and_a_missing_one_is_a_located_warning(cli: Runner, tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "logo.png").write_bytes(PNG)
    data = hand_plan()
    data["organisation"]["branding"] = {"logo": "assets/logo.png"}
    plan = write_plan(tmp_path, data)
    result = cli("business-case", str(plan), "-o", str(tmp_path / "case.html"), "-n", "0")
    assert result.code == 0, result.err
    assert 'src="data:image/png;base64,' in (tmp_path / "case.html").read_text()
    assert cli("business-case", str(plan), "-o", str(tmp_path / "case.md"), "-n", "0").code == 0
    assert (tmp_path / "case-logo.png").read_bytes() == PNG
    assert "](case-logo.png)" in (tmp_path / "case.md").read_text()

    data["organisation"]["branding"] = {"logo": "assets/missing.png"}
    write_plan(tmp_path, data)
    result = cli("business-case", str(plan), "-o", str(tmp_path / "case.html"), "-n", "0")
    assert result.code == 0, result.err
    assert "warning SP107" in result.err and "missing.png" in result.err and f"{plan}:" in result.err
    assert "data:image" not in (tmp_path / "case.html").read_text()

    data["organisation"]["branding"] = {"logo": "https://example.com/logo.png"}
    write_plan(tmp_path, data)
    result = cli("business-case", str(plan), "-o", str(tmp_path / "case.html"), "-n", "0")
    assert result.code == 0 and "SP107" in result.err
    assert "example.com" not in (tmp_path / "case.html").read_text()  # the HTML stays self-contained


# --- the readiness verdict -----------------------------------------------------------------------------


def test_the_summary_shows_the_verdict_assess_gives(cli: Runner, tmp_path: Path) -> None:
    plan = write_plan(tmp_path, hand_plan())
    assessed = json.loads(cli("assess", str(plan), "-f", "json", "--as-of", "2027-01-31").out)
    as_json = json.loads(cli("business-case", str(plan), "-n", "0", "-f", "json", "--as-of", "2027-01-31").out)
    assert as_json["readiness"]["verdict"] == assessed["verdict"]
    html = cli("business-case", str(plan), "-n", "0", "-f", "html", "--as-of", "2027-01-31").out
    assert f"Readiness assessment: {assessed['verdict']}" in html


# --- documentation ---------------------------------------------------------------------------------------


def test_every_json_key_is_documented(reports: dict[str, Path]) -> None:
    docs = (Path(__file__).resolve().parents[1] / "docs" / "business-case.md").read_text(encoding="utf-8")
    reference = docs[docs.index("## JSON"):]
    doc = json.loads(reports["json"].read_text(encoding="utf-8"))
    missing = [key for key in doc if f"`{key}`" not in reference and f"`{key}[]`" not in reference]
    assert missing == []
    for key in ("cash_flows", "options", "sensitivity", "switching_values", "benefits", "costs"):
        assert f"`{key}[]`" in reference, key


def test_the_cli_defaults_are_the_models() -> None:
    import typer.main

    from socialplan.cli import app
    from socialplan.finance.simulation import DEFAULT_SEED, DEFAULT_SIMULATIONS

    command: Any = typer.main.get_command(app)
    params = {p.name: p for p in command.commands["business-case"].params}
    assert params["seed"].default == DEFAULT_SEED
    assert params["simulations"].default == DEFAULT_SIMULATIONS
