"""``socialplan diff``: edited copies of the examples compared against
expectations computed on their own (the business case and rollout of each
version, the edit itself), git revisions in a temporary repository, and
the exit codes."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator, FormatChecker

from clirunner import Runner
from socialplan import api

ROOT = Path(__file__).resolve().parents[1]
RETAIL = ROOT / "examples" / "retail-pilot-first.yaml"
WEBINARS = ROOT / "examples" / "sales-webinars"
AS_OF = "2026-12-01"
DRAWS = "200"


def _edited(tmp_path: Path, edit: Any, name: str = "new.yaml", source: Path = RETAIL) -> Path:
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    edit(data)
    target = tmp_path / name
    target.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return target


def _diff(cli: Runner, old: Path | str, new: Path | str, *more: str) -> tuple[int, dict[str, Any], str]:
    done = cli("diff", str(old), str(new), "-f", "json", "-n", DRAWS, "--as-of", AS_OF, *more)
    assert "Traceback" not in done.err
    return done.code, (json.loads(done.out) if done.out.strip() else {}), done.err


def _case(plan: Path) -> dict[str, Any]:
    result = api.business_case(plan, simulations=0)
    assert result.report is not None
    return json.loads(api.render(result.report, "json").text)  # type: ignore[no-any-return]


def test_a_plan_against_itself_changes_nothing(cli: Runner, tmp_path: Path) -> None:
    copy = tmp_path / "same.yaml"
    shutil.copy(RETAIL, copy)
    # With the survey exports it names, so that assess reads the same evidence.
    shutil.copytree(RETAIL.parent / "evidence" / "retail", tmp_path / "evidence" / "retail")
    code, doc, _ = _diff(cli, RETAIL, copy)
    assert code == 0
    assert doc["findings"] == {"added": [], "resolved": []}
    assert doc["verdict"]["direction"] == "same" and doc["score"]["change"] == 0
    assert doc["business_case"]["costs"] == [] and doc["business_case"]["benefits"] == []
    assert doc["business_case"]["npv"]["risk_adjusted"]["change"] == 0
    assert doc["schedule"]["finish_days"] == 0 and doc["schedule"]["activities_added"] == []
    assert doc["worse"] == []


def test_removing_a_cost_line_names_it_and_raises_the_npv_by_its_value(cli: Runner, tmp_path: Path) -> None:
    old_case = _case(RETAIL)
    removed = old_case["costs"][2]  # a one-off cost, so its present value is its whole weight in the NPV

    def drop(data: dict[str, Any]) -> None:
        costs = data["finance"]["costs"]
        assert costs[2]["name"] == removed["name"]
        del costs[2]

    new = _edited(tmp_path, drop)
    code, doc, _ = _diff(cli, RETAIL, new)
    assert code == 0
    lines = doc["business_case"]["costs"]
    assert [(c["name"], c["change"]) for c in lines] == [(removed["name"], "removed")]
    assert lines[0]["present_value"]["unadjusted"]["old"] == removed["present_value"]["unadjusted"]
    npv = doc["business_case"]["npv"]
    new_case = _case(new)
    for kind in ("unadjusted", "risk_adjusted"):
        assert npv[kind]["old"] == old_case["npv"][kind] and npv[kind]["new"] == new_case["npv"][kind]
        assert npv[kind]["change"] > 0
    # Every other line is costed as before, so the NPV rises by the line's value.
    assert npv["unadjusted"]["change"] == pytest.approx(removed["present_value"]["unadjusted"], abs=0.02)
    assert npv["risk_adjusted"]["change"] == pytest.approx(removed["present_value"]["risk_adjusted"], abs=0.02)


def test_a_changed_estimate_is_a_changed_line(cli: Runner, tmp_path: Path) -> None:
    def dearer(data: dict[str, Any]) -> None:
        data["finance"]["costs"][2]["amount"]["likely"] += 40000

    code, doc, _ = _diff(cli, RETAIL, _edited(tmp_path, dearer))
    assert code == 0
    (line,) = doc["business_case"]["costs"]
    assert line["change"] == "changed"
    assert line["estimate"]["likely"]["change"] == 40000
    assert doc["business_case"]["npv"]["unadjusted"]["change"] < 0


def test_a_kpi_removed_adds_a_finding(cli: Runner, tmp_path: Path) -> None:
    def no_kpis(data: dict[str, Any]) -> None:
        data["objectives"][0]["kpis"] = []

    new = _edited(tmp_path, no_kpis)
    code, doc, _ = _diff(cli, RETAIL, new)
    assert code == 0
    before = api.assess(RETAIL, as_of=dt.date.fromisoformat(AS_OF), use_config=False).report
    after = api.assess(new, as_of=dt.date.fromisoformat(AS_OF), use_config=False).report
    assert before is not None and before.assessment is not None
    assert after is not None and after.assessment is not None

    def keys(findings: Any) -> set[tuple[str, str]]:
        return {(f.code, f.plan_path) for f in findings}

    old_keys, new_keys = keys(before.assessment.active), keys(after.assessment.active)
    assert {(f["code"], f["path"]) for f in doc["findings"]["added"]} == new_keys - old_keys
    assert {(f["code"], f["path"]) for f in doc["findings"]["resolved"]} == old_keys - new_keys
    assert ("OP03", "objectives[0]") in new_keys - old_keys
    added = next(f for f in doc["findings"]["added"] if f["code"] == "OP03")
    assert added["location"].startswith(f"{new}:")


def test_moving_the_start_moves_the_finish(cli: Runner, tmp_path: Path) -> None:
    later = dt.date(2027, 3, 1)

    def move(data: dict[str, Any]) -> None:
        data["rollout"]["start"] = later

    code, doc, _ = _diff(cli, RETAIL, _edited(tmp_path, move))
    assert code == 0
    old_plan = api.rollout(RETAIL).report
    moved = api.rollout(RETAIL, start=later).report  # the same move made by --start, not by the edit
    assert old_plan is not None and moved is not None
    schedule = doc["schedule"]
    assert schedule["finish"]["old"] == old_plan.rollout.schedule.finish.isoformat()
    assert schedule["finish"]["new"] == moved.rollout.schedule.finish.isoformat()
    assert schedule["finish_days"] == (moved.rollout.schedule.finish - old_plan.rollout.schedule.finish).days > 0
    assert schedule["start"] == {"old": old_plan.rollout.schedule.start.isoformat(), "new": later.isoformat()}


def test_activities_added_and_removed_match_the_two_schedules(cli: Runner, tmp_path: Path) -> None:
    def fewer(data: dict[str, Any]) -> None:
        data["stakeholders"] = data["stakeholders"][:-1]
        for uc in data["use_cases"]:
            gone = {g["id"] for g in yaml.safe_load(RETAIL.read_text())["stakeholders"][-1:]}
            uc["stakeholders"] = [s for s in uc.get("stakeholders", []) if s not in gone] or uc.get("stakeholders", [])
            if "pilot" in uc and "groups" in uc["pilot"]:
                uc["pilot"]["groups"] = [g for g in uc["pilot"]["groups"] if g not in gone]

    new = _edited(tmp_path, fewer)
    code, doc, err = _diff(cli, RETAIL, new)
    if code == 1:  # the edit broke a reference the oracle cannot see: say which
        pytest.fail(err)
    old_ids = {t.id for t in api.rollout(RETAIL).report.rollout.activities}  # type: ignore[union-attr]
    new_ids = {t.id for t in api.rollout(new).report.rollout.activities}  # type: ignore[union-attr]
    assert {a["id"] for a in doc["schedule"]["activities_added"]} == new_ids - old_ids
    assert {a["id"] for a in doc["schedule"]["activities_removed"]} == old_ids - new_ids
    assert old_ids != new_ids


def test_fail_on_worse_and_the_npv_threshold(cli: Runner, tmp_path: Path) -> None:
    def dearer(data: dict[str, Any]) -> None:
        data["finance"]["costs"].append({"name": "Consultancy overrun", "category": "implementation",
                                         "kind": "one-off", "amount": 400000, "month": 0})

    new = _edited(tmp_path, dearer)
    code, doc, _ = _diff(cli, RETAIL, new)
    assert code == 0 and doc["worse"]  # worse, but only --fail-on makes it fail
    fall = -doc["business_case"]["npv"]["risk_adjusted"]["change"]
    assert fall > 0.05 * abs(doc["business_case"]["npv"]["risk_adjusted"]["old"])
    assert [(c["name"], c["change"]) for c in doc["business_case"]["costs"]] == [("Consultancy overrun", "added")]
    code, _, err = _diff(cli, RETAIL, new, "--fail-on", "worse")
    assert code == 1 and "risk-adjusted NPV fell" in err
    code, _, _ = _diff(cli, RETAIL, new, "--fail-on", "worse", "--npv-threshold", f"{fall + 1:.0f}")
    assert code == 0
    code, _, _ = _diff(cli, RETAIL, new, "--fail-on", "worse", "--npv-threshold", "90%")
    assert code == (1 if fall > 0.9 * abs(doc["business_case"]["npv"]["risk_adjusted"]["old"]) else 0)
    # The other way round the NPV rises: never worse for money.
    code, back, _ = _diff(cli, new, RETAIL, "--fail-on", "worse")
    assert back["business_case"]["npv"]["risk_adjusted"]["change"] == pytest.approx(fall, abs=0.02)
    assert code == (1 if back["verdict"]["direction"] == "worse" else 0)


def test_a_verdict_drop_fails_with_fail_on_worse(cli: Runner, tmp_path: Path) -> None:
    def todo(data: dict[str, Any]) -> None:
        data["objectives"][0]["title"] = "TODO: say what this objective is"

    base = tmp_path / "go.yaml"
    go_plan = ROOT / "examples" / "global-tech-innovation.yaml"
    shutil.copy(go_plan, base)
    new = _edited(tmp_path, todo, source=go_plan)
    code, doc, err = _diff(cli, base, new, "--fail-on", "worse")
    assert any(f["code"] == "DA08" for f in doc["findings"]["added"])
    if doc["verdict"]["old"] == "go":
        assert doc["verdict"] == {"old": "go", "new": "pilot-first", "direction": "worse"}
        assert code == 1 and "verdict dropped" in err
    else:  # the example is not rated go: DA08 still cannot make it better
        assert doc["verdict"]["direction"] == "same"


@pytest.mark.parametrize("bad", ["old", "new"])
def test_an_invalid_plan_gives_located_problems_and_exit_1(cli: Runner, tmp_path: Path, bad: str) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("organisation:\n  name: Acme\n  headcount: lots\n", encoding="utf-8")
    old, new = (broken, RETAIL) if bad == "old" else (RETAIL, broken)
    done = cli("diff", str(old), str(new), "-n", "0")
    assert done.code == 1 and done.out == ""
    assert f"{broken}:3:" in done.err and "not a valid plan" in done.err


def test_a_missing_file_is_a_usage_error(cli: Runner, tmp_path: Path) -> None:
    done = cli("diff", str(tmp_path / "nowhere.yaml"), str(RETAIL))
    assert done.code == 2 and "no such file" in done.err


def test_text_and_markdown_say_the_same_changes(cli: Runner, tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        del data["finance"]["costs"][2]
        data["objectives"][0]["kpis"] = []

    new = _edited(tmp_path, edit)
    _, doc, _ = _diff(cli, RETAIL, new)
    text = cli("diff", str(RETAIL), str(new), "-n", DRAWS, "--as-of", AS_OF)
    markdown = cli("diff", str(RETAIL), str(new), "-n", DRAWS, "--as-of", AS_OF, "-f", "markdown")
    assert text.code == markdown.code == 0
    removed = doc["business_case"]["costs"][0]["name"]
    assert f"cost removed: {removed}" in text.out
    assert "| NPV risk-adjusted (GBP) |" in markdown.out
    assert "Implementation partner" in markdown.out
    for finding in doc["findings"]["added"]:
        assert f"+ {finding['code']} " in text.out
        assert f"- {finding['code']} " in markdown.out
    assert len(markdown.out) < 65_536  # a GitHub comment's limit
    again = cli("diff", str(RETAIL), str(new), "-n", DRAWS, "--as-of", AS_OF, "-f", "markdown")
    assert again.out == markdown.out  # same input, same bytes


def test_json_follows_the_committed_schema(cli: Runner, tmp_path: Path) -> None:
    new = _edited(tmp_path, lambda data: data["finance"]["costs"].pop())
    _, doc, _ = _diff(cli, RETAIL, new)
    schema = json.loads((ROOT / "schema" / "diff.schema.json").read_text(encoding="utf-8"))
    errors = list(Draft202012Validator(schema, format_checker=FormatChecker()).iter_errors(doc))
    assert errors == []


# --- git revisions ------------------------------------------------------------------------------

def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false",
                    *args], cwd=repo, check=True, capture_output=True, timeout=60)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path / "repo"
    (root / "plans").mkdir(parents=True)
    shutil.copy(RETAIL, root / "plans" / "retail.yaml")
    shutil.copytree(WEBINARS, root / "plans" / "webinars")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "plans")
    monkeypatch.chdir(root)
    return root


def test_a_file_at_a_revision_against_the_working_copy(cli: Runner, repo: Path) -> None:
    plan = repo / "plans" / "retail.yaml"
    data = yaml.safe_load(plan.read_text(encoding="utf-8"))
    removed = data["finance"]["costs"].pop(2)["name"]
    plan.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    code, doc, _ = _diff(cli, "main:plans/retail.yaml", "plans/retail.yaml")
    assert code == 0
    assert doc["old"]["source"] == "main:plans/retail.yaml"
    assert [(c["name"], c["change"]) for c in doc["business_case"]["costs"]] == [(removed, "removed")]
    # Against the same plan at the same revision: nothing changed.
    _git(repo, "commit", "-q", "-am", "no implementation partner")
    code, same, _ = _diff(cli, "HEAD:plans/retail.yaml", "plans/retail.yaml")
    assert code == 0 and same["business_case"]["costs"] == [] and same["findings"]["added"] == []
    code, back, err = _diff(cli, "HEAD~1:plans/retail.yaml", "HEAD:plans/retail.yaml")
    assert code == 0, err
    assert back["business_case"]["costs"] == doc["business_case"]["costs"]


def test_a_folder_plan_at_a_revision(cli: Runner, repo: Path) -> None:
    rollout = repo / "plans" / "webinars" / "rollout.yaml"
    data = yaml.safe_load(rollout.read_text(encoding="utf-8"))
    start = data["rollout"]["start"]
    data["rollout"]["start"] = start + dt.timedelta(days=35)
    rollout.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    code, doc, _ = _diff(cli, "main:plans/webinars", "plans/webinars")
    assert code == 0
    assert doc["schedule"]["start"]["old"] == start.isoformat()
    assert doc["schedule"]["finish_days"] > 0


def test_findings_of_a_revision_are_located_at_the_revision(cli: Runner, repo: Path) -> None:
    plan = repo / "plans" / "retail.yaml"
    data = yaml.safe_load(plan.read_text(encoding="utf-8"))
    data["objectives"][0]["kpis"] = []
    plan.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    _, doc, _ = _diff(cli, "plans/retail.yaml", "main:plans/retail.yaml")
    resolved = [f["location"] for f in doc["findings"]["resolved"]]
    assert resolved and all(loc.startswith("plans/retail.yaml:") for loc in resolved)
    added = [f["location"] for f in doc["findings"]["added"]]
    assert added and all(loc.startswith("main:plans/retail.yaml:") for loc in added)


def test_an_invalid_plan_at_a_revision_is_located_there(cli: Runner, repo: Path) -> None:
    plan = repo / "plans" / "retail.yaml"
    plan.write_text("organisation:\n  name: Acme\n  headcount: lots\n", encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "broken")
    done = cli("diff", "HEAD:plans/retail.yaml", "main~0:plans/webinars", "-n", "0")
    assert done.code == 1 and "HEAD:plans/retail.yaml:3:" in done.err
    assert "socialplan-diff-" not in done.err  # never the temporary folder


@pytest.mark.parametrize(("argument", "words"), [
    ("nosuchbranch:plans/retail.yaml", "no such revision"),
    ("main:plans/nothing.yaml", "does not exist at main"),
    ("--output=x:plans/retail.yaml", "not a revision"),
])
def test_a_bad_revision_is_a_usage_error(cli: Runner, repo: Path, argument: str, words: str) -> None:
    done = cli("diff", "-n", "0", "--", argument, "plans/retail.yaml")
    assert done.code == 2 and words in done.err and "Traceback" not in done.err


def test_a_revision_outside_a_repository_is_a_usage_error(cli: Runner, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    done = cli("diff", "main:plan.yaml", str(RETAIL), "-n", "0")
    assert done.code == 2 and "not inside a git repository" in done.err
