"""``socialplan evidence`` on the examples: its figures against an
independent reading of the exports (the csv module and openpyxl, not the
engine), the privacy of every format, located data problems, and the same
bytes on every run."""

from __future__ import annotations

import csv
import functools
import html
import json
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from clirunner import Runner
from socialplan.cli import app

ROOT = Path(__file__).resolve().parents[1]
CONSULTING = ROOT / "examples" / "consulting-mobile-workforce.yaml"
RETAIL = ROOT / "examples" / "retail-pilot-first.yaml"
EVIDENCE = ROOT / "examples" / "evidence"
AS_OF = "2027-06-30"
ELEMENTS = ("awareness", "desire", "knowledge", "ability", "reinforcement")
LABELS = {"strongly disagree": 1, "disagree": 2, "neither agree nor disagree": 3, "agree": 4, "strongly agree": 5}
CONSULTING_GROUPS = {"Partner or practice leader": "partners", "Engagement manager or director": "engagement-managers",
                     "Consultant on client sites": "client-consultants", "Knowledge team": "knowledge-team"}
CONSULTING_HEADCOUNT = {"partners": 420, "engagement-managers": 900, "client-consultants": 7400, "knowledge-team": 60}
GROUP_QUESTION = "Which part of the firm do you work in?"
QUESTIONS = ["I understand why the firm is introducing Viva Engage", "I want to use Viva Engage in my work",
             "I know how to find an expert on Viva Engage",
             "I have the time and the device to use it on client sites",
             "My manager notices when people share what they know"]


