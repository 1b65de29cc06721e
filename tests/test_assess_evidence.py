"""``socialplan assess`` judges each group's ADKAR from one source: the
latest survey wave it can trust for the group, else the typed ``adkar:``.

The levels it used are compared with means worked out here from the
exports (the csv module and openpyxl, not the data engine); the source rule
is checked case by case on small plans written here; and no output of the
assessment repeats anything a respondent wrote."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from socialplan.assess.engine import Assessment, assess_plan
from socialplan.validation import check_plan
from test_evidence_cli import (
    CONSULTING,
    CONSULTING_GROUPS,
    CONSULTING_HEADCOUNT,
    ELEMENTS,
    EVIDENCE,
    GROUP_QUESTION,
    LABELS,
    QUESTIONS,
    RETAIL,
    _forms_rows,
    _personal_values,
    _qualtrics_rows,
    _readable,
    _run,
)

AS_OF = "2026-12-01"
# After the examples' waves closed (2027-02-19, 2027-05-28), within 180 days of both.
EXAMPLE_AS_OF = "2027-06-30"
RETAIL_GROUPS = {"Store manager": "store-managers", "Area manager": "regional-managers",
                 "Head-office communications": "head-office"}
RETAIL_QUESTIONS = ["QID2", "QID3", "QID4", "QID5", "QID6"]


def _means(people: dict[str, list[list[int]]]) -> dict[str, tuple[int, dict[str, float]]]:
    """Group -> (respondents, mean of each element); one question per element."""
    return {group: (len(rows), {e: sum(r[i] for r in rows) / len(rows) for i, e in enumerate(ELEMENTS)})
            for group, rows in people.items()}


def _consulting_wave_2() -> dict[str, tuple[int, dict[str, float]]]:
    people: dict[str, list[list[int]]] = {}
    for row in _forms_rows():
        answers = [LABELS[str(row[q]).strip().lower()] for q in QUESTIONS]
        people.setdefault(CONSULTING_GROUPS[str(row[GROUP_QUESTION])], []).append(answers)
    return _means(people)


def _retail_baseline() -> dict[str, tuple[int, dict[str, float]]]:
    people: dict[str, list[list[int]]] = {}
    for row in _qualtrics_rows():
        answers = [int(row[q]) if row[q].strip().isdigit() else LABELS[row[q].strip().lower()]
                   for q in RETAIL_QUESTIONS]
        people.setdefault(RETAIL_GROUPS[row["QID1"].strip()], []).append(answers)
    return _means(people)


def _assessment(plan: Path, as_of: str = AS_OF) -> Assessment:
    validated = check_plan(str(plan))[1]
    assert validated is not None
    return assess_plan(validated, as_of=dt.date.fromisoformat(as_of))


def _typed(plan: Path) -> dict[str, dict[str, int]]:
    data = yaml.safe_load(plan.read_text(encoding="utf-8"))
    return {g["id"]: g["adkar"] for g in data["stakeholders"] if g.get("adkar")}


@pytest.mark.parametrize(("plan", "wave", "date", "means", "headcounts"), [
    (CONSULTING, "readiness-2027-05", "2027-05-28", _consulting_wave_2, CONSULTING_HEADCOUNT),
    (RETAIL, "store-baseline", "2027-02-19", _retail_baseline,
     {"store-managers": 1260, "regional-managers": 96, "head-office": 2560}),
], ids=["consulting", "retail"])
def test_each_group_is_judged_by_the_levels_an_independent_reading_chooses(
        plan: Path, wave: str, date: str, means: Any, headcounts: dict[str, int]) -> None:
    a = _assessment(plan, EXAMPLE_AS_OF)
    seen = {s.id: s for s in a.stakeholders}
    typed = _typed(plan)
    expected = means()
    for group, view in seen.items():
        figures = expected.get(group)
        # The rule, worked out here: reported (5 or more), 20% of the group or more, not older than 180 days.
        usable = figures is not None and figures[0] >= 5 and figures[0] / headcounts[group] >= 0.2
        if usable:
            assert figures is not None
            responses, levels = figures
            assert view.adkar_source == (f"survey '{wave}' of {date} ({responses:,} responses, "
                                         f"{responses / headcounts[group]:.0%} response rate)")
            assert view.adkar is not None
            assert view.adkar == pytest.approx(levels, abs=1e-6)
            assert view.barrier == next((e for e in ELEMENTS if levels[e] <= 3), None)
        elif group in typed:
            assert (view.adkar_source, view.adkar) == ("plan", typed[group])
        else:
            assert (view.adkar_source, view.adkar, view.barrier) == (None, None, None)
    # Both kinds occur: the test compares something.
    sources = {v.adkar_source for v in seen.values()}
    assert "plan" in sources and any(s and s.startswith("survey") for s in sources)


def test_the_retail_head_office_answered_too_few_and_keeps_its_typed_levels() -> None:
    a = _assessment(RETAIL, EXAMPLE_AS_OF)
    responses = _retail_baseline()["head-office"][0]
    found = [f for f in a.active if f.code == "EM16"]
    assert [f.message for f in found] == [
        f"survey 'store-baseline' of 2027-02-19 was answered by {responses / 2560:.0%} of group 'head-office' "
        f"({responses} of 2,560 people; at least 20% expected): its levels are not used, so it is judged by the "
        "levels typed in its 'adkar:'"]
    assert next(s for s in a.stakeholders if s.id == "head-office").adkar_source == "plan"


# --- the source rule on small plans -------------------------------------------------------------------------

HEADER = "Team,Q1,Q2,Q3,Q4,Q5\n"


def _plan(tmp_path: Path, groups: list[dict[str, Any]], waves: list[tuple[str, str, list[str]]],
          settings: dict[str, Any] | None = None) -> Path:
    """A plan whose groups answer waves (id, date, rows 'Team,a,d,k,ab,r')."""
    surveys = []
    for wave_id, date, rows in waves:
        (tmp_path / f"{wave_id}.csv").write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
        surveys.append({"id": wave_id, "date": date, "file": f"{wave_id}.csv", "group_column": "Team",
                        "groups": {g["id"].capitalize(): g["id"] for g in groups},
                        "questions": {e: [f"Q{i + 1}"] for i, e in enumerate(ELEMENTS)}})
    evidence: dict[str, Any] = {"surveys": surveys}
    if settings:
        evidence["settings"] = settings
    plan = tmp_path / "plan.yaml"
    plan.write_text(yaml.safe_dump({"organisation": {"name": "Acme"}, "stakeholders": groups,
                                    "evidence": evidence}, sort_keys=False), encoding="utf-8")
    return plan


TYPED = {"awareness": 4, "desire": 4, "knowledge": 4, "ability": 4, "reinforcement": 4}


def _view(a: Assessment, group: str) -> Any:
    return next(s for s in a.stakeholders if s.id == group)


def test_a_group_below_the_minimum_size_falls_back_to_its_typed_levels(tmp_path: Path) -> None:
    plan = _plan(tmp_path, [{"id": "ops", "headcount": 10, "adkar": TYPED}],
                 [("wave-1", "2026-11-01", ["Ops,2,2,2,2,2"] * 4)])
    a = _assessment(plan)
    assert (_view(a, "ops").adkar_source, _view(a, "ops").adkar) == ("plan", TYPED)
    assert not a.notes
    # One respondent more and the wave is used.
    plan = _plan(tmp_path, [{"id": "ops", "headcount": 10, "adkar": TYPED}],
                 [("wave-1", "2026-11-01", ["Ops,2,2,2,2,2"] * 5)])
    assert _view(_assessment(plan), "ops").adkar_source == "survey 'wave-1' of 2026-11-01 (5 responses, 50% " \
                                                          "response rate)"


def test_a_low_response_wave_gives_way_to_an_earlier_one_that_qualifies(tmp_path: Path) -> None:
    earlier = ["Ops,4,2,4,4,4"] + ["Ops,4,3,4,4,4"] * 5  # 6 of 20 people: 30%; desire 17/6
    later = ["Ops,5,5,5,5,5"] * 5  # 5 of 20: 25%, below the 30% asked for
    plan = _plan(tmp_path, [{"id": "ops", "headcount": 20, "power": "high", "adkar": TYPED}],
                 [("wave-1", "2026-09-01", earlier), ("wave-2", "2026-11-01", later)],
                 {"min_response_rate": 0.3})
    a = _assessment(plan)
    view = _view(a, "ops")
    assert view.adkar_source == "survey 'wave-1' of 2026-09-01 (6 responses, 30% response rate)"
    assert view.adkar == pytest.approx({"awareness": 4, "desire": 17 / 6, "knowledge": 4, "ability": 4,
                                        "reinforcement": 4})
    messages = {f.code: f.message for f in a.active}
    assert messages["EM16"] == ("survey 'wave-2' of 2026-11-01 was answered by 25% of group 'ops' (5 of 20 people; "
                                "at least 30% expected): its levels are not used, so it is judged by survey "
                                "'wave-1' of 2026-09-01 (6 responses, 30% response rate)")
    # Survey means print with one decimal and name the wave.
    assert messages["EM10"] == ("high-power group 'ops' has its ADKAR barrier point at desire "
                                "(2.8 of 5, from survey 'wave-1' of 2026-09-01)")


@pytest.mark.parametrize(("days", "stale"), [(180, False), (181, True)])
def test_a_wave_older_than_max_age_days_is_not_used(tmp_path: Path, days: int, stale: bool) -> None:
    closed = dt.date(2026, 12, 1) - dt.timedelta(days=days)
    plan = _plan(tmp_path, [{"id": "ops", "headcount": 10, "adkar": TYPED}],
                 [("wave-1", closed.isoformat(), ["Ops,2,2,2,2,2"] * 5)])
    a = _assessment(plan)
    assert (_view(a, "ops").adkar_source == "plan") is stale
    found = [f.message for f in a.active if f.code == "EM18"]
    assert found == ([f"survey 'wave-1' closed on {closed}, {days} days before 2026-12-01 (at most 180 expected): "
                      "it is not used for group 'ops'"] if stale else [])


def test_a_wave_dated_after_the_assessments_day_is_not_used(tmp_path: Path) -> None:
    plan = _plan(tmp_path, [{"id": "ops", "headcount": 10, "adkar": TYPED}],
                 [("wave-1", "2026-11-01", ["Ops,4,2,4,4,4"] * 5), ("wave-2", "2026-12-02", ["Ops,2,2,2,2,2"] * 5)])
    assert _view(_assessment(plan), "ops").adkar_source.startswith("survey 'wave-1' of 2026-11-01")
    assert _view(_assessment(plan, "2026-12-02"), "ops").adkar_source.startswith("survey 'wave-2' of 2026-12-02")
    # Before either closed, the typed levels, and nothing to say about the waves.
    before = _assessment(plan, "2026-10-31")
    assert _view(before, "ops").adkar_source == "plan"
    assert not [f for f in before.findings if f.code in ("EM16", "EM18")]


def test_at_the_examples_usual_date_their_waves_have_not_closed() -> None:
    for plan in (CONSULTING, RETAIL):
        assert {s.adkar_source for s in _assessment(plan).stakeholders} <= {"plan", None}


def test_the_barrier_threshold_applies_to_survey_means_only(tmp_path: Path) -> None:
    rows = ["Ops,4,3,4,4,4", "Ops,4,4,4,4,4", "Ops,4,3,4,4,4", "Ops,4,3,4,4,4", "Ops,4,3,4,4,4"]  # desire 3.2
    groups = [{"id": "ops", "headcount": 10}, {"id": "it", "headcount": 10, "adkar": {**TYPED, "desire": 3}}]
    default = _assessment(_plan(tmp_path, groups, [("wave-1", "2026-11-01", rows)]))
    assert (_view(default, "ops").barrier, _view(default, "it").barrier) == (None, "desire")
    raised = _assessment(_plan(tmp_path, groups, [("wave-1", "2026-11-01", rows)], {"barrier_threshold": 3.5}))
    # Typed levels keep the 3-or-less rule whatever the survey's threshold.
    assert (_view(raised, "ops").barrier, _view(raised, "it").barrier) == ("desire", "desire")


def test_barrier_not_addressed_reads_the_survey_levels(tmp_path: Path) -> None:
    rows = ["Ops,4,4,2,4,4", "Ops,4,4,3,4,4", "Ops,4,4,2,4,4", "Ops,4,4,2,4,4", "Ops,4,4,3,4,4"]  # knowledge 2.4
    group = {"id": "ops", "headcount": 10, "education": ["drop-in"], "adkar": TYPED}
    a = _assessment(_plan(tmp_path, [group], [("wave-1", "2026-11-01", rows)]))
    assert [f.message for f in a.active if f.code == "EM17"] == [
        "group 'ops' has its ADKAR barrier point at knowledge (2.4 of 5, from survey 'wave-1' of 2026-11-01) and "
        "no planned activity addresses it (training: a workshop, seminar, webinar or e-learning in its "
        "'education:' (a briefing, for senior groups))"]
    trained = _assessment(_plan(tmp_path, [{**group, "education": ["drop-in", "e-learning"]}],
                                [("wave-1", "2026-11-01", rows)]))
    assert not [f for f in trained.active if f.code == "EM17"]
    # Typed levels (4 everywhere) have no barrier: without the survey the rule has nothing to say.
    (tmp_path / "wave-1.csv").unlink()
    assert not [f for f in _assessment(tmp_path / "plan.yaml").active if f.code == "EM17"]


# --- data problems ------------------------------------------------------------------------------------------


def test_an_export_with_problems_is_left_out_with_a_located_warning(tmp_path: Path) -> None:
    plan = _plan(tmp_path, [{"id": "ops", "headcount": 10, "adkar": TYPED}],
                 [("wave-1", "2026-11-01", ["Ops,2,2,2,2,2"] * 4 + ["Ops,2,9,2,2,2"])])
    (tmp_path / "clean").mkdir()
    clean = _plan(tmp_path / "clean", [{"id": "ops", "headcount": 10, "adkar": TYPED}], [])
    broken = _run("assess", str(plan), "--as-of", AS_OF, "-f", "json")
    without = _run("assess", str(clean), "--as-of", AS_OF, "-f", "json")
    assert broken.exit_code == without.exit_code == 0
    assert broken.stderr == ("socialplan: warning: survey 'wave-1' is not used: wave-1.csv, row 6, column 'Q2': "
                             "the answer in this row (not quoted: too few respondents gave it) is not an answer on the "
                             "scale; run socialplan evidence PLAN for all\n")
    document = json.loads(broken.stdout)
    assert document["stakeholders"][0]["adkar_source"] == "plan"
    assert "Traceback" not in broken.output
    # The same exit code as without the wave, whatever --fail-on says.
    assert _run("assess", str(plan), "--as-of", AS_OF, "--fail-on", "info").exit_code == \
        _run("assess", str(clean), "--as-of", AS_OF, "--fail-on", "info").exit_code


# --- privacy ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("plan", [CONSULTING, RETAIL], ids=lambda p: p.stem)
def test_no_assess_format_repeats_what_a_respondent_wrote(plan: Path, tmp_path: Path) -> None:
    personal = _personal_values()
    assert len(personal) > 1000  # the exports do hold personal data
    for fmt in ("text", "json", "markdown", "html", "sarif", "github"):
        out = tmp_path / f"assess-{fmt}.out"
        result = _run("assess", str(plan), "-f", fmt, "--as-of", EXAMPLE_AS_OF, "-o", str(out))
        assert result.exit_code == 0, result.output
        seen = _readable(out.read_text(encoding="utf-8") + result.stderr)
        assert "survey '" in seen or fmt in ("sarif", "github")  # the survey levels are in the report
        leaked = sorted(v for v in personal if v in seen)
        assert leaked == [], (fmt, leaked[:5])


def test_the_examples_exports_are_the_ones_read(tmp_path: Path) -> None:
    # Copied without their exports, the plans fall back to typed levels with a warning per wave.
    for plan in (CONSULTING, RETAIL):
        copy = tmp_path / plan.name
        shutil.copy(plan, copy)
        result = _run("assess", str(copy), "--as-of", EXAMPLE_AS_OF, "-f", "json")
        assert result.exit_code == 0
        assert result.stderr.count("socialplan: warning: survey '") == len(
            yaml.safe_load(plan.read_text(encoding="utf-8"))["evidence"]["surveys"])
        assert all(s["adkar_source"] in ("plan", None) for s in json.loads(result.stdout)["stakeholders"])
    assert EVIDENCE.is_dir()
