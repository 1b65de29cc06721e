"""``socialplan rollout`` end to end: every format, escaping of plan text in
each, located errors, exit codes, atomic and deterministic output."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from clirunner import Runner, offered
from socialplan.formats import REPORTS
from socialplan.rollout.mermaid import mermaid_text
from socialplan.templating import markdown_escape

FORMATS = REPORTS["rollout"].formats

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




@pytest.fixture(autouse=True)
def _plain(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR", "SOCIALPLAN_MAX_BYTES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "200")




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


def test_the_cli_offers_exactly_the_registered_formats(monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert offered(monkeypatch, capsys, "rollout", "plan.yaml", "--format", "") == list(FORMATS)


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
    assert rows[0] == ["id", "name", "phase", "start", "finish", "duration", "depends_on", "owner", "critical",
                       "suggested", "float", "milestone", "outcome"]
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
        assert row[9] == ("yes" if task["suggested"] else "no")
        assert (row[3], row[4], int(row[5])) == (task["start"], task["finish"], task["days"])
        # Parsed back, float and milestone agree with the JSON document.
        assert int(row[10]) == task["float"]
        assert row[11] == ("yes" if task["milestone"] else "no")
    assert {r[11] for r in rows[1:]} == {"yes", "no"}
    assert len({r[10] for r in rows[1:]}) > 1  # the plan has slack somewhere, not only zeros


def test_csv_has_a_byte_order_mark_only_for_excel(cli: Runner, plan: Path, tmp_path: Path) -> None:
    plain = output(cli, plan, "csv", tmp_path)
    target = tmp_path / "excel.csv"
    result = cli("rollout", str(plan), "--excel", "-o", str(target))
    assert result.code == 0, result.err
    excel = target.read_bytes()
    assert not plain.startswith(b"\xef\xbb\xbf")
    assert excel == b"\xef\xbb\xbf" + plain  # the mark, then the same bytes
    # A reader that honours the mark (as Excel does) gets the same rows.
    assert list(csv.reader(io.StringIO(excel.decode("utf-8-sig")))) == list(csv.reader(io.StringIO(plain.decode())))
    assert cli("rollout", str(plan), "--excel", "-f", "csv").out.encode("utf-8").startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize("fmt", [name for name in FORMATS if name != "csv"])
def test_excel_is_refused_for_formats_other_than_csv(cli: Runner, plan: Path, fmt: str) -> None:
    result = cli("rollout", str(plan), "--excel", "-f", fmt)
    assert result.code == 2
    assert "--excel applies to CSV" in result.err
    assert "Traceback" not in result.err


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
        # The title is one line; the plan's own text otherwise survives.
        assert str(event["SUMMARY"]).endswith(" ".join(task["name"].split()))
        assert "\n" not in str(event["SUMMARY"])
        assert str(event["DESCRIPTION"]).endswith(f"Activity id: {task['id']}")
    summaries = {str(e["SUMMARY"]) for e in events}
    assert HOSTILE in summaries  # commas, semicolons and the rest survive the round trip
    assert "Milestone: title Line one line two: with, commas; and semicolons" in summaries
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
    assert result.code == 0 and "SP107" in result.err  # the one logo code of every report (formerly RL030)
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


def test_one_run_reports_every_problem_in_place_order(cli: Runner, tmp_path: Path) -> None:
    # 2027-03-06 is a Saturday; 'governence' is one letter from 'governance';
    # kickoff after minus after kickoff is a loop.
    text = (PLAN.replace("start: 2027-03-01", "start: 2027-03-06")
            .replace("after: [governance]", "after: [governence]")
            .replace("      after: [kickoff]\n", "      after: [kickoff]\n    - id: kickoff\n      after: [minus]\n"))
    path = tmp_path / "all.yaml"
    path.write_text(text)
    target = tmp_path / "report.md"
    result = cli("rollout", str(path), "-o", str(target))
    assert result.code == 1 and not target.exists()
    start = f"{path}:{_position(text, 'start: 2027-03-06', '2027')}: error RL003"
    typo = f"{path}:{_position(text, 'after: [governence]', 'governence')}: error RL001"
    cycle_ends = {_position(text, "after: [minus]", "minus"), _position(text, "after: [kickoff]", "kickoff")}
    cycle = next(f"{path}:{where}: error RL002" for where in cycle_ends if f"{path}:{where}: error RL002" in result.err)
    assert "Saturday" in result.err and "2027-03-08" in result.err
    assert "did you mean 'governance'?" in result.err
    assert "kickoff -> minus -> kickoff" in result.err
    # Sorted by place in the file: the start (rollout.start) comes before the activities.
    assert result.err.index(start) < result.err.index(typo) < result.err.index(cycle)
    assert "3 problems" in result.err and "Traceback" not in result.err


def test_an_invalid_plan_is_reported_like_validate(cli: Runner, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(PLAN.replace("days: 2\n", "days: -2\n"))
    result = cli("rollout", str(path))
    assert result.code == 1 and "SP012" in result.err


@pytest.mark.parametrize(("args", "words"), [
    (["--start", "2027-13-01"], "not a date"),
    (["--format", "odt"], "odt"),
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


def test_reading_the_plan_from_standard_input(cli: Runner) -> None:
    result = cli("rollout", "-", "--format", "json", stdin=PLAN)
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


# --- closed periods and pins ---------------------------------------------------------------

FREEZE = """\
  blackouts:
    - {name: "Year-end freeze; no changes", start: 2027-06-14, end: 2027-06-25}
