"""``socialplan rollout`` end to end: every format, escaping of plan text in
each, located errors, exit codes, atomic and deterministic output."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from socialplan.cli import RolloutFormat, main
from socialplan.commands.rollout import FORMATS
from socialplan.rollout.mermaid import mermaid_text
from socialplan.templating import markdown_escape

HOSTILE = '=HYPERLINK("http://evil.example"), | pipe; <script>alert(1)</script> #tag {{ 7*7 }}'
PLAN = f"""\
version: 1
organisation: {{name: "Acme, Inc; R&D", headcount: 1300}}
objectives:
  - id: connect
    title: Connect staff
    kpis:
      - {{name: hours to find an expert, baseline: 6, target: 2, by: 2027-12-31}}
use_cases:
  - id: rooms
    title: Project rooms
    stakeholders: [staff]
    hypothesis: Rooms cut status calls
    pilot: {{participants: 60, weeks: 4, groups: [staff]}}
stakeholders:
  - {{id: board, name: Board, headcount: 20, senior: true, power: high, roles: [sponsor],
     goals: [Grow], wiifm: Ideas early}}
  - {{id: staff, name: Staff, headcount: 1250, goals: [Hit targets], wiifm: Answers fast,
     education: [webinar]}}
  - {{id: it, name: IT, headcount: 30, roles: [it, project-owner, communications, hr],
     goals: [Fewer tools], wiifm: One governed network}}
rollout:
  start: 2027-03-01
  holidays: [2027-03-26, 2027-03-29]
  activities:
    - id: hostile
      name: '{HOSTILE}'
      days: 2
      after: [governance]
    - id: newline
      name: "title Line one\\nline two: with, commas; and semicolons"
      days: 0
      after: [launch]
    - id: minus
      name: "-2 days of slack"
      days: 1
      after: [kickoff]
