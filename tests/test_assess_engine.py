"""The engine: scores computed by hand from the documented formula,
verdicts at their thresholds, suppression, configuration, positions and
determinism."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from socialplan.assess.config import AssessConfig, fails
from socialplan.assess.engine import Assessment, assess_plan
from socialplan.assess.examples import plan_from_text
from socialplan.assess.registry import RULES
from socialplan.assess.scoring import verdict
from socialplan.reporters.machine import sarif_log
from socialplan.validation import ValidatedPlan

AS_OF = dt.date(2026, 1, 15)
EVERY_CODE = [r.code for r in RULES]

# Three objectives: 'a' is complete, 'b' lacks a KPI, 'c' lacks a KPI and a
# sponsor. One senior group; no use cases.
THREE_OBJECTIVES = """\
organisation: {name: Acme}
objectives:
  - id: a
    title: Objective A
    sponsor: board
    kpis: [{name: k, baseline: 1, target: 2, by: 2030-01-01}]
  - {id: b, title: Objective B, sponsor: board}
  - id: c
    title: Objective C
stakeholders:
  - {id: board, headcount: 10, senior: true, power: high}
"""


def plan(text: str) -> ValidatedPlan:
    validated, diagnostics = plan_from_text(text, "plan.yaml")
    assert validated is not None, [d.message for d in diagnostics]
    return validated


def only(*codes: str, **settings: Any) -> AssessConfig:
    """A configuration running only ``codes``."""
    return AssessConfig.model_validate({"disable": [c for c in EVERY_CODE if c not in codes], **settings})


def run(text: str, config: AssessConfig | None = None, as_of: dt.date = AS_OF) -> Assessment:
    return assess_plan(plan(text), config=config, as_of=as_of)


# --- scores ------------------------------------------------------------------------------


def test_group_scores_are_the_weighted_share_of_passing_checks() -> None:
    a = run(THREE_OBJECTIVES, only("OP03", "OP07", "UC01", "EM01"))
    # OP03 (weight 3): b and c have no KPI, 1 of 3 passes.
    # OP07 (weight 3): c has no sponsor, 2 of 3 pass.
    assert a.groups["opportunity"] == pytest.approx(round(100 * (3 * 1 / 3 + 3 * 2 / 3) / 6, 1))  # 50.0
    assert a.groups["use-cases"] == 0.0  # UC01: no use cases
    assert a.groups["embedding"] == 100.0  # EM01: a group exists
    assert a.groups["data"] == 100.0  # nothing checked
    assert a.score == pytest.approx(0.3 * 50 + 0.3 * 0 + 0.3 * 100 + 0.1 * 100)  # 55.0
    assert a.verdict == "not-ready"
    results = {r.code: (r.checked, r.failed) for r in a.rule_results}
    assert results == {"OP03": (3, 2), "OP07": (3, 1), "UC01": (1, 1), "EM01": (1, 0)}


def test_rule_weights_from_the_configuration() -> None:
    a = run(THREE_OBJECTIVES, only("OP03", "OP07", "UC01", "EM01", weights={"OP03": 1}))
    assert a.groups["opportunity"] == round(100 * (1 * 1 / 3 + 3 * 2 / 3) / 4, 1)  # 58.3


def test_group_weights_from_the_configuration() -> None:
    a = run(THREE_OBJECTIVES, only("OP03", "OP07", "UC01", "EM01", group_weights={"data": 0}))
    assert a.score == pytest.approx(round((0.3 * 50 + 0.3 * 0 + 0.3 * 100) / 0.9, 1))  # 50.0


def test_a_suppressed_failure_counts_as_passing_and_is_listed() -> None:
    text = THREE_OBJECTIVES.replace("    title: Objective C\n",
                                    "    title: Objective C\n    ignore: {OP07: sponsored from phase 2}\n")
    a = run(text, only("OP03", "OP07", "UC01", "EM01"))
    assert a.groups["opportunity"] == round(100 * (3 * 1 / 3 + 3 * 1) / 6, 1)  # 66.7
    suppressed = [f for f in a.findings if f.suppressed is not None]
    assert [(f.code, f.path, f.suppressed) for f in suppressed] == [("OP07", ("objectives", 2),
                                                                   "sponsored from phase 2")]
    assert all(f.code != "OP07" for f in a.active)
    # Only the one objective is exempt.
    assert {f.path for f in a.findings if f.code == "OP03"} == {("objectives", 1), ("objectives", 2)}


def test_suppression_by_rule_name_and_at_the_plan_level() -> None:
    text = THREE_OBJECTIVES + "ignore: {objective-without-kpi: KPIs come from the March workshop}\n"
    a = run(text, only("OP03", "OP07"))
    found = [f for f in a.findings if f.code == "OP03"]
    assert len(found) == 2
    assert all(f.suppressed == "KPIs come from the March workshop" for f in found)
    assert a.count("warning") == 1  # the OP07 on 'c' is still there


def test_an_unknown_suppression_code_is_a_finding_and_suppresses_nothing() -> None:
    text = THREE_OBJECTIVES.replace("    title: Objective C\n", "    title: Objective C\n    ignore: {OP7: later}\n")
    a = run(text, only("OP07", "DA07"))
    assert [f.code for f in a.active] == ["OP07", "DA07"]
    unknown = a.active[1]
    assert unknown.path == ("objectives", 2, "ignore", "OP7")
    assert unknown.hint is not None and "OP07" in unknown.hint



def test_an_entry_where_its_rule_never_reports_is_a_finding_and_suppresses_nothing() -> None:
    # EM06 is about the plan as a whole and UC07 about use cases: neither
    # reports on a stakeholder group or an objective, so these two entries
    # can never suppress anything.
    text = (THREE_OBJECTIVES
            .replace("power: high}", "power: high, ignore: {EM06: the vendor runs the tests}}")
            .replace("{id: b, title: Objective B, sponsor: board}",
                     "{id: b, title: Objective B, sponsor: board, ignore: {use-case-without-owner: later}}"))
    a = run(text, only("EM06", "DA07"))
    assert [(f.code, f.suppressed) for f in a.findings if f.code == "EM06"] == [("EM06", None)]
    misplaced = {f.path: f for f in a.findings if f.code == "DA07"}
    assert set(misplaced) == {("stakeholders", 0, "ignore", "EM06"),
                              ("objectives", 1, "ignore", "use-case-without-owner")}
    em06 = misplaced[("stakeholders", 0, "ignore", "EM06")]
    assert em06.location.line == 11  # the stakeholder line of THREE_OBJECTIVES
    assert "stakeholder group 'board'" in em06.message and "suppresses nothing" in em06.message
    assert em06.hint is not None and "top-level 'ignore:'" in em06.hint and "as a whole" in em06.hint
    uc07 = misplaced[("objectives", 1, "ignore", "use-case-without-owner")]
    assert "objective 'b'" in uc07.message and "UC07 never reports on objectives" in uc07.message
    assert uc07.hint is not None and "'ignore:' of the use case concerned" in uc07.hint
    # One check per entry, as for an unknown code: both entries fail.
    assert {r.code: (r.checked, r.failed) for r in a.rule_results}["DA07"] == (2, 2)


def test_the_same_entry_at_the_top_level_suppresses_and_is_no_finding() -> None:
    text = THREE_OBJECTIVES + "ignore: {EM06: the vendor runs the tests}\n"
    text = text.replace("    title: Objective C\n", "    title: Objective C\n    ignore: {OP07: phase 2}\n")
    a = run(text, only("EM06", "OP07", "DA07"))
    assert [(f.code, f.suppressed) for f in a.findings if f.code in ("EM06", "OP07")] == [
        ("OP07", "phase 2"), ("EM06", "the vendor runs the tests")]
    assert not [f for f in a.findings if f.code == "DA07"]
    assert {r.code: (r.checked, r.failed) for r in a.rule_results}["DA07"] == (2, 0)

# --- verdict ---------------------------------------------------------------------------------


def _groups(value: float, **low: float) -> dict[str, float]:
    return {"opportunity": value, "use-cases": value, "embedding": value, "data": value,
            **{k.replace("_", "-"): v for k, v in low.items()}}


@pytest.mark.parametrize(("overall", "groups", "expected"), [
    (80.0, _groups(80), "go"),
    (79.9, _groups(80), "pilot-first"),
    (85.0, _groups(90, embedding=59.9), "pilot-first"),
    (85.0, _groups(90, embedding=60), "go"),
    (60.0, _groups(60), "pilot-first"),
    (59.9, _groups(70), "not-ready"),
    (70.0, _groups(80, use_cases=39.9), "not-ready"),
    (70.0, _groups(80, use_cases=40), "pilot-first"),
])
def test_verdict_thresholds(overall: float, groups: dict[str, Any], expected: str) -> None:
    decision, reasons = verdict(overall, groups, [], AssessConfig())
    assert decision == expected
    assert reasons


def test_a_group_weighted_zero_does_not_block() -> None:
    config = AssessConfig.model_validate({"group_weights": {"data": 0}})
    assert verdict(85.0, _groups(90, data=10), [], config)[0] == "go"


def test_thresholds_are_configurable() -> None:
    config = AssessConfig.model_validate({"thresholds": {"go_score": 90, "not_ready_score": 50}})
    assert verdict(85.0, _groups(90), [], config)[0] == "pilot-first"
    assert verdict(55.0, _groups(90), [], config)[0] == "pilot-first"


def test_an_error_finding_blocks_and_is_a_reason() -> None:
    a = run(THREE_OBJECTIVES, only("OP03", "UC01", "EM01", severity={"OP03": "error"}))
    assert a.verdict == "not-ready"
    assert sum(r.startswith("OP03 ") for r in a.reasons) == 2
    assert any(r.startswith("UC01 ") for r in a.reasons)


# --- findings that block go ------------------------------------------------------------------

# One stakeholder group, not in usability tests. Running EM01 (weight 5,
# passes) and EM06 (weight 2, fails), embedding scores 100 x 5/7 = 71.4 and
# the other groups, with nothing checked, 100: overall 0.7 x 100 + 0.3 x 71.4
# = 91.4, which the thresholds alone would call go.
ONE_UNTESTED_GROUP = """\
organisation: {name: Acme}
stakeholders:
  - {id: staff, headcount: 80}