"""


def _with_freeze(tmp_path: Path) -> Path:
    path = tmp_path / "freeze.yaml"
    path.write_text(PLAN.replace("  holidays: [2027-03-26, 2027-03-29]\n",
                                 "  holidays: [2027-03-26, 2027-03-29]\n" + FREEZE))
    return path


def test_no_activity_works_in_a_closed_period(cli: Runner, tmp_path: Path) -> None:
    path = _with_freeze(tmp_path)
    data = document(cli, path, tmp_path)
    assert data["calendar"]["blackouts"] == [
        {"name": "Year-end freeze; no changes", "start": "2027-06-14", "end": "2027-06-25"}]
    first, last = dt.date(2027, 6, 14), dt.date(2027, 6, 25)
    spans = [(dt.date.fromisoformat(t["start"]), dt.date.fromisoformat(t["finish"])) for t in data["tasks"]]
    assert all(not first <= day <= last for pair in spans for day in pair)
    assert any(start < first and finish > last for start, finish in spans)  # work resumes after it
    # Two working weeks closed: the programme finishes ten working days later than without them.
    plain = document(cli, _plan_without_freeze(tmp_path), tmp_path)
    assert data["calendar"]["working_days"] == plain["calendar"]["working_days"]
    open_days = _open_days(dt.date(2027, 3, 1), {dt.date(2027, 3, 26), dt.date(2027, 3, 29)})
    closed_days = [d for d in open_days if first <= d <= last]
    assert len(closed_days) == 10
    finish = dt.date.fromisoformat(data["calendar"]["finish"])
    plain_finish = dt.date.fromisoformat(plain["calendar"]["finish"])
    if plain_finish >= first:
        assert open_days.index(finish) - len(closed_days) == open_days.index(plain_finish)


def _plan_without_freeze(tmp_path: Path) -> Path:
    path = tmp_path / "plain.yaml"
    path.write_text(PLAN)
    return path


def _open_days(start: dt.date, holidays: set[dt.date]) -> list[dt.date]:
    days, day = [], start
    while day.year < 2029:
        if day.weekday() < 5 and day not in holidays:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def test_the_reports_show_closed_periods(cli: Runner, tmp_path: Path) -> None:
    path = _with_freeze(tmp_path)
    markdown = output(cli, path, "markdown", tmp_path).decode()
    assert "| Closed periods | Year-end freeze; no changes: Mon 14 Jun 2027 to Fri 25 Jun 2027 |" in markdown
    html = output(cli, path, "html", tmp_path).decode()
    shaded = re.findall(r'<rect class="closed"[^>]*><title>([^<]*)</title>', html)
    assert shaded and set(shaded) == {"Closed: Year-end freeze; no changes, 2027-06-14 to 2027-06-25"}
    assert "closed period</text>" in html  # in the legend
    assert "closed period" not in output(cli, _plan_without_freeze(tmp_path), "html", tmp_path).decode()


def test_a_closed_period_that_ends_before_it_starts_is_located(cli: Runner, tmp_path: Path) -> None:
    text = PLAN.replace("  holidays: [2027-03-26, 2027-03-29]\n",
                        "  blackouts:\n    - {name: Freeze, start: 2027-06-14, end: 2027-06-01}\n")
    path = tmp_path / "backwards.yaml"
    path.write_text(text)
    result = cli("rollout", str(path))
    assert result.code == 1
    assert f"{path}:{_position(text, 'end: 2027-06-01', '2027-06-01')}:" in result.err
    assert "RL011" in result.err


def test_a_start_in_a_closed_period_names_it(cli: Runner, tmp_path: Path) -> None:
    text = PLAN.replace("  holidays: [2027-03-26, 2027-03-29]\n",
                        "  blackouts:\n    - {name: Freeze, start: 2027-02-22, end: 2027-03-05}\n")
    path = tmp_path / "frozen-start.yaml"
    path.write_text(text)
    result = cli("rollout", str(path))
    assert result.code == 1 and "RL003" in result.err
    assert "closed period 'Freeze'" in result.err and "2027-03-08" in result.err


def _pinned(tmp_path: Path, entry: str) -> Path:
    path = tmp_path / "pinned.yaml"
    path.write_text(PLAN + entry)
    return path


def test_a_pin_that_sets_the_finish_is_explained(cli: Runner, plan: Path, tmp_path: Path) -> None:
    finish = dt.date.fromisoformat(document(cli, plan, tmp_path)["calendar"]["finish"])
    monday = finish + dt.timedelta(days=14 - finish.weekday())
    path = _pinned(tmp_path, f"    - {{id: conference, name: Client conference, days: 2, start: {monday}}}\n")
    data = document(cli, path, tmp_path)
    assert data["critical_path"] == ["conference"]
    assert all(t["float"] > 0 for t in data["tasks"] if t["id"] != "conference")
    for fmt in ("markdown", "html"):
        text = output(cli, path, fmt, tmp_path).decode()
        assert "Set by a pinned date." in text and "Client conference" in text


def test_a_pin_the_work_meets_exactly_is_not_said_to_set_the_finish(cli: Runner, plan: Path,
                                                                    tmp_path: Path) -> None:
    handover = next(t for t in document(cli, plan, tmp_path)["tasks"] if t["id"] == "handover")
    path = _pinned(tmp_path, f"    - {{id: handover, start: {handover['start']}}}\n")
    data = document(cli, path, tmp_path)
    assert next(t for t in data["tasks"] if t["id"] == "handover")["start"] == handover["start"]
    assert len(data["critical_path"]) > 1  # the work still sets the finish
    for fmt in ("markdown", "html"):
        assert "Set by a pinned date." not in output(cli, path, fmt, tmp_path).decode()


def test_a_pin_past_the_calendar_is_a_located_error(cli: Runner, tmp_path: Path) -> None:
    path = _pinned(tmp_path, "    - {id: far, name: Far away, days: 1, start: 9500-01-03}\n")
    result = cli("rollout", str(path))
    # Plans cover the years 1900 to 2999: the pin is refused where it is written.
    assert result.code == 1 and "internal error" not in result.err
    assert "SP012" in result.err and "9500-01-03 is outside the years 1900 to 2999" in result.err
    assert "[rollout.activities[3].start]" in result.err


def test_no_month_label_runs_off_the_chart() -> None:
    from socialplan.rollout.calendar import WorkCalendar
    from socialplan.rollout.schedule import schedule
    from socialplan.rollout.spec import ActivitySpec
    from socialplan.rollout.svg import phase_chart, scale_for

    # 60 working days from Monday 4 January 2027 end on Friday 26 March; the
    # axis runs a week past that, so 1 April sits a day from the right edge.
    timed = schedule([ActivitySpec("a", "A", "plan", 60)], WorkCalendar(dt.date(2027, 1, 4), ["mon", "tue", "wed",
                                                                                             "thu", "fri"]))
    chart = phase_chart("plan", timed.activities, timed, scale_for(timed))
    box = re.search(r'viewBox="0 0 ([\d.]+) ', chart)
    assert box is not None
    width = float(box.group(1))
    months = re.findall(r'<text x="([\d.]+)" y="26" font-size="11"[^>]*>(\w{3} \d{4})</text>', chart)
    assert [m for _, m in months] == ["Feb 2027", "Mar 2027"]  # April has no room
    assert all(float(x) + 50 <= width for x, _ in months)


# --- iCalendar read against RFC 5545, without the library --------------------------------

NASTY = "Bell\x07 nul\x00 esc\x1b[2J\rcarriage\r\nwindows\u2028separator; semi, comma \\\\ back 😀 " + "é" * 40


def _content_lines(raw: bytes) -> list[str]:
    """RFC 5545 3.1: lines end in CRLF, are at most 75 octets, and a line
    that starts with a space or tab continues the one before."""
    assert raw.endswith(b"\r\n")
    physical = raw[:-2].split(b"\r\n")
    assert all(len(line) <= 75 for line in physical)
    assert all(b"\r" not in line and b"\n" not in line for line in physical)
    logical: list[bytes] = []
    for line in physical:
        if line[:1] in (b" ", b"\t"):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    return [line.decode("utf-8") for line in logical]  # folding never split a character


def _unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\":
            out.append({"n": "\n", "N": "\n"}.get(value[i + 1], value[i + 1]))
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def test_ics_follows_rfc_5545_whatever_the_plan_says(cli: Runner, tmp_path: Path) -> None:
    # A YAML double-quoted string, with escapes for what YAML cannot hold raw.
    nasty = '"' + "".join(c if c.isprintable() and c not in '"\\' else f"\\u{ord(c):04x}"
                          for c in NASTY) + '"'
    path = tmp_path / "nasty.yaml"
    path.write_text(PLAN.replace('name: "Acme, Inc; R&D"', f"name: {nasty}").replace(
        "hypothesis: Rooms cut status calls", f"hypothesis: {nasty}") + f"""\
    - id: nasty
      name: {nasty}
      days: 3
      after: [kickoff]