"""


@dataclass
class Result:
    code: int
    out: str
    err: str


Runner = Callable[..., Result]


@pytest.fixture(autouse=True)
def _plain(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR", "SOCIALPLAN_MAX_BYTES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "200")


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Runner:
    def run(*args: str) -> Result:
        capsys.readouterr()
        try:
            main(list(args))
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 0
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    return path


def output(cli: Runner, plan: Path, fmt: str, tmp_path: Path) -> bytes:
    target = tmp_path / f"out.{fmt}"
    result = cli("rollout", str(plan), "--format", fmt, "-o", str(target))
    assert result.code == 0, result.err
    return target.read_bytes()


def document(cli: Runner, plan: Path, tmp_path: Path) -> dict[str, Any]:
    data = json.loads(output(cli, plan, "json", tmp_path))
    assert isinstance(data, dict)
    return data


def test_the_cli_offers_exactly_the_registered_formats() -> None:
    assert [f.value for f in RolloutFormat] == list(FORMATS)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_is_deterministic(cli: Runner, plan: Path, tmp_path: Path, fmt: str) -> None:
    first = output(cli, plan, fmt, tmp_path)
    second = output(cli, plan, fmt, tmp_path)
    assert first == second and first


def test_stdout_and_file_hold_the_same_bytes(cli: Runner, plan: Path, tmp_path: Path) -> None:
    result = cli("rollout", str(plan), "--format", "csv")
    assert result.code == 0
    assert result.out.encode() == output(cli, plan, "csv", tmp_path)


def test_the_format_follows_the_output_suffix(cli: Runner, plan: Path, tmp_path: Path) -> None:
    target = tmp_path / "calendar.ics"
    assert cli("rollout", str(plan), "-o", str(target)).code == 0
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    assert cli("rollout", str(plan)).out.startswith("# Rollout plan")


# --- JSON -------------------------------------------------------------------------------


def test_json_documents_tasks_critical_path_milestones_and_raci(cli: Runner, plan: Path, tmp_path: Path) -> None:
    data = document(cli, plan, tmp_path)
    assert {"format_version", "tasks", "critical_path", "milestones", "raci", "communications",
            "measurement", "calendar", "phases", "warnings"} <= set(data)
    tasks = {t["id"]: t for t in data["tasks"]}
    assert {"start", "finish", "float", "critical", "depends_on", "owner", "late_start"} <= set(tasks["kickoff"])
    assert set(data["critical_path"]) == {t["id"] for t in data["tasks"] if t["critical"]}
    starts = [tasks[i]["start"] for i in data["critical_path"]]
    assert starts == sorted(starts)  # in the order they happen
    assert all(tasks[i]["float"] == 0 for i in data["critical_path"])
    assert {m["id"] for m in data["milestones"]} == {t["id"] for t in data["tasks"] if t["days"] == 0}
    assert len(data["raci"]["rows"]) == len(data["tasks"])
    assert data["calendar"]["start"] == "2027-03-01"
    assert data["calendar"]["finish"] == max(t["finish"] for t in data["tasks"])
    # Floats agree with the dates: the late start is `float` open days after the start.
    open_days, day = [], dt.date(2027, 3, 1)
    while day.year < 2029:
        if day.weekday() < 5 and day not in (dt.date(2027, 3, 26), dt.date(2027, 3, 29)):
            open_days.append(day.isoformat())
        day += dt.timedelta(days=1)
    for task in data["tasks"]:
        assert open_days.index(task["late_start"]) - open_days.index(task["start"]) == task["float"]
    assert tasks["hostile"]["name"] == HOSTILE


# --- CSV --------------------------------------------------------------------------------


def test_csv_has_one_row_per_activity_and_neutralises_formulas(cli: Runner, plan: Path, tmp_path: Path) -> None:
    raw = output(cli, plan, "csv", tmp_path).decode()
    rows = list(csv.reader(io.StringIO(raw)))
    assert rows[0] == ["id", "name", "phase", "start", "finish", "duration", "depends_on", "owner", "critical"]
    data = document(cli, plan, tmp_path)
    assert [r[0] for r in rows[1:]] == [t["id"] for t in data["tasks"]]
    by_id = {r[0]: r for r in rows[1:]}
    assert by_id["hostile"][1] == "'" + HOSTILE
    assert by_id["minus"][1] == "'-2 days of slack"
    assert "\n" not in by_id["newline"][1]
    for row in rows[1:]:
        assert not row[1].startswith(("=", "+", "-", "@", "\t", "\r"))
        task = next(t for t in data["tasks"] if t["id"] == row[0])
        assert row[8] == ("yes" if task["critical"] else "no")
        assert (row[3], row[4], int(row[5])) == (task["start"], task["finish"], task["days"])


def test_csv_shows_lags_in_dependencies(cli: Runner, plan: Path, tmp_path: Path) -> None:
    rows = {r[0]: r for r in csv.reader(io.StringIO(output(cli, plan, "csv", tmp_path).decode()))}
    assert rows["review-30"][6] == "launch+22"


# --- iCalendar ---------------------------------------------------------------------------


def test_ics_parses_back_with_one_event_per_activity(cli: Runner, plan: Path, tmp_path: Path) -> None:
    from icalendar import Calendar

    raw = output(cli, plan, "ics", tmp_path)
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # folded as RFC 5545 requires
    assert b"\n" not in raw.replace(b"\r\n", b"")
    calendar = Calendar.from_ical(raw)
    events = calendar.walk("VEVENT")
    data = document(cli, plan, tmp_path)
    assert len(events) == len(data["tasks"])
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)
    tasks = {t["id"]: t for t in data["tasks"]}
    for event in events:
        task = tasks[str(event["UID"]).rsplit(".", 1)[0]]  # "<activity id>.<digest>@socialplan"
        assert event.decoded("DTSTAMP") == dt.datetime(2027, 3, 1, tzinfo=dt.timezone.utc)
        assert event.decoded("DTSTART") == dt.date.fromisoformat(task["start"])
        # All-day events end (exclusively) the day after the last working day.
        assert event.decoded("DTEND") == dt.date.fromisoformat(task["finish"]) + dt.timedelta(days=1)
        assert str(event["SUMMARY"]).endswith(task["name"])
    summaries = {str(e["SUMMARY"]) for e in events}
    assert HOSTILE in summaries  # commas, semicolons and the rest survive the round trip
    assert "Milestone: title Line one\nline two: with, commas; and semicolons" in summaries
    assert str(calendar["X-WR-CALNAME"]) == "Rollout: Acme, Inc; R&D"


def test_ics_uids_stay_when_the_plan_is_retimed(cli: Runner, plan: Path, tmp_path: Path) -> None:
    from icalendar import Calendar

    before = [str(e["UID"]) for e in Calendar.from_ical(output(cli, plan, "ics", tmp_path)).walk("VEVENT")]
    target = tmp_path / "later.ics"
    assert cli("rollout", str(plan), "--start", "2027-04-05", "-o", str(target)).code == 0
    after = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert sorted(str(e["UID"]) for e in after) == sorted(before)
    assert min(e.decoded("DTSTART") for e in after) == dt.date(2027, 4, 5)


# --- Markdown and HTML -------------------------------------------------------------------


def test_markdown_escapes_plan_text_and_has_a_mermaid_gantt(cli: Runner, plan: Path, tmp_path: Path) -> None:
    text = output(cli, plan, "markdown", tmp_path).decode()
    block = re.search(r"```mermaid\n(.*?)```", text, re.S)
    assert block is not None
    gantt = block.group(1).splitlines()
    assert gantt[0] == "gantt"
    data = document(cli, plan, tmp_path)
    tasks = [line for line in gantt if re.match(r"    \S.* :", line) and not line.strip().startswith("section")]
    assert len(tasks) == len(data["tasks"])
    for line in tasks:
        label, _, meta = line.strip().rpartition(" :")
        assert not set(label) & set(":;#\n"), line
        assert re.fullmatch(r"(crit, )?(milestone, )?\d{4}-\d{2}-\d{2}, (0d|\d{4}-\d{2}-\d{2})", meta), line
    # Mermaid keywords at the start of a name cannot turn a task into a directive.
    assert not any(line.strip().lower().startswith("title line one") for line in gantt)
    assert "<script>" not in text and "{{ 7*7 }}" not in text.replace("\\{\\{ 7\\*7 \\}\\}", "")
    hostile_rows = [line for line in text.splitlines() if line.startswith("| `hostile`")]
    assert len(hostile_rows) == 1
    assert hostile_rows[0].count(" | ") == 7  # eight cells: the pipe in the name is escaped
    assert "\\| pipe" in hostile_rows[0]


def test_mermaid_text_is_safe_for_the_gantt_grammar() -> None:
    assert mermaid_text("Launch: phase #2; go") == "Launch\ua789 phase \uff032, go"
    assert mermaid_text("section B").startswith("\u200b")
    assert mermaid_text("2027-01-01 kick-off").startswith("\u200b")
    assert mermaid_text("a\n b\t c") == "a b c"
    assert len(mermaid_text("x" * 500)) == 70
    assert mermaid_text("   ") == "(untitled)"


def test_html_is_self_contained_escaped_and_has_valid_svg(cli: Runner, plan: Path, tmp_path: Path) -> None:
    html = output(cli, plan, "html", tmp_path).decode()
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # nothing fetched from elsewhere
    assert "<link" not in html and "@import" not in html
    charts = re.findall(r"<svg.*?</svg>", html, re.S)
    assert len(charts) >= 5  # the legend and one chart per phase
    for chart in charts:
        ElementTree.fromstring(chart)  # well-formed: plan text is escaped inside the SVG too
    data = document(cli, plan, tmp_path)
    bars = sum(chart.count("<rect x=") - chart.count('fill="#f6f8fa"') for chart in charts[1:])
    diamonds = sum(chart.count("<polygon") for chart in charts[1:])
    assert diamonds == len(data["milestones"])
    assert bars == len(data["tasks"]) - len(data["milestones"])
    assert "@media print" in html


def test_a_template_dir_replaces_a_template(cli: Runner, plan: Path, tmp_path: Path) -> None:
    custom = tmp_path / "templates"
    custom.mkdir()
    (custom / "rollout.md.j2").write_text("Go-live for {{ organisation }}: {{ summary.launch }}\n")
    target = tmp_path / "custom.md"
    assert cli("rollout", str(plan), "--template-dir", str(custom), "-o", str(target)).code == 0
    launch = dt.date.fromisoformat(next(m["date"] for m in document(cli, plan, tmp_path)["milestones"]
                                        if m["id"] == "launch"))
    expected = f"Go-live for {markdown_escape('Acme, Inc; R&D')}: {launch:%a} {launch.day} {launch:%b %Y}\n"
    assert target.read_text() == expected
    # The other template still comes from the defaults.
    assert output(cli, plan, "html", tmp_path).startswith(b"<!DOCTYPE html>")
    (custom / "rollout.md.j2").write_text("{% for %}\n")
    result = cli("rollout", str(plan), "--template-dir", str(custom))
    assert result.code == 2 and "template syntax error" in result.err


def test_a_local_logo_is_embedded_and_a_web_logo_left_out(cli: Runner, tmp_path: Path) -> None:
    png = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
    (tmp_path / "logo.png").write_bytes(png)
    path = tmp_path / "branded.yaml"
    path.write_text(PLAN.replace('headcount: 1300}', 'headcount: 1300, branding: {logo: logo.png, '
                                 'prepared_by: Northwind Advisory, primary_colour: "#123456"}}'))
    target = tmp_path / "branded.html"
    result = cli("rollout", str(path), "-o", str(target))
    assert result.code == 0, result.err
    html = target.read_text()
    assert 'src="data:image/png;base64,' in html and "Northwind Advisory" in html and "#123456" in html
    path.write_text(PLAN.replace('headcount: 1300}', 'headcount: 1300, branding: {logo: "https://x.example/l.png"}}'))
    result = cli("rollout", str(path), "-o", str(target))
    assert result.code == 0 and "RL030" in result.err
    assert "x.example" not in target.read_text()


# --- errors ---------------------------------------------------------------------------------


def _position(text: str, line_text: str, needle: str) -> str:
    lines = text.splitlines()
    number = next(i for i, line in enumerate(lines, 1) if line_text in line)
    return f"{number}:{lines[number - 1].index(needle) + 1}"


def test_a_cycle_is_located_at_the_dependency_the_plan_wrote(cli: Runner, tmp_path: Path) -> None:
    text = PLAN.replace("      after: [kickoff]\n", "      after: [kickoff]\n    - id: kickoff\n"
                        "      after: [minus]\n")
    path = tmp_path / "cycle.yaml"
    path.write_text(text)
    target = tmp_path / "keep.md"
    target.write_text("an earlier report\n")
    result = cli("rollout", str(path), "-o", str(target))
    assert result.code == 1
    # Either dependency the plan wrote closes the cycle; the error points at one of them.
    places = {_position(text, "after: [minus]", "minus"), _position(text, "after: [kickoff]", "kickoff")}
    assert any(f"{path}:{where}:" in result.err for where in places), result.err
    assert "RL002" in result.err and "kickoff -> minus -> kickoff" in result.err
    assert target.read_text() == "an earlier report\n"  # a failed run leaves the old file alone
    assert "Traceback" not in result.err


def test_an_unknown_id_gets_a_did_you_mean(cli: Runner, tmp_path: Path) -> None:
    text = PLAN.replace("after: [governance]", "after: [governence]")
    path = tmp_path / "typo.yaml"
    path.write_text(text)
    result = cli("rollout", str(path))
    assert result.code == 1
    assert f"{path}:{_position(text, 'after: [governence]', 'governence')}" in result.err
    assert "did you mean 'governance'?" in result.err


def test_a_start_on_a_weekend_is_located(cli: Runner, tmp_path: Path) -> None:
    text = PLAN.replace("start: 2027-03-01", "start: 2027-02-28")
    path = tmp_path / "sunday.yaml"
    path.write_text(text)
    result = cli("rollout", str(path))
    assert result.code == 1
    assert f"{path}:{_position(text, 'start: 2027-02-28', '2027')}" in result.err
    assert "Sunday" in result.err and "2027-03-01" in result.err


def test_an_invalid_plan_is_reported_like_validate(cli: Runner, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(PLAN.replace("days: 2\n", "days: -2\n"))
    result = cli("rollout", str(path))
    assert result.code == 1 and "SP012" in result.err


@pytest.mark.parametrize(("args", "words"), [
    (["--start", "2027-13-01"], "not a date"),
    (["--format", "pdf"], "pdf"),
    (["--template-dir", "missing-folder"], "missing-folder"),
])
def test_usage_errors_exit_2(cli: Runner, plan: Path, args: list[str], words: str) -> None:
    result = cli("rollout", str(plan), *args)
    assert result.code == 2 and words in result.err


def test_warnings_are_printed_but_do_not_fail(cli: Runner, tmp_path: Path) -> None:
    path = tmp_path / "nosponsor.yaml"
    path.write_text(PLAN.replace("roles: [sponsor],", "roles: [],"))
    result = cli("rollout", str(path), "--format", "json")
    assert result.code == 0
    assert "RL020" in result.err and "nobody holds the sponsor role" in result.err
    assert json.loads(result.out)["raci"]["broken_rows"] > 0
    assert cli("rollout", str(path), "--format", "json", "--quiet").err == ""


def test_reading_the_plan_from_standard_input(cli: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(PLAN.encode()), encoding="utf-8"))
    result = cli("rollout", "-", "--format", "json")
    assert result.code == 0 and json.loads(result.out)["source"] == "<stdin>"


def test_errors_in_a_folder_plan_point_at_the_file_and_line(cli: Runner, tmp_path: Path) -> None:
    folder = tmp_path / "northwind"
    folder.mkdir()
    (folder / "organisation.yaml").write_text("organisation: {name: Northwind}\n")
    (folder / "stakeholders.yaml").write_text("- {id: staff, headcount: 200, goals: [Sell], wiifm: Answers}\n")
    rollout = ("rollout:\n  start: 2027-03-01\n  activities:\n    - id: governance\n"
               "      after: [launch]\n")
    (folder / "rollout.yaml").write_text(rollout)
    result = cli("rollout", str(folder))
    assert result.code == 1
    assert f"{folder / 'rollout.yaml'}:5:15:" in result.err and "RL002" in result.err


def test_a_plan_with_no_groups_or_use_cases_still_has_a_backbone(cli: Runner, tmp_path: Path) -> None:
    path = tmp_path / "tiny.yaml"
    path.write_text("organisation: {name: Tiny}\nrollout: {start: 2027-03-01, roles: {sponsor: CEO, "
                    "project_owner: PMO, it: CIO, hr: CPO, communications: Comms}}\n")
    result = cli("rollout", str(path), "--format", "json")
    assert result.code == 0 and result.err == ""
    ids = [t["id"] for t in json.loads(result.out)["tasks"]]
    assert ids[0] == "kickoff" and ids[-1] == "handover"
    assert {"governance", "platform-setup", "launch", "review-30", "review-60", "review-90"} <= set(ids)
    assert "champions-network" not in ids  # nobody to run it


def test_every_json_key_is_documented(cli: Runner, plan: Path, tmp_path: Path) -> None:
    from socialplan.rollout import exporters

    documented = set(re.findall(r"``([a-z_]+)(?:\[\])?``", exporters.__doc__ or ""))
    data = document(cli, plan, tmp_path)
    task_keys = set(data["tasks"][0])
    assert set(data) - documented == set()
    assert task_keys - documented == set()
    assert set(data["raci"]) - documented == set()