def _run(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


def _google_rows() -> list[dict[str, str]]:
    with (EVIDENCE / "consulting" / "readiness-survey-2027-03.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _forms_rows() -> list[dict[str, Any]]:
    book = openpyxl.load_workbook(EVIDENCE / "consulting" / "readiness-survey-2027-05.xlsx", read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    header = [str(h) for h in rows[0]]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def _qualtrics_rows() -> list[dict[str, str]]:
    with (EVIDENCE / "retail" / "store-readiness-baseline.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[3:]]


def _expected(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per group: responses, ADKAR means and barrier shares, worked out here
    (one question per element, so a respondent's element score is their answer)."""
    found: dict[str, list[list[int]]] = {}
    for row in rows:
        answers = [LABELS[str(row[q]).strip().lower()] for q in QUESTIONS]
        found.setdefault(CONSULTING_GROUPS[str(row[GROUP_QUESTION])], []).append(answers)
    out = {}
    for group, people in found.items():
        means = {e: sum(p[i] for p in people) / len(people) for i, e in enumerate(ELEMENTS)}
        own = [next((e for i, e in enumerate(ELEMENTS) if p[i] <= 3), "none") for p in people]
        out[group] = {"responses": len(people), "means": means,
                      "shares": {k: own.count(k) / len(people) for k in (*ELEMENTS, "none")}}
    return out


@pytest.fixture(scope="module")
def consulting_json() -> dict[str, Any]:
    result = _run("evidence", str(CONSULTING), "-f", "json", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.mark.parametrize(("wave", "reader"), [(0, _google_rows), (1, _forms_rows)])
def test_each_wave_matches_an_independent_count(consulting_json: dict[str, Any], wave: int, reader: Any) -> None:
    survey = consulting_json["surveys"][wave]
    expected = _expected(reader())
    reported = {g["id"]: g for g in survey["groups"]}
    assert set(reported) == set(expected)
    for group, figures in expected.items():
        entry = reported[group]
        if figures["responses"] < 5:
            assert entry == {**dict.fromkeys(entry), "id": group, "headcount": entry["headcount"],
                             "suppressed": True}
            continue
        assert entry["responses"] == figures["responses"]
        assert entry["response_rate"] == pytest.approx(figures["responses"] / CONSULTING_HEADCOUNT[group], abs=1e-4)
        for element in ELEMENTS:
            assert entry["adkar"][element] == pytest.approx(figures["means"][element], abs=5e-4)
            assert entry["barrier_shares"][element] == pytest.approx(figures["shares"][element], abs=5.1e-5)
        barrier = next((e for e in ELEMENTS if figures["means"][e] <= 3), None)
        assert entry["barrier"] == barrier
    # The total counts only the groups reported: a suppressed count cannot be had by subtraction.
    assert survey["responses"] == sum(f["responses"] for f in expected.values() if f["responses"] >= 5)
    assert survey["suppressed_groups"] == 1


def test_ages_and_pilot_decisions(consulting_json: dict[str, Any]) -> None:
    ages = [s["age_days"] for s in consulting_json["surveys"]]
    assert ages == [(dt_(AS_OF) - dt_(s["date"])).days for s in consulting_json["surveys"]]
    assert {p["use_case"]: p["decision"] for p in consulting_json["pilots"]} == {
        "project-rooms": "revise", "ask-the-firm": "scale", "knowledge-wiki": "stop"}
    result = _run("evidence", str(RETAIL), "-f", "json", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    retail = json.loads(result.stdout)
    assert {p["use_case"]: p["decision"] for p in retail["pilots"]} == {"store-brief": "scale",
                                                                          "store-support": "stop",
                                                                          "colleague-app": "revise"}


def dt_(text: str) -> Any:
    import datetime as dt

    return dt.date.fromisoformat(text)


# --- privacy ----------------------------------------------------------------------------------------------


@functools.cache  # reading the exports takes seconds; the privacy tests of two modules share one reading
def _personal_values() -> frozenset[str]:
    """Every name, e-mail address, free-text answer and id a respondent left in the exports."""
    values: set[str] = set()
    for row in _google_rows():
        values |= {row["Email Address"], row["Anything else you would like to tell the programme team?"]}
    for row in _forms_rows():
        values |= {str(row["Email"]), str(row["Name"]),
                   str(row["Anything else you would like to tell the programme team?"] or "")}
    for row in _qualtrics_rows():
        values |= {row["RecipientEmail"], f"{row['RecipientFirstName']} {row['RecipientLastName']}",
                   row["QID7_TEXT"], row["IPAddress"], row["ResponseId"]}
    return frozenset(v for v in values if v and v != "None")


def _readable(text: str) -> str:
    """Output as a reader sees it: HTML entities and Markdown escapes undone."""
    return html.unescape(text).replace("\\", "")


@pytest.mark.parametrize("plan", [CONSULTING, RETAIL], ids=lambda p: p.stem)
def test_no_format_repeats_what_a_respondent_wrote(plan: Path, tmp_path: Path) -> None:
    personal = _personal_values()
    assert len(personal) > 1000  # the exports do hold personal data
    for fmt in ("text", "json", "markdown", "html"):
        out = tmp_path / f"evidence-{fmt}.out"
        result = _run("evidence", str(plan), "-f", fmt, "--as-of", AS_OF, "-o", str(out))
        assert result.exit_code == 0, result.output
        seen = _readable(out.read_text(encoding="utf-8"))
        leaked = sorted(v for v in personal if v in seen)
        assert leaked == [], (fmt, leaked[:5])


def test_a_suppressed_group_shows_no_figure(consulting_json: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "e.md"
    assert _run("evidence", str(CONSULTING), "-o", str(out), "--as-of", AS_OF).exit_code == 0
    rows = [line for line in out.read_text(encoding="utf-8").splitlines() if line.startswith("| knowledge-team")]
    assert rows and all(line.split("|")[2].strip() == "suppressed" for line in rows)
    assert all({cell.strip() for cell in line.split("|")[3:]} <= {""} for line in rows)


# --- problems and output ---------------------------------------------------------------------------------


def test_a_bad_answer_is_located_by_file_row_and_column(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    shutil.copy(CONSULTING, plan)
    shutil.copytree(EVIDENCE / "consulting", tmp_path / "evidence" / "consulting")
    export = tmp_path / "evidence" / "consulting" / "readiness-survey-2027-03.csv"
    lines = export.read_bytes().decode("utf-8").split("\r\n")
    cells = next(csv.reader([lines[3]]))
    cells[4] = "Sort of"  # the desire question, on spreadsheet row 4
    buffer = __import__("io").StringIO()
    csv.writer(buffer, lineterminator="").writerow(cells)
    lines[3] = buffer.getvalue()
    export.write_bytes("\r\n".join(lines).encode("utf-8"))
    result = _run("evidence", str(plan), "--as-of", AS_OF)
    assert result.exit_code == 1
    assert "evidence/consulting/readiness-survey-2027-03.csv, row 4, column 'I want to use Viva Engage in my work': " \
           "error EV004 the answer in this row (not quoted: too few respondents gave it) is not an answer on the " \
           "scale" in result.stderr
    assert "hint: " in result.stderr
    assert result.stdout == ""  # no report from an export that cannot be used


def test_a_missing_export_is_refused_with_exit_1(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    shutil.copy(CONSULTING, plan)
    result = _run("evidence", str(plan))
    assert result.exit_code == 1
    assert "evidence/consulting/readiness-survey-2027-03.csv" in result.stderr and "EV001" in result.stderr
    assert "Traceback" not in result.output


def test_same_plan_same_bytes(tmp_path: Path) -> None:
    for fmt in ("json", "html", "markdown"):
        first, second = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
        for out in (first, second):
            assert _run("evidence", str(CONSULTING), "-f", fmt, "--as-of", AS_OF, "-o", str(out)).exit_code == 0
        assert first.read_bytes() == second.read_bytes()


def test_html_draws_a_profile_barriers_and_trend_per_group(tmp_path: Path) -> None:
    out = tmp_path / "e.html"
    assert _run("evidence", str(CONSULTING), "-o", str(out), "--as-of", AS_OF).exit_code == 0
    text = out.read_text(encoding="utf-8")
    for group in ("partners", "engagement-managers", "client-consultants"):
        for kind in ("ADKAR profile of", "Barrier points in", "ADKAR trend of"):
            assert f"{kind} {group}</title>" in text
    assert "ADKAR profile of knowledge-team" not in text


def test_the_example_exports_are_what_the_script_makes(tmp_path: Path) -> None:
    import subprocess
    import sys

    subprocess.run([sys.executable, str(ROOT / "examples" / "tools" / "make_survey_exports.py"), str(tmp_path)],
                   check=True)
    made = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert made
    for name in made:
        assert (tmp_path / name).read_bytes() == (EVIDENCE / name).read_bytes(), name


def test_a_scale_is_written_as_a_yaml_list_lowest_first(tmp_path: Path) -> None:
    text = RETAIL.read_text(encoding="utf-8")
    assert "      scale: [1, 5]" in text
    plan = tmp_path / "plan.yaml"
    plan.write_text(text.replace("      scale: [1, 5]", "      scale: [5, 1]"), encoding="utf-8")
    result = _run("validate", str(plan))
    line = text.splitlines().index(next(t for t in text.splitlines() if t.startswith("      scale: [1, 5]"))) + 1
    assert result.exit_code == 1
    assert f"plan.yaml:{line}:" in result.output and "lowest" in result.output


def test_an_inline_result_for_an_unknown_metric_is_located_in_the_plan(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    text = CONSULTING.read_text(encoding="utf-8")
    wrong = "{metric: status calls per project team a week, observed: 3.2, n: 30, sd: 1.1}"
    text = text.replace("{metric: status calls per project team per week, observed: 3.2, n: 30, sd: 1.1}", wrong)
    plan.write_text(text, encoding="utf-8")
    shutil.copytree(EVIDENCE / "consulting", tmp_path / "evidence" / "consulting")
    line = next(i for i, row in enumerate(text.splitlines(), start=1) if wrong in row)
    result = _run("evidence", str(plan), "--as-of", AS_OF)
    assert result.exit_code == 1, result.output
    assert f"plan.yaml:{line}:" in result.stderr and "EV017" in result.stderr
    assert "did you mean 'status calls per project team per week'?" in result.stderr
    assert result.stdout == "" and "Traceback" not in result.output


def test_a_results_file_row_for_an_unknown_metric_exits_1(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    shutil.copy(RETAIL, plan)
    shutil.copytree(EVIDENCE / "retail", tmp_path / "evidence" / "retail")
    results = tmp_path / "evidence" / "retail" / "store-brief-pilot-results.csv"
    rows = list(csv.reader(results.read_text(encoding="utf-8").splitlines()))
    column = [h.strip().lower() for h in rows[0]].index("metric")
    rows[1][column] = rows[1][column] + "s"
    buffer = __import__("io").StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    results.write_text(buffer.getvalue(), encoding="utf-8")
    result = _run("evidence", str(plan), "--as-of", AS_OF)
    assert result.exit_code == 1
    assert f"store-brief-pilot-results.csv, row 2, column '{rows[0][column]}': error EV017" in result.stderr
    assert "did you mean" in result.stderr and result.stdout == ""


@pytest.mark.parametrize("value", ["4", "lots", "4 GB; SET threads=1", "-1GB"])
def test_a_memory_limit_the_engine_would_misread_is_a_usage_error(value: str, cli: Runner,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOCIALPLAN_MEMORY_LIMIT", value)
    result = cli("evidence", str(CONSULTING), "-f", "json")
    assert result.code == 2
    assert "SOCIALPLAN_MEMORY_LIMIT must be an amount of memory such as 4GB" in result.err
    assert result.out == ""


@pytest.mark.parametrize("value", ["2GB", "512 MiB"])
def test_the_memory_limit_is_the_engines(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import duckdb

    from socialplan.data.engine import Engine

    monkeypatch.setenv("SOCIALPLAN_MEMORY_LIMIT", value)
    expected = duckdb.connect(":memory:", config={"memory_limit": value}).execute(
        "SELECT current_setting('memory_limit')").fetchall()
    with Engine() as engine:
        assert engine.query("SELECT current_setting('memory_limit')") == expected