""", encoding="utf-8")
    lines = _content_lines(output(cli, path, "ics", tmp_path))
    controls = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
    assert not [line for line in lines if controls.search(line)]
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    events: list[dict[str, str]] = []
    for line in lines:
        if line == "BEGIN:VEVENT":
            events.append({})
        elif events and line != "END:VEVENT" and not line.startswith(("BEGIN:", "END:")):
            name, _, value = line.partition(":")
            assert name not in events[-1], f"{name} twice in one event"
            events[-1][name] = value
    data = document(cli, path, tmp_path)
    assert len(events) == len(data["tasks"])
    by_id = {e["UID"].rsplit(".", 1)[0]: e for e in events}  # "<activity id>.<digest>@socialplan"
    assert set(by_id) == {t["id"] for t in data["tasks"]}
    for task in data["tasks"]:
        event = by_id[task["id"]]
        assert re.fullmatch(r"\d{8}T\d{6}Z", event["DTSTAMP"])
        start = dt.datetime.strptime(event["DTSTART;VALUE=DATE"], "%Y%m%d").date()
        end = dt.datetime.strptime(event["DTEND;VALUE=DATE"], "%Y%m%d").date()
        assert start.isoformat() == task["start"]
        assert end == dt.date.fromisoformat(task["finish"]) + dt.timedelta(days=1)  # exclusive
        for key in ("SUMMARY", "DESCRIPTION"):
            # In TEXT every comma, semicolon and backslash is escaped.
            assert not re.search(r"(?<!\\)(?:\\\\)*[,;]", event[key].replace("\\,", "").replace("\\;", "")
                                 .replace("\\\\", "")), event[key]
    summary = _unescape(by_id["nasty"]["SUMMARY"])
    assert summary == "Bell nul esc[2J carriage windows separator; semi, comma \\\\ back 😀 " + "é" * 40
    description = _unescape(by_id["pilot.rooms"]["DESCRIPTION"])
    assert "Hypothesis: Bell nul esc[2J\ncarriage\nwindows\nseparator; semi, comma" in description
