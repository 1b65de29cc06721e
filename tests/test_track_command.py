"""``socialplan track``: forecast against actual, status, re-fit, the business
case re-run, located data problems, exit codes, the JSON schema and privacy.

Plans are the global-tech example with its tracking section replaced by
plain per-group counts written here, so every expected figure comes from an
independent computation in this file (a hand-written Bass recurrence), not
from the code under test.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from typer.testing import CliRunner

from socialplan import api
from socialplan.cli import app
from socialplan.commands.schema import schema_text
from socialplan.present.track import document

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "global-tech-innovation.yaml"
BOARD = "executive-board"  # no pilot participants: its forecast is the bare Bass curve from launch
START_MONTH = (2027, 2)  # rollout.start 2027-02-01: model month 0
LAUNCH = 6  # go-live 2027-08-02


def month(index: int) -> str:
    year, m = divmod(START_MONTH[0] * 12 + START_MONTH[1] - 1 + index, 12)
    return f"{year:04d}-{m + 1:02d}"


def board_forecast(months: int) -> list[float]:
    """The board's adopters per model month, by hand: nobody before launch,
    then the discrete Bass step with the plan's quarterly p and q in months."""
    headcount, p, q, ceiling = 60, 0.1 / 3, 0.6 / 3, 0.95
    market, adopted, out = ceiling * headcount, 0.0, []
    for index in range(months):
        if index >= LAUNCH:
            adopted = min(market, adopted + (p + q * adopted / market) * (market - adopted))
        out.append(adopted)
    return out


def plan_with(folder: Path, tracking: str) -> Path:
    """The example plan with ``tracking`` in place of its own section."""
    text = EXAMPLE.read_text(encoding="utf-8")
    head = text[: text.index("\ntracking:\n")]
    path = folder / "plan.yaml"
    path.write_text(head + "\n" + tracking, encoding="utf-8")
    return path


def plain_usage(folder: Path, rows: list[tuple[str, str, int]]) -> None:
    """A plain export: one row per (day, group, active users)."""
    usage = folder / "usage"
    usage.mkdir(exist_ok=True)
    with (usage / "counts.csv").open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["date", "group", "active_users"])
        writer.writerows(rows)


PLAIN = "tracking:\n  usage:\n    - platform: plain\n      folder: usage\n"


def month_end(label: str) -> str:
    import calendar

    year, m = int(label[:4]), int(label[5:7])
    return f"{label}-{calendar.monthrange(year, m)[1]:02d}"


def _board(result: Any) -> Any:
    return next(g for g in result.report.analysis.groups if g.id == BOARD)


def test_the_forecast_is_the_plans_bass_curve_in_calendar_months(tmp_path: Path) -> None:
    forecast = board_forecast(36)
    plain_usage(tmp_path, [(month_end(month(i)), BOARD, round(forecast[i])) for i in range(LAUNCH, LAUNCH + 4)])
    result = api.track(plan_with(tmp_path, PLAIN))
    assert result.report is not None
    board = _board(result)
    assert [m.month for m in board.months] == [month(i) for i in range(36)]
    assert [m.forecast for m in board.months] == pytest.approx(forecast, abs=1e-9)
    expected = [round(forecast[i]) for i in range(LAUNCH, LAUNCH + 4)]
    assert [m.actual for m in board.months[LAUNCH:LAUNCH + 4]] == expected
    assert result.report.analysis.launch.isoformat() == "2027-08-02"


@pytest.mark.parametrize(("share", "status"), [(1.0, "on track"), (0.95, "on track"), (0.8, "at risk"),
                                               (0.5, "off track")])
def test_status_follows_the_thresholds(tmp_path: Path, share: float, status: str) -> None:
    forecast = board_forecast(36)
    last = LAUNCH + 3
    rows = [(month_end(month(i)), BOARD, round(forecast[i] * 1000 * share)) for i in range(LAUNCH, last + 1)]
    assert all(n > 0 for _, _, n in rows)
    # Scaled up a thousandfold so rounding cannot cross a threshold: the
    # headcount is scaled the same way below.
    text = EXAMPLE.read_text(encoding="utf-8").replace("    headcount: 60\n", "    headcount: 60000\n", 1)
    plain_usage(tmp_path, rows)
    head = text[: text.index("\ntracking:\n")]
    plan = tmp_path / "plan.yaml"
    plan.write_text(head + "\n" + PLAIN, encoding="utf-8")
    result = api.track(plan)
    assert result.report is not None
    board = _board(result)
    assert board.status == status
    assert result.report.analysis.status == status
    judged = [m for m in board.months if m.status is not None]
    assert [m.month for m in judged] == [month(i) for i in range(LAUNCH, last + 1)]