"""


def test_a_finding_that_blocks_go_keeps_a_high_score_at_pilot_first() -> None:
    a = run(ONE_UNTESTED_GROUP, only("EM01", "EM06"))
    assert (a.groups["embedding"], a.score) == (round(100 * 5 / 7, 1), round(70 + 0.3 * 100 * 5 / 7, 1))
    assert a.verdict == "pilot-first"
    [finding] = a.active
    assert finding.code == "EM06" and finding.blocks_go
    assert a.reasons == ["EM06 no stakeholder group takes part in usability tests (plan.yaml:3)"]
    assert a.go_blocking_rules == ["EM06"]


def test_which_rules_block_go_is_configurable() -> None:
    let_through = run(ONE_UNTESTED_GROUP, only("EM01", "EM06", blocks_go={"no-usability-testing": False}))
    assert let_through.verdict == "go" and let_through.score == 91.4
    assert not let_through.active[0].blocks_go and let_through.go_blocking_rules == []
    # EM12 (no ADKAR scores, an info) does not block by default; made to, it does.
    assert run(ONE_UNTESTED_GROUP, only("EM01", "EM12")).verdict == "go"
    held = run(ONE_UNTESTED_GROUP, only("EM01", "EM12", blocks_go={"EM12": True}))
    assert held.verdict == "pilot-first" and held.reasons[0].startswith("EM12 ")


def test_a_suppressed_blocker_does_not_block() -> None:
    text = ONE_UNTESTED_GROUP + "ignore: {EM06: 'the vendor runs usability tests, see the contract'}\n"
    a = run(text, only("EM01", "EM06"))
    assert a.verdict == "go" and a.score == 100.0
    assert [f.code for f in a.suppressed] == ["EM06"]


def test_a_blocker_made_an_error_is_one_reason_for_not_ready() -> None:
    a = run(ONE_UNTESTED_GROUP, only("EM01", "EM06", severity={"EM06": "error"}))
    assert a.verdict == "not-ready"
    assert [r.split(" ")[0] for r in a.reasons] == ["EM06"]


def test_the_verdict_lists_go_blockers_before_the_thresholds_missed() -> None:
    blocker = run(ONE_UNTESTED_GROUP, only("EM01", "EM06")).active[0]
    decision, reasons = verdict(75.0, _groups(90), [], AssessConfig(), [blocker])
    assert decision == "pilot-first"
    assert reasons[0].startswith("EM06 ") and reasons[1].startswith("overall score 75.0")
    assert verdict(95.0, _groups(90), [], AssessConfig(), [])[0] == "go"


def test_an_unresearched_frontline_no_usability_test_and_no_options_do_not_pass_as_go() -> None:
    # A complete example made lenient: a frontline of 15,000 people with no
    # research, no usability test anywhere, no options appraisal. The scores
    # still clear every threshold, so only the findings can hold it back.
    import yaml

    path = Path(__file__).resolve().parents[1] / "examples" / "consulting-mobile-workforce.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["options"]
    del data["organisation"]["branding"]
    for group in data["stakeholders"]:
        group.pop("usability_testing", None)
    for cost in data["finance"]["costs"]:
        cost.pop("options", None)
    data["stakeholders"].append({"id": "frontline", "headcount": 15000})
    text = yaml.safe_dump(data, sort_keys=False)

    lenient = run(text, as_of=dt.date(2026, 12, 1))
    assert lenient.verdict == "pilot-first"
    assert {r.split(" ")[0] for r in lenient.reasons} == {"OP11", "EM06", "EM04"}
    assert any("'frontline' (15,000 people)" in r for r in lenient.reasons)
    scores_alone = run(text, AssessConfig.model_validate({"blocks_go": {"OP11": False, "EM06": False,
                                                                        "EM04": False}}),
                       as_of=dt.date(2026, 12, 1))
    assert scores_alone.verdict == "go" and scores_alone.score == lenient.score >= 90


def test_disabled_rules_do_not_run() -> None:
    a = run(THREE_OBJECTIVES, AssessConfig.model_validate({"disable": ["OP03", "no-use-cases"]}))
    ran = {r.code for r in a.rule_results}
    assert "OP03" not in ran and "UC01" not in ran
    assert not [f for f in a.findings if f.code in ("OP03", "UC01")]


def test_fail_under_and_fail_on() -> None:
    assert fails(59.9, [], fail_under=60, fail_on=None)
    assert not fails(60.0, [], fail_under=60, fail_on=None)
    assert fails(90, ["warning"], fail_under=None, fail_on="warning")
    assert fails(90, ["error"], fail_under=None, fail_on="warning")
    assert not fails(90, ["info", "warning"], fail_under=None, fail_on="error")
    assert not fails(90, ["info"], fail_under=None, fail_on=None)


# --- dates, positions, determinism ---------------------------------------------------------


@pytest.mark.parametrize(("as_of", "past"), [
    (dt.date(2029, 12, 31), False), (dt.date(2030, 1, 1), False), (dt.date(2030, 1, 2), True)])
def test_kpi_dates_are_judged_as_of_the_given_day(as_of: dt.date, past: bool) -> None:
    a = run(THREE_OBJECTIVES, only("OP06"), as_of=as_of)
    assert bool(a.findings) is past


def test_findings_point_at_the_line_and_column_of_the_value() -> None:
    text = THREE_OBJECTIVES.replace("kpis: [{name: k, baseline: 1, target: 2, by: 2030-01-01}]",
                                    "kpis: [{name: k, baseline: 5, target: 2, by: 2030-01-01}]")
    a = run(text, only("OP05"))
    [finding] = a.findings
    lines = text.splitlines()
    line = next(i for i, content in enumerate(lines, start=1) if "target: 2" in content)
    column = lines[line - 1].index("2, by") + 1
    assert (finding.location.file, finding.location.line, finding.location.column) == ("plan.yaml", line, column)
    assert finding.plan_path == "objectives[0].kpis[0].target"


def test_findings_become_diagnostics_for_the_machine_formats() -> None:
    a = run(THREE_OBJECTIVES, only("OP03"))
    diagnostics = [f.to_diagnostic() for f in a.findings]
    assert [(d.code, d.severity, d.location.line) for d in diagnostics] == \
        [(f.code, f.severity, f.location.line) for f in a.findings]
    log = json.loads(sarif_log(diagnostics, {"OP03": "An objective has no KPI to measure it by."}))
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["OP03", "OP03"]


def test_same_plan_same_assessment() -> None:
    first, second = run(THREE_OBJECTIVES), run(THREE_OBJECTIVES)
    assert first == second
    assert [f.sort_key() for f in first.findings] == sorted(f.sort_key() for f in first.findings)


def test_an_empty_plan_scores_zero_where_nothing_exists() -> None:
    a = run("organisation: {name: Acme}\n")
    assert a.groups["opportunity"] < 10 and a.groups["use-cases"] == 0.0 and a.groups["embedding"] == 0.0
    assert a.verdict == "not-ready"
    assert {"OP01", "UC01", "EM01", "OP09"} <= {f.code for f in a.active if f.severity == "error"}


def test_large_figures_in_messages_are_grouped() -> None:
    # 10,000,000 people (the most a group may have) at one champion per 100 need 100,000 champions.
    a = run("organisation: {name: Acme}\nstakeholders:\n  - {id: everyone, headcount: 10000000, champions: 1}\n",
            only("EM09"))
    [finding] = a.findings
    assert finding.message == ("group 'everyone' has 1 champion for 10,000,000 people; "
                               "it needs at least 100,000 (1 per 100)")
    assert finding.hint == "recruit 99,999 more champions in the group"


def test_the_overall_score_is_the_exactly_rounded_weighted_mean() -> None:
    """The weighted mean in exact rational arithmetic, rounded once to a
    float: the same on every Python (the built-in sum of floats changed in
    3.12), so a score on a rounding edge prints the same everywhere."""
    from fractions import Fraction

    from socialplan.assess.scoring import overall_score

    groups = {"opportunity": 100.0, "use-cases": 100.0, "embedding": 97.5, "data": 100.0}
    weights = {"opportunity": 0.3, "use-cases": 0.3, "embedding": 0.3, "data": 0.1}
    exact = sum(Fraction(groups[g]) * Fraction(weights[g]) for g in groups) / sum(Fraction(w) for w in
                                                                                   weights.values())
    assert overall_score(groups, weights) == float(exact)  # type: ignore[arg-type]