def test_a_month_still_running_is_shown_but_not_judged(tmp_path: Path) -> None:
    forecast = board_forecast(36)
    rows = [(month_end(month(i)), BOARD, round(forecast[i])) for i in range(LAUNCH, LAUNCH + 3)]
    rows.append((f"{month(LAUNCH + 3)}-10", BOARD, 1))  # ten days into the month: far below, but not judged
    plain_usage(tmp_path, rows)
    result = api.track(plan_with(tmp_path, PLAIN))
    board = _board(result)
    running = board.months[LAUNCH + 3]
    assert running.actual == 1 and not running.complete and running.status is None
    assert board.fit is not None and board.fit.months == 3


def test_the_refit_recovers_the_curve_the_actuals_follow(tmp_path: Path) -> None:
    # Actuals from a known monthly Bass curve (p 0.05, q 0.4, the plan's ceiling), a thousand times the board.
    market, adopted, rows = 0.95 * 60000, 0.0, []
    for i in range(LAUNCH, LAUNCH + 8):
        adopted += (0.05 + 0.4 * adopted / market) * (market - adopted)
        rows.append((month_end(month(i)), BOARD, round(adopted)))
    text = EXAMPLE.read_text(encoding="utf-8").replace("    headcount: 60\n", "    headcount: 60000\n", 1)
    plan = tmp_path / "plan.yaml"
    plan.write_text(text[: text.index("\ntracking:\n")] + "\n" + PLAIN, encoding="utf-8")
    plain_usage(tmp_path, rows)
    fit = _board(api.track(plan)).fit
    assert fit is not None
    assert fit.p == pytest.approx(0.05, rel=0.02) and fit.q == pytest.approx(0.4, rel=0.02)


def test_actuals_on_the_forecast_leave_the_business_case_as_approved(tmp_path: Path) -> None:
    forecast = board_forecast(36)
    # Exactly on the forecast (to a thousandth of a person, with a larger group):
    text = EXAMPLE.read_text(encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text(text[: text.index("\ntracking:\n")] + "\n" + PLAIN, encoding="utf-8")
    plain_usage(tmp_path, [(month_end(month(i)), BOARD, round(forecast[i])) for i in range(LAUNCH, LAUNCH + 4)])
    case = api.track(plan).report.analysis.case  # type: ignore[union-attr]
    assert case is not None
    # The board is 60 people of 48,000: rounding them to whole people moves
    # the NPV by far less than a thousandth.
    assert case.plan_continued_npv == pytest.approx(case.approved_npv, rel=1e-3)
    assert case.realised_benefits == pytest.approx(case.planned_benefits, rel=1e-3)
    assert case.through == month(LAUNCH + 3)


def test_adoption_below_forecast_lowers_the_reforecast_npv_and_realised_benefits(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text(text[: text.index("\ntracking:\n")] + "\n" + PLAIN, encoding="utf-8")
    # Engineering (19,500 people) stays at its pilot participants.
    plain_usage(tmp_path, [(month_end(month(i)), "engineering", 2000) for i in range(LAUNCH, LAUNCH + 4)])
    result = api.track(plan)
    case = result.report.analysis.case  # type: ignore[union-attr]
    assert case is not None
    assert case.reforecast_npv < case.approved_npv
    assert case.plan_continued_npv < case.approved_npv
    assert case.realised_benefits < case.planned_benefits
    assert result.report.analysis.status == "off track"  # type: ignore[union-attr]
    assert {s.subject for s in case.switching}  # switching values are shown as approved and now


def _run(args: list[str]) -> Any:
    return CliRunner().invoke(app, args)


def test_fail_on_exits_1_and_the_report_is_still_written(tmp_path: Path) -> None:
    plain_usage(tmp_path, [(month_end(month(i)), "engineering", 2000) for i in range(LAUNCH, LAUNCH + 2)])
    plan = plan_with(tmp_path, PLAIN)
    out = tmp_path / "track.json"
    ok = _run(["track", str(plan), "-o", str(out)])
    assert ok.exit_code == 0, ok.output
    assert json.loads(out.read_text(encoding="utf-8"))["status"] == "off track"
    failed = _run(["track", str(plan), "--fail-on", "off-track", "-o", str(out)])
    assert failed.exit_code == 1 and out.exists()
    assert _run(["track", str(plan), "--fail-on", "at-risk", "-f", "json"]).exit_code == 1
    assert _run(["track", str(plan), "--fail-on", "sometimes"]).exit_code == 2


def test_a_bad_date_in_the_usage_is_located_by_file_row_and_column(tmp_path: Path) -> None:
    plain_usage(tmp_path, [("2027-08-31", BOARD, 3), ("31/09/2027", BOARD, 5)])
    result = _run(["track", str(plan_with(tmp_path, PLAIN))])
    assert result.exit_code == 1
    assert "usage/counts.csv, row 3, column 'date'" in result.output
    assert "Traceback" not in result.output


def test_a_bad_kpi_file_is_located_and_an_unknown_group_named(tmp_path: Path) -> None:
    (tmp_path / "kpi.csv").write_text("date,value\n2027-09-30,12\n2027-10-31,lots\n", encoding="utf-8")
    tracking = ("tracking:\n  kpis:\n    - objective: connect-countries\n"
                "      kpi: monthly active users as a share of staff\n      file: kpi.csv\n")
    result = _run(["track", str(plan_with(tmp_path, tracking))])
    assert result.exit_code == 1
    assert "kpi.csv, row 3, column 'value'" in result.output and "EV020" in result.output
    plain_usage(tmp_path, [("2027-08-31", "board", 3)])
    unknown = _run(["track", str(plan_with(tmp_path, PLAIN))])
    assert unknown.exit_code == 1 and "'board' is not a stakeholder group" in unknown.output


def test_kpis_from_a_file_and_inline_are_judged_against_the_line_to_the_target(tmp_path: Path) -> None:
    (tmp_path / "kpi.csv").write_text("date,value\n2027-09-30,12\n", encoding="utf-8")
    tracking = ("tracking:\n  kpis:\n    - objective: connect-countries\n"
                "      kpi: monthly active users as a share of staff\n      file: kpi.csv\n"
                "      observations:\n        - {date: 2027-10-31, value: 21}\n")
    result = api.track(plan_with(tmp_path, tracking))
    assert result.report is not None
    ((objective, kpi),) = result.report.analysis.kpis
    # Baseline 6 at the rollout start (2027-02-01), target 60 by 2028-06-30.
    share = (dt.date(2027, 10, 31) - dt.date(2027, 2, 1)).days / (dt.date(2028, 6, 30) - dt.date(2027, 2, 1)).days
    assert objective == "connect-countries" and kpi.latest == 21
    assert kpi.expected == pytest.approx(6 + 54 * share)
    assert kpi.status == "off track"  # progress 15/54 against about 53% of the way


def test_a_plan_without_tracking_is_refused_located(tmp_path: Path) -> None:
    result = _run(["track", str(plan_with(tmp_path, ""))])
    assert result.exit_code == 1
    assert "EV021" in result.output and "Traceback" not in result.output


# --- the example: schema, determinism, privacy ---------------------------------------------------------


@pytest.fixture(scope="module")
def example_outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("track")
    out: dict[str, str] = {}
    for fmt, suffix in (("text", "txt"), ("json", "json"), ("markdown", "md"), ("html", "html")):
        path = folder / f"track.{suffix}"
        result = _run(["track", str(EXAMPLE), "-f", fmt, "-o", str(path)])
        assert result.exit_code == 0, result.output
        out[fmt] = path.read_text(encoding="utf-8")
    return out


def test_the_example_is_off_track_with_the_country_leaders_behind(example_outputs: dict[str, str]) -> None:
    data = json.loads(example_outputs["json"])
    assert data["status"] == "off track"
    by_id = {g["id"]: g for g in data["groups"]}
    assert set(by_id) == {"executive-board", "country-leaders", "innovation-team"}
    assert by_id["country-leaders"]["status"] == "off track"
    assert data["unmapped_users"] == 0 and data["users"] == 445
    assert [r["status"] for r in data["reviews"] if "adoption review" in r["name"]][-1] == "off track"


def test_the_json_obeys_the_committed_schema(example_outputs: dict[str, str]) -> None:
    schema = json.loads((ROOT / "schema" / "track.schema.json").read_text(encoding="utf-8"))
    assert schema_text("track") == (ROOT / "schema" / "track.schema.json").read_text(encoding="utf-8")
    data = json.loads(example_outputs["json"])
    errors = list(Draft202012Validator(schema, format_checker=FormatChecker()).iter_errors(data))
    assert errors == []
    broken = dict(data, status="fine")
    assert list(Draft202012Validator(schema).iter_errors(broken))


def test_the_same_data_gives_the_same_bytes(example_outputs: dict[str, str], tmp_path: Path) -> None:
    again = tmp_path / "again.html"
    assert _run(["track", str(EXAMPLE), "-o", str(again)]).exit_code == 0
    assert again.read_text(encoding="utf-8") == example_outputs["html"]
    report = api.track(EXAMPLE).report
    assert report is not None
    assert json.dumps(document(report), indent=2, ensure_ascii=False) + "\n" == example_outputs["json"]


def test_the_html_draws_a_chart_per_group(example_outputs: dict[str, str]) -> None:
    html = example_outputs["html"]
    assert html.count("<svg ") == 3
    assert "Gates and reviews" in html and "KPIs" in html


def _people() -> set[str]:
    """Every principal name, its local part, display name and Slack id of
    the example's directory, lower case."""
    with (ROOT / "examples" / "tracking" / "global-tech" / "directory.csv").open(encoding="utf-8-sig") as stream:
        people = list(csv.DictReader(stream))
    assert len(people) == 445
    needles = set()
    for person in people:
        upn = person["User Principal Name"].lower()
        needles |= {upn, upn.split("@")[0], person["Display Name"].lower(), person["Slack ID"].lower()}
    return needles


def _assert_names_no_one(outputs: dict[str, str]) -> None:
    needles = _people()
    for fmt, text in outputs.items():
        lowered = text.lower()
        found = sorted(n for n in needles if n in lowered)
        assert found == [], f"{fmt} names {found[:3]}"
        # No address of any kind, and no local part of the example's users.
        assert not re.search(r"[\w.]+@globaltech\.example", lowered), fmt


def test_no_output_names_a_person(example_outputs: dict[str, str]) -> None:
    _assert_names_no_one(example_outputs)


def test_no_output_names_a_person_on_any_day(tmp_path: Path) -> None:
    # Before the rollout starts (nothing judged yet) every format, and what
    # the command prints beside it, still names no one.
    outputs: dict[str, str] = {}
    for fmt in ("text", "json", "markdown", "html"):
        path = tmp_path / f"track.{fmt}"
        result = _run(["track", str(EXAMPLE), "-f", fmt, "--as-of", "2026-12-01", "-o", str(path)])
        assert result.exit_code == 0, result.output
        outputs[fmt] = path.read_text(encoding="utf-8")
        outputs[f"{fmt} (printed)"] = result.output
    assert '"as_of": "2026-12-01"' in outputs["json"]
    _assert_names_no_one(outputs)


def test_usage_data_is_copied_with_the_plan(tmp_path: Path) -> None:
    # A folder moved with its data keeps working: paths are relative to the plan.
    shutil.copytree(ROOT / "examples" / "tracking", tmp_path / "tracking")
    plan = tmp_path / "plan.yaml"
    shutil.copy(EXAMPLE, plan)
    result = api.track(plan)
    assert result.report is not None and result.report.analysis.users == 445


def test_a_month_missing_from_the_exports_is_a_gap_not_zero_users(tmp_path: Path) -> None:
    forecast = board_forecast(36)
    # Launch, the month after, then a month with no export, then one more.
    months = [LAUNCH, LAUNCH + 1, LAUNCH + 3]
    plain_usage(tmp_path, [(month_end(month(i)), BOARD, round(forecast[i])) for i in months])
    board = _board(api.track(plan_with(tmp_path, PLAIN)))
    assert board.months[LAUNCH + 2].actual is None and board.months[LAUNCH + 2].status is None
    assert board.fit is not None and board.fit.months == 2  # the two months that follow each other from launch
    assert board.status is not None  # the latest judged month still gives the group's status


def test_data_that_begins_after_launch_is_fitted_from_its_first_month(tmp_path: Path) -> None:
    forecast = board_forecast(36)
    months = [LAUNCH + 2, LAUNCH + 3, LAUNCH + 4]
    plain_usage(tmp_path, [(month_end(month(i)), BOARD, round(forecast[i])) for i in months])
    board = _board(api.track(plan_with(tmp_path, PLAIN)))
    assert board.fit is not None and board.fit.months == 2
    # The re-forecast starts after the first month with data, from its actual.
    assert board.months[LAUNCH + 2].reforecast is None and board.months[LAUNCH + 3].reforecast is not None


# --- the logo ----------------------------------------------------------------------------------------------


def _branded(tmp_path: Path, logo: str) -> Path:
    """The example, moved with its data, with ``branding.logo`` set."""
    shutil.copytree(ROOT / "examples" / "tracking", tmp_path / "tracking")
    text = EXAMPLE.read_text(encoding="utf-8")
    head = "organisation:\n  name: Meridian Systems\n"
    assert head in text
    plan = tmp_path / "plan.yaml"
    plan.write_text(text.replace(head, f"{head}  branding:\n    logo: {logo}\n", 1), encoding="utf-8")
    return plan


def test_the_html_embeds_the_plans_logo(tmp_path: Path) -> None:
    import base64

    logo = ROOT / "examples" / "assets" / "northwind-logo.svg"
    shutil.copy(logo, tmp_path / "logo.svg")
    out = tmp_path / "track.html"
    result = _run(["track", str(_branded(tmp_path, "logo.svg")), "-o", str(out)])
    assert result.exit_code == 0, result.output
    uri = "data:image/svg+xml;base64," + base64.b64encode(logo.read_bytes()).decode("ascii")
    assert f'<img src="{uri}"' in out.read_text(encoding="utf-8")
    assert "SP107" not in result.output


def test_a_missing_logo_is_a_located_warning_and_the_report_is_written(tmp_path: Path) -> None:
    plan = _branded(tmp_path, "missing.png")
    line = next(n for n, text in enumerate(plan.read_text(encoding="utf-8").splitlines(), 1) if "missing.png" in text)
    out = tmp_path / "track.html"
    result = _run(["track", str(plan), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"plan.yaml:{line}:" in result.output and "warning SP107" in result.output
    assert "'missing.png' does not exist" in result.output and "Traceback" not in result.output
    html = out.read_text(encoding="utf-8")
    assert 'class="logo"' not in html and "<svg " in html


def test_the_case_track_re_runs_uses_the_pilots_decided_by_its_day(tmp_path: Path) -> None:
    """A pilot that decided stop takes its use case's benefits out of the
    approved case track compares against, as in the business case of the
    same day; a decision after the report's day changes nothing."""
    forecast = board_forecast(36)
    plain_usage(tmp_path, [(month_end(month(i)), BOARD, round(forecast[i])) for i in range(LAUNCH, LAUNCH + 4)])
    stop = ("evidence:\n  pilots:\n    - use_case: idea-campaigns\n      date: 2027-10-15\n      results:\n"
            "        - {metric: ideas from non-R&D staff per quarter in pilot countries, observed: 34}\n"
            "        - {metric: share of ideas with comments from another department, observed: 4}\n"
            "        - {metric: ideas shortlisted by the panel, observed: 2}\n")
    plan = plan_with(tmp_path, stop + PLAIN)
    day = "2027-11-30"

    def npvs(as_of: str) -> tuple[float, float]:
        tracked = json.loads(_run(["track", str(plan), "-f", "json", "--as-of", as_of]).output)
        case = json.loads(_run(["business-case", str(plan), "-n", "0", "-f", "json", "--as-of", as_of]).output)
        return tracked["business_case"]["approved_npv"], case["npv"]["risk_adjusted"]

    approved, business_case = npvs(day)
    assert approved == pytest.approx(business_case, abs=0.01)
    before, without = npvs("2027-10-14")
    assert before == pytest.approx(without, abs=0.01)
    assert approved < before  # the stopped use case's benefits are out
